from django.apps import AppConfig


class CounselConfig(AppConfig):
    name = "fazhi.counsel"
    label = "counsel"
    verbose_name = "法律顾问"

    def ready(self):
        from fazhi.core.registers import add

        from . import indicators
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
