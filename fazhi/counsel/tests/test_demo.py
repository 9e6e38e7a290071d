"""The demo's 台账: loaded once; last year's 法律顾问团 of 15 and some 700 件次, 20 公职律师 in
ten units, and the township adviser whose engagement ends within the board's 30 days."""

import datetime

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.counsel import demo
from fazhi.counsel.alerts import term_alerts
from fazhi.counsel.models import LegalAdviser
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_units(units):
    kinds = {"E": UnitKind.ENFORCEMENT_DEPARTMENT, "Z": UnitKind.TOWNSHIP_GOVERNMENT}
    codes = {code for code, _ in demo.PUBLIC_LAWYERS}
    codes |= {code for _, _, code, _ in demo.TOWNSHIP_ADVISERS}
    for code in sorted(codes):
        if not code.startswith("433126-") or code in ("433126-FY", "433126-E01", "433126-E02"):
            continue
        if code == "433126-Z01":
            continue
        core_actions.save_unit(
            None, code=code, name=code, kind=kinds[code[7]], parent=units["county"]
        )
    return units


@pytest.mark.parametrize("today", [datetime.date(2026, 6, 15), datetime.date(2026, 1, 5)])
def test_the_demo_loads_once_and_shows_each_rule(demo_units, officer, today):
    added = demo.load(today)
    assert added == LegalAdviser.objects.count() > 60
    assert demo.load(today) == 0
    keys = ["legal_adviser.panel", "legal_adviser.panel_matters", "legal_adviser.public_lawyers"]
    keys += ["legal_adviser.public_lawyer_units"]
    last = {k: f.value for k, f in compute(keys, Period.year(2025), demo_units["county"]).items()}
    assert last["legal_adviser.panel"] == 15
    assert 600 <= last["legal_adviser.panel_matters"] <= 900
    assert (last["legal_adviser.public_lawyers"], last["legal_adviser.public_lawyer_units"]) == (
        20,
        10,
    )
    (alert,) = term_alerts(officer, today)
    names = [line.text.split("（")[0] for line in alert.lines]
    assert "彭思远" in names  # ends within 30 days
    # Ended ten days ago, still on this year's list — when that day is still this year.
    assert ("龙正阳" in names) == (today.month > 1 or today.day > 10)
