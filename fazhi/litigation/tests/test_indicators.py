"""行政应诉's figures against hand-counted cases, and against the reference report's 2024 figures.

Units: 古丈县 (433126) and its 古阳镇司法所 (433126-S01) form the county's subtree; 泸溪县
(433122) is its sibling, counted only from the prefecture up.
"""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.core.register_settings import SETTINGS
from fazhi.core.roles import Role
from fazhi.core.writes import save_record
from fazhi.indicators.actions import change_setting
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import INDICATORS, Period, check_registry
from fazhi.litigation import indicators
from fazhi.litigation.columns import REGISTER
from fazhi.litigation.models import Judgment, LitigationCase
from fazhi.reconsideration import actions as reconsideration_actions

L = "litigation."
Y2024 = Period.year(2024)
J = Judgment
LOST_DEFAULT = "撤销、部分撤销、确认违法、确认无效、责令履行、变更、给付或赔偿"
DEFAULT_NOTE = f"败诉的裁判结果：{LOST_DEFAULT}（默认）"


def make_suit(unit, number, received, *, hearing=None, head=False, concluded=None, judgment="",
              linked=None):  # fmt: skip
    """A consistent case saved through the register's one write path (derive, checks, audit).

    `hearing` is the hearing date, `head` whether the agency's head appeared at it, `linked` a
    reconsideration case: set directly, as links.resolve_links would from its number."""
    date = datetime.date.fromisoformat
    case = LitigationCase(
        unit=unit,
        number=number,
        plaintiff="王某",
        defendant="古丈县自然资源局",
        notice_received_date=date(received),
        hearing_held=hearing is not None,
        hearing_date=date(hearing) if hearing else None,
        head_appeared=head,
        head_name="李某" if head else "",
        head_title="副局长" if head else "",
        concluded_date=date(concluded) if concluded else None,
        judgment=judgment,
        reconsideration_number=linked.number if linked else "",
        reconsideration=linked,
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
        "L03": make_suit(o, "L03", "2023-10-09", hearing="2024-02-27", head=True,
                         concluded="2024-04-15", judgment=J.CONFIRMED_ILLEGAL),
        "L04": make_suit(c, "L04", "2023-11-15", concluded="2025-03-10",
                         judgment=J.SUIT_DISMISSED, linked=r[1]),
        "L05": make_suit(c, "L05", "2023-12-20", concluded="2024-01-01", judgment=J.WITHDRAWN),
        "L06": make_suit(c, "L06", "2023-08-01", concluded="2023-12-31", judgment=J.MEDIATED),
        # received 2024
        "L07": make_suit(c, "L07", "2024-01-08", hearing="2024-03-20", head=True,
                         concluded="2024-05-06", judgment=J.REVOKED, linked=r[2]),
        "L08": make_suit(c, "L08", "2024-02-10", hearing="2024-04-09",
                         concluded="2024-06-18", judgment=J.PARTLY_REVOKED),
        "L09": make_suit(o, "L09", "2024-03-04", concluded="2024-03-29",
                         judgment=J.SUIT_DISMISSED, linked=r[3]),
        "L10": make_suit(c, "L10", "2024-04-01", hearing="2024-06-11", head=True,
                         concluded="2024-08-20", judgment=J.CLAIMS_DISMISSED),
        "L11": make_suit(c, "L11", "2024-05-13", hearing="2024-07-16",
                         concluded="2024-09-30", judgment=J.ORDERED),
        "L12": make_suit(o, "L12", "2024-06-03", hearing="2024-08-27", head=True,
                         concluded="2024-11-05", judgment=J.COMPENSATION),
        "L13": make_suit(c, "L13", "2024-07-01", concluded="2024-07-25", judgment=J.WITHDRAWN),
        "L14": make_suit(c, "L14", "2024-08-12", hearing="2024-10-15", head=True,
                         concluded="2025-01-14", judgment=J.VARIED, linked=r[4]),
        "L15": make_suit(c, "L15", "2024-09-09", hearing="2024-11-19"),  # never concluded
        "L16": make_suit(o, "L16", "2024-10-08", hearing="2025-01-07", head=True,
                         concluded="2025-02-20", judgment=J.CONFIRMED_VOID),
        "L17": make_suit(c, "L17", "2024-11-11", concluded="2024-12-31", judgment=J.OTHER),
        "L18": make_suit(c, "L18", "2024-12-31"),  # received on the last day
        "L19": make_suit(c, "L19", "2024-06-20", hearing="2024-09-03",
                         concluded="2024-12-02", judgment=J.MEDIATED),
        # received 2025
        "L20": make_suit(c, "L20", "2025-01-06", hearing="2025-03-18", head=True,
                         concluded="2025-04-22", judgment=J.CLAIMS_DISMISSED, linked=r[5]),
        # the sibling county
        "L21": make_suit(s, "L21", "2024-03-01", hearing="2024-05-08", head=True,
                         concluded="2024-06-03", judgment=J.REVOKED),
    }  # fmt: skip


def by_result(**counts) -> dict[str, int]:
    """Every 裁判结果, zeros included; `counts` by the stored value."""
    found = {f"{L}by_result.{label}": 0 for label in J.labels}
    found.update({f"{L}by_result.{J(v).label}": n for v, n in counts.items()})
    return found


COUNTY_2024 = {
    f"{L}handled": 17,  # L02–L05 carried over, L07–L19 received
    f"{L}received": 13,  # L07–L19
    f"{L}concluded": 12,  # L02 L03 L05 L07 L08 L09 L10 L11 L12 L13 L17 L19
    f"{L}lost": 5,  # L03 L07 L08 L11 L12
    f"{L}loss_rate": (5, 12),
    f"{L}heard": 9,  # L03 L07 L08 L10 L11 L12 L14 L15 L19
    f"{L}head_appeared": 5,  # L03 L07 L10 L12 L14
    f"{L}head_appearance_rate": (5, 9),
    f"{L}after_reconsideration": 3,  # L07 L09 L14; L04 was received in 2023
    **by_result(
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
    ),
}


def observed(unit, period=Y2024, **kwargs) -> dict:
    keys = [k for k in INDICATORS if k.startswith(L)]
    return {
        key: (f.numerator, f.denominator) if f.indicator.is_rate else f.value
        for key, f in compute(keys, period, unit, **kwargs).items()
    }


def test_the_keys_are_exactly_those_of_the_domain_file():
    keys = [k for k in INDICATORS if k.startswith(L)]
    assert set(keys) == set(COUNTY_2024)
    assert len(keys) == 9 + 12
    assert {k for k in keys if INDICATORS[k].is_rate} == {
        f"{L}loss_rate",
        f"{L}head_appearance_rate",
    }
    assert {INDICATORS[k].unit for k in keys} == {"件", "%"}
    assert all(INDICATORS[k].label and INDICATORS[k].definition for k in keys)
    assert check_registry() == []


def test_every_figure_of_the_county_in_2024(tree, hand_counted):
    assert observed(tree["county"]) == COUNTY_2024


def test_the_results_sum_to_concluded(tree, hand_counted):
    found = observed(tree["county"])
    parts = [v for k, v in found.items() if k.startswith(f"{L}by_result.")]
    assert len(parts) == 12 and sum(parts) == found[f"{L}concluded"]


def test_other_years(tree, hand_counted):
    assert observed(tree["county"], Period.year(2023)) == {
        f"{L}handled": 6,  # L01–L06
        f"{L}received": 6,
        f"{L}concluded": 2,  # L01 L06
        f"{L}lost": 1,  # L01
        f"{L}loss_rate": (1, 2),
        f"{L}heard": 2,  # L01 L02
        f"{L}head_appeared": 1,
        f"{L}head_appearance_rate": (1, 2),
        f"{L}after_reconsideration": 1,  # L04
        **by_result(revoked=1, mediated=1),
    }
    assert observed(tree["county"], Period.year(2025)) == {
        f"{L}handled": 6,  # L04 L14 L15 L16 L18 carried over, L20
        f"{L}received": 1,
        f"{L}concluded": 4,  # L04 L14 L16 L20
        f"{L}lost": 2,  # L14 L16
        f"{L}loss_rate": (2, 4),
        f"{L}heard": 2,  # L16 L20
        f"{L}head_appeared": 2,
        f"{L}head_appearance_rate": (2, 2),
        f"{L}after_reconsideration": 1,  # L20
        **by_result(suit_dismissed=1, varied=1, confirmed_void=1, claims_dismissed=1),
    }


def test_a_period_that_is_not_a_year(tree, hand_counted):
    # The second half of 2024: L02 L03 L05 L07 L08 L09 were concluded before it began.
    found = observed(tree["county"], Period(datetime.date(2024, 7, 1), Y2024.end))
    assert found[f"{L}handled"] == 11  # L04, L10–L19
    assert (found[f"{L}received"], found[f"{L}concluded"]) == (6, 6)  # L13–L18; L10–L13 L17 L19
    assert (found[f"{L}heard"], found[f"{L}lost"]) == (5, 2)  # L11 L12 L14 L15 L19; L11 L12


def test_the_office_the_sibling_and_the_prefecture(tree, hand_counted):
    office = observed(tree["office"])
    assert office == {
        f"{L}handled": 4,  # L03 L09 L12 L16
        f"{L}received": 3,
        f"{L}concluded": 3,
        f"{L}lost": 2,
        f"{L}loss_rate": (2, 3),
        f"{L}heard": 2,
        f"{L}head_appeared": 2,
        f"{L}head_appearance_rate": (2, 2),
        f"{L}after_reconsideration": 1,
        **by_result(confirmed_illegal=1, suit_dismissed=1, compensation=1),
    }
    sibling = observed(tree["sibling"])
    assert (sibling[f"{L}handled"], sibling[f"{L}lost"], sibling[f"{L}head_appeared"]) == (1, 1, 1)
    prefecture = observed(tree["prefecture"])
    assert prefecture[f"{L}loss_rate"] == (6, 13)
    assert prefecture[f"{L}head_appearance_rate"] == (6, 10)
    assert prefecture[f"{L}by_result.撤销"] == 2


def test_the_lost_results_setting_changes_lost_and_says_so(tree, hand_counted, make_user):
    key = indicators.LOST_RESULTS.key
    figures = compute([f"{L}lost", f"{L}loss_rate"], Y2024, tree["county"])
    assert {k: f.setting_note for k, f in figures.items()} == {
        f"{L}lost": DEFAULT_NOTE,
        f"{L}loss_rate": DEFAULT_NOTE,
    }
    assert figures[f"{L}lost"].value == 5

    change_setting(make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN), key, ["revoked"])
    figures = compute([f"{L}lost", f"{L}loss_rate"], Y2024, tree["county"])
    assert figures[f"{L}lost"].value == 1  # L07
    assert (figures[f"{L}loss_rate"].numerator, figures[f"{L}loss_rate"].denominator) == (1, 12)
    assert figures[f"{L}loss_rate"].setting_note == "败诉的裁判结果：撤销"

    change_setting(None, key, [*indicators.LOST_RESULTS.default, "suit_dismissed"])
    assert observed(tree["county"])[f"{L}lost"] == 6  # and L09
    # Only the figures the setting decides change.
    assert observed(tree["county"])[f"{L}by_result.撤销"] == 1


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
    assert f"注：败诉率 — {DEFAULT_NOTE}" in out.getvalue().splitlines()
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    page = client.get("/indicators/", {"year": 2024}).content.decode()
    assert f"口径设置：{DEFAULT_NOTE}" in page and "办理行政诉讼案件" in page


# The reference report, section 三: 2024年度共办理行政诉讼案件数63件，其中有54件诉讼案件已审结;
# 二、不足: 2024年度已判决的54件诉讼案件中有12件败诉，败诉率为22%. And of the reconsideration
# cases closed in 2024, 转为行政诉讼案件仅3件，其中1件被法院裁定驳回原告起诉，另2件暂未审结.
REFERENCE_CONCLUDED = {
    J.REVOKED: 5,
    J.PARTLY_REVOKED: 1,
    J.CONFIRMED_ILLEGAL: 4,
    J.ORDERED: 2,  # 12 lost
    J.CLAIMS_DISMISSED: 30,
    J.WITHDRAWN: 8,
    J.MEDIATED: 2,
    J.SUIT_DISMISSED: 2,  # one of them after reconsideration
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
    assert found[f"{L}by_result.裁定驳回起诉"] == 2
    linked = records_for(f"{L}after_reconsideration", Y2024, reference_county)
    assert sorted(case.judgment or "未审结" for case in linked) == [
        J.SUIT_DISMISSED,
        "未审结",
        "未审结",
    ]
