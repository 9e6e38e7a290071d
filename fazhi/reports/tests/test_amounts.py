"""Issue 23 points 1, 2, 3, 5 as pure rules: a figure a template holds (rendering.Amount) adds,
subtracts and compares and remembers the figures it came from; `pct` rounds as its register's
setting says; `yoy` words the change from the year before; a breakdown's items sum to its
whole. No database: the registry is read, nothing is counted."""

from decimal import Decimal

import pytest

from fazhi.indicators.registry import INDICATORS
from fazhi.indicators.rounding import HALF_UP, TRUNCATE, Rounding
from fazhi.reports import numbers
from fazhi.reports.numbers import LEGACY, breakdown_items, change, pct
from fazhi.reports.rendering import (
    MARK_END,
    MARK_START,
    MARK_TEXT,
    NOT_ASKED,
    Amount,
    Term,
    filters,
    parse_terms,
    part_name,
)

RATE = Decimal(12) / Decimal(54)  # 22.2222…%


def figure(key, value, year=2024, previous=NOT_ASKED, mark=False, **more):
    indicator = INDICATORS[key]
    return Amount(
        value,
        (Term(1, key, year),),
        previous,
        unit=indicator.unit,
        rate=indicator.is_rate,
        mark=mark,
        **more,
    )


# --- point 2: rounding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rate, rounding, precision, shown",
    [
        (Decimal("0.19216"), Rounding(TRUNCATE, 1), None, "19.2%"),  # a bureau that truncates
        (Decimal("0.19216"), Rounding(TRUNCATE, 1), 2, "19.21%"),  # the template's decimals
        (Decimal("0.92714"), Rounding(HALF_UP, 2), None, "92.71%"),
        (Decimal("0.92715"), Rounding(HALF_UP, 2), None, "92.72%"),
        (Decimal("0.92715"), Rounding(TRUNCATE, 2), None, "92.71%"),  # the mode stays
        (RATE, Rounding(HALF_UP, 0), None, "22%"),
        (RATE, Rounding(TRUNCATE, 2), 1, "22.2%"),
        (RATE, None, None, "22%"),  # no register: as pct always printed (LEGACY)
        (RATE, None, 1, "22.2%"),
        (None, Rounding(TRUNCATE, 1), None, "—"),  # a rate whose denominator was 0
    ],
)
def test_pct_follows_the_setting_and_a_template_chooses_only_the_decimals(
    rate, rounding, precision, shown
):
    assert pct(rate, precision, rounding) == shown


def test_the_pct_filter_asks_the_figure_for_its_rounding():
    truncated = figure("mediation.success_rate", Decimal(2) / 3, rounding=Rounding(TRUNCATE, 1))
    assert str(filters()["pct"](truncated)) == "66.6%"
    assert str(filters()["pct"](truncated, 2)) == "66.66%"
    rounded = figure("mediation.success_rate", Decimal(2) / 3, rounding=Rounding(HALF_UP, 1))
    assert str(filters()["pct"](rounded)) == "66.7%"
    assert str(filters()["pct"](Decimal("0.5"))) == "50%" and Rounding(HALF_UP, 0) == LEGACY


# --- point 5: the change from the year before -------------------------------------------------


@pytest.mark.parametrize(
    "now, before, unit, rate, rounding, shown",
    [
        (48, 45, "件", False, None, "较上年增加3件"),
        (45, 48, "件", False, None, "较上年减少3件"),
        (48, 48, "件", False, None, "与上年持平"),
        (Decimal("97200.00"), Decimal("90000.50"), "元", False, None, "较上年增加7199.50元"),
        # 3/23 = 13.04% against 2/19 = 10.53%: the printed percentages' difference
        (
            Decimal(3) / 23,
            Decimal(2) / 19,
            "%",
            True,
            Rounding(HALF_UP, 2),
            "较上年上升2.51个百分点",
        ),
        (
            Decimal(2) / 19,
            Decimal(3) / 23,
            "%",
            True,
            Rounding(HALF_UP, 2),
            "较上年下降2.51个百分点",
        ),
        (
            Decimal(3) / 23,
            Decimal(2) / 19,
            "%",
            True,
            Rounding(TRUNCATE, 1),
            "较上年上升2.5个百分点",
        ),
        (Decimal(3) / 23, Decimal(2) / 19, "%", True, Rounding(HALF_UP, 0), "较上年上升2个百分点"),
        (Decimal("0.1304"), Decimal("0.13041"), "%", True, Rounding(HALF_UP, 2), "与上年持平"),
        (Decimal(3) / 23, None, "%", True, Rounding(HALF_UP, 2), "上年无可比数据"),
        (None, 3, "件", False, None, "上年无可比数据"),
    ],
)
def test_the_change_from_the_year_before_in_words(now, before, unit, rate, rounding, shown):
    assert change(now, before, unit, rate=rate, rounding=rounding) == shown


def test_yoy_compares_the_same_expression_a_year_before_and_links_both_years():
    received = figure("mediation.received", 30, previous=21, mark=True)
    succeeded = figure("mediation.succeeded", 12, previous=10, mark=True)
    shown = str(filters()["yoy"](received - succeeded))  # 18 against 11
    payload, text = shown[1:].split(MARK_TEXT)
    assert shown[0] == MARK_START and text == f"较上年增加7件{MARK_END}"
    assert [t.code for t in parse_terms(payload)] == [
        "+2024:mediation.received",
        "-2024:mediation.succeeded",
        "-2023:mediation.received",
        "+2023:mediation.succeeded",
    ]
    with pytest.raises(ValueError, match="已经按格式打印"):
        filters()["yoy"](filters()["approx"](received))


# --- point 1: arithmetic on figures -----------------------------------------------------------


def test_a_sum_remembers_every_figure_it_came_from():
    a, b = figure("publicity.articles", 43, mark=True), figure("publicity.activities", 5)
    total = a + b - 3 + 2
    assert total == 47 and total.value == 47 and total > 40 and not total < 47
    assert [t.code for t in total.terms] == [
        "+2024:publicity.articles",
        "+2024:publicity.activities",
    ]
    assert (
        str(total)
        == f"{MARK_START}+2024:publicity.articles,+2024:publicity.activities{MARK_TEXT}47{MARK_END}"
    )
    assert str(a.like(47, total.terms, mark=False)) == "47"  # the document prints the value only
    difference = 100 - a
    assert difference.value == 57 and [t.sign for t in difference.terms] == [-1]
    assert not (a - a) and bool(a)


def test_a_filter_keeps_the_terms_and_wan_converts_the_year_before_too():
    money = figure("legal_aid.recovered", Decimal("1060000"), previous=Decimal("900000"))
    in_wan = filters()["wan"](money)
    assert in_wan.value == Decimal("106") and in_wan.terms == money.terms
    assert str(filters()["yoy"](in_wan)) == "较上年增加16元"  # the unit stays the figure's
    approx = filters()["approx"](money + money)
    assert str(approx) == "2000000余" and approx.terms == money.terms * 2


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda a, r: filters()["approx"](a) + 1, "已经按格式打印"),
        (lambda a, r: a + r, "比率不能与件数"),
        (lambda a, r: a > filters()["pct"](r), "已经按格式打印"),
    ],
)
def test_what_cannot_be_added_says_why(make, message):
    a = figure("publicity.articles", 43)
    r = figure("mediation.success_rate", Decimal("0.5"))
    with pytest.raises(ValueError, match=message):
        make(a, r)


def test_a_text_or_anything_else_is_no_operand():
    a = figure("publicity.articles", 43)
    for other in ("1", [1], None, True):
        with pytest.raises(TypeError):
            a + other  # noqa: B018


def test_a_rate_without_a_value_stays_without_one():
    empty = figure("mediation.success_rate", None, previous=Decimal("0.5"))
    assert (empty - empty).value is None and str(empty) == "—" and not empty
    assert not empty > 0 and not empty < 0


def test_a_number_beyond_what_a_report_prints_is_refused():
    with pytest.raises(ValueError, match="超过了报告能打印的范围"):
        figure("publicity.articles", 1) + 10**40


def test_terms_are_read_back_only_when_they_name_known_figures():
    assert parse_terms("+2024:publicity.articles,-2023:publicity.articles") == [
        Term(1, "publicity.articles", 2024),
        Term(-1, "publicity.articles", 2023),
    ]
    for payload in ("publicity.articles", "+2024:no.such", "*2024:publicity.articles", ""):
        assert parse_terms(payload) is None


# --- point 3: a breakdown's items --------------------------------------------------------------


def test_the_items_are_those_with_a_value_largest_first_and_sum_to_the_whole():
    parts = [("a", "不予受理", 4), ("b", "维持", 9), ("c", "变更", 0), ("d", "撤销", 4)]
    assert breakdown_items(parts, 23) == (["b", "a", "d"], 6)  # 23 − 17 → 其他6
    assert breakdown_items(parts, 17) == (["b", "a", "d"], 0)
    assert breakdown_items(parts) == (["b", "a", "d"], 0)  # no whole: nothing beyond
    with_other = [*parts, ("e", "其他", 2)]
    assert breakdown_items(with_other, 20) == (["b", "a", "d"], 3)  # 其他 part 2 + 1 beyond
    with pytest.raises(ValueError, match="各分项之和（17）大于总数（15）"):
        breakdown_items(parts, 15)


def test_a_part_is_named_by_its_label():
    assert part_name(INDICATORS["reconsideration.closed.upheld"]) == "维持"
    assert part_name(INDICATORS["publicity.articles.省级媒体"]) == "省级媒体"
    assert part_name(INDICATORS["legal_service_org.held.律师事务所"]) == "律师事务所"


def test_filters_are_those_of_numbers_and_yoy():
    assert set(filters()) == set(numbers.FILTERS) | {"yoy"}
