from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self):
        from fazhi.core.registers import add

        from . import documents, indicators
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        documents.declare()
