from django.apps import AppConfig


class LegalAidConfig(AppConfig):
    name = "fazhi.legalaid"
    label = "legalaid"
    verbose_name = "公共法律服务"

    def ready(self):
        from fazhi.core import case_documents
        from fazhi.core.registers import add

        from . import documents, indicators
        from .columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER

        add(LEGAL_AID_REGISTER)
        add(CONSULTATION_REGISTER)
        add(NOTARIZATION_REGISTER)
        indicators.register()
        case_documents.declare(documents.LEGAL_AID_FILE)
        case_documents.declare(documents.NOTARIZATION_FILE)
