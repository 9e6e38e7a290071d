"""The dashboard's dates and its choice of figures: pure, no database."""

import datetime

import pytest

from fazhi.dashboard.dates import default_year, report_dates
from fazhi.dashboard.selection import SELECTION
from fazhi.indicators.registry import INDICATORS, Period

D = datetime.date


@pytest.mark.parametrize(
    ("today", "year"),
    [(D(2025, 1, 2), 2024), (D(2025, 3, 31), 2024), (D(2025, 4, 1), 2025), (D(2025, 12, 31), 2025)],
)
def test_default_year_is_last_year_until_april(today, year):
    assert default_year(today) == year


def test_report_dates_before_1_march_and_1_april_of_the_following_year():
    year, (submit, publish) = report_dates(D(2025, 2, 20))
    assert year == 2024
    assert (submit.before, publish.before) == (D(2025, 3, 1), D(2025, 4, 1))
    assert (submit.last_day, publish.last_day) == (D(2025, 2, 28), D(2025, 3, 31))
    assert (submit.days_left, publish.days_left) == (8, 39)
    assert submit.state == "还剩 8 天" and submit.urgent and not submit.passed
    assert "2024年度" in submit.label and "报送" in submit.label and "公开" in publish.label
    assert "法治政府建设与责任落实督察工作规定" in submit.basis


def test_the_last_day_of_a_leap_february_and_a_missed_date():
    _, (submit, _) = report_dates(D(2028, 2, 29))
    assert submit.last_day == D(2028, 2, 29) and submit.days_left == 0
    assert submit.state == "今天是最后一天"
    _, (submit, publish) = report_dates(D(2025, 3, 15))
    assert submit.passed and submit.state == "已过 15 天"
    assert publish.days_left == 16 and not publish.passed


def test_from_april_the_next_report_is_this_years():
    year, (submit, publish) = report_dates(D(2025, 4, 1))
    assert year == 2025
    assert (submit.before, publish.before) == (D(2026, 3, 1), D(2026, 4, 1))
    assert submit.days_left == 333 and not submit.urgent


def test_the_months_of_a_year_cover_it_without_gaps():
    months = [Period.month(2024, month) for month in range(1, 13)]
    assert len(months) == 12
    assert months[0].start == D(2024, 1, 1) and months[-1].end == D(2024, 12, 31)
    assert months[1].end == D(2024, 2, 29)
    for before, after in zip(months, months[1:], strict=False):
        assert after.start - before.end == datetime.timedelta(days=1)


def test_the_selection_names_known_figures():
    for figures in SELECTION.values():
        for key in figures.main + figures.charted + figures.rates:
            assert key in INDICATORS, key
        assert all(INDICATORS[k].is_rate for k in figures.rates)
        # Only counts are charted, and each is also a big number (the chart explains it).
        assert not any(INDICATORS[k].is_rate for k in figures.charted)
        assert set(figures.charted) <= set(figures.main)
