"""The tree with two departments of 古丈县, 执法监督 of the county, the 填报员 of
古丈县市场监督管理局 (E02) and the county's leader; a scheme scored from 案卷评查 and 行政应诉
and by hand."""

from decimal import Decimal

import pytest

from fazhi.core import actions as unit_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.evaluation import rules
from fazhi.evaluation.models import Method, RuleKind


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def units(tree):
    for code, name in (("433126-E01", "古丈县公安局"), ("433126-E02", "古丈县市场监督管理局")):
        tree[code] = unit_actions.save_unit(
            None, code=code, name=name, kind=UnitKind.ENFORCEMENT_DEPARTMENT, parent=tree["county"]
        )
    return tree


@pytest.fixture
def officer(units, make_user):
    return make_user("zfjd", units["county"], Role.ENFORCEMENT)


@pytest.fixture
def clerk(units, make_user):
    return make_user("shijian", units["433126-E02"], Role.CLERK)


@pytest.fixture
def leader(units, make_user):
    return make_user("lingdao", units["county"], Role.LEADER)


ITEMS = [
    rules.Item(
        1,
        "案卷评查质量",
        Decimal(20),
        Method.DATA,
        "enforcement.review_average",
        RuleKind.BELOW,
        Decimal(90),
        Decimal(1),
    ),
    rules.Item(
        2,
        "行政应诉",
        Decimal(10),
        Method.DATA,
        "litigation.lost_as_defendant",
        RuleKind.ABOVE,
        Decimal(0),
        Decimal(5),
    ),
    rules.Item(3, "执法制度建设", Decimal(70)),
]
