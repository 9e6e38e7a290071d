"""The demo's inspections: loaded once, last year's rectified (one late), this year's with one
finding overdue on the board and one of the demo 填报员's department still being rectified."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.core.rectification import Status
from fazhi.core.roles import Role
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period
from fazhi.oversight import demo
from fazhi.oversight.models import RuleOfLawInspection
from fazhi.portal.board import board_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county(units, make_user):
    for code, kind in (
        ("433126-E05", UnitKind.ENFORCEMENT_DEPARTMENT),
        ("433126-E09", UnitKind.ENFORCEMENT_DEPARTMENT),
    ):
        core_actions.save_unit(None, code=code, name=code, kind=kind, parent=units["county"])
    return make_user(demo.OFFICER, units["county"], Role.ENFORCEMENT)


@pytest.mark.parametrize("today", [datetime.date(2026, 6, 15), datetime.date(2026, 1, 20)])
def test_the_demo_loads_once_and_shows_each_rule(demo_county, market_clerk, units, today):
    added = demo.load(today)
    assert added == RuleOfLawInspection.objects.count() == 11
    assert demo.load(today) == 0
    records = RuleOfLawInspection.objects.all()
    assert {r.inspected_unit.code for r in records} >= {"433126-Z02", "433126-E02"}
    assert all(r.start_date <= today for r in records)
    overdue = [r for r in records if r.due_date and r.due_date < today]
    assert [r.problems for r in overdue] == ["涉企行政检查未按计划公示检查事项清单"]
    last_year = compute(
        ["rule_of_law_inspection.count", "rule_of_law_inspection.on_time_rate"],
        Period.year(today.year - 1),
        units["county"],
    )
    assert last_year["rule_of_law_inspection.count"].value >= 3
    rate = last_year["rule_of_law_inspection.on_time_rate"]
    assert rate.numerator < rate.denominator  # one was rectified late

    board, _ = board_for(demo_county, today)
    (section,) = [s for s in board if s.register.name == "rule_of_law_inspection"]
    assert [line.record.problems for line in section.overdue] == [overdue[0].problems]
    assert [line.record.inspected_unit.code for line in section.due_soon] == ["433126-E02"]
    # The demo 填报员 of 市场监管局 sees his department's two open findings, and no others.
    mine = RuleOfLawInspection.objects.visible_to(market_clerk)
    assert {r.status for r in mine} == {Status.RECTIFYING} and mine.count() == 2
