from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "fazhi.corrections"
    label = "corrections"
    verbose_name = "社区矫正"

    def ready(self):
        from fazhi.core import case_documents, duplicates
        from fazhi.core.registers import add

        from . import documents, indicators
        from .columns import ACTIVITY_REGISTER, SUBJECT_REGISTER

        add(SUBJECT_REGISTER)
        add(ACTIVITY_REGISTER)
        indicators.register()
        case_documents.declare(documents.CASE_FILE)
        # Refused registrations are written once the refused transaction is over: after the
        # request (API, upload page), and after the worker records an import job's outcome.
        duplicates.connect()
