from django.apps import AppConfig


class ProfessionOversightConfig(AppConfig):
    name = "fazhi.profession_oversight"
    label = "profession_oversight"
    verbose_name = "法律服务监督"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators, permissions
        from .columns import CHECK_REGISTER, COMPLAINT_REGISTER

        add(COMPLAINT_REGISTER)
        add(CHECK_REGISTER)
        indicators.register()
        permissions.register()
