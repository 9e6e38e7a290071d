"""The holiday calendar the bureau keeps (HolidayYear, HolidayDay), and its installation as
the calendar fazhi.core.workdays computes every deadline on.

The rules stay pure functions of a case's facts: they ask workdays, and workdays asks the
provider installed here (core's AppConfig.ready) for the calendar. The calendar is read from
the database once and kept; a process re-reads it when it changed the calendar itself, and
every RELOAD_SECONDS otherwise, so the site's other processes and the worker follow an entered
year within a minute without a query on every request.
"""

import time

from . import workdays

# How long a process trusts the calendar it read before it looks again.
RELOAD_SECONDS = 60.0

_loaded: tuple[workdays.Calendar, float] | None = None


def load() -> workdays.Calendar:
    """The calendar as stored: every year in HolidayYear (seeded from the package, or entered)
    with its days. Two queries."""
    from .models import HolidayDay, HolidayYear

    years = {
        year: ({}, {}, source) for year, source in HolidayYear.objects.values_list("year", "source")
    }
    for year, day, arrangement, name in HolidayDay.objects.values_list(
        "year__year", "date", "arrangement", "name"
    ):
        rest, work, _ = years[year]
        (work if arrangement == workdays.WORK else rest)[day] = name
    return workdays.Calendar(
        {
            year: workdays.YearCalendar(year, rest, work, source=source)
            for year, (rest, work, source) in years.items()
        }
    )


def current() -> workdays.Calendar:
    """The calendar in use in this process (the provider workdays asks)."""
    global _loaded
    now = time.monotonic()
    if _loaded is None or now - _loaded[1] > RELOAD_SECONDS:
        _loaded = (load(), now)
    return _loaded[0]


def forget() -> None:
    """Read the calendar again on next use: after this process changed it, and between tests."""
    global _loaded
    _loaded = None


def seed_from_package(year_model, day_model) -> int:
    """Store the chinesecalendar package's years that the table does not hold yet (a year
    entered by hand is never overwritten). Takes the models so that a migration can pass its
    historical ones. Returns how many years were added."""
    stored = set(year_model.objects.values_list("year", flat=True))
    package = workdays.package_calendar().years
    added = 0
    for year in sorted(set(package) - stored):
        arrangement = package[year]
        holder = year_model.objects.create(year=year, source="package")
        day_model.objects.bulk_create(
            [
                day_model(year=holder, date=day, arrangement=kind, name=name)
                for kind, days in (
                    (workdays.REST, arrangement.rest),
                    (workdays.WORK, arrangement.work),
                )
                for day, name in days.items()
            ]
        )
        added += 1
    return added
