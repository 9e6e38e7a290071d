"""法律顾问's rules, without a database: blank counts are 0 and add up, a row's dates and year
agree with its appointment, the 法律顾问团 and 公职律师 rules, and when the board says 聘任期满."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core.models import UnitKind
from fazhi.counsel import rules

D = datetime.date
TODAY = D(2025, 6, 10)


def row(**changes):
    values = {
        "year": 2025,
        "name": "彭晓燕",
        "category": rules.PUBLIC_LAWYER,
        "on_county_panel": False,
        "licence_number": "34331201210000301",
        "served_unit": SimpleNamespace(kind=UnitKind.ENFORCEMENT_DEPARTMENT, name="市场监管局"),
        "start_date": D(2021, 3, 1),
        "end_date": None,
        "contracts_reviewed": 20,
        "opinions_issued": 9,
        "cases_handled": 2,
        "meetings_attended": 5,
        "other_matters": 3,
    }
    values.update(changes)
    return SimpleNamespace(**values)


def said(record, this_year=2025) -> dict[str, str]:
    return {p.header: p.message for p in rules.check(record, this_year)}


def test_blank_counts_are_zero_and_the_total_adds_the_five():
    record = row(opinions_issued=None, other_matters=None)
    rules.derive(record, {})
    assert (record.opinions_issued, record.other_matters) == (0, 0)
    assert record.matters_total == 20 + 0 + 2 + 5 + 0
    record.cases_handled = 10
    rules.derive(record)
    assert record.matters_total == 35


def test_a_consistent_row_has_no_problem():
    assert said(row()) == {}
    assert said(row(end_date=D(2025, 1, 1), start_date=D(2025, 1, 1))) == {}


def test_the_appointment_ends_after_it_starts():
    found = said(row(start_date=D(2025, 3, 1), end_date=D(2025, 2, 28)))
    assert found == {"聘任结束日期": "聘任结束日期不能早于聘任开始日期"}


@pytest.mark.parametrize(
    ("year", "start", "end", "message"),
    [
        (2020, D(2021, 3, 1), None, "2020年度早于聘任开始日期（2021-03-01）"),
        (2025, D(2021, 3, 1), D(2024, 12, 31), "聘任已于2024-12-31结束，2025年度不在聘任期内"),
        (2026, D(2021, 3, 1), None, "2026年度尚未开始"),
        (1999, D(1998, 3, 1), None, "年度应在 2000—2100 之间"),
    ],
)
def test_the_year_lies_within_the_appointment_and_has_begun(year, start, end, message):
    found = said(row(year=year, start_date=start, end_date=end))
    assert list(found) == ["年度"] and message in found["年度"]


def test_a_year_partly_within_the_appointment_is_one_of_it():
    # Appointed in December 2024, ended in January 2025: both years are his.
    for year in (2024, 2025):
        assert said(row(year=year, start_date=D(2024, 12, 1), end_date=D(2025, 1, 31))) == {}


def test_only_a_government_counsel_serving_the_bureau_is_on_the_county_panel():
    lawyer = row(on_county_panel=True)
    assert "只有政府法律顾问是县政府法律顾问团成员" in said(lawyer)["是否县政府法律顾问团成员"]
    department = row(category=rules.GOVERNMENT_COUNSEL, on_county_panel=True)
    assert "应填写县司法局的单位代码" in said(department)["服务单位"]
    bureau = SimpleNamespace(kind=UnitKind.COUNTY, name="古丈县司法局")
    member = row(category=rules.GOVERNMENT_COUNSEL, on_county_panel=True, served_unit=bureau)
    assert said(member) == {}


def test_a_public_lawyer_holds_a_certificate_and_serves_a_public_body():
    assert "公职律师应填写公职律师证号" in said(row(licence_number=" "))["执业证号"]
    # An outside adviser (a scholar) may have no 执业证号.
    assert said(row(category=rules.GOVERNMENT_COUNSEL, licence_number="")) == {}
    notary = SimpleNamespace(kind=UnitKind.NOTARY_OFFICE, name="古丈县公证处")
    assert "不是党政机关或人民团体" in said(row(served_unit=notary))["服务单位"]
    assert said(row(category=rules.GOVERNMENT_COUNSEL, served_unit=notary)) == {}


def test_a_negative_count_is_refused():
    header = "参与诉讼和仲裁案件（件）"
    assert said(row(cases_handled=-1)) == {header: f"{header}应为非负整数"}


def test_a_mediation_committee_serves_no_adviser():
    assert rules.served_unit_problems("433126-S01-01", UnitKind.MEDIATION_COMMITTEE)
    for kind in (
        UnitKind.COUNTY,
        UnitKind.SECTION,
        UnitKind.LEGAL_AID_CENTER,
        UnitKind.ENFORCEMENT_DEPARTMENT,
        UnitKind.TOWNSHIP_GOVERNMENT,
    ):
        assert rules.served_unit_problems("x", kind) == []


@pytest.mark.parametrize(
    ("year", "end", "latest", "state"),
    [
        (2025, D(2025, 6, 10), True, rules.EXPIRING),  # today is within the window
        (2025, D(2025, 7, 10), True, rules.EXPIRING),  # the window's last day
        (2025, D(2025, 7, 11), True, ""),
        (2024, D(2025, 6, 20), True, rules.EXPIRING),  # this year's row not entered yet
        (2024, D(2025, 6, 20), False, ""),  # renewed: the later row decides
        (2025, D(2025, 6, 9), True, rules.EXPIRED),  # ended, still on this year's list
        (2024, D(2025, 1, 31), True, ""),  # ended, and not on this year's list
        (2025, None, True, ""),  # no fixed term
    ],
)
def test_the_board_warns_of_a_term_ending_soon_or_ended_this_year(year, end, latest, state):
    record = row(year=year, end_date=end)
    assert rules.term_state(record, TODAY, 30, latest=latest) == state


def test_the_warning_window_is_the_setting_or_its_default():
    assert rules.warning_days({}) == 30
    assert rules.warning_days({rules.TERM_WARNING_DAYS: "60"}) == 60
    assert rules.warning_days({rules.TERM_WARNING_DAYS: "7"}) == 30  # not offered


def test_names_compare_without_the_blanks_typed_between_characters():
    assert rules.same_person("张  三", "张三") and not rules.same_person("张三", "张山")
