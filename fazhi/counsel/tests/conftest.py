"""古丈县's units an adviser serves (two departments, a township, the 法律援助中心, the 公证处),
泸溪县's department, the 依法治县办's officer, and a factory of rows entered through the
actions."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.counsel import actions

D = datetime.date


@pytest.fixture
def units(tree):
    def unit(code, name, kind, parent):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    department = UnitKind.ENFORCEMENT_DEPARTMENT
    tree["police"] = unit("433126-E01", "古丈县公安局", department, tree["county"])
    tree["market"] = unit("433126-E02", "古丈县市场监督管理局", department, tree["county"])
    tree["town"] = unit(
        "433126-Z01", "古阳镇人民政府", UnitKind.TOWNSHIP_GOVERNMENT, tree["county"]
    )
    tree["legal_aid"] = unit(
        "433126-FY", "古丈县法律援助中心", UnitKind.LEGAL_AID_CENTER, tree["county"]
    )
    tree["notary"] = unit("433126-GZ", "古丈县公证处", UnitKind.NOTARY_OFFICE, tree["county"])
    tree["sibling_police"] = unit("433122-E01", "泸溪县公安局", department, tree["sibling"])
    return tree


@pytest.fixture
def officer(units, make_user):
    """The 依法治县办's officer at the county bureau."""
    return make_user("zhixian", units["county"], Role.RULE_OF_LAW, full_name="周立新")


def facts(**changes) -> dict:
    """A 公职律师 of 市场监管局 in 2024, unless told."""
    values = {
        "number": "古法顾〔2024〕1号",
        "year": 2024,
        "name": "彭晓燕",
        "category": "public_lawyer",
        "on_county_panel": False,
        "employer": "古丈县市场监督管理局",
        "licence_number": "34331201210000301",
        "served_unit_code": "433126-E02",
        "start_date": D(2021, 3, 1),
        "end_date": None,
        "contracts_reviewed": 20,
        "opinions_issued": 9,
        "cases_handled": 2,
        "meetings_attended": 5,
        "other_matters": 3,
    }
    values.update(changes)
    return values


def panel_member(name, number, **changes) -> dict:
    """A lawyer of the county government's 法律顾问团 in 2024, unless told."""
    values = {
        "number": number,
        "name": name,
        "category": "government_counsel",
        "on_county_panel": True,
        "employer": "湖南武陵律师事务所",
        "licence_number": "",
        "served_unit_code": "433126",
        "start_date": D(2023, 3, 1),
        "end_date": D(2026, 2, 28),
    }
    return facts(**(values | changes))


@pytest.fixture
def enter(officer, units):
    """Enters a row owned by the county bureau through the create action."""

    def make(values: dict, actor=officer):
        return actions.register_adviser(actor, unit=units["county"], **values)

    return make
