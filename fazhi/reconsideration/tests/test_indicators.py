"""行政复议's figures against hand-counted cases, and against the reference report's 2024 figures.

Units: 古丈县 (433126) and its 古阳镇司法所 (433126-S01) form the county's subtree; 泸溪县
(433122) is its sibling, counted only from the prefecture up. Two respondents are units of the
tree: the county's 市场监督管理局 (a 行政执法部门) and 古阳镇人民政府 (a 乡镇人民政府).
"""

import datetime
from decimal import Decimal

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.indicators.actions import change_setting
from fazhi.indicators.compute import balances, compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.reconsideration import indicators
from fazhi.reconsideration.models import (
    AdminField,
    ApplicantKind,
    DeliveryMethod,
    Outcome,
    PreAcceptanceMethod,
    RespondentKind,
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


def pre_acceptance(unit, number, received, closed, method, **fields):
    return make_case(
        unit,
        number,
        received,
        closed=closed,
        outcome=Outcome.PRE_ACCEPTANCE_RESOLVED,
        pre_acceptance_method=method,
        **fields,
    )


@pytest.fixture
def respondents(tree):
    county = tree["county"]
    return {
        "department": core_actions.save_unit(
            None,
            code="433126-E02",
            name="古丈县市场监督管理局",
            kind=UnitKind.ENFORCEMENT_DEPARTMENT,
            parent=county,
        ),
        "township": core_actions.save_unit(
            None,
            code="433126-Z01",
            name="古阳镇人民政府",
            kind=UnitKind.TOWNSHIP_GOVERNMENT,
            parent=county,
        ),
    }


R_KIND, A_KIND, FIELD = RespondentKind, ApplicantKind, AdminField


@pytest.fixture
def hand_counted(tree, respondents):
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
                         outcome=out.REVOKED, sued=True, respondent_unit_code="433126-E02",
                         applicant_kind=A_KIND.LEGAL_PERSON, admin_field=FIELD.MARKET),
        "A06": make_case(o, "A06", "2024-03-10", accepted="2024-03-12", closed="2024-05-06",
                         outcome=out.PARTLY_REVOKED, act_type="information"),
        # the township's unit decides its kind, whatever was entered
        "A07": make_case(c, "A07", "2024-04-01", accepted="2024-04-03", closed="2024-05-20",
                         outcome=out.CONFIRMED_ILLEGAL, act_type="licensing",
                         respondent_unit_code="433126-Z01",
                         respondent_kind=R_KIND.COUNTY_DEPARTMENT,
                         applicant_kind=A_KIND.NATURAL_PERSON,
                         admin_field=FIELD.NATURAL_RESOURCES),
        "A08": make_case(o, "A08", "2024-04-15", accepted="2024-04-17", closed="2024-06-11",
                         outcome=out.CLAIMS_REJECTED, sued=True),
        "A09": make_case(c, "A09", "2024-05-06", accepted="2024-05-08", closed="2024-06-03",
                         outcome=out.MEDIATED, act_type="complaint",
                         respondent_kind=R_KIND.COUNTY_GOVERNMENT,
                         applicant_kind=A_KIND.OTHER_ORGANISATION, admin_field=FIELD.HOUSING),
        "A10": make_case(c, "A10", "2024-05-20", accepted="2024-05-22", closed="2024-06-17",
                         outcome=out.WITHDRAWN),
        "A11": make_case(o, "A11", "2024-06-03", accepted="2024-06-05", closed="2024-07-01",
                         outcome=out.SETTLED, act_type="inaction"),
        "A12": make_case(c, "A12", "2024-07-01", accepted="2024-07-03", closed="2024-08-20",
                         outcome=out.UPHELD, respondent_kind=R_KIND.OTHER,
                         applicant_kind=A_KIND.NATURAL_PERSON,
                         admin_field=FIELD.PUBLIC_SECURITY),
        "A17": make_case(c, "A17", "2024-09-02", accepted="2024-09-04", closed="2024-10-30",
                         outcome=out.ORDERED),
        # 2024, resolved before acceptance: while the review ran, and while a correction was
        # awaited (the review then waits, 第三十一条第三款)
        "A23": pre_acceptance(c, "A23", "2024-07-08", "2024-07-10", PreAcceptanceMethod.WITHDRAWN,
                              respondent_kind=R_KIND.COUNTY_DEPARTMENT,
                              applicant_kind=A_KIND.NATURAL_PERSON, admin_field=FIELD.MARKET),
        "A24": pre_acceptance(c, "A24", "2024-08-05", "2024-08-26",
                              PreAcceptanceMethod.SELF_CORRECTED,
                              review_result=ReviewResult.CORRECTION,
                              correction_notice_date="2024-08-06",
                              correction_delivered_date="2024-08-07",
                              correction_delivery_method=DeliveryMethod.DIRECT,
                              correction_recipient="张某"),
        # 2024, the outcomes told apart by the 2023 law
        "A25": make_case(c, "A25", "2024-09-09", accepted="2024-09-11", closed="2024-10-21",
                         outcome=out.REVOKED_REDO),
        "A26": make_case(c, "A26", "2024-09-16", accepted="2024-09-18", closed="2024-10-08",
                         outcome=out.TERMINATED_DEATH, applicant_kind=A_KIND.NATURAL_PERSON,
                         respondent_kind=R_KIND.COUNTY_DEPARTMENT,
                         admin_field=FIELD.PUBLIC_SECURITY),
        "A27": make_case(c, "A27", "2024-10-08", accepted="2024-10-10", closed="2024-11-20",
                         outcome=out.AGREEMENT_LIABILITY, act_type="agreement"),
        # a record of the old scheme, kept by the migration and awaiting an officer
        "A28": make_case(c, "A28", "2024-02-19", accepted="2024-02-21", closed="2024-04-01",
                         outcome=out.OTHER_TERMINATED, outcome_unresolved=True),
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


def by_choice(key: str, choices, *, unfilled=None, **counts) -> dict[str, int]:
    """One breakdown's parts, and its 未填 part where it has one (`unfilled`)."""
    found = {f"{R}{key}.{label}": 0 for _, label in choices.choices}
    if unfilled is not None:
        found[f"{R}{key}.未填"] = unfilled
    found.update({f"{R}{key}.{choices(v).label}": n for v, n in counts.items()})
    return found


def act_types(**counts) -> dict[str, int]:
    from fazhi.core.choices import ActType

    found = {f"{R}by_act_type.{label}": 0 for _, label in ActType.choices}
    found.update({f"{R}by_act_type.{ActType(v).label}": n for v, n in counts.items()})
    return found


# Counted by hand from the fixture: the county's subtree (county and office) in 2024.
# Received: A03–A17 and A22 (16 before issue 23), and A23–A28 (6) = 22.
# Closed in 2024: A01, A21, A03–A12, A17 (13) and A23–A28 (6) = 19.
COUNTY_2024 = {
    f"{R}received": 22,
    f"{R}received_classified": 22,
    f"{R}accepted": 17,  # 13, and A25–A28
    f"{R}closed": 19,
    **closed_parts(
        not_accepted=1,  # A03
        abandoned=1,  # A04
        pre_acceptance_resolved=2,  # A23, A24
        upheld=2,  # A01, A12
        revoked=2,  # A05 撤销, A06 部分撤销
        revoked_redo=1,  # A25
        confirmed_illegal=1,  # A07
        ordered=1,  # A17
        agreement_liability=1,  # A27
        claims_rejected=1,  # A08
        application_rejected=1,  # A21
        mediated=1,  # A09
        settled=1,  # A11
        withdrawn=1,  # A10
        terminated_death=1,  # A26
        other_terminated=1,  # A28
    ),
    f"{R}revoked_only": 1,  # A05
    f"{R}partly_revoked_only": 1,  # A06
    f"{R}concluded": 15,  # 19 closed less A03, A04 at the door and A23, A24 before acceptance
    f"{R}terminated": 4,  # A10, A11, A26, A28
    f"{R}decided": 10,  # 15 less the 4 terminated and A09 mediated
    f"{R}pre_acceptance_resolved": 2,
    **by_choice("pre_acceptance", PreAcceptanceMethod, withdrawn=1, self_corrected=1),
    f"{R}corrected": 6,  # A05, A06, A25, A07, A17, A27
    f"{R}correction_rate": (6, 15),
    f"{R}mediation_rate": (3, 19),  # A09, A11, A10 of all closed
    # 调解 A09, 和解 A11, 撤回 A10, 受理前化解 A23 A24, 纠错 6 — of 审结 15 + 受理前化解 2
    f"{R}resolution_rate": (11, 17),
    f"{R}sued_after": 2,
    f"{R}sued_after_rate": (2, 19),
    f"{R}overdue": 2,
    **act_types(
        penalty=12,
        coercion=1,
        licensing=1,
        confirmation=1,
        expropriation=1,
        payment=1,
        information=1,
        complaint=1,
        inaction=1,
        agreement=1,
        other=1,
    ),
    # A05 (its unit, a department), A23, A26; A07 (its unit, a township); A09; A12
    **by_choice(
        "by_respondent_kind",
        RespondentKind,
        county_department=3,
        township=1,
        county_government=1,
        other=1,
        unfilled=16,
    ),
    # A07, A12, A23, A26; A05; A09
    **by_choice(
        "by_applicant_kind",
        ApplicantKind,
        natural_person=4,
        legal_person=1,
        other_organisation=1,
        unfilled=16,
    ),
    # A05, A23; A07; A09; A12, A26
    **by_choice(
        "by_field",
        AdminField,
        market=2,
        natural_resources=1,
        housing=1,
        public_security=2,
        unfilled=16,
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
    # received, by act type 11, classified, respondent 4+1, applicant 3+1, field 20+1,
    # accepted, closed, closed.* 23, 撤销 and 部分撤销 apart, concluded/decided/terminated,
    # pre-acceptance 1+5, corrected, four rates, sued_after, overdue
    assert len(keys) == 1 + 11 + 1 + 5 + 4 + 21 + 1 + 1 + 23 + 2 + 3 + 6 + 1 + 4 + 1 + 1


def test_every_label_is_its_figures_own():
    """A figure is found by its label on the figures page and in its export."""
    labels = [i.label for k, i in INDICATORS.items() if k.startswith(R)]
    assert len(labels) == len(set(labels))


def test_every_rate_names_its_numerator_and_denominator_in_words():
    for key in (k for k, i in INDICATORS.items() if k.startswith(R) and i.is_rate):
        definition = INDICATORS[key].definition
        assert "分子" in definition and "分母" in definition, key


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
    assert figures[f"{R}correction_rate"].value == Decimal(6) / Decimal(15)
    assert figures[f"{R}mediation_rate"].numerator_keys == (
        f"{R}closed.mediated",
        f"{R}closed.settled",
        f"{R}closed.withdrawn",
    )


def test_the_parts_of_closed_sum_to_closed(tree, hand_counted):
    found = observed(tree["county"])
    assert sum(v for k, v in found.items() if k.startswith(f"{R}closed.")) == found[f"{R}closed"]
    assert (
        found[f"{R}revoked_only"] + found[f"{R}partly_revoked_only"] == found[f"{R}closed.revoked"]
    )
    # 审结 + the three ways of ending at the door = 办结; 作出决定 + 终止 + 调解 = 审结
    door = sum(found[f"{R}closed.{k}"] for k in ("not_accepted", "abandoned"))
    assert found[f"{R}concluded"] + door + found[f"{R}pre_acceptance_resolved"] == 19
    mediated = found[f"{R}closed.mediated"]
    assert found[f"{R}decided"] + found[f"{R}terminated"] + mediated == found[f"{R}concluded"]


def test_every_family_that_says_so_balances(tree, hand_counted):
    keys = [k for k in INDICATORS if k.startswith(R)]
    found = compute(keys, Y2024, tree["county"])
    checked = balances([INDICATORS[k] for k in keys], found)
    wholes = {b["whole"].key for b in checked}
    assert wholes == {f"{R}closed", f"{R}received_classified", f"{R}pre_acceptance_resolved"}
    assert len(checked) == 1 + 3 + 1 and all(b["ok"] for b in checked)


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
    assert prefecture[f"{R}received"] == 24 and prefecture[f"{R}closed.upheld"] == 3
    assert prefecture[f"{R}sued_after_rate"] == (3, 20) and prefecture[f"{R}overdue"] == 3


@pytest.mark.parametrize(
    "choice, denominator",
    [
        ("closed_on_merits", 15),  # 审结
        ("accepted", 17),  # 新受理
        ("received", 22),  # 收到
        ("decided", 10),  # 作出决定
        ("closed", 19),  # 办结
    ],
)
def test_the_correction_rates_denominator_setting(tree, hand_counted, choice, denominator):
    change_setting(None, indicators.CORRECTION_DENOMINATOR.key, choice)
    assert observed(tree["county"])[f"{R}correction_rate"] == (6, denominator)


def test_the_mediation_rates_denominator_setting(tree, hand_counted):
    change_setting(None, indicators.MEDIATION_DENOMINATOR.key, "concluded")
    assert observed(tree["county"])[f"{R}mediation_rate"] == (3, 15)
    change_setting(None, indicators.MEDIATION_DENOMINATOR.key, "received")
    assert observed(tree["county"])[f"{R}mediation_rate"] == (3, 22)


def test_the_resolution_rates_numerator_and_denominator_settings(tree, hand_counted):
    chosen = [f"{R}closed.mediated", f"{R}pre_acceptance_resolved"]
    change_setting(None, indicators.RESOLUTION_NUMERATOR.key, chosen)
    assert observed(tree["county"])[f"{R}resolution_rate"] == (1 + 2, 17)
    change_setting(None, indicators.RESOLUTION_DENOMINATOR.key, "closed")
    assert observed(tree["county"])[f"{R}resolution_rate"] == (3, 19)
    figure = compute([f"{R}resolution_rate"], Y2024, tree["county"])[f"{R}resolution_rate"]
    assert figure.numerator_keys == tuple(chosen)
    assert "综合化解率计入的结案方式：调解、受理前化解" in figure.setting_note


def test_the_resolution_rates_choices_are_disjoint_counts():
    """Each choice of the numerator is a count (never a rate), and no outcome is in two."""
    from fazhi.reconsideration import rules

    counted = []
    for key, _ in indicators.RESOLUTION_NUMERATOR.choices:
        indicator = INDICATORS[key]
        assert not indicator.is_rate
        if indicator.group is indicators.PRE_ACCEPTANCE:
            counted.append(Outcome.PRE_ACCEPTANCE_RESOLVED)
        else:
            ((field, outcomes),) = indicator.match
            counted += list(outcomes)
    assert len(counted) == len(set(counted))
    assert set(rules.CORRECTIONS) <= set(counted)


def test_the_figures_of_a_legacy_record_count_as_stored(tree, hand_counted):
    """A28 keeps its old 其他终止 (flagged), counted as such until an officer states it."""
    from fazhi.reconsideration import actions

    case = hand_counted["A28"]
    assert case.outcome_unresolved
    actions.record_step(
        None, case, "resolve_outcome", datetime.date(2024, 12, 1), outcome=Outcome.WITHDRAWN
    )
    found = observed(tree["county"])
    assert (found[f"{R}closed.other_terminated"], found[f"{R}closed.withdrawn"]) == (0, 2)
    assert found[f"{R}terminated"] == 4 and found[f"{R}closed"] == 19


def test_the_pre_acceptance_and_concluded_drill_downs(tree, hand_counted):
    from fazhi.indicators.compute import records_for

    def numbers(key):
        return set(records_for(key, Y2024, tree["county"]).values_list("number", flat=True))

    assert numbers(f"{R}pre_acceptance_resolved") == {"A23", "A24"}
    assert numbers(f"{R}pre_acceptance.撤回申请") == {"A23"}
    assert numbers(f"{R}by_respondent_kind.乡镇人民政府") == {"A07"}
    concluded = numbers(f"{R}concluded")
    assert len(concluded) == 15 and not concluded & {"A03", "A04", "A23", "A24"}


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
    assert len(parts) == len(indicators.CLOSED_PARTS)
    assert sum(parts) == found[f"{R}closed"] == 4 + 4 + 9 + 0 + 3 + 2 + 1
    # 审结 = 23 less the 8 closed at the door: the report's 纠错率 has it as denominator
    assert found[f"{R}concluded"] == 15
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
