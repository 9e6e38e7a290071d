"""What the register demos share: spreading a year's records over its months, GB 11643 ID
numbers, and writing planned records through the generic importer.

A plan is a list of dicts, model field → Python value (the owning unit as its code). The
importer checks and derives every row as an officer's file would be, and writes them in a few
bulk statements, so thousands of records load in seconds. Rows whose (unit, 编号) is already
there are left out before importing: a second run writes nothing, not even an import entry in
the audit log.

It lives here, below the register apps whose demo modules use it, because it writes through the
importer; `manage.py demo` and the demo county's units are the portal's (fazhi/portal).
"""

import datetime

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.registers import get_register
from fazhi.core.tabular import HEADER_ROW, Row, Table
from fazhi.imports.importer import import_rows

COUNTY = "433126"
OFFICES = [f"{COUNTY}-S0{n}" for n in range(1, 8)]
FILENAME = "演示数据"
D = datetime.date


def spread(year: int, n: int, i: int, *, first: int = 1, last: int = 12, end_day: int = 31):
    """The i-th of n dates spread evenly over months first..last of `year` (up to `end_day`
    of the last month), so that a year's records show in every month's trend."""
    start = D(year, first, 1)
    last_day = min(end_day, _month_length(year, last))
    end = D(year, last, last_day)
    span = (end - start).days
    return start + datetime.timedelta(days=(2 * i + 1) * span // (2 * n))


def pick(n: int, k: int) -> set[int]:
    """k of the indices 0..n-1, spread evenly (k <= n): which records of a year get a trait."""
    return {(2 * j + 1) * n // (2 * k) for j in range(k)}


def _month_length(year: int, month: int) -> int:
    following = D(year + month // 12, month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def id_number(birth: datetime.date, serial: int, area: str = COUNTY) -> str:
    """A valid 18-digit 公民身份号码 (GB 11643): area, birth date, sequence, check digit."""
    first17 = f"{area}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def import_new(register_name: str, plan: list[dict]) -> int:
    """Import the planned records not yet there; returns how many were added."""
    if not plan:
        return 0
    register = get_register(register_name)
    codes = {row["unit"] for row in plan}
    existing = set(
        register.model.objects.filter(unit__code__in=codes).values_list("unit__code", "number")
    )
    new = [row for row in plan if (row["unit"], row["number"]) not in existing]
    if not new:
        return 0
    columns = {c.field: c for c in register.columns}
    rows = [
        Row(HEADER_ROW + 1 + n, {columns[f].header: _cell(columns[f], v) for f, v in row.items()})
        for n, row in enumerate(new)
    ]
    import_rows(None, register, Table(headers=register.headers, rows=rows), filename=FILENAME)
    return len(new)


def _cell(column, value) -> str:
    if column.kind == "unit":
        return value
    return column.format(value)
