from django.apps import AppConfig


class ProfessionConfig(AppConfig):
    name = "fazhi.profession"
    label = "profession"
    verbose_name = "法律服务队伍"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators
        from .columns import ASSESSMENT_REGISTER, ORG_REGISTER, PRACTITIONER_REGISTER

        add(ORG_REGISTER)
        add(PRACTITIONER_REGISTER)
        add(ASSESSMENT_REGISTER)
        indicators.register()
