from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "fazhi.corrections"
    label = "corrections"
    verbose_name = "社区矫正"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save

        from fazhi.core.registers import add

        from . import attempts, indicators
        from .columns import ACTIVITY_REGISTER, SUBJECT_REGISTER

        add(SUBJECT_REGISTER)
        add(ACTIVITY_REGISTER)
        indicators.register()
        # Refused registrations are written once the refused transaction is over: after the
        # request (API, upload page), and after the worker records an import job's outcome.
        request_started.connect(attempts.discard_stale, dispatch_uid="corrections_discard")
        request_finished.connect(attempts.flush_after_request, dispatch_uid="corrections_flush")
        post_save.connect(
            attempts.flush_after_job, sender="imports.ImportJob", dispatch_uid="corrections_job"
        )
