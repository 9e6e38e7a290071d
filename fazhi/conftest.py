"""Shared fixtures: a small organisation tree of two sibling counties, and users in it."""

import pytest

from fazhi.core import actions
from fazhi.core.models import UnitKind

PASSWORD = "Fazhi-test-2024"


def _unit(code, name, kind, parent=None):
    return actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)


@pytest.fixture
def tree(db):
    """湖南 → 湘西州 → 古丈县 (a section, a 司法所 with a mediation committee) and 泸溪县."""
    units = {}
    units["province"] = _unit("43", "湖南省司法厅", UnitKind.PROVINCE)
    units["prefecture"] = _unit("4331", "湘西州司法局", UnitKind.PREFECTURE, units["province"])
    units["county"] = _unit("433126", "古丈县司法局", UnitKind.COUNTY, units["prefecture"])
    units["section"] = _unit("433126-01", "行政复议与应诉股", UnitKind.SECTION, units["county"])
    units["office"] = _unit("433126-S01", "古阳镇司法所", UnitKind.JUDICIAL_OFFICE, units["county"])
    units["committee"] = _unit(
        "433126-S01-01", "白果社区人民调解委员会", UnitKind.MEDIATION_COMMITTEE, units["office"]
    )
    units["sibling"] = _unit("433122", "泸溪县司法局", UnitKind.COUNTY, units["prefecture"])
    units["sibling_office"] = _unit(
        "433122-S01", "白沙镇司法所", UnitKind.JUDICIAL_OFFICE, units["sibling"]
    )
    return units


@pytest.fixture
def make_user(db):
    def make(username, unit, *roles, **fields):
        user = actions.create_user(
            None, username=username, unit=unit, password=PASSWORD, **fields
        )
        for role in roles:
            actions.grant_role(None, user, role)
        user.__dict__.pop("role_codes", None)
        return user

    return make
