from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "fazhi.resettlement"
    label = "resettlement"
    verbose_name = "安置帮教"

    def ready(self):
        from fazhi.core import duplicates
        from fazhi.core.registers import add

        from . import indicators
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        # Refused registrations are written once the refused transaction is over (API,
        # upload page, worker): core.duplicates.
        duplicates.connect()
