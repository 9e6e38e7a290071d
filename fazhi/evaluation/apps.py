from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "fazhi.evaluation"
    label = "evaluation"
    verbose_name = "评议考核"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, permissions
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        permissions.register()
