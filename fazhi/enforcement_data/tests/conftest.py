"""Departments of 古丈县 (and one of its sibling county), the people who file and read their
yearly data, and a way to file a year."""

import datetime
from decimal import Decimal

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.enforcement_data import actions

D = datetime.date


@pytest.fixture
def departments(tree):
    def unit(code, name, parent, kind=UnitKind.ENFORCEMENT_DEPARTMENT):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    return {
        "police": unit("433126-E01", "古丈县公安局", tree["county"]),
        "market": unit("433126-E02", "古丈县市场监督管理局", tree["county"]),
        "land": unit("433126-E03", "古丈县自然资源局", tree["county"]),
        "town": unit("433126-Z01", "古阳镇人民政府", tree["county"], UnitKind.TOWNSHIP_GOVERNMENT),
        "sibling": unit("433122-E01", "泸溪县公安局", tree["sibling"]),
    }


@pytest.fixture
def supervisor(tree, make_user):
    return make_user("jiandu", tree["county"], Role.ENFORCEMENT, full_name="田监督")


@pytest.fixture
def market_clerk(departments, make_user):
    return make_user("shijianju", departments["market"], Role.CLERK, full_name="吴海波")


@pytest.fixture
def police_clerk(departments, make_user):
    return make_user("gaj", departments["police"], Role.CLERK, full_name="彭国庆")


def facts(year: int, **changes) -> dict:
    """A year's filing as a department makes it: filed on 20 January of the next year."""
    values = {
        "number": f"{year}年度执法数据",
        "year": year,
        "licensing": 10,
        "penalty": 5,
        "coercion": None,
        "inspection": 40,
        "expropriation": None,
        "other": 0,
        "fines": Decimal("1200.50"),
        "filed_date": D(year + 1, 1, 20),
        "filer": "吴海波",
    }
    values.update(changes)
    return values


@pytest.fixture
def file_year(supervisor):
    def make(unit, year, actor=supervisor, **changes):
        """Filed by `actor` (default the supervisor; None, the command line)."""
        return actions.file_annual_data(actor, unit=unit, **facts(year, **changes))

    return make
