"""Computing figures: subtree, period, access rule, rates, drill-down, one query per family."""

from decimal import Decimal

import pytest

from fazhi.core.roles import Role
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import INDICATORS, Period, check_registry, get_indicator

Y2024 = Period.year(2024)
CLOSED_FAMILY = [k for k in INDICATORS if k.startswith("reconsideration.closed")] + [
    "reconsideration.corrected",
    "reconsideration.sued_after",
]


def values(keys, unit, period=Y2024, **kwargs):
    return {k: f.value for k, f in compute(keys, period, unit, **kwargs).items()}


def test_declarations_are_consistent():
    assert check_registry() == []


def test_unknown_key_is_refused_in_chinese():
    with pytest.raises(KeyError, match="未知的统计指标"):
        get_indicator("reconsideration.nothing")


def test_a_units_figures_include_its_subtree(tree, cases):
    keys = ["reconsideration.received", "reconsideration.closed"]
    assert values(keys, tree["county"]) == {k: 3 for k in keys}
    assert values(keys, tree["office"]) == {k: 1 for k in keys}
    assert values(keys, tree["prefecture"]) == {k: 4 for k in keys}
    assert values(keys, tree["committee"]) == {k: 0 for k in keys}


def test_period_membership_by_receipt_and_by_closing_date(tree, cases):
    keys = ["reconsideration.received", "reconsideration.closed", "reconsideration.overdue"]
    assert values(keys, tree["county"], Period.year(2023)) == dict(
        zip(keys, [1, 0, 1], strict=True)
    )
    half = Period(Y2024.start, Y2024.start.replace(month=4, day=30))
    assert values(keys, tree["county"], half) == dict(zip(keys, [2, 1, 1], strict=True))


def test_rates_state_numerator_denominator_and_their_keys(tree, cases):
    figure = compute(["reconsideration.correction_rate"], Y2024, tree["county"])[
        "reconsideration.correction_rate"
    ]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("0.5"))
    assert figure.numerator_keys == ("reconsideration.corrected",)
    # 审结: accepted cases closed (the 维持 and the 撤销), not the one refused at the door.
    assert figure.denominator_keys == ("reconsideration.concluded",)
    assert figure.setting_note == (
        "复议纠错率的分母：审结件数（受理后办结的，不含不予受理、逾期未补正、受理前化解）（默认）"
    )
    assert figure.shown == "50.00%"


def test_rates_with_a_zero_denominator_have_no_value(tree, cases):
    rates = [k for k, i in INDICATORS.items() if i.is_rate]
    for key, figure in compute(rates, Period.year(2020), tree["county"]).items():
        assert (figure.value, figure.numerator, figure.denominator) == (None, 0, 0), key
        assert figure.shown == "—"


def test_breakdowns_list_every_choice_with_zeros(tree, cases):
    by_act_type = [k for k in INDICATORS if k.startswith("reconsideration.by_act_type.")]
    assert len(by_act_type) == 11
    found = values(by_act_type, tree["county"])
    assert found["reconsideration.by_act_type.行政处罚"] == 2
    assert found["reconsideration.by_act_type.行政许可"] == 1
    assert sum(found.values()) == 3 and list(found.values()).count(0) == 9


def test_a_user_sees_figures_only_of_records_he_may_see(tree, cases, make_user):
    keys = ["reconsideration.received"]
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    office_leader = make_user("leader", tree["office"], Role.LEADER)
    clerk = make_user("clerk", tree["county"], Role.CLERK)  # 填报员 do not enter 复议 cases
    sibling = make_user("sibling", tree["sibling"], Role.RECONSIDERATION)
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    prefecture = tree["prefecture"]
    assert values(keys, prefecture, user=officer) == {keys[0]: 3}
    assert values(keys, prefecture, user=office_leader) == {keys[0]: 1}
    assert values(keys, prefecture, user=clerk) == {keys[0]: 0}
    assert values(keys, prefecture, user=sibling) == {keys[0]: 1}
    assert values(keys, prefecture, user=admin) == {keys[0]: 0}
    assert values(keys, tree["county"], user=sibling) == {keys[0]: 0}


def test_every_figure_drills_down_to_exactly_its_records(tree, cases, make_user):
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    figures = compute(list(INDICATORS), Y2024, tree["prefecture"], user=officer)
    for key, figure in figures.items():
        records = records_for(key, Y2024, tree["prefecture"], officer)
        if figure.indicator.is_rate:
            assert records.count() == figure.numerator, key
            denominator = records_for(key, Y2024, tree["prefecture"], officer, part="denominator")
            assert denominator.count() == figure.denominator, key
        else:
            assert records.count() == figure.value, key
    numbers = records_for("reconsideration.corrected", Y2024, tree["prefecture"], officer)
    assert [c.number for c in numbers] == ["K1"]


def test_a_family_is_one_group_by_query(tree, cases, django_assert_num_queries):
    # Two: which registers have yearly rollups for the (closed) year, then the family's GROUP BY.
    with django_assert_num_queries(2):
        found = values(CLOSED_FAMILY, tree["county"])
    assert found["reconsideration.closed"] == 3
    assert found["reconsideration.closed.revoked"] == 1
    assert found["reconsideration.sued_after"] == 1


def test_every_figure_of_a_register_in_a_handful_of_queries(
    tree, cases, make_user, django_assert_max_num_queries
):
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    officer.role_codes  # noqa: B018 -- loaded once per request, not per figure
    keys = [k for k in INDICATORS if k.startswith("reconsideration.")]
    # which registers have rollups of 2024, received family, closed family, accepted, overdue,
    # settings
    with django_assert_max_num_queries(8):
        compute(keys, Y2024, tree["county"], user=officer)
