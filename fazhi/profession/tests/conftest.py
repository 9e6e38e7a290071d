"""古丈县's bureau, the officer keeping its 法律服务队伍 registers, and factories of orgs,
practitioners and assessments entered through the actions."""

import datetime

import pytest

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.roles import Role
from fazhi.profession import actions

D = datetime.date


def id_number(n: int) -> str:
    """A valid 身份证号 of someone born 1980-01-01 in 古丈县, the n-th."""
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


@pytest.fixture
def keeper(tree, make_user):
    return make_user("gonggong", tree["county"], Role.LEGAL_SERVICES, full_name="公共法律服务股")


@pytest.fixture
def leader(tree, make_user):
    return make_user("lingdao", tree["county"], Role.LEADER, full_name="局领导")


@pytest.fixture
def org_of(tree):
    counter = iter(range(1, 1000))

    def make(kind="law_firm", unit="county", actor=None, **facts):
        n = next(counter)
        values = {
            "number": f"3143000{n:03}",
            "name": f"机构{n}",
            "kind": kind,
            "firm_form": "general" if kind == "law_firm" else "",
            "head": "负责人",
            "licensed_date": D(2015, 3, 1),
        }
        return actions.register_org(actor, unit=tree[unit], **(values | facts))

    return make


@pytest.fixture
def person_of(tree):
    counter = iter(range(1, 1000))

    def make(org=None, kind="lawyer", unit="county", actor=None, **facts):
        n = next(counter)
        values = {
            "number": f"1433120180{n:07}",
            "name": f"执业人员{n}",
            "id_number": id_number(n),
            "kind": kind,
            "lawyer_kind": "full_time" if kind == "lawyer" else "",
            "org_number": org.number if org is not None else "",
            "licensed_date": D(2018, 6, 1),
        }
        return actions.register_practitioner(actor, unit=tree[unit], **(values | facts))

    return make


@pytest.fixture
def assess(tree):
    counter = iter(range(1, 1000))

    def make(subject, year=2025, result=None, unit="county", actor=None, **facts):
        n = next(counter)
        is_org = hasattr(subject, "firm_form")
        values = {
            "number": f"考核{n:03}",
            "year": year,
            "subject_kind": "org" if is_org else "practitioner",
            "subject_number": subject.number,
            "subject_name": subject.name,
            "result": result or ("passed" if is_org else "competent"),
            "assessed_date": D(year + 1, 3, 10),
            "assessor": "古丈县司法局",
        }
        return actions.register_assessment(actor, unit=tree[unit], **(values | facts))

    return make
