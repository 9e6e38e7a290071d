"""行政应诉's figures against hand-counted cases, and against the reference report's 2024 figures.

Units: 古丈县 (433126) and its 古阳镇司法所 (433126-S01) form the county's subtree; 泸溪县
(433122) is its sibling, counted only from the prefecture up.
"""

import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.core.register_settings import SETTINGS
from fazhi.core.roles import Role
from fazhi.core.writes import save_record
from fazhi.indicators.actions import change_setting
from fazhi.indicators.compute import (
    balances,
    compute,
    compute_monthly,
    months_between,
    records_for,
)
from fazhi.indicators.registry import INDICATORS, Period, check_registry
from fazhi.litigation import indicators
from fazhi.litigation.columns import REGISTER
from fazhi.litigation.models import ClosingMethod, Instance, Judgment, LitigationCase
from fazhi.reconsideration import actions as reconsideration_actions

L = "litigation."
Y2024 = Period.year(2024)
J, INST, C = Judgment, Instance, ClosingMethod
LOST_DEFAULT = "撤销、部分撤销、确认违法、确认无效、责令履行、变更、给付或赔偿"
DEFAULT_NOTE = f"败诉的裁判结果：{LOST_DEFAULT}（默认）"
DENOMINATOR_NOTE = "败诉率、胜诉率的分母：审结件数（判决、裁定、撤诉、调解等全部结案方式）（默认）"
RATE_NOTE = f"{DENOMINATOR_NOTE}；{DEFAULT_NOTE}"


def make_suit(unit, number, received, *, hearing=None, head=False, spoke=False, concluded=None,
              judgment="", closing="", linked=None, instance=INST.FIRST, joint=False,
              review=False):  # fmt: skip
    """A consistent case saved through the register's one write path (derive, checks, audit).

    `hearing` is the hearing date, `head` whether the agency's head appeared at it and `spoke`
    whether he spoke; `closing` the 结案方式 of a 其他 (derive gives the others'); `linked` a
    reconsideration case: set directly, as links.resolve_links would from its number; `joint`
    共同应诉, `review` 规范性文件附带审查."""
    date = datetime.date.fromisoformat
    case = LitigationCase(
        unit=unit,
        number=number,
        plaintiff="王某",
        defendant="古丈县自然资源局",
        instance=instance,
        notice_received_date=date(received),
        hearing_held=hearing is not None,
        hearing_date=date(hearing) if hearing else None,
        head_appeared=head,
        head_name="李某" if head else "",
        head_title="副局长" if head else "",
        head_spoke=spoke,
        concluded_date=date(concluded) if concluded else None,
        judgment=judgment,
        closing_method=closing,
        reconsideration_number=linked.number if linked else "",
        reconsideration=linked,
        joint_defence=joint,
        normative_review=review,
    )
    return save_record(None, REGISTER, case)


def make_reconsideration(unit, number, received):
    return reconsideration_actions.register_case(
        None,
        unit=unit,
        number=number,
        applicant="王某",
        respondent="古丈县自然资源局",
        received_date=datetime.date.fromisoformat(received),
    )


@pytest.fixture
def hand_counted(tree):
    c, o, s = tree["county"], tree["office"], tree["sibling"]
    r = {n: make_reconsideration(c, f"古政复〔{y}〕{n}号", f"{y}-01-08")
         for y, n in ((2023, 1), (2024, 2), (2024, 3), (2024, 4), (2024, 5))}  # fmt: skip
    return {
        # received 2023: concluded 2023 (L01, L06), carried into 2024 (the rest)
        "L01": make_suit(c, "L01", "2023-03-01", hearing="2023-05-10", head=True,
                         concluded="2023-07-01", judgment=J.REVOKED),
        "L02": make_suit(c, "L02", "2023-06-05", hearing="2023-09-12",
                         concluded="2024-01-20", judgment=J.CLAIMS_DISMISSED),
        "L03": make_suit(o, "L03", "2023-10-09", hearing="2024-02-27", head=True, spoke=True,
                         concluded="2024-04-15", judgment=J.CONFIRMED_ILLEGAL),
        "L04": make_suit(c, "L04", "2023-11-15", concluded="2025-03-10",
                         judgment=J.SUIT_DISMISSED, linked=r[1], joint=True),
        "L05": make_suit(c, "L05", "2023-12-20", concluded="2024-01-01", judgment=J.WITHDRAWN),
        "L06": make_suit(c, "L06", "2023-08-01", concluded="2023-12-31", judgment=J.MEDIATED),
        # received 2024
        "L07": make_suit(c, "L07", "2024-01-08", hearing="2024-03-20", head=True,
                         concluded="2024-05-06", judgment=J.REVOKED, linked=r[2], joint=True),
        "L08": make_suit(c, "L08", "2024-02-10", hearing="2024-04-09", instance=INST.SECOND,
                         concluded="2024-06-18", judgment=J.PARTLY_REVOKED),
        "L09": make_suit(o, "L09", "2024-03-04", concluded="2024-03-29",
                         judgment=J.SUIT_DISMISSED, linked=r[3]),
        "L10": make_suit(c, "L10", "2024-04-01", hearing="2024-06-11", head=True, spoke=True,
                         concluded="2024-08-20", judgment=J.CLAIMS_DISMISSED, review=True),
        "L11": make_suit(c, "L11", "2024-05-13", hearing="2024-07-16", instance=INST.SECOND,
                         concluded="2024-09-30", judgment=J.ORDERED),
        "L12": make_suit(o, "L12", "2024-06-03", hearing="2024-08-27", head=True,
                         concluded="2024-11-05", judgment=J.COMPENSATION),
        "L13": make_suit(c, "L13", "2024-07-01", concluded="2024-07-25", judgment=J.WITHDRAWN),
        "L14": make_suit(c, "L14", "2024-08-12", hearing="2024-10-15", head=True, spoke=True,
                         concluded="2025-01-14", judgment=J.VARIED, linked=r[4], joint=True),
        "L15": make_suit(c, "L15", "2024-09-09", hearing="2024-11-19"),  # never concluded
        "L16": make_suit(o, "L16", "2024-10-08", hearing="2025-01-07", head=True,
                         instance=INST.RETRIAL, concluded="2025-02-20", judgment=J.CONFIRMED_VOID),
        # 其他, its 结案方式 said by the officer: moved to another court by a 裁定
        "L17": make_suit(c, "L17", "2024-11-11", concluded="2024-12-31", judgment=J.OTHER,
                         closing=C.RULING),
        "L18": make_suit(c, "L18", "2024-12-31"),  # received on the last day
        "L19": make_suit(c, "L19", "2024-06-20", hearing="2024-09-03",
                         concluded="2024-12-02", judgment=J.MEDIATED),
        # received 2025
        "L20": make_suit(c, "L20", "2025-01-06", hearing="2025-03-18", head=True, spoke=True,
                         concluded="2025-04-22", judgment=J.CLAIMS_DISMISSED, linked=r[5]),
        # the sibling county
        "L21": make_suit(s, "L21", "2024-03-01", hearing="2024-05-08", head=True,
                         concluded="2024-06-03", judgment=J.REVOKED, review=True),
    }  # fmt: skip


def litigation_keys() -> list[str]:
    return [k for k in INDICATORS if k.startswith(L)]


def figures(found: dict, **by_result_counts) -> dict:
    """Every litigation figure as observed() gives it: those in `found` (keys without the
    prefix), every other count 0 and every other rate (0, 0); `by_result_counts` the 裁判结果
    breakdown by stored value."""
    expected = {key: (0, 0) if INDICATORS[key].is_rate else 0 for key in litigation_keys()}
    expected.update({f"{L}{key}": value for key, value in found.items()})
    expected.update({f"{L}by_result.{J(v).label}": n for v, n in by_result_counts.items()})
    assert set(expected) == set(litigation_keys()), set(expected) ^ set(litigation_keys())
    return expected


COUNTY_2024 = figures(
    {
        "handled": 17,  # L02–L05 carried over, L07–L19 received
        "received": 13,  # L07–L19
        "by_instance.一审": 10,
        "by_instance.二审": 2,  # L08 L11
        "by_instance.再审": 1,  # L16
        "joint_defence": 2,  # L07 L14; L04 was received in 2023
        "normative_review": 1,  # L10; L21 is the sibling's
        "after_reconsideration": 3,  # L07 L09 L14; L04 was received in 2023
        "after_reconsideration.判决": 1,  # L07
        "after_reconsideration.裁定": 1,  # L09, 裁定驳回起诉
        "after_reconsideration.pending": 1,  # L14, concluded only in 2025
        "concluded": 12,  # L02 L03 L05 L07 L08 L09 L10 L11 L12 L13 L17 L19
        "concluded.判决": 7,  # L02 L03 L07 L08 L10 L11 L12
        "concluded.裁定": 2,  # L09, and L17 (其他, said to be a 裁定)
        "concluded.撤诉": 2,  # L05 L13
        "concluded.调解": 1,  # L19
        "judged": 7,
        "lost": 5,  # L03 L07 L08 L11 L12
        "judged_lost": 5,
        "won": 2,  # L02 L10: 驳回诉讼请求
        "loss_rate": (5, 12),
        "win_rate": (2, 12),
        "heard": 9,  # L03 L07 L08 L10 L11 L12 L14 L15 L19
        "head_appeared": 5,  # L03 L07 L10 L12 L14
        "head_appearance_rate": (5, 9),
        "head_spoke": 3,  # L03 L10 L14
        "head_spoke_rate": (3, 9),
    },
    claims_dismissed=2,  # L02 L10
    revoked=1,
    partly_revoked=1,
    confirmed_illegal=1,
    ordered=1,
    compensation=1,
    suit_dismissed=1,
    withdrawn=2,  # L05 (on 1 January) L13
    mediated=1,
    other=1,  # L17 (on 31 December)
)


def observed(unit, period=Y2024, **kwargs) -> dict:
    keys = litigation_keys()
    return {
        key: (f.numerator, f.denominator) if f.indicator.is_rate else f.value
        for key, f in compute(keys, period, unit, **kwargs).items()
    }


DOMAIN_FILE = Path(__file__).resolve().parents[3] / "docs" / "domain" / "litigation.md"


def test_the_keys_are_exactly_those_of_the_domain_file():
    """docs/domain/litigation.md's Figures section names every figure once, and nothing else."""
    text = DOMAIN_FILE.read_text(encoding="utf-8")
    section = text.split("\n## Figures", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(litigation\.[^`]+)` \|", section, flags=re.MULTILINE)
    assert sorted(documented) == sorted(litigation_keys())
    assert len(documented) == len(set(documented))
    assert {INDICATORS[k].unit for k in documented} == {"件", "%"}
    assert all(INDICATORS[k].label and INDICATORS[k].definition for k in documented)
    assert check_registry() == []


def test_every_rate_names_its_numerator_and_denominator_in_words():
    rates = [INDICATORS[k] for k in litigation_keys() if INDICATORS[k].is_rate]
    assert {r.key for r in rates} == {
        f"{L}loss_rate",
        f"{L}win_rate",
        f"{L}head_appearance_rate",
        f"{L}head_spoke_rate",
    }
    for rate in rates:
        numerator, denominator = rate.definition.split("÷", 1)
        assert "件数" in numerator and ("件数" in denominator or "案件" in denominator), rate.key


def test_every_figure_of_the_county_in_2024(tree, hand_counted):
    assert observed(tree["county"]) == COUNTY_2024


FAMILIES = {
    # whole → the prefix of its parts, which sum to it
    f"{L}concluded": f"{L}concluded.",
    f"{L}after_reconsideration": f"{L}after_reconsideration.",
}


def assert_families_sum(found: dict):
    for whole, prefix in FAMILIES.items():
        parts = [v for k, v in found.items() if k.startswith(prefix)]
        assert sum(parts) == found[whole], whole
    results = [v for k, v in found.items() if k.startswith(f"{L}by_result.")]
    assert len(results) == 12 and sum(results) == found[f"{L}concluded"]
    assert found[f"{L}won"] + found[f"{L}judged_lost"] == found[f"{L}judged"]
    assert found[f"{L}judged"] == found[f"{L}concluded.判决"]
    instances = [v for k, v in found.items() if k.startswith(f"{L}by_instance.")]
    assert len(instances) == 3 and sum(instances) == found[f"{L}received"]


def test_the_breakdowns_sum_to_their_wholes(tree, hand_counted):
    for unit in ("county", "office", "sibling", "prefecture"):
        for period in (Period.year(2023), Y2024, Period.year(2025), QUARTER_1, SECOND_HALF):
            assert_families_sum(observed(tree[unit], period))


def test_the_figures_page_checks_that_the_closing_methods_sum_to_concluded(tree, hand_counted):
    keys = litigation_keys()
    found = compute(keys, Y2024, tree["county"])
    checked = balances([INDICATORS[k] for k in keys], found)
    # The five 结案方式 parts (判决 裁定 撤诉 调解 待确定) and the twelve 裁判结果 each sum to 审结.
    assert sorted((b["whole"].key, b["parts"], b["total"], b["ok"]) for b in checked) == [
        (f"{L}concluded", 5, 12, True),
        (f"{L}concluded", 12, 12, True),
    ]


def test_other_years(tree, hand_counted):
    assert observed(tree["county"], Period.year(2023)) == figures(
        {
            "handled": 6,  # L01–L06
            "received": 6,
            "by_instance.一审": 6,
            "joint_defence": 1,  # L04
            "after_reconsideration": 1,  # L04
            "after_reconsideration.pending": 1,  # concluded in 2025
            "concluded": 2,  # L01 L06
            "concluded.判决": 1,
            "concluded.调解": 1,
            "judged": 1,
            "lost": 1,  # L01
            "judged_lost": 1,
            "loss_rate": (1, 2),
            "win_rate": (0, 2),
            "heard": 2,  # L01 L02
            "head_appeared": 1,
            "head_appearance_rate": (1, 2),
            "head_spoke_rate": (0, 2),  # L01's head did not speak
        },
        revoked=1,
        mediated=1,
    )
    assert observed(tree["county"], Period.year(2025)) == figures(
        {
            "handled": 6,  # L04 L14 L15 L16 L18 carried over, L20
            "received": 1,
            "by_instance.一审": 1,
            "after_reconsideration": 1,  # L20
            "after_reconsideration.判决": 1,  # concluded 2025-04-22
            "concluded": 4,  # L04 L14 L16 L20
            "concluded.判决": 3,  # L14 L16 L20
            "concluded.裁定": 1,  # L04
            "judged": 3,
            "lost": 2,  # L14 L16
            "judged_lost": 2,
            "won": 1,  # L20
            "loss_rate": (2, 4),
            "win_rate": (1, 4),
            "heard": 2,  # L16 L20
            "head_appeared": 2,
            "head_appearance_rate": (2, 2),
            "head_spoke": 1,  # L20
            "head_spoke_rate": (1, 2),
        },
        suit_dismissed=1,
        varied=1,
        confirmed_void=1,
        claims_dismissed=1,
    )


QUARTER_1 = Period(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
SECOND_HALF = Period(datetime.date(2024, 7, 1), Y2024.end)


def test_a_period_that_is_not_a_year(tree, hand_counted):
    # The second half of 2024: L02 L03 L05 L07 L08 L09 were concluded before it began.
    found = observed(tree["county"], SECOND_HALF)
    assert found[f"{L}handled"] == 11  # L04, L10–L19
    assert (found[f"{L}received"], found[f"{L}concluded"]) == (6, 6)  # L13–L18; L10–L13 L17 L19
    assert (found[f"{L}heard"], found[f"{L}lost"]) == (5, 2)  # L11 L12 L14 L15 L19; L11 L12
    assert found[f"{L}by_instance.再审"] == 1  # L16
    assert (found[f"{L}joint_defence"], found[f"{L}after_reconsideration.pending"]) == (1, 1)
    assert found[f"{L}head_spoke_rate"] == (1, 5)  # L14


def test_how_the_suits_after_reconsideration_stood_at_the_periods_end(tree, hand_counted):
    """The first quarter of 2024: L07 (received 01-08) was concluded only on 05-06, so it was
    pending at the quarter's end; L09 was dismissed by a 裁定 on 03-29. The year: both ended."""
    parts = f"{L}after_reconsideration."

    def ended(period):
        found = observed(tree["county"], period)
        return {k[len(parts) :]: v for k, v in found.items() if k.startswith(parts) and v}

    assert ended(QUARTER_1) == {"pending": 1, "裁定": 1}
    assert ended(Y2024) == {"判决": 1, "裁定": 1, "pending": 1}
    assert ended(Period(datetime.date(2024, 1, 1), datetime.date(2025, 6, 30))) == {
        "判决": 3,  # L07 L14 L20
        "裁定": 1,  # L09
    }


def test_the_office_the_sibling_and_the_prefecture(tree, hand_counted):
    office = observed(tree["office"])
    assert office == figures(
        {
            "handled": 4,  # L03 L09 L12 L16
            "received": 3,  # L09 L12 L16
            "by_instance.一审": 2,
            "by_instance.再审": 1,  # L16
            "after_reconsideration": 1,  # L09
            "after_reconsideration.裁定": 1,
            "concluded": 3,  # L03 L09 L12
            "concluded.判决": 2,
            "concluded.裁定": 1,
            "judged": 2,
            "lost": 2,
            "judged_lost": 2,
            "loss_rate": (2, 3),
            "win_rate": (0, 3),
            "heard": 2,
            "head_appeared": 2,
            "head_appearance_rate": (2, 2),
            "head_spoke": 1,  # L03
            "head_spoke_rate": (1, 2),
        },
        confirmed_illegal=1,
        suit_dismissed=1,
        compensation=1,
    )
    sibling = observed(tree["sibling"])
    assert (sibling[f"{L}handled"], sibling[f"{L}lost"], sibling[f"{L}head_appeared"]) == (1, 1, 1)
    assert (sibling[f"{L}normative_review"], sibling[f"{L}head_spoke"]) == (1, 0)
    prefecture = observed(tree["prefecture"])
    assert prefecture[f"{L}loss_rate"] == (6, 13)
    assert prefecture[f"{L}head_appearance_rate"] == (6, 10)
    assert prefecture[f"{L}head_spoke_rate"] == (3, 10)
    assert prefecture[f"{L}normative_review"] == 2  # L10 L21
    assert prefecture[f"{L}by_result.撤销"] == 2


def test_the_lost_results_setting_changes_lost_and_says_so(tree, hand_counted, make_user):
    key = indicators.LOST_RESULTS.key
    figures_ = compute([f"{L}lost", f"{L}loss_rate"], Y2024, tree["county"])
    assert {k: f.setting_note for k, f in figures_.items()} == {
        f"{L}lost": DEFAULT_NOTE,
        f"{L}loss_rate": RATE_NOTE,
    }
    assert figures_[f"{L}lost"].value == 5

    change_setting(make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN), key, ["revoked"])
    figures_ = compute([f"{L}lost", f"{L}loss_rate", f"{L}won"], Y2024, tree["county"])
    assert figures_[f"{L}lost"].value == 1  # L07
    rate = figures_[f"{L}loss_rate"]
    assert (rate.numerator, rate.denominator) == (1, 12)
    assert rate.setting_note == f"{DENOMINATOR_NOTE}；败诉的裁判结果：撤销"
    # 胜诉 is every other judgment: L02 L03 L08 L10 L11 L12.
    assert figures_[f"{L}won"].value == 6

    change_setting(None, key, [*indicators.LOST_RESULTS.default, "suit_dismissed"])
    found = observed(tree["county"])
    assert found[f"{L}lost"] == 6  # and L09
    # A 裁定 is no judgment: 判决败诉 and 胜诉 stay as they were.
    assert (found[f"{L}judged_lost"], found[f"{L}won"]) == (5, 2)
    # Only the figures the setting decides change.
    assert found[f"{L}by_result.撤销"] == 1


def test_the_denominator_setting_divides_by_the_judgments_and_says_so(tree, hand_counted):
    """“已判决的7件中有5件败诉”: with the judgments as denominator, 败诉率 is 判决败诉 ÷ 判决结案
    and 胜诉率 胜诉 ÷ 判决结案, which add up to the whole."""
    key = indicators.LOSS_DENOMINATOR.key
    change_setting(None, key, indicators.JUDGED)
    rates = compute([f"{L}loss_rate", f"{L}win_rate"], Y2024, tree["county"])
    loss, win = rates[f"{L}loss_rate"], rates[f"{L}win_rate"]
    assert (loss.numerator, loss.denominator, win.numerator, win.denominator) == (5, 7, 2, 7)
    assert loss.numerator_keys == (f"{L}judged_lost",)
    assert loss.denominator_keys == win.denominator_keys == (f"{L}judged",)
    assert loss.setting_note.startswith("败诉率、胜诉率的分母：判决结案件数；")
    # A 裁定 counted as lost is no lost judgment: the numerator stays within the denominator.
    change_setting(None, indicators.LOST_RESULTS.key, [*indicators.LOST_RESULTS.default,
                                                       "suit_dismissed"])  # fmt: skip
    assert observed(tree["county"])[f"{L}loss_rate"] == (5, 7)
    # The records behind each part are the judgments.
    officer_records = records_for(f"{L}loss_rate", Y2024, tree["county"], part="denominator")
    assert sorted(c.number for c in officer_records) == [
        "L02", "L03", "L07", "L08", "L10", "L11", "L12"
    ]  # fmt: skip
    # Back to every concluded case.
    change_setting(None, key, indicators.CONCLUDED)
    assert observed(tree["county"])[f"{L}loss_rate"] == (6, 12)


def test_a_county_may_divide_otherwise_than_the_rest(tree, hand_counted):
    """The setting belongs to a unit and its subtree: the county divides by the judgments, the
    prefecture (and the sibling county under it) keep the default."""
    change_setting(None, indicators.LOSS_DENOMINATOR.key, indicators.JUDGED, tree["county"])
    assert observed(tree["county"])[f"{L}loss_rate"] == (5, 7)
    assert observed(tree["office"])[f"{L}loss_rate"] == (2, 2)  # inherits the county's
    assert observed(tree["sibling"])[f"{L}loss_rate"] == (1, 1)  # L21, a judgment either way
    assert observed(tree["prefecture"])[f"{L}loss_rate"] == (6, 13)


def test_the_setting_is_litigations_own_and_follows_its_choices():
    setting = SETTINGS[indicators.LOST_RESULTS.key]
    assert setting is indicators.LOST_RESULTS
    assert [label for _, label in setting.choices] == list(J.labels)
    assert setting.label_of(setting.default) == LOST_DEFAULT


def test_every_figure_drills_down_to_exactly_its_records(tree, hand_counted, make_user):
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    keys = [k for k in INDICATORS if k.startswith(L)]
    prefecture = tree["prefecture"]
    for key, figure in compute(keys, Y2024, prefecture, user=officer).items():
        records = records_for(key, Y2024, prefecture, officer)
        if figure.indicator.is_rate:
            assert records.count() == figure.numerator, key
            denominator = records_for(key, Y2024, prefecture, officer, part="denominator")
            assert denominator.count() == figure.denominator, key
        else:
            assert records.count() == figure.value, key
    # The officer sees his county only: the sibling's L21 is in no figure of his.
    assert observed(prefecture, user=officer) == COUNTY_2024
    numbers = records_for(f"{L}after_reconsideration", Y2024, prefecture, officer)
    assert sorted(case.number for case in numbers) == ["L07", "L09", "L14"]


def test_each_family_is_one_group_by_query(tree, hand_counted, django_assert_num_queries):
    # Each compute() of a closed year first asks which registers have rollups of it (1).
    concluded = [k for k in INDICATORS if k.startswith((f"{L}concluded", f"{L}by_result."))]
    with django_assert_num_queries(1 + 1):
        compute(concluded, Y2024, tree["county"])
    handled = [f"{L}handled", f"{L}received", f"{L}after_reconsideration"]
    with django_assert_num_queries(1 + 1):
        compute(handled, Y2024, tree["county"])
    # handled, concluded and heard families, and the settings for 败诉
    with django_assert_num_queries(1 + 4):
        compute([k for k in INDICATORS if k.startswith(L)], Y2024, tree["county"])


def run_command(*args) -> dict:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_indicators_command_gives_every_litigation_key(tree, hand_counted):
    found = run_command("--year", "2024", "--format", "json")
    for key in COUNTY_2024:
        indicator = INDICATORS[key]
        item = found[key]
        assert (item["label"], item["unit"]) == (indicator.label, indicator.unit), key
        expected_keys = {"label", "unit", "value"}
        if indicator.is_rate:
            expected_keys |= {"numerator", "denominator"}
        assert set(item) == expected_keys, key
    assert found[f"{L}loss_rate"] == {
        "label": "败诉率",
        "unit": "%",
        "value": 0.4615,
        "numerator": 6,
        "denominator": 13,
    }
    county = run_command("--year", "2024", "--unit", "433126", "--format", "json")
    assert {
        key: (item["numerator"], item["denominator"]) if "numerator" in item else item["value"]
        for key, item in county.items()
        if key.startswith(L)
    } == COUNTY_2024
    assert county[f"{L}by_result.变更"] == {"label": "审结（变更）", "unit": "件", "value": 0}


def test_the_setting_note_shows_in_the_table_and_on_the_figures_page(
    client, tree, hand_counted, make_user
):
    out = StringIO()
    call_command("indicators", "--year", "2024", "--unit", "433126", stdout=out)
    assert f"注：败诉率 — {RATE_NOTE}" in out.getvalue().splitlines()
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    page = client.get("/indicators/", {"year": 2024}).content.decode()
    assert f"口径设置：{DEFAULT_NOTE}" in page and "办理行政诉讼案件" in page


# The reference report, section 三: 2024年度共办理行政诉讼案件数63件，其中有54件诉讼案件已审结;
# 二、不足: 2024年度已判决的54件诉讼案件中有12件败诉，败诉率为22%. And of the reconsideration
# cases closed in 2024, 转为行政诉讼案件仅3件，其中1件被法院裁定驳回原告起诉，另2件暂未审结.
# The 54 are every concluded case (issue 23): only 34 were judgments.
REFERENCE_CONCLUDED = {
    J.REVOKED: 5,
    J.PARTLY_REVOKED: 1,
    J.CONFIRMED_ILLEGAL: 4,
    J.ORDERED: 2,  # 12 lost
    J.CLAIMS_DISMISSED: 22,  # 34 judgments
    J.WITHDRAWN: 12,
    J.MEDIATED: 2,
    J.SUIT_DISMISSED: 6,  # one of them after reconsideration
}


@pytest.fixture
def reference_county(tree):
    county, n = tree["county"], 0

    def suit(received, **facts):
        nonlocal n
        n += 1
        return make_suit(county, f"（{received[:4]}）湘3101行初{n}号", received, **facts)

    def reconsideration(number):
        return make_reconsideration(county, f"古政复〔2024〕{number}号", "2024-01-08")

    results = [j for j, count in REFERENCE_CONCLUDED.items() for _ in range(count)]
    assert len(results) == 54
    # 9 carried over from 2023 and 45 received in 2024 are concluded in 2024: 54.
    for judgment in results[:9]:
        suit("2023-11-06", concluded="2024-03-12", judgment=judgment)
    for judgment in results[9:-1]:
        suit("2024-03-04", hearing="2024-05-14", head=True, concluded="2024-07-09",
             judgment=judgment)  # fmt: skip
    suit("2024-06-03", concluded="2024-07-01", judgment=J.SUIT_DISMISSED,
         linked=reconsideration(1))  # fmt: skip
    # 9 received in 2024 are still pending at its end; two of them followed reconsideration.
    suit("2024-10-08", linked=reconsideration(2))
    suit("2024-11-11", linked=reconsideration(3))
    for _ in range(7):
        suit("2024-12-02")
    # Outside 2024's figures: concluded in 2023, received in 2025.
    suit("2023-02-06", concluded="2023-09-04", judgment=J.REVOKED)
    suit("2025-01-06")
    return county


def test_the_reference_reports_figures(reference_county):
    found = observed(reference_county)
    assert (found[f"{L}handled"], found[f"{L}concluded"]) == (63, 54)
    assert found[f"{L}lost"] == 12 and found[f"{L}loss_rate"] == (12, 54)
    rate = compute([f"{L}loss_rate"], Y2024, reference_county)[f"{L}loss_rate"]
    assert round(rate.value * 100) == 22  # printed as 22%
    assert found[f"{L}received"] == 54 and found[f"{L}after_reconsideration"] == 3
    assert found[f"{L}by_result.裁定驳回起诉"] == 6
    linked = records_for(f"{L}after_reconsideration", Y2024, reference_county)
    assert sorted(case.judgment or "未审结" for case in linked) == [
        J.SUIT_DISMISSED,
        "未审结",
        "未审结",
    ]
    # "其中1件被法院裁定驳回原告起诉，另2件暂未审结": the family says it, and sums.
    ended = {k: v for k, v in found.items() if k.startswith(f"{L}after_reconsideration.") and v}
    assert ended == {f"{L}after_reconsideration.裁定": 1, f"{L}after_reconsideration.pending": 2}
    # 审结 54 by 结案方式: 34 判决, 6 裁定, 12 撤诉, 2 调解.
    assert [found[f"{L}concluded.{m}"] for m in C.labels] == [34, 6, 12, 2]
    assert (found[f"{L}judged"], found[f"{L}won"]) == (34, 22)


def test_the_reference_reports_lost_among_the_judgments(reference_county):
    """“已判决的34件中有12件败诉”, as the report should have said: 35.29%."""
    change_setting(None, indicators.LOSS_DENOMINATOR.key, indicators.JUDGED)
    rate = compute([f"{L}loss_rate"], Y2024, reference_county)[f"{L}loss_rate"]
    assert (rate.numerator, rate.denominator) == (12, 34)
    assert rate.shown == "35.29%"


def test_every_dated_figure_gives_by_month_what_compute_gives(tree, hand_counted):
    """compute_monthly groups a flow by the month of its date in one query; each month must be
    what compute() gives for it (新收's parts by receipt, 审结's by conclusion)."""
    dated = [k for k in litigation_keys() if INDICATORS[k].by_month]
    assert {f"{L}by_instance.二审", f"{L}joint_defence", f"{L}concluded.判决", f"{L}won"} <= set(
        dated
    )
    monthly = compute_monthly(dated, (2023, 1), (2025, 12), tree["county"])
    for month in months_between((2023, 1), (2025, 12)):
        found = compute(dated, Period.month(*month), tree["county"])
        assert {k: monthly[k][month] for k in dated} == {k: f.value for k, f in found.items()}


def test_the_yearly_rollups_give_the_figures_the_records_give(tree, hand_counted):
    """A closed year's figures read from the stored rollups (indicators/rollups.py), grouped by
    the families' new fields (审级, 结案方式, where a suit stood at the year's end …)."""
    from fazhi.indicators import rollups

    live = {unit: observed(tree[unit]) for unit in ("county", "office", "prefecture")}
    assert rollups.build(REGISTER.name, [2024]) > 0
    assert rollups.available(Y2024, tree["prefecture"], None).covers(REGISTER.name)
    assert {unit: observed(tree[unit]) for unit in live} == live
