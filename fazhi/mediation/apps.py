from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = "人民调解"

    def ready(self):
        from fazhi.core import case_documents
        from fazhi.core.registers import add

        from . import documents, indicators, permissions
        from .columns import REGISTER

        add(REGISTER)
        indicators.register()
        permissions.register()
        case_documents.declare(documents.CASE_FILE)
