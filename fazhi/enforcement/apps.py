from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法监督"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures, permissions
        from .columns import LAW_REPORT_REGISTER, REVIEW_REGISTER

        add(REVIEW_REGISTER)
        add(LAW_REPORT_REGISTER)
        indicators.register()
        permissions.register()
        measures.declare()
