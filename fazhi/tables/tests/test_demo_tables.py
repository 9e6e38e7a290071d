"""The official tables of the demo county balance, in every period of the demo's closed years
they report, and each cell is the figures page's figure (issue 23: "The official tables for a
demo county balance and match the figures page")."""

import datetime

import pytest

from fazhi.core.models import Unit
from fazhi.indicators.compute import compute
from fazhi.tables.filling import fill, ready, resolved
from fazhi.tables.layout import MONTH, QUARTER
from fazhi.tables.official import TABLES
from fazhi.tables.periods import Chosen

TODAY = datetime.date(2026, 12, 7)
YEARS = (2024, 2025)
PERIODS = {
    MONTH: [f"m{n}" for n in range(1, 13)],
    QUARTER: ["q1", "q2", "q3", "q4"],
}


@pytest.fixture
def county(demo_once, db):
    return Unit.objects.get(code="433126")


def periods_of(table):
    return PERIODS.get(table.kind, ["year"])


@pytest.mark.parametrize("key", sorted(TABLES))
def test_the_demo_countys_table_balances_and_is_the_figures_pages(county, key):
    table = resolved(TABLES[key])
    assert ready(table), key
    for year in YEARS:
        for period in periods_of(table):
            chosen = Chosen(table.kind, year, period)
            filled = fill(table, chosen, county, today=TODAY)
            assert filled.balanced, (key, year, period, filled.imbalances)
            for span in table.spans:
                found = compute(list(table.keys), chosen.range(span), county)
                for row, cells in filled.rows:
                    for cell in cells:
                        if cell.column.span != span or cell.blank or cell.rate:
                            continue
                        expected = sum(found[k].value for k in cell.keys)
                        assert cell.value == expected, (key, year, period, row.label)
