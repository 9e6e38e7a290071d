"""古丈县's departments and a township (and a department of the sibling county), the bureau's
依法治县办, the reporting units' 填报员, and a way to register a unit's report of a year."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.department_reports import actions

D = datetime.date
YEAR = 2024


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Each test makes users; the password hash is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def units(tree):
    def unit(code, name, kind, parent):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    department = UnitKind.ENFORCEMENT_DEPARTMENT
    tree["police"] = unit("433126-E01", "古丈县公安局", department, tree["county"])
    tree["market"] = unit("433126-E02", "古丈县市场监督管理局", department, tree["county"])
    tree["land"] = unit("433126-E03", "古丈县自然资源局", department, tree["county"])
    tree["town"] = unit(
        "433126-Z01", "古阳镇人民政府", UnitKind.TOWNSHIP_GOVERNMENT, tree["county"]
    )
    tree["sibling_police"] = unit("433122-E01", "泸溪县公安局", department, tree["sibling"])
    return tree


@pytest.fixture
def bureau(units, make_user):
    """The county's 依法治县办."""
    return make_user("zhixian", units["county"], Role.RULE_OF_LAW, full_name="周立新")


@pytest.fixture
def market_clerk(units, make_user):
    return make_user("shijianju", units["market"], Role.CLERK, full_name="吴海波")


@pytest.fixture
def police_clerk(units, make_user):
    return make_user("gaj", units["police"], Role.CLERK, full_name="彭国庆")


def facts(code: str, year: int = YEAR, **changes) -> dict:
    """A unit's report as the bureau registers it: sent on 20 February, published on 15 March
    of the following year."""
    values = {
        "number": f"{year}年度-{code[-3:]}",
        "year": year,
        "reporting_unit_code": code,
        "received_date": D(year + 1, 2, 20),
        "published_date": D(year + 1, 3, 15),
        "link": f"https://www.guzhang.gov.cn/fzzf/{year + 1}/{code[-3:].lower()}.html",
    }
    values.update(changes)
    return values


@pytest.fixture
def report(bureau, units):
    def make(code, year=YEAR, actor=bureau, owner=None, **changes):
        """Registered by `actor` (default the bureau; None, the command line) for `owner`
        (default the county)."""
        return actions.register_report(
            actor, unit=owner or units["county"], **facts(code, year, **changes)
        )

    return make
