"""关联复议案件编号 → the reconsideration case: one rule for forms, actions and imports."""

from datetime import date

import pytest

from fazhi.core.roles import Role
from fazhi.litigation.links import resolve_links
from fazhi.litigation.models import LitigationCase
from fazhi.reconsideration import actions as reconsideration_actions

ROLE = Role.RECONSIDERATION


def reconsideration(unit, number):
    return reconsideration_actions.register_case(
        None,
        unit=unit,
        number=number,
        applicant="王某",
        respondent="古丈县自然资源局",
        received_date=date(2024, 1, 8),
    )


def suit(unit, number):
    return LitigationCase(unit=unit, number="（2024）湘3101行初1号", reconsideration_number=number)


def messages(problems):
    return [(p.header, p.message) for _, p in problems]


@pytest.fixture
def cases(tree):
    return {
        "county": reconsideration(tree["county"], "古政复〔2024〕1号"),
        "office": reconsideration(tree["office"], "古政复〔2024〕1号"),
        "section": reconsideration(tree["section"], "古政复〔2024〕2号"),
        "sibling": reconsideration(tree["sibling"], "泸政复〔2024〕1号"),
    }


def test_the_case_of_the_same_unit_comes_first(tree, cases):
    records = [suit(tree["office"], "古政复〔2024〕1号"), suit(tree["county"], "古政复〔2024〕1号")]
    assert resolve_links(None, records) == []
    assert [r.reconsideration for r in records] == [cases["office"], cases["county"]]


def test_else_the_one_case_of_that_number_in_the_county(tree, cases):
    record = suit(tree["committee"], "古政复〔2024〕2号")
    assert resolve_links(None, [record]) == []
    assert record.reconsideration == cases["section"]


def test_two_candidates_in_the_county_are_an_error_naming_their_units(tree, cases):
    record = suit(tree["section"], "古政复〔2024〕1号")
    assert messages(resolve_links(None, [record])) == [
        (
            "关联复议案件编号",
            "关联复议案件编号「古政复〔2024〕1号」对应多件复议案件（古丈县司法局、古阳镇司法所），"
            "无法确定关联哪一件",
        )
    ]
    assert record.reconsideration is None


def test_another_county_and_unknown_numbers_are_not_found(tree, cases):
    records = [suit(tree["county"], "泸政复〔2024〕1号"), suit(tree["county"], "无此号")]
    assert messages(resolve_links(None, records)) == [
        ("关联复议案件编号", "找不到编号为「泸政复〔2024〕1号」的行政复议案件"),
        ("关联复议案件编号", "找不到编号为「无此号」的行政复议案件"),
    ]


def test_only_cases_the_actor_can_see_count(tree, cases, make_user):
    office_user = make_user("guyang", tree["office"], ROLE)
    record = suit(tree["office"], "古政复〔2024〕2号")
    assert messages(resolve_links(office_user, [record])) == [
        ("关联复议案件编号", "找不到编号为「古政复〔2024〕2号」的行政复议案件")
    ]
    county_user = make_user("fuyi", tree["county"], ROLE)
    assert resolve_links(county_user, [record]) == []
    assert record.reconsideration == cases["section"]


def test_a_blank_number_clears_the_link(tree, cases):
    record = suit(tree["county"], "  ")
    record.reconsideration = cases["county"]
    assert resolve_links(None, [record]) == []
    assert (record.reconsideration, record.reconsideration_number) == (None, "")


def test_a_whole_file_costs_two_queries(tree, cases, django_assert_num_queries):
    units = [tree["county"], tree["office"], tree["committee"], tree["sibling_office"]]
    records = [suit(units[n % 4], f"号{n}") for n in range(200)]
    records.append(suit(tree["committee"], "古政复〔2024〕2号"))
    with django_assert_num_queries(2):
        problems = resolve_links(None, records)
    assert len(problems) == 200 and records[-1].reconsideration == cases["section"]
