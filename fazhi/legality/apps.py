from django.apps import AppConfig


class LegalityConfig(AppConfig):
    name = "fazhi.legality"
    label = "legality"
    verbose_name = "合法性审查与备案"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators
        from .columns import NORMATIVE_REGISTER, REVIEW_REGISTER

        add(REVIEW_REGISTER)
        add(NORMATIVE_REGISTER)
        indicators.register()
