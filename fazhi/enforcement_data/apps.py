from django.apps import AppConfig


class EnforcementDataConfig(AppConfig):
    name = "fazhi.enforcement_data"
    label = "enforcement_data"
    verbose_name = "执法数据年报"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        measures.declare()
