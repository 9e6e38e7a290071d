from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "法治政府建设年度报告"

    def ready(self):
        from fazhi.core.models import AUDIT_VALUE_LABELS

        from . import permissions
        from .parts import PROSE_BLOCKS

        permissions.register()
        # The audit log names a written block as the page does, not by its key.
        AUDIT_VALUE_LABELS["block"] = {block.key: block.label for block in PROSE_BLOCKS}
