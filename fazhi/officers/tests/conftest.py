"""Departments of 古丈县 (and one of its sibling county), the people who keep their rosters, and
a factory of officers."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.officers import actions
from fazhi.officers.models import Staffing

D = datetime.date


def id_number(n: int) -> str:
    """A valid 身份证号 of someone born 1980-01-01 in 古丈县, the n-th."""
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


@pytest.fixture
def departments(tree):
    def dept(code, name, parent, kind=UnitKind.ENFORCEMENT_DEPARTMENT):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    return {
        "police": dept("433126-E01", "古丈县公安局", tree["county"]),
        "market": dept("433126-E02", "古丈县市场监督管理局", tree["county"]),
        "town": dept("433126-E20", "古阳镇人民政府", tree["county"], UnitKind.TOWNSHIP_GOVERNMENT),
        "sibling": dept("433122-E01", "泸溪县公安局", tree["sibling"]),
    }


@pytest.fixture
def supervisor(tree, make_user):
    return make_user("jiandu", tree["county"], Role.ENFORCEMENT, full_name="田监督")


@pytest.fixture
def market_clerk(departments, make_user):
    return make_user("shijianju", departments["market"], Role.CLERK, full_name="市监填报")


@pytest.fixture
def police_clerk(departments, make_user):
    return make_user("gonganju", departments["police"], Role.CLERK, full_name="公安填报")


@pytest.fixture
def leader(tree, make_user):
    return make_user("lingdao", tree["county"], Role.LEADER, full_name="局领导")


@pytest.fixture
def officer_of(departments):
    """Registers an officer of a department (by key), with a card issued 2023-05-10 unless
    told otherwise (card_number="" for none); the n-th has his own ID and card number."""
    counter = iter(range(1, 1000))

    def make(department="market", actor=None, **facts):
        n = next(counter)
        values = {
            "number": f"RY{n:03}",
            "name": f"执法人员{n}",
            "id_number": id_number(n),
            "post": "执法大队",
            "staffing": Staffing.ADMINISTRATIVE,
            "enforcement_category": "市场监管",
            "card_number": f"4312602023{n:04}",
            "card_issuer": "湖南省人民政府",
            "card_issued_date": D(2023, 5, 10),
        }
        values.update(facts)
        if not values["card_number"]:
            values["card_issuer"], values["card_issued_date"] = "", None
        return actions.register_officer(actor, unit=departments[department], **values)

    return make
