"""The named groups of unit kinds and Unit.bureau(): the groups are pure facts, tested without a
database; bureau() walks a unit's ancestors, tested on the shared tree with its query cost."""

import pytest

from fazhi.core import actions
from fazhi.core.models import (
    BUREAUS,
    BUREAUS_AND_SECTIONS,
    BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    Unit,
    UnitKind,
)
from fazhi.core.personal import within_county


def test_the_bureaus_are_the_justice_department_and_bureaus_of_every_level():
    assert set(BUREAUS) == {UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY}


def test_each_wider_group_adds_one_kind_to_the_narrower():
    assert set(BUREAUS_AND_SECTIONS) == {*BUREAUS, UnitKind.SECTION}
    assert set(BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES) == {
        *BUREAUS_AND_SECTIONS,
        UnitKind.JUDICIAL_OFFICE,
    }


def test_no_group_takes_in_units_outside_the_justice_administration():
    # Committees, notary offices, legal aid centres, enforcement departments and township
    # governments never own a bureau's record by belonging to one of these groups.
    outside = {
        UnitKind.MEDIATION_COMMITTEE,
        UnitKind.NOTARY_OFFICE,
        UnitKind.LEGAL_AID_CENTER,
        UnitKind.ENFORCEMENT_DEPARTMENT,
        UnitKind.TOWNSHIP_GOVERNMENT,
    }
    assert not outside & set(BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES)


@pytest.mark.parametrize(
    "group", [BUREAUS, BUREAUS_AND_SECTIONS, BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES]
)
def test_a_group_is_a_tuple_of_distinct_known_kinds_that_a_stored_kind_is_found_in(group):
    assert isinstance(group, tuple)
    assert len(set(group)) == len(group)
    assert set(group) <= set(UnitKind.values)
    # A unit read from the database holds the plain string, not the enum member.
    assert str(group[0].value) in group


def test_a_bureau_is_its_own_bureau_without_asking_the_database():
    county = Unit(code="433126", name="古丈县司法局", kind=UnitKind.COUNTY, path="/43/4331/433126/")
    assert county.bureau() is county  # no database in this test: a query would fail


@pytest.mark.parametrize(
    ("name", "bureau"),
    [
        ("province", "province"),
        ("prefecture", "prefecture"),
        ("county", "county"),
        ("section", "county"),
        ("office", "county"),
        ("committee", "county"),  # under a 司法所: the nearest bureau, not the 司法所
        ("sibling_office", "sibling"),
    ],
)
def test_the_bureau_is_the_nearest_bureau_at_or_above_the_unit(tree, name, bureau):
    assert tree[name].bureau() == tree[bureau]


def test_finding_the_bureau_costs_one_query_at_most(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert tree["county"].bureau() == tree["county"]
    with django_assert_num_queries(1):
        assert tree["committee"].bureau() == tree["county"]


def test_a_prefecture_section_belongs_to_the_prefecture_and_a_unit_under_no_bureau_to_none(tree):
    prefecture_section = actions.save_unit(
        None, code="4331-01", name="法治督察科", kind=UnitKind.SECTION, parent=tree["prefecture"]
    )
    assert prefecture_section.bureau() == tree["prefecture"]
    loose = actions.save_unit(
        None, code="99", name="某乡镇人民政府", kind=UnitKind.TOWNSHIP_GOVERNMENT, parent=None
    )
    assert loose.bureau() is None


def test_within_county_follows_the_units_bureau(tree):
    prefecture_section = actions.save_unit(
        None, code="4331-01", name="法治督察科", kind=UnitKind.SECTION, parent=tree["prefecture"]
    )
    within = {name for name, unit in tree.items() if within_county(unit)}
    assert within == {"county", "section", "office", "committee", "sibling", "sibling_office"}
    assert not within_county(prefecture_section)
    assert not within_county(None)


def test_only_the_unit_above_every_other_is_the_top(tree):
    assert tree["province"].is_top
    assert not any(tree[name].is_top for name in ("county", "office", "sibling"))
