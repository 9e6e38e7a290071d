from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        # signals: the login/logout audit receivers
        from . import audit, document_actions, holidays, models, signals, workdays  # noqa: F401

        document_actions.register_rules()
        # Every audit entry is stamped and sealed as it is written, by the chain built on the
        # models (models.py imports nothing above it).
        models.use_audit_chain(
            models.AuditChain(protect=audit.protect, schedule_seal=audit.schedule_seal)
        )
        # Deadlines are computed on the calendar the bureau keeps in the database.
        workdays.use_calendar(holidays.current)
        post_migrate.connect(holidays.seed_package_years, sender=self)
