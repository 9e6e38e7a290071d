"""古丈县's departments and townships, the 依法治县办, the lead units' 填报员, and factories of
meetings and tasks entered through the actions."""

import datetime

import pytest

from fazhi.committee import actions
from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role

D = datetime.date


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
def office(units, make_user):
    """The 依法治县办: works both registers over the county."""
    return make_user("zhixian", units["county"], Role.RULE_OF_LAW, full_name="周立新")


@pytest.fixture
def market_clerk(units, make_user):
    return make_user("shijianju", units["market"], Role.CLERK, full_name="吴海波")


@pytest.fixture
def town_clerk(units, make_user):
    return make_user("morong", units["town"], Role.CLERK, full_name="石某")


@pytest.fixture
def meeting(office, units):
    """A plenary of 2024 with three decisions."""
    return actions.register_meeting(
        office,
        unit=units["county"],
        number="古法委〔2024〕1号",
        kind="plenary",
        meeting_date=D(2024, 3, 12),
        name="县委全面依法治县委员会第五次会议",
        chair="县委书记",
        attendees="委员会主任、副主任及成员单位主要负责人",
        attendance=28,
        topics="传达学习会议精神\n审议2024年工作要点",
        decisions="1.印发2024年全面依法治县工作要点\n2、开展行政执法突出问题专项整治\n\n（三）将法治建设纳入绩效考核",
    )


@pytest.fixture
def make_task(office, units):
    """Enters a task of the county through the office's action."""

    def make(number="古法办〔2024〕要点1号", lead="433126-E02", **facts):
        values = {
            "number": number,
            "year": 2024,
            "source": "plan",
            "content": "全面落实行政执法三项制度",
            "lead_unit_code": lead,
            "assigned_date": D(2024, 2, 20),
            "deadline": D(2024, 6, 30),
        }
        values.update(facts)
        return actions.register_task(office, unit=units["county"], **values)

    return make
