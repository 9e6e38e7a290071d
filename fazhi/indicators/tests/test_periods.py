"""The periods of the figures page (issue 19, defect 9): each period's first and last day, and
what a request's year and period become — without a database."""

from datetime import date

import pytest

from fazhi.indicators.periods import (
    PERIODS,
    Chosen,
    PeriodInvalid,
    choose,
    period_label,
    period_range,
)
from fazhi.indicators.registry import Period

TODAY = date(2026, 5, 20)  # in the second quarter, in May


def days(start: str, end: str) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("year", days("2024-01-01", "2024-12-31")),
        ("q1", days("2024-01-01", "2024-03-31")),
        ("q2", days("2024-04-01", "2024-06-30")),
        ("q3", days("2024-07-01", "2024-09-30")),
        ("q4", days("2024-10-01", "2024-12-31")),
        ("m1", days("2024-01-01", "2024-01-31")),
        ("m2", days("2024-02-01", "2024-02-29")),  # 2024 is a leap year
        ("m3", days("2024-03-01", "2024-03-31")),
        ("m4", days("2024-04-01", "2024-04-30")),
        ("m5", days("2024-05-01", "2024-05-31")),
        ("m6", days("2024-06-01", "2024-06-30")),
        ("m7", days("2024-07-01", "2024-07-31")),
        ("m8", days("2024-08-01", "2024-08-31")),
        ("m9", days("2024-09-01", "2024-09-30")),
        ("m10", days("2024-10-01", "2024-10-31")),
        ("m11", days("2024-11-01", "2024-11-30")),
        ("m12", days("2024-12-01", "2024-12-31")),
        ("h1", days("2024-01-01", "2024-06-30")),
        ("h2", days("2024-07-01", "2024-12-31")),
        ("c1", days("2024-01-01", "2024-01-31")),
        ("c2", days("2024-01-01", "2024-02-29")),
        ("c9", days("2024-01-01", "2024-09-30")),
        ("c12", days("2024-01-01", "2024-12-31")),
    ],
)
def test_period_range_of_every_period(period, expected):
    assert period_range(2024, period) == expected


def test_every_offered_period_has_a_range():
    assert len(PERIODS) == 1 + 2 + 4 + 12 + 12
    assert all(period_range(2023, p).start.year == 2023 for p in PERIODS)


def test_february_outside_a_leap_year_and_in_2000():
    assert period_range(2025, "m2").end == date(2025, 2, 28)
    assert period_range(2100, "m2").end == date(2100, 2, 28)  # a century is not leap…
    assert period_range(2000, "m2").end == date(2000, 2, 29)  # … unless divisible by 400


def test_the_quarters_and_the_months_cover_the_year_without_gap_or_overlap():
    for parts in (["q1", "q2", "q3", "q4"], [f"m{n}" for n in range(1, 13)]):
        ranges = [period_range(2024, p) for p in parts]
        assert ranges[0].start == date(2024, 1, 1) and ranges[-1].end == date(2024, 12, 31)
        for before, after in zip(ranges, ranges[1:], strict=False):
            assert (after.start - before.end).days == 1


@pytest.mark.parametrize("period", ["q5", "q0", "m13", "m0", "m01", "Q1", "", "全年", "year "])
def test_an_unknown_period_has_no_range(period):
    with pytest.raises(PeriodInvalid):
        period_range(2024, period)


def test_labels():
    assert period_label(2024, "year") == "2024年度"
    assert period_label(2024, "q1") == "2024年第一季度"
    assert period_label(2024, "q4") == "2024年第四季度"
    assert period_label(2024, "m12") == "2024年12月"


def test_a_request_without_year_or_period_is_this_whole_year():
    assert choose(None, None, TODAY) == Chosen(2026, "year")
    assert choose("", " ", TODAY) == Chosen(2026, "year")


def test_a_begun_period_is_taken_as_asked():
    assert choose("2024", "q3", TODAY) == Chosen(2024, "q3")
    assert choose("2026", "q2", TODAY) == Chosen(2026, "q2")  # running: counted up to today
    assert choose("2026", "m5", TODAY) == Chosen(2026, "m5")
    assert choose("2000", "m1", TODAY) == Chosen(2000, "m1")


@pytest.mark.parametrize(
    ("year", "period", "shown", "problem"),
    [
        ("abc", "q1", Chosen(2026), "年度「abc」不正确，应为2000年至2026年之间的年份。"),
        ("1999", "year", Chosen(2026), "年度「1999」不正确"),
        ("-2024", "year", Chosen(2026), "年度「-2024」不正确"),
        (
            "2024",
            "q5",
            Chosen(2024),
            "「q5」不正确，应为全年、上半年、下半年、第一季度至第四季度、1月至12月或1月至N月累计",
        ),
        ("2030", "m13", Chosen(2026), "统计期间「m13」不正确"),
        ("2026", "q3", Chosen(2026), "2026年第三季度尚未开始，还没有可统计的数据。"),
        ("2026", "m6", Chosen(2026), "2026年6月尚未开始"),
        ("2027", "year", Chosen(2026), "2027年度尚未开始"),
        ("99999", "m1", Chosen(2026), "99999年1月尚未开始"),
    ],
)
def test_a_bad_or_future_period_falls_back_and_says_why(year, period, shown, problem):
    chosen = choose(year, period, TODAY)
    assert (chosen.year, chosen.period) == (shown.year, shown.period)
    assert problem in chosen.problem
    assert chosen.problem.endswith(f"以下为{shown.label}的统计。")


def test_a_far_future_year_is_echoed_short():
    """A year of 4,000 digits is refused in a message of ordinary length (review)."""
    chosen = choose("9" * 4000, "year", TODAY)
    assert (chosen.year, chosen.period) == (2026, "year")
    assert "尚未开始" in chosen.problem and len(chosen.problem) < 80


def test_a_rejected_value_is_echoed_short():
    chosen = choose("2024", "x" * 500, TODAY)
    assert "x" * 20 in chosen.problem and "x" * 21 not in chosen.problem


def test_a_chosen_period_names_its_days_unless_it_is_the_year():
    assert Chosen(2024, "q1").dates == "2024-01-01 至 2024-03-31"
    assert Chosen(2024).dates == ""
    assert Chosen(2024, "m2").query() == {"year": 2024, "period": "m2"}


def test_labels_of_the_new_periods():
    assert period_label(2024, "h1") == "2024年上半年"
    assert period_label(2024, "c3") == "2024年1月至3月累计"


def test_a_cumulative_period_not_begun_is_refused_but_one_begun_is_shown():
    # c5 begins in January: it has begun on 2026-05-20, and ends in May.
    assert choose("2026", "c5", TODAY) == Chosen(2026, "c5")
    assert choose("2026", "h2", TODAY).problem.startswith("2026年下半年尚未开始")
