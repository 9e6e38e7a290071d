"""古丈县's departments and a township, the bureau's 执法监督, the inspected units' 填报员, and
a factory of inspections entered through the actions."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.oversight import actions

D = datetime.date
START = D(2024, 5, 6)


@pytest.fixture
def units(tree):
    def unit(code, name, kind, parent):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    department = UnitKind.ENFORCEMENT_DEPARTMENT
    tree["police"] = unit("433126-E01", "古丈县公安局", department, tree["county"])
    tree["market"] = unit("433126-E02", "古丈县市场监督管理局", department, tree["county"])
    tree["transport"] = unit("433126-E07", "古丈县交通运输局", department, tree["county"])
    tree["town"] = unit(
        "433126-Z02", "默戎镇人民政府", UnitKind.TOWNSHIP_GOVERNMENT, tree["county"]
    )
    tree["sibling_police"] = unit("433122-E01", "泸溪县公安局", department, tree["sibling"])
    return tree


@pytest.fixture
def supervisor(units, make_user):
    return make_user("jiandu", units["county"], Role.ENFORCEMENT, full_name="田监督")


@pytest.fixture
def market_clerk(units, make_user):
    return make_user("shijianju", units["market"], Role.CLERK, full_name="吴海波")


@pytest.fixture
def town_clerk(units, make_user):
    return make_user("morong", units["town"], Role.CLERK, full_name="石某")


@pytest.fixture
def inspect(supervisor, units):
    """Enters an inspection of the county bureau: its first finding through the create action,
    the others through add_finding; returns its records in order."""

    def make(serial, code, *findings, start=START, kind="rule_of_law", **facts):
        number = f"古法督〔{start.year}〕{serial}号"
        first, *more = findings or [("", None)]
        values = {
            "number": f"{number}-1",
            "inspection_number": number,
            "kind": kind,
            "inspected_unit_code": code,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=10),
            "team": "县委依法治县办第一督察组",
            "problems": first[0],
            "rectification_deadline": first[1],
        }
        values.update(facts)
        records = [actions.register_inspection(supervisor, unit=units["county"], **values)]
        for problems, deadline in more:
            records.append(
                actions.add_finding(
                    supervisor, records[0], problems=problems, rectification_deadline=deadline
                )
            )
        return records

    return make
