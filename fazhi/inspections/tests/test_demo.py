"""The demo's 涉企行政检查: on the demo county, with officers on the roster (made here through
the officers app's actions, as its own demo would), every rule shows once loaded."""

import datetime

import pytest

from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.tabular import read_table
from fazhi.core.tests.contract_helpers import id_number
from fazhi.core.unit_loader import load_units
from fazhi.imports.tests.files import figures
from fazhi.inspections import alerts, demo, rules
from fazhi.inspections.models import EnterpriseInspection, InspectionPlan
from fazhi.officers import actions as officer_actions
from fazhi.portal.management.commands.demo import UNITS_FILE

D = datetime.date
TODAY = D(2025, 9, 15)


@pytest.fixture
def county(db):
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))


@pytest.fixture
def roster(county):
    """Three cards in each inspecting department, one of 市场监管局's expired in 2024."""
    serial = 0
    for short in demo.INSPECTING:
        unit = Unit.objects.get(code=f"433126-{short}")
        for k in range(3):
            serial += 1
            expired = short == "E02" and k == 2
            officer_actions.register_officer(
                None,
                unit=unit,
                number=f"演示{serial}",
                name=f"执法员{serial}",
                id_number=id_number(serial),
                in_post=True,
                staffing="administrative",
                card_number=f"431260{serial:08d}",
                card_issued_date=D(2019, 6, 1) if expired else D(2022, 11, 1),
                card_valid_until=D(2024, 5, 31) if expired else D(2027, 10, 31),
            )


def test_the_demo_shows_every_rule_once_and_loads_once(roster, make_user):
    added = demo.load(TODAY)
    assert added == InspectionPlan.objects.count() + EnterpriseInspection.objects.count()
    assert RegisterSetting.objects.get(key=rules.CAP_SETTING).value == demo.DEMO_CAP

    this_year = set(InspectionPlan.objects.filter(year=2025).values_list("unit__code", flat=True))
    assert len(this_year) == 18 and not this_year & demo.NO_PLAN_THIS_YEAR
    late = InspectionPlan.objects.filter(filed_late=True).values_list("unit__code", "year")
    assert list(late) == [(demo.LATE_LAST_YEAR, 2024)]

    inspections = EnterpriseInspection.objects
    assert 80 <= inspections.count() <= 120
    assert inspections.filter(short_of_officers=True).count() == 1
    assert inspections.filter(code_unverified=True).count() == 1
    assert inspections.filter(planned=False).exists()
    got = figures(2025)
    assert got["enterprise_inspection.enterprises_over_cap"]["value"] == 1
    assert got["enterprise_inspection.uncertified"]["value"] == 1
    assert got["enterprise_inspection.without_approval"]["value"] >= 1
    assert figures(2024)["enterprise_inspection.count"]["value"] >= 40

    supervisor = make_user("jiandu", Unit.objects.get(code="433126"), "enforcement")
    (missing,) = alerts.plan_alerts(supervisor, TODAY)
    assert missing.count == 2

    assert demo.load(TODAY) == 0


def test_without_a_roster_the_demo_files_plans_but_no_inspections(county):
    demo.load(TODAY)
    assert InspectionPlan.objects.count() == 38
    assert not EnterpriseInspection.objects.exists()


def test_an_administrators_cap_is_left_as_it_is(county):
    from fazhi.indicators.actions import change_setting

    change_setting(None, rules.CAP_SETTING, "4")
    demo.load(TODAY)
    assert RegisterSetting.objects.get(key=rules.CAP_SETTING).value == "4"
