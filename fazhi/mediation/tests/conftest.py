"""古阳镇司法所 with two committees (白果, 河西), a committee of 泸溪县, and the people who work
the register: each committee's 填报员, the township office, the county section."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import user_fixture
from fazhi.mediation import actions

D = datetime.date


@pytest.fixture
def committees(tree):
    def unit(code, name, parent):
        return core_actions.save_unit(
            None, code=code, name=name, kind=UnitKind.MEDIATION_COMMITTEE, parent=parent
        )

    return {
        "baiguo": tree["committee"],
        "hexi": unit("433126-S01-02", "河西村人民调解委员会", tree["office"]),
        "sibling": unit("433122-S01-01", "白沙村人民调解委员会", tree["sibling_office"]),
    }


clerk = user_fixture("baiguo", "committee", Role.CLERK, full_name="向填报")
office = user_fixture("guyang", "office", Role.MEDIATION, full_name="张司法")
county = user_fixture("tiaojie", "county", Role.MEDIATION, full_name="李调解")


@pytest.fixture
def hexi_clerk(committees, make_user):
    return make_user("hexi", committees["hexi"], Role.CLERK, full_name="彭填报")


@pytest.fixture
def mediate(committees):
    """Registers a case of a committee (command line: no actor)."""

    def make(number, committee="baiguo", **facts):
        unit = committees[committee]
        values = {
            "committee_code": unit.code,
            "received_date": D(2024, 3, 1),
            "dispute_type": "neighbour",
            "mediator": "向某",
            "status": "succeeded",
            "agreement_form": "written",
            "closed_date": D(2024, 3, 10),
        }
        values.update(facts)
        return actions.register_case(None, unit=unit, number=number, **values)

    return make
