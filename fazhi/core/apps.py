from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        # signals: the login/logout audit receivers
        from . import holidays, signals, workdays  # noqa: F401

        # Deadlines are computed on the calendar the bureau keeps in the database.
        workdays.use_calendar(holidays.current)
