"""holders.find: the one thing profession_oversight asks of this app."""

import datetime

from fazhi.profession import holders
from fazhi.profession.models import (
    LegalPractitioner,
    LegalServiceOrg,
    OrgKind,
    PracticeStatus,
    PractitionerKind,
)

D = datetime.date


def _org(unit, number, name, kind=OrgKind.LAW_FIRM, **facts):
    return LegalServiceOrg.objects.create(
        unit=unit, number=number, name=name, kind=kind, licensed_date=D(2015, 3, 1), **facts
    )


def _person(unit, number, name, kind=PractitionerKind.LAWYER, org=None, **facts):
    return LegalPractitioner.objects.create(
        unit=unit,
        number=number,
        name=name,
        kind=kind,
        org=org,
        org_number=org.number if org else "",
        licensed_date=D(2018, 6, 1),
        **facts,
    )


def test_find_answers_orgs_and_practitioners_by_number_in_two_queries(
    tree, django_assert_num_queries
):
    firm = _org(tree["county"], "31430000689512345X", "古丈县甲乙律师事务所")
    _org(tree["county"], "43312600001", "古丈县公证处", OrgKind.NOTARY_OFFICE)
    lawyer = _person(tree["county"], "14331201810123456", "向某某", org=firm)
    _person(tree["section"], "14331201810654321", "彭某某", lawyer_kind="public")

    with django_assert_num_queries(2):
        found = holders.find(
            [
                " 31430000689512345x",
                "１４３３１２０１８１０１２３４５６",
                "14331201810654321",
                "99999",
            ]
        )

    assert set(found) == {"31430000689512345X", "14331201810123456", "14331201810654321"}
    org = found["31430000689512345X"]
    assert org == holders.Holder(
        kind="org",
        id=firm.pk,
        number="31430000689512345X",
        name="古丈县甲乙律师事务所",
        category_label="律师事务所",
        org_name="古丈县甲乙律师事务所",
        unit_id=tree["county"].pk,
        status_label="执业",
    )
    person = found["14331201810123456"]
    assert (person.kind, person.id, person.name) == ("practitioner", lawyer.pk, "向某某")
    assert (person.category_label, person.org_name) == ("律师", "古丈县甲乙律师事务所")
    assert found["14331201810654321"].org_name == ""
    assert found["14331201810654321"].unit_id == tree["section"].pk


def test_find_of_nothing_asks_nothing(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert holders.find(["", "  "]) == {}


def test_only_orgs_asked_is_one_query(tree, django_assert_num_queries):
    _org(tree["county"], "43312600001", "古丈县公证处", OrgKind.NOTARY_OFFICE)
    with django_assert_num_queries(1):
        assert holders.find(["43312600001"])["43312600001"].category_label == "公证机构"


def test_a_number_kept_by_two_bureaus_answers_with_the_one_in_practice(tree):
    """A practitioner who moved county: the old county's record is 注销, the new one 执业."""
    moved = _person(tree["county"], "14331201810123456", "向某某", lawyer_kind="public")
    _person(
        tree["sibling"],
        "14331201810123456",
        "向某某",
        lawyer_kind="public",
        status=PracticeStatus.CANCELLED,
    )
    found = holders.find(["14331201810123456"])["14331201810123456"]
    assert (found.id, found.status_label) == (moved.pk, "执业")
