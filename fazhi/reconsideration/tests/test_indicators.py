"""行政复议's figures against hand-counted cases, and against the reference report's 2024 figures.

Units: 古丈县 (433126) and its 古阳镇司法所 (433126-S01) form the county's subtree; 泸溪县
(433122) is its sibling, counted only from the prefecture up.
"""

import datetime

import pytest

from fazhi.indicators.actions import change_setting
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.reconsideration import indicators
from fazhi.reconsideration.models import (
    DeliveryMethod,
    Outcome,
    ReviewResult,
)
from fazhi.reconsideration.tests.facts import make_case

R = "reconsideration."
Y2024 = Period.year(2024)


def not_accepted(unit, number, received, closed, **fields):
    return make_case(
        unit,
        number,
        received,
        closed=closed,
        outcome=Outcome.NOT_ACCEPTED,
        review_result=ReviewResult.NOT_ACCEPTED,
        **fields,
    )


def abandoned(unit, number, received, notice, closed, **fields):
    return make_case(
        unit,
        number,
        received,
        closed=closed,
        outcome=Outcome.ABANDONED,
        review_result=ReviewResult.ABANDONED,
        correction_notice_date=notice,
        # delivered the day it was written: 逾期未补正 needs the period run from delivery
        correction_delivered_date=notice,
        correction_delivery_method=DeliveryMethod.POST,
        correction_recipient="申请人",
        **fields,
    )


@pytest.fixture
def hand_counted(tree):
    c, o, s = tree["county"], tree["office"], tree["sibling"]
    out = Outcome
    return {
        # received 2023, closed 2024
        "A01": make_case(c, "A01", "2023-11-20", accepted="2023-11-24", closed="2024-01-15",
                         outcome=out.UPHELD),
        "A21": make_case(c, "A21", "2023-12-20", accepted="2023-12-22", closed="2024-03-01",
                         outcome=out.APPLICATION_REJECTED, act_type="agreement"),
        # all in 2023
        "A02": make_case(c, "A02", "2023-06-01", accepted="2023-06-05", closed="2023-07-20",
                         outcome=out.VARIED, act_type="licensing"),
        # 2024, closed in 2024
        "A03": not_accepted(c, "A03", "2024-01-10", "2024-01-15"),
        "A04": abandoned(c, "A04", "2024-02-01", "2024-02-05", "2024-02-25", act_type="coercion"),
        "A05": make_case(c, "A05", "2024-03-01", accepted="2024-03-05", closed="2024-04-20",
                         outcome=out.REVOKED, sued=True),
        "A06": make_case(o, "A06", "2024-03-10", accepted="2024-03-12", closed="2024-05-06",
                         outcome=out.PARTLY_REVOKED, act_type="information"),
        "A07": make_case(c, "A07", "2024-04-01", accepted="2024-04-03", closed="2024-05-20",
                         outcome=out.CONFIRMED_ILLEGAL, act_type="licensing"),
        "A08": make_case(o, "A08", "2024-04-15", accepted="2024-04-17", closed="2024-06-11",
                         outcome=out.CLAIMS_REJECTED, sued=True),
        "A09": make_case(c, "A09", "2024-05-06", accepted="2024-05-08", closed="2024-06-03",
                         outcome=out.MEDIATED, act_type="complaint"),
        "A10": make_case(c, "A10", "2024-05-20", accepted="2024-05-22", closed="2024-06-17",
                         outcome=out.WITHDRAWN),
        "A11": make_case(o, "A11", "2024-06-03", accepted="2024-06-05", closed="2024-07-01",
                         outcome=out.SETTLED, act_type="inaction"),
        "A12": make_case(c, "A12", "2024-07-01", accepted="2024-07-03", closed="2024-08-20",
                         outcome=out.UPHELD),
        "A17": make_case(c, "A17", "2024-09-02", accepted="2024-09-04", closed="2024-10-30",
                         outcome=out.ORDERED),
        # 2024, open at the end of 2024
        "A13": make_case(c, "A13", "2024-08-01", accepted="2024-08-05"),  # due 2024-10-08
        "A14": make_case(c, "A14", "2024-10-20", accepted="2024-10-22", closed="2025-01-10",
                         outcome=out.UPHELD, act_type="payment"),  # due 2024-12-23
        "A15": make_case(c, "A15", "2024-11-25", accepted="2024-11-27",
                         act_type="expropriation"),  # due 2025-01-26
        "A16": make_case(c, "A16", "2024-12-20", act_type="other"),  # pending review
        "A22": make_case(c, "A22", "2024-06-10", accepted="2024-06-12", act_type="confirmation",
                         suspended_since="2024-07-01"),  # due 2024-08-12, suspended before
        # the sibling county
        "A18": make_case(s, "A18", "2024-03-01", accepted="2024-03-04", closed="2024-04-01",
                         outcome=out.UPHELD, sued=True),
        "A19": make_case(s, "A19", "2024-06-01", accepted="2024-06-03"),  # due 2024-08-02
        # 2025
        "A20": make_case(c, "A20", "2025-02-05", accepted="2025-02-07", closed="2025-03-03",
                         outcome=out.VARIED),
    }  # fmt: skip


def closed_parts(**counts) -> dict[str, int]:
    parts = dict.fromkeys((f"{R}closed.{key}" for key, _ in indicators.CLOSED_PARTS), 0)
    parts.update({f"{R}closed.{key}": n for key, n in counts.items()})
    return parts


def act_types(**counts) -> dict[str, int]:
    from fazhi.core.choices import ActType

    found = {f"{R}by_act_type.{label}": 0 for _, label in ActType.choices}
    found.update({f"{R}by_act_type.{ActType(v).label}": n for v, n in counts.items()})
    return found


COUNTY_2024 = {
    f"{R}received": 16,
    f"{R}accepted": 13,
    f"{R}closed": 13,
    **closed_parts(
        not_accepted=1,
        abandoned=1,
        upheld=2,
        revoked=2,
        confirmed_illegal=1,
        ordered=1,
        claims_rejected=1,
        application_rejected=1,
        mediated=1,
        settled=1,
        withdrawn=1,
    ),
    f"{R}corrected": 4,
    f"{R}correction_rate": (4, 11),
    f"{R}mediation_rate": (3, 13),
    f"{R}sued_after": 2,
    f"{R}sued_after_rate": (2, 13),
    f"{R}overdue": 2,
    **act_types(
        penalty=7,
        coercion=1,
        licensing=1,
        confirmation=1,
        expropriation=1,
        payment=1,
        information=1,
        complaint=1,
        inaction=1,
        other=1,
    ),
}


def observed(unit, period=Y2024) -> dict:
    return {
        key: (f.numerator, f.denominator) if f.indicator.is_rate else f.value
        for key, f in compute(list(INDICATORS), period, unit).items()
        if key.startswith(R)
    }


def test_the_keys_are_exactly_those_of_the_domain_file():
    keys = {k for k in INDICATORS if k.startswith(R)}
    assert keys == set(COUNTY_2024)
    assert len(keys) == 3 + 14 + 5 + 1 + 11


def test_the_deadlines_the_hand_count_relies_on(hand_counted):
    due = {n: str(hand_counted[n].decision_deadline) for n in ("A13", "A14", "A15", "A19", "A22")}
    assert due == {
        "A13": "2024-10-08",
        "A14": "2024-12-23",
        "A15": "2025-01-26",
        "A19": "2024-08-02",
        "A22": "2024-08-12",
    }


def test_every_figure_of_the_county_in_2024(tree, hand_counted):
    assert observed(tree["county"]) == COUNTY_2024


def test_rates_are_their_numerator_over_their_denominator(tree, hand_counted):
    figures = compute([f"{R}correction_rate", f"{R}mediation_rate"], Y2024, tree["county"])
    assert str(figures[f"{R}correction_rate"].value)[:6] == "0.3636"
    assert figures[f"{R}mediation_rate"].numerator_keys == (
        f"{R}closed.mediated",
        f"{R}closed.settled",
        f"{R}closed.withdrawn",
    )


def test_the_parts_of_closed_sum_to_closed(tree, hand_counted):
    found = observed(tree["county"])
    assert sum(v for k, v in found.items() if k.startswith(f"{R}closed.")) == found[f"{R}closed"]


def test_a_case_received_in_2023_and_closed_in_2024_counts_in_each_year_once(tree, hand_counted):
    in_2023 = observed(tree["county"], Period.year(2023))
    assert (in_2023[f"{R}received"], in_2023[f"{R}closed"]) == (3, 1)  # A01, A02, A21; A02
    assert in_2023[f"{R}closed.varied"] == 1 and in_2023[f"{R}overdue"] == 0
    assert COUNTY_2024[f"{R}closed.upheld"] == 2  # A01 (received 2023) and A12


def test_overdue_counts_cases_open_at_the_periods_end_even_if_closed_later(tree, hand_counted):
    # A13 (open) and A14 (closed in 2025) were past their deadline on 2024-12-31; A15 was not
    # yet; A22 was suspended before its deadline; A16 was never accepted.
    assert observed(tree["county"])[f"{R}overdue"] == 2
    in_2025 = observed(tree["county"], Period.year(2025))
    assert in_2025[f"{R}overdue"] == 2  # A13 and A15; A14 closed
    assert (in_2025[f"{R}received"], in_2025[f"{R}closed"]) == (1, 2)  # A20; A14 and A20
    mid_2024 = observed(tree["county"], Period(Y2024.start, datetime.date(2024, 10, 31)))
    assert mid_2024[f"{R}overdue"] == 1  # only A13


def test_the_office_the_sibling_and_the_prefecture(tree, hand_counted):
    office = observed(tree["office"])
    assert (office[f"{R}received"], office[f"{R}closed"], office[f"{R}corrected"]) == (3, 3, 1)
    sibling = observed(tree["sibling"])
    assert (sibling[f"{R}received"], sibling[f"{R}closed"], sibling[f"{R}overdue"]) == (2, 1, 1)
    prefecture = observed(tree["prefecture"])
    assert prefecture[f"{R}received"] == 18 and prefecture[f"{R}closed.upheld"] == 3
    assert prefecture[f"{R}sued_after_rate"] == (3, 14) and prefecture[f"{R}overdue"] == 3


def test_the_denominator_setting(tree, hand_counted):
    change_setting(None, indicators.CORRECTION_DENOMINATOR.key, "closed")
    assert observed(tree["county"])[f"{R}correction_rate"] == (4, 13)
    change_setting(None, indicators.CORRECTION_DENOMINATOR.key, "received")
    assert observed(tree["county"])[f"{R}correction_rate"] == (4, 16)


# The reference report, section 三: 2024年度共收到行政复议案件48件，办结23件，其中不予受理4件，
# 申请人逾期未补正4件，维持9件，变更0件，驳回申请人复议请求3件，撤销被申请人行政决定2件，
# 申请人主动撤回申请1件。办结复议案件转为行政诉讼案件仅3件。
REFERENCE_CLOSED = {
    "not_accepted": 4,
    "abandoned": 4,
    "upheld": 9,
    "varied": 0,
    "claims_rejected": 3,
    "revoked": 2,
    "withdrawn": 1,
}


@pytest.fixture
def reference_county(tree):
    county, n = tree["county"], 0

    def number():
        nonlocal n
        n += 1
        return f"古政复〔2024〕{n}号"

    for _ in range(REFERENCE_CLOSED["not_accepted"]):
        not_accepted(county, number(), "2024-03-04", "2024-03-08")
    for _ in range(REFERENCE_CLOSED["abandoned"]):
        abandoned(county, number(), "2024-03-04", "2024-03-06", "2024-03-25")
    sued = 3
    for outcome in (Outcome.UPHELD, Outcome.CLAIMS_REJECTED, Outcome.REVOKED, Outcome.WITHDRAWN):
        for _ in range(REFERENCE_CLOSED[outcome.value]):
            make_case(county, number(), "2024-03-04", accepted="2024-03-06",
                      closed="2024-05-06", outcome=outcome, sued=sued > 0)  # fmt: skip
            sued -= 1
    for _ in range(48 - 23):
        make_case(county, number(), "2024-11-18", accepted="2024-11-20")
    return county


def test_the_reference_reports_figures(reference_county):
    found = observed(reference_county)
    assert (found[f"{R}received"], found[f"{R}closed"]) == (48, 23)
    for key, count in REFERENCE_CLOSED.items():
        assert found[f"{R}closed.{key}"] == count, key
    parts = [v for k, v in found.items() if k.startswith(f"{R}closed.")]
    assert len(parts) == 14 and sum(parts) == found[f"{R}closed"] == 4 + 4 + 9 + 0 + 3 + 2 + 1
    assert found[f"{R}sued_after"] == 3
    assert found[f"{R}corrected"] == 2 and found[f"{R}correction_rate"] == (2, 15)


def test_overdue_in_a_period_not_over_yet_is_judged_as_of_today(tree):
    from django.utils import timezone

    from fazhi.reconsideration import actions

    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=200), today + datetime.timedelta(days=60))
    for number, accepted_ago in (("已超期", 70), ("未到期", 40)):
        case = actions.register_case(
            None,
            unit=tree["county"],
            number=number,
            applicant="甲",
            respondent="乙",
            received_date=today - datetime.timedelta(days=accepted_ago + 3),
        )
        actions.record_step(None, case, "accept", today - datetime.timedelta(days=accepted_ago))
    figure = compute(["reconsideration.overdue"], period, tree["county"])
    assert figure["reconsideration.overdue"].value == 1
