from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_package_years(sender, **kwargs):
    """After every migrate: store the years a newer chinesecalendar package knows that the
    table lacks (a year entered by hand is never overwritten), and have the worker recompute
    the deadlines that fell in them, which were provisional until now."""
    from .holidays import seed_from_package
    from .models import DeadlineRecompute, HolidayDay, HolidayYear

    before = set(HolidayYear.objects.values_list("year", flat=True))
    # On a new database the migration seeded the years already; nothing was stored before.
    if seed_from_package(HolidayYear, HolidayDay) and before:
        added = set(HolidayYear.objects.values_list("year", flat=True)) - before
        DeadlineRecompute.objects.bulk_create([DeadlineRecompute(year=y) for y in sorted(added)])


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        # signals: the login/logout audit receivers
        from . import holidays, signals, workdays  # noqa: F401

        # Deadlines are computed on the calendar the bureau keeps in the database.
        workdays.use_calendar(holidays.current)
        post_migrate.connect(_seed_package_years, sender=self)
