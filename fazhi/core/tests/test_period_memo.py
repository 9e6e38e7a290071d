"""A period's end is counted once per calendar (issue 18, point 3): an import derives the same
deadline from the same dates thousands of times. A changed calendar is a new object, so a
remembered end never outlives the holidays it was counted on."""

from datetime import date

from fazhi.core import workdays


def _calendar(rest_days=()):
    year = workdays.YearCalendar(2026, {d: "假" for d in rest_days}, {}, source="test")
    return workdays.Calendar({2026: year})


def test_an_end_is_counted_once_and_a_new_calendar_counts_again(monkeypatch):
    plain = _calendar()
    monkeypatch.setattr(workdays, "_provider", lambda: plain)
    counted = []
    real = workdays._nth_working_day
    monkeypatch.setattr(
        workdays, "_nth_working_day", lambda start, n: counted.append(n) or real(start, n)
    )
    start = date(2026, 3, 2)  # a Monday
    assert workdays.add_working_days(start, 5) == date(2026, 3, 9)
    assert workdays.add_working_days(start, 5) == date(2026, 3, 9)
    assert counted == [5]
    # The bureau enters a rest day: the calendar in use is another object, counted anew.
    holiday = _calendar([date(2026, 3, 4)])
    monkeypatch.setattr(workdays, "_provider", lambda: holiday)
    assert workdays.add_working_days(start, 5) == date(2026, 3, 10)
    assert counted == [5, 5]


def test_each_kind_of_period_is_kept_apart(monkeypatch):
    plain = _calendar()
    monkeypatch.setattr(workdays, "_provider", lambda: plain)
    start = date(2026, 1, 30)
    assert workdays.add_calendar_days(start, 3) == date(2026, 2, 2)
    assert workdays.add_months(start, 1) == date(2026, 3, 2)  # 28 Feb is a Saturday
    assert workdays.add_working_days(start, 1) == date(2026, 2, 2)
    assert workdays.add_calendar_days(start, 3) == date(2026, 2, 2)
