from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_package_years(sender, **kwargs):
    """After every migrate: store the years a newer chinesecalendar package knows that the
    table lacks (a year entered by hand is never overwritten), and have the worker recompute
    the deadlines that fell in them, which were provisional until now. And when records were
    stored before every running deadline was (an upgrade), recompute them all once."""
    from .holidays import ALL_YEARS, seed_from_package, watched_registers
    from .models import DeadlineRecompute, HolidayDay, HolidayYear, RecomputeStatus

    before = set(HolidayYear.objects.values_list("year", flat=True))
    # On a new database the migration seeded the years already; nothing was stored before.
    if seed_from_package(HolidayYear, HolidayDay) and before:
        added = set(HolidayYear.objects.values_list("year", flat=True)) - before
        DeadlineRecompute.objects.bulk_create([DeadlineRecompute(year=y) for y in sorted(added)])
    unfinished = DeadlineRecompute.objects.filter(
        year=ALL_YEARS, status__in=[RecomputeStatus.QUEUED, RecomputeStatus.RUNNING]
    )
    # An open record always runs against something now; one that runs against nothing stored
    # was saved by an earlier version (or its deadline was 待定 then).
    stale = any(
        register.model.objects.exclude(due_label="").filter(running_deadlines=[]).exists()
        for register in watched_registers()
    )
    if stale and not unfinished.exists():
        DeadlineRecompute.objects.create(year=ALL_YEARS)


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
