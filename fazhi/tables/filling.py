"""A table filled for a unit and a period: every number from fazhi.indicators.compute.compute()
— never a query of its own — so that a cell equals the figures page's figure by construction,
and a unit above the county gets the sum over its subtree as compute() gives it.

One compute() per kind of column (本期, 本年累计), with the reader as `user`: a cell counts only
the records he may see, as the figures page does.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fazhi.core.access import viewable_registers
from fazhi.core.models import Unit
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS

from .layout import Column, Imbalance, Row, Table, declaration_problems, imbalances, resolve
from .official import TABLES
from .periods import Chosen

BLANK = "—"


def resolved(table: Table) -> Table:
    return resolve(table, INDICATORS)


def ready(table: Table) -> bool:
    """Whether the registry holds every figure the table names (a table whose indicators are
    still to come is listed, but not filled)."""
    return not declaration_problems(resolved(table), INDICATORS)


def registers_of(table: Table) -> set[str]:
    return {INDICATORS[key].register for key in resolved(table).keys if key in INDICATORS}


def visible(table: Table, user) -> bool:
    """A table is shown to whoever may view every register it counts: one with some of its
    cells withheld would be no table to send, and would not balance."""
    return registers_of(table) <= viewable_registers(user)


def tables_for(user) -> list[Table]:
    return [table for table in TABLES.values() if visible(table, user)]


@dataclass(frozen=True)
class Cell:
    row: Row
    column: Column
    keys: tuple[str, ...]
    value: int | Decimal | None  # None: a blank cell, or a rate without a denominator
    shown: str
    rate: bool = False

    @property
    def blank(self) -> bool:
        return not self.keys

    @property
    def number(self):
        """What the balance checks add: a count or a sum, never a rate."""
        return None if self.rate else self.value


@dataclass(frozen=True)
class Filled:
    table: Table
    unit: Unit
    chosen: Chosen
    rows: list[tuple[Row, list[Cell]]]
    period_ended: bool
    imbalances: list[Imbalance]

    def cell(self, row_code: str, column_code: str) -> Cell:
        for row, cells in self.rows:
            if row.code == row_code:
                return next(c for c in cells if c.column.code == column_code)
        raise KeyError((row_code, column_code))

    @property
    def balanced(self) -> bool:
        return not self.imbalances


CENTS = Decimal("0.01")


def _money(value):
    """A sum of money with its two decimals, as it is printed (SQLite's SUM drops trailing
    zeros: 1500.5 for 1000.00 + 500.50)."""
    return value.quantize(CENTS) if isinstance(value, Decimal) else value


def _cell(row: Row, column: Column, found: dict) -> Cell:
    keys = row.keys_in(column)
    if not keys:
        return Cell(row, column, (), None, BLANK)
    figures = [found[key] for key in keys]
    if len(figures) == 1 and figures[0].indicator.is_rate:
        figure = figures[0]
        return Cell(row, column, keys, figure.value, figure.shown, rate=True)
    value = _money(sum((f.value for f in figures), 0))
    return Cell(row, column, keys, value, str(value))


def fill(
    table: Table, chosen: Chosen, unit: Unit, user=None, today: datetime.date | None = None
) -> Filled:
    """The table's cells for `unit`'s subtree in the chosen period, and its failed checks."""
    table = resolved(table)
    today = today or timezone.localdate()
    found = {}
    for span in table.spans:
        keys = list(
            dict.fromkeys(
                key
                for row in table.rows
                for column in table.leaves
                if column.span == span
                for key in row.keys_in(column)
            )
        )
        found[span] = compute(keys, chosen.range(span), unit, user=user) if keys else {}
    rows = [
        (row, [_cell(row, column, found[column.span]) for column in table.leaves])
        for row in table.rows
    ]
    values = {(c.row.code, c.column.code): c.number for _, cells in rows for c in cells}
    ended = chosen.ended(today)
    failed = imbalances(table, values, period_ended=ended)
    return Filled(table, unit, chosen, rows, ended, failed)


def fill_cell(table: Table, row: Row, column: Column, chosen: Chosen, unit: Unit, user=None):
    """One cell of the table, computed alone (the records page of a cell)."""
    keys = row.keys_in(column)
    found = compute(keys, chosen.range(column.span), unit, user=user) if keys else {}
    return _cell(row, column, found)
