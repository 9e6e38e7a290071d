"""Working-day calendar: statutory deadlines on the State Council holiday calendar.

Expected dates are worked out by hand from the State Council notices (国务院办公厅关于2024年/2025年
部分节假日安排的通知) and checked against chinese_calendar.
"""

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from fazhi.core.workdays import (
    PACKAGE_YEARS,
    Calendar,
    CalendarYearUnknown,
    Deadline,
    YearCalendar,
    add_calendar_days,
    add_months,
    add_working_days,
    is_working_day,
    package_calendar,
    statutory_year,
    working_days_between,
)

D = date.fromisoformat


# --- Which days are working days -------------------------------------------------------------

HOLIDAY_CALENDARS = {
    # 2024 春节: 2月10日至17日放假调休，2月4日（星期日）、2月18日（星期日）上班.
    # 除夕 2月9日 is a working day; staff were only "encouraged" to take it off.
    "2024 Spring Festival": {
        "rest": ["2024-02-03", *[f"2024-02-{d}" for d in range(10, 18)]],
        "work": ["2024-02-02", "2024-02-04", "2024-02-09", "2024-02-18", "2024-02-19"],
    },
    # 2025 春节: 1月28日至2月4日放假调休，1月26日（星期日）、2月8日（星期六）上班.
    "2025 Spring Festival": {
        "rest": ["2025-01-25", "2025-01-28", "2025-01-31", "2025-02-03", "2025-02-04"],
        "work": ["2025-01-26", "2025-01-27", "2025-02-05", "2025-02-08"],
    },
    # 2024 国庆节: 10月1日至7日放假调休，9月29日（星期日）、10月12日（星期六）上班.
    "2024 National Day": {
        "rest": ["2024-09-28", *[f"2024-10-0{d}" for d in range(1, 8)], "2024-10-13"],
        "work": ["2024-09-29", "2024-09-30", "2024-10-08", "2024-10-12"],
    },
    # 2025 国庆节、中秋节: 10月1日至8日放假调休，9月28日（星期日）、10月11日（星期六）上班.
    "2025 National Day": {
        "rest": ["2025-09-27", *[f"2025-10-0{d}" for d in range(1, 9)], "2025-10-12"],
        "work": ["2025-09-28", "2025-09-30", "2025-10-09", "2025-10-11"],
    },
}


@pytest.mark.parametrize("season", HOLIDAY_CALENDARS)
def test_holidays_and_their_ordinary_weekends_are_rest_days(season):
    for day in HOLIDAY_CALENDARS[season]["rest"]:
        assert is_working_day(D(day)) is False, day


@pytest.mark.parametrize("season", HOLIDAY_CALENDARS)
def test_tiaoxiu_weekend_days_and_days_around_the_holiday_are_working_days(season):
    for day in HOLIDAY_CALENDARS[season]["work"]:
        assert is_working_day(D(day)) is True, day


def test_ordinary_weekdays_and_weekends():
    assert is_working_day(D("2024-03-15")) is True  # Friday
    assert is_working_day(D("2024-03-16")) is False  # Saturday
    assert is_working_day(D("2024-03-17")) is False  # Sunday


def test_the_package_years_come_from_its_data():
    assert PACKAGE_YEARS.start == 2004
    assert 2024 in PACKAGE_YEARS
    assert 2025 in PACKAGE_YEARS
    assert PACKAGE_YEARS.step == 1


# --- Periods counted in working days ---------------------------------------------------------


def test_five_working_days_across_2024_national_day():
    # 09-29 (Sun, 调休) 1, 09-30 2, [10-01..10-07 holiday], 10-08 3, 10-09 4, 10-10 5.
    assert add_working_days(D("2024-09-27"), 5) == D("2024-10-10")


def test_five_working_days_across_2024_spring_festival_ends_on_a_tiaoxiu_sunday():
    # 02-06 1, 02-07 2, 02-08 3, 02-09 (除夕, worked) 4, [02-10..02-17 holiday], 02-18 (Sun) 5.
    assert add_working_days(D("2024-02-05"), 5) == D("2024-02-18")


def test_working_days_across_2025_spring_festival():
    # 01-25 is an ordinary Saturday, 01-26 a 调休 Sunday.
    assert add_working_days(D("2025-01-24"), 1) == D("2025-01-26")
    assert add_working_days(D("2025-01-24"), 2) == D("2025-01-27")
    assert add_working_days(D("2025-01-24"), 3) == D("2025-02-05")
    # 02-08 is a 调休 Saturday.
    assert add_working_days(D("2025-02-07"), 1) == D("2025-02-08")


def test_working_days_across_2025_national_day():
    start = D("2025-09-26")  # Friday; 09-27 is an ordinary Saturday
    expected = [
        "2025-09-28",  # 调休 Sunday
        "2025-09-29",
        "2025-09-30",
        "2025-10-09",  # first day after 10-01..10-08
        "2025-10-10",
        "2025-10-11",  # 调休 Saturday
        "2025-10-13",  # 10-12 is an ordinary Sunday
    ]
    assert [add_working_days(start, n) for n in range(1, 8)] == [D(d) for d in expected]


def test_the_start_day_is_never_counted():
    # A holiday start day, and a working start day: neither counts as the first day.
    assert add_working_days(D("2024-10-03"), 1) == D("2024-10-08")
    assert add_working_days(D("2024-10-08"), 1) == D("2024-10-09")


@pytest.mark.parametrize("n", [0, -1])
def test_a_working_day_period_needs_at_least_one_day(n):
    with pytest.raises(ValueError, match="至少为 1"):
        add_working_days(D("2024-03-01"), n)


def test_a_working_day_period_rejects_non_integers():
    with pytest.raises(TypeError, match="整数"):
        add_working_days(D("2024-03-01"), 1.5)
    with pytest.raises(TypeError, match="整数"):
        add_working_days(D("2024-03-01"), True)


def test_working_days_between_counts_days_after_start_up_to_end():
    assert working_days_between(D("2024-09-27"), D("2024-10-10")) == 5
    assert working_days_between(D("2025-09-26"), D("2025-10-13")) == 7
    assert working_days_between(D("2024-10-01"), D("2024-10-07")) == 0


def test_working_days_between_is_zero_when_end_is_not_after_start():
    assert working_days_between(D("2024-10-10"), D("2024-10-10")) == 0
    assert working_days_between(D("2024-10-10"), D("2024-09-27")) == 0


def test_working_days_between_undoes_add_working_days_for_every_start_in_2024():
    day = D("2024-01-01")
    while day.year == 2024:
        for n in (1, 5, 20):
            end = add_working_days(day, n)
            assert is_working_day(end)
            assert working_days_between(day, end) == n
            assert working_days_between(day, end - timedelta(days=1)) == n - 1
        day += timedelta(days=1)


# --- Periods counted in calendar days (民事诉讼法第八十五条) ---------------------------------


def test_calendar_day_period_ending_on_a_working_day_does_not_move():
    assert add_calendar_days(D("2024-03-04"), 1) == D("2024-03-05")
    assert add_calendar_days(D("2024-03-01"), 10) == D("2024-03-11")
    # The start day may itself be a holiday: it is not counted either way.
    assert add_calendar_days(D("2024-10-01"), 10) == D("2024-10-11")


def test_calendar_day_period_ending_in_a_holiday_moves_to_the_first_working_day_after_it():
    # 09-16 + 15 = 10-01 (国庆节); the holiday runs to 10-07.
    assert add_calendar_days(D("2024-09-16"), 15) == D("2024-10-08")
    # 2025-09-21 + 10 = 10-01; the holiday runs to 10-08.
    assert add_calendar_days(D("2025-09-21"), 10) == D("2025-10-09")


def test_calendar_day_period_ending_in_a_holiday_may_move_to_a_tiaoxiu_sunday():
    # 02-01 + 15 = 02-16 (春节); 02-17 is still a holiday, 02-18 a 调休 Sunday.
    assert add_calendar_days(D("2024-02-01"), 15) == D("2024-02-18")


def test_calendar_day_period_ending_on_an_ordinary_weekend_moves_to_monday():
    # 03-01 + 15 = 03-16, a Saturday.
    assert add_calendar_days(D("2024-03-01"), 15) == D("2024-03-18")
    # 03-02 + 15 = 03-17, a Sunday.
    assert add_calendar_days(D("2024-03-02"), 15) == D("2024-03-18")


def test_calendar_day_period_ending_on_a_weekend_before_a_tiaoxiu_sunday_stops_there():
    # 09-13 + 15 = 09-28, an ordinary Saturday; 09-29 is a 调休 Sunday.
    assert add_calendar_days(D("2024-09-13"), 15) == D("2024-09-29")


def test_calendar_day_period_ending_on_a_tiaoxiu_saturday_does_not_move():
    # 09-27 + 15 = 10-12 and 2025-01-24 + 15 = 02-08, both 调休 Saturdays.
    assert add_calendar_days(D("2024-09-27"), 15) == D("2024-10-12")
    assert add_calendar_days(D("2025-01-24"), 15) == D("2025-02-08")


def test_a_calendar_day_period_needs_at_least_one_day():
    with pytest.raises(ValueError, match="至少为 1"):
        add_calendar_days(D("2024-03-01"), 0)


# --- Periods counted in months ---------------------------------------------------------------


def test_month_period_keeps_the_day_of_month():
    assert add_months(D("2024-03-31"), 6) == D("2024-09-30")  # Monday
    assert add_months(D("2024-03-15"), 1) == D("2024-04-15")  # Monday


def test_month_period_is_clamped_to_the_last_day_of_a_shorter_month():
    assert add_months(D("2024-01-31"), 1) == D("2024-02-29")  # leap year, Thursday
    assert add_months(D("2023-01-31"), 1) == D("2023-02-28")  # Tuesday
    assert add_months(D("2023-12-31"), 2) == D("2024-02-29")


def test_month_period_clamped_onto_a_weekend_then_moves():
    # 05-31 + 1 month -> 06-30, a Sunday -> Monday 07-01.
    assert add_months(D("2024-05-31"), 1) == D("2024-07-01")


def test_month_period_ending_on_a_rest_day_moves_to_the_next_working_day():
    # 六个月 from 04-01 ends on 10-01 (国庆节) -> 10-08.
    assert add_months(D("2024-04-01"), 6) == D("2024-10-08")
    # Across a year end: 2025-02-15 is an ordinary Saturday -> Monday 02-17.
    assert add_months(D("2024-08-15"), 6) == D("2025-02-17")
    # 2025-01-29 is 春节 (01-28..02-04) -> 02-05.
    assert add_months(D("2024-07-29"), 6) == D("2025-02-05")


def test_month_period_ending_on_a_tiaoxiu_saturday_does_not_move():
    assert add_months(D("2024-10-11"), 12) == D("2025-10-11")


def test_a_month_period_needs_at_least_one_month():
    with pytest.raises(ValueError, match="至少为 1"):
        add_months(D("2024-03-01"), 0)


# --- Years nobody has entered: provisional, from the statutory holidays ----------------------

FIRST_UNENTERED_YEAR = PACKAGE_YEARS.stop
LAST_ENTERED_YEAR = PACKAGE_YEARS.stop - 1
YEAR_BEFORE_CALENDAR = PACKAGE_YEARS.start - 1


def test_the_statutory_holidays_of_2027():
    # 国务院令第795号: 元旦 1, 春节 除夕–初三 (2027-02-05..08), 清明 (04-05), 劳动节 2,
    # 端午 (06-09), 中秋 (09-15), 国庆 3; a holiday on a weekend is made up on the next
    # working day (第六条), and there is no 调休.
    rest = statutory_year(2027).rest
    assert sorted(rest) == [
        D(day)
        for day in (
            "2027-01-01",
            "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
            "2027-02-09", "2027-02-10",  # 02-06 Saturday and 02-07 Sunday made up
            "2027-04-05",
            "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",  # Sat, Sun made up
            "2027-06-09",
            "2027-09-15",
            "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05",
        )
    ]  # fmt: skip
    assert statutory_year(2027).work == {}
    assert rest[D("2027-02-09")] == "春节（补假）"


def test_the_statutory_holidays_agree_with_the_2025_and_2026_notices_on_the_holidays_themselves():
    # The notices add 调休 and bridge days, but every statutory holiday is a day off in them.
    for year in (2025, 2026):
        for day, name in statutory_year(year).rest.items():
            if "补假" not in name:
                assert not package_calendar().is_working_day(day), (day, name)


def test_a_year_after_the_entered_ones_is_provisional():
    day = D("2027-01-25")
    assert is_working_day(day) is True
    assert is_working_day(D("2027-02-08")) is False  # 正月初三
    assert package_calendar().is_provisional(day)
    assert not package_calendar().is_provisional(D("2026-12-31"))


def test_year_end_crossing_without_an_entered_year():
    # 2026-12-24 + 10 working days: 12-25, 28, 29, 30, 31, then 2027: 01-04 .. 01-08 (01-01
    # 元旦 Friday), so the 10th is 01-08, provisional.
    assert add_working_days(D("2026-12-24"), 10) == D("2027-01-08")
    assert add_calendar_days(D("2026-12-20"), 15) == D("2027-01-04")  # 01-04 is a Monday
    assert add_months(D("2026-12-01"), 1) == D("2027-01-04")  # 01-01 Fri holiday, then weekend


def test_year_end_crossing_with_an_entered_year_and_a_tiaoxiu_saturday():
    # A 2027 entered from a notice: 01-01..01-03 off, Saturday 01-09 a working day (调休).
    entered = YearCalendar(
        2027,
        {D("2027-01-01"): "元旦", D("2027-01-02"): "元旦", D("2027-01-03"): "元旦"},
        {D("2027-01-09"): "元旦"},
    )
    calendar = Calendar({**package_calendar().years, 2027: entered})
    assert calendar.is_working_day(D("2027-01-09")) is True
    assert not calendar.is_provisional(D("2027-01-09"))
    assert calendar.is_provisional(D("2028-01-03"))


def test_a_year_before_the_calendar_cannot_be_computed():
    with pytest.raises(CalendarYearUnknown, match="不在法定节假日日历可计算的范围内"):
        is_working_day(date(YEAR_BEFORE_CALENDAR, 12, 31))
    with pytest.raises(CalendarYearUnknown):
        add_working_days(date(YEAR_BEFORE_CALENDAR, 6, 1), 1)
    assert issubclass(CalendarYearUnknown, ValueError)


def test_a_start_day_before_the_calendar_is_fine_when_no_unknown_day_is_tested():
    # The start day is never counted, so only days from 2004-01-01 on are looked up.
    assert add_working_days(date(YEAR_BEFORE_CALENDAR, 12, 31), 1) == D("2004-01-02")


# --- Argument types and Deadline ---------------------------------------------------------------


def test_datetimes_are_refused_so_the_caller_picks_the_local_date():
    with pytest.raises(TypeError, match="localdate"):
        is_working_day(datetime(2024, 10, 8, 9, 0))
    with pytest.raises(TypeError, match="date 类型"):
        add_working_days("2024-10-08", 1)


def test_deadline_prints_date_and_legal_basis():
    deadline = Deadline(D("2024-10-10"), "行政复议法第三十条", "受理审查期限")
    assert str(deadline) == "2024-10-10（行政复议法第三十条）"
    assert deadline.label == "受理审查期限"
    assert Deadline(D("2024-10-10"), "行政复议法第三十条").label == ""


def test_deadline_is_immutable_and_comparable():
    deadline = Deadline(D("2024-10-10"), "行政复议法第三十条")
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.date = D("2024-10-11")
    assert deadline == Deadline(D("2024-10-10"), "行政复议法第三十条")


def test_a_holiday_on_another_holiday_is_made_up_too():
    # 2028: 中秋 is 10-03, inside 国庆 (10-01 Sunday..10-03). Both are owed: 10-01 for the
    # weekend, 10-03 for the overlap, so 10-04 and 10-05 are off as well.
    rest = statutory_year(2028).rest
    assert "中秋节" in rest[D("2028-10-03")] and "国庆节" in rest[D("2028-10-03")]
    assert {D("2028-10-04"), D("2028-10-05")} <= set(rest)
    assert is_working_day(D("2028-10-06")) is True


def test_an_impossible_stored_calendar_leaves_the_deadline_undetermined_not_a_crash():
    from fazhi.core import workdays

    days_off = {D("2027-12-01") + timedelta(days=n): "错" for n in range(31)}
    broken = Calendar({**package_calendar().years, 2027: YearCalendar(2027, days_off, {})})
    previous = workdays._provider
    workdays.use_calendar(lambda: broken)
    try:
        found = workdays.deadline("期限", "依据", lambda: add_working_days(D("2027-11-30"), 1))
    finally:
        workdays.use_calendar(previous)
    assert found.date is None and "节假日数据可能有误" in found.problem
