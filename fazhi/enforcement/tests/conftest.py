"""Departments of 古丈县 (and one of its sibling county) and the people who work the register."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.enforcement import actions

D = datetime.date


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
    return make_user("jiandu", tree["county"], Role.ENFORCEMENT, full_name="田监督")


@pytest.fixture
def review(supervisor, tree):
    """Registers a file of 古丈县 reviewed on 2024-06-12 by the supervisor."""

    def make(number, code, **facts):
        values = {
            "batch": "2024年县级评查",
            "reviewed_unit_code": code,
            "file_name": f"案卷{number}",
            "review_date": D(2024, 6, 12),
            "score": 80,
        }
        values.update(facts)
        if values.get("problems") and "rectification_deadline" not in facts:
            values["rectification_deadline"] = D(2024, 7, 12)
        return actions.register_case(supervisor, unit=tree["county"], number=number, **values)

    return make
