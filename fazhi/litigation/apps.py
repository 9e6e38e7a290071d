from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        measures.declare()
