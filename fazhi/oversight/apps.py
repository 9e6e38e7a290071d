from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "法治督察"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, measures, permissions
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        measures.declare()
        permissions.register()
