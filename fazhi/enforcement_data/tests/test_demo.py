"""The demo's yearly data: most of 古丈县's departments filed last year, one late, two not at
all (which the board shows); the year before all filed; nothing dated after the day it is
loaded; E02's year filed by its own 填报员; loading again adds nothing."""

import datetime

import pytest

from fazhi.core.models import AuditAction, AuditEntry, Unit
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.enforcement_data import alerts, demo
from fazhi.enforcement_data.models import AnnualData
from fazhi.portal.management.commands.demo import UNITS_FILE

D = datetime.date


@pytest.fixture
def county(db, make_user):
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
    return {
        "clerk": make_user("shijianju", Unit.objects.get(code="433126-E02"), Role.CLERK),
        "supervisor": make_user("fazhi", Unit.objects.get(code="433126"), Role.ENFORCEMENT),
    }


def test_last_year_has_a_late_filing_and_two_departments_not_filed(county):
    today = D(2025, 3, 1)
    added = demo.load(today)
    assert added == 20 + 18
    last = AnnualData.objects.filter(year=2024)
    assert last.count() == 18
    assert list(last.filter(late=True).values_list("unit__code", flat=True)) == ["433126-E08"]
    assert AnnualData.objects.filter(year=2023).count() == 20
    assert list(
        AnnualData.objects.filter(year=2023, late=True).values_list("unit__code", flat=True)
    ) == ["433126-E07"]
    (alert,) = alerts.unfiled(county["supervisor"], today)
    assert alert.count == 2
    assert [line.text for line in alert.lines] == ["古丈县统计局", "古丈县发展和改革局"]
    # 无此职权 and 0 both occur, as a county's departments file them.
    assert last.filter(expropriation__isnull=True).exists() and last.filter(penalty=0).exists()
    market = last.get(unit__code="433126-E02")
    entry = AuditEntry.objects.get(register="enforcement_annual_data", object_id=str(market.pk))
    assert (entry.action, entry.actor) == (AuditAction.CREATE, county["clerk"])

    assert demo.load(today) == 0
    assert AnnualData.objects.count() == 38


def test_loaded_in_january_last_years_filings_are_still_coming_in(county):
    today = D(2025, 1, 10)
    demo.load(today)
    last = AnnualData.objects.filter(year=2024)
    assert 0 < last.count() < 18
    assert not AnnualData.objects.filter(filed_date__gt=today).exists()
    assert not last.filter(late=True).exists()
    assert alerts.unfiled(county["supervisor"], today) == []
