"""The stored calendar is seeded from the chinesecalendar package, and a newer package's years
are added after a migrate without touching a year entered by hand."""

import datetime

import pytest

from fazhi.core import holidays, workdays
from fazhi.core.holidays import seed_package_years
from fazhi.core.models import CalendarSource, DeadlineRecompute, HolidayDay, HolidayYear

pytestmark = pytest.mark.django_db


def test_the_migration_stored_every_package_year():
    assert list(HolidayYear.objects.values_list("year", flat=True)) == list(workdays.PACKAGE_YEARS)
    new_year = HolidayDay.objects.get(date=datetime.date(2026, 1, 1))
    assert (new_year.arrangement, new_year.name) == ("rest", "元旦")
    assert HolidayDay.objects.get(date=datetime.date(2026, 1, 4)).arrangement == "work"


def test_the_stored_calendar_is_the_one_deadlines_use():
    HolidayDay.objects.filter(date=datetime.date(2026, 1, 4)).delete()  # a 调休 Sunday
    holidays.forget()
    assert workdays.is_working_day(datetime.date(2026, 1, 4)) is False


def test_a_newer_package_year_is_added_after_migrate_and_recomputed():
    HolidayYear.objects.filter(year=2026).delete()  # as if the package had just learnt 2026
    seed_package_years(sender=None)
    assert HolidayYear.objects.get(year=2026).days.count() > 20
    assert list(DeadlineRecompute.objects.values_list("year", flat=True)) == [2026]


def test_a_year_entered_by_hand_is_never_overwritten_by_the_package():
    entered = HolidayYear.objects.get(year=2025)
    entered.source = CalendarSource.ENTERED
    entered.save()
    entered.days.all().delete()
    seed_package_years(sender=None)
    assert HolidayYear.objects.get(year=2025).days.count() == 0
    assert not DeadlineRecompute.objects.exists()
