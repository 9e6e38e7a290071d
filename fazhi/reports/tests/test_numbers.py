import datetime
from decimal import Decimal

import pytest

from fazhi.reports.numbers import approx, cn, cn_date, h1, h2, number, pct, wan


@pytest.mark.parametrize(
    "value, digits, shown",
    [
        (72, 1, "70余"),
        (70, 1, "70"),
        (43, 1, "40余"),
        (653, 2, "650余"),
        (650, 2, "650"),
        (523, 1, "500余"),
        (1085, 1, "1000余"),
        (7, 1, "7"),
        (Decimal("106.5"), 1, "100余"),
    ],
)
def test_approx_floors_to_leading_digits_and_adds_yu_only_when_something_was_cut(
    value, digits, shown
):
    assert approx(value, digits) == shown


def test_wan_then_approx_prints_the_reference_reports_sum():
    assert approx(wan(Decimal("1060000")), 1) == "100余"
    assert approx(wan(Decimal("1000000")), 1) == "100"


def test_percentages_round_half_up_at_the_chosen_precision():
    rate = Decimal(12) / Decimal(54)
    assert pct(rate) == "22%" and pct(rate, 1) == "22.2%" and pct(rate, 2) == "22.22%"
    assert pct(Decimal("0.0725")) == "7%" and pct(Decimal("0.0725"), 1) == "7.3%"


def test_a_rate_without_a_denominator_prints_a_dash():
    assert pct(None) == "—" and approx(wan(None)) == "—"


def test_numbers_headings_and_dates():
    assert number(Decimal("97200.00")) == "97200"
    assert [cn(n) for n in (1, 9, 10, 12, 20, 21)] == ["一", "九", "十", "十二", "二十", "二十一"]
    assert h1(2) == "二、" and h2(8) == "（八）"
    assert cn_date(datetime.date(2025, 2, 20)) == "2025年2月20日"
    with pytest.raises(ValueError):
        cn(0)
