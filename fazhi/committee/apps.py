from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "fazhi.committee"
    label = "committee"
    verbose_name = "依法治县"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures, permissions
        from .columns import MEETING_REGISTER, TASK_REGISTER

        add(MEETING_REGISTER)
        add(TASK_REGISTER)
        indicators.register()
        measures.declare()
        permissions.register()
