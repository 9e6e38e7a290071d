"""Departments of 古丈县 (and one of its sibling county), the people who work 涉企行政检查, and
officers on the roster with their 执法证 (through the officers app's own actions: the tests
are exempt from the import contract that keeps the register to `certified`)."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.contract_helpers import id_number
from fazhi.inspections import actions
from fazhi.officers import actions as officer_actions

D = datetime.date
VALID_CODE = "91433126MA4L123455"
OTHER_CODE = "91433126MA4PK7W0XG"
BAD_CODE = "91433126MA4L123456"  # its check character is wrong

# 证号 → (department, issued, valid until): two valid through 2025 in 市场监管局, one that
# expired on 2025-03-31, and one of 自然资源局.
CARDS = {
    "43126020240001": ("market", D(2024, 3, 1), D(2029, 2, 28)),
    "43126020240002": ("market", D(2024, 3, 1), D(2029, 2, 28)),
    "43126020200003": ("market", D(2020, 4, 1), D(2025, 3, 31)),
    "43126020240004": ("land", D(2024, 3, 1), D(2029, 2, 28)),
}
TWO_VALID = "43126020240001、43126020240002"


@pytest.fixture
def departments(tree):
    def dept(code, name, parent):
        return core_actions.save_unit(
            None, code=code, name=name, kind=UnitKind.ENFORCEMENT_DEPARTMENT, parent=parent
        )

    return {
        "police": dept("433126-E01", "古丈县公安局", tree["county"]),
        "market": dept("433126-E02", "古丈县市场监督管理局", tree["county"]),
        "land": dept("433126-E03", "古丈县自然资源局", tree["county"]),
        "sibling": dept("433122-E01", "泸溪县公安局", tree["sibling"]),
    }


@pytest.fixture
def supervisor(tree, make_user):
    """The county's 执法监督."""
    return make_user("jiandu", tree["county"], Role.ENFORCEMENT, full_name="田监督")


@pytest.fixture
def market_clerk(departments, make_user):
    return make_user("shijianju", departments["market"], Role.CLERK, full_name="吴海波")


@pytest.fixture
def land_clerk(departments, make_user):
    return make_user("ziranju", departments["land"], Role.CLERK, full_name="向国土")


@pytest.fixture
def cards(departments):
    """The officers holding CARDS, on their departments' rosters."""
    for n, (number, (department, issued, until)) in enumerate(CARDS.items(), start=1):
        officer_actions.register_officer(
            None,
            unit=departments[department],
            number=f"人员{n}",
            name=f"执法员{n}",
            id_number=id_number(n),
            in_post=True,
            staffing="administrative",
            card_number=number,
            card_issued_date=issued,
            card_valid_until=until,
        )
    return CARDS


@pytest.fixture
def inspect(departments, supervisor, cards):
    """Registers an inspection of 市场监管局 (unless told) on 2025-05-12 by two valid cards."""

    def make(number, *, actor=None, unit="market", **facts):
        values = {
            "subject": "古丈县市场监督管理局",
            "uscc": VALID_CODE,
            "enterprise_name": "古丈县古阳茶业有限公司",
            "inspection_date": D(2025, 5, 12),
            "matter": "食品生产经营监督检查",
            "kind": "routine",
            "method": "on_site",
            "planned": True,
            "approval_date": D(2025, 5, 8),
            "result": "no_problem",
            "officer_numbers": TWO_VALID,
        }
        values.update(facts)
        return actions.register_inspection(
            actor or supervisor, unit=departments[unit], number=number, **values
        )

    return make


@pytest.fixture
def file_plan(departments, supervisor):
    """Files a plan of a department for a year, on 20 March unless told."""

    def make(unit, year=2025, *, actor=None, **facts):
        values = {
            "number": f"计划{unit}{year}",
            "year": year,
            "subjects": departments[unit].name,
            "items": "食品生产经营监督检查｜《食品安全法》第一百一十条｜现场｜每年1次",
            "planned_count": 10,
            "filed_date": D(year, 3, 20),
        }
        values.update(facts)
        return actions.register_plan(actor or supervisor, unit=departments[unit], **values)

    return make
