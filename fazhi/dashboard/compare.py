"""The comparison of a unit's child bureaus: one row per child, one column per indicator.

Each row is one compute() over the child's subtree with the reader as `user`, so its cost is
(number of families and single indicators) queries per child: it grows with the children. A
prefecture has about ten counties; a province's ~120 counties would want one GROUP BY per
family over all children at once (a scale job, not done here).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from fazhi.core.models import BUREAUS, Unit, UnitKind
from fazhi.core.spreadsheet import Book
from fazhi.indicators.compute import Figure, compute
from fazhi.indicators.registry import INDICATORS, Period

from .selection import comparison_columns

CHILDREN, COUNTIES = "children", "counties"


def compared_units(unit: Unit, scope: str = CHILDREN) -> list[Unit]:
    """The direct children that are bureaus (a province's prefectures, a prefecture's
    counties), or with `scope` "counties" every county of the subtree."""
    if scope == COUNTIES:
        units = Unit.objects.subtree(unit).filter(kind=UnitKind.COUNTY).exclude(pk=unit.pk)
    else:
        units = Unit.objects.filter(parent=unit, kind__in=BUREAUS)
    return list(units.order_by("path"))


def has_compared_units(unit: Unit) -> bool:
    below = Q(parent=unit, kind__in=BUREAUS) | Q(path__startswith=unit.path, kind=UnitKind.COUNTY)
    return Unit.objects.filter(below).exclude(pk=unit.pk).exists()


@dataclass
class Cell:
    key: str
    value: int | Decimal | None
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None

    @property
    def is_rate(self) -> bool:
        return INDICATORS[self.key].is_rate

    @property
    def shown(self) -> str:
        if self.is_rate:
            return percent(self.value)
        return number(self.value)

    @property
    def title(self) -> str:
        if self.is_rate:
            return f"{self.numerator} / {self.denominator}"
        return ""


def number(value) -> str:
    """A count or a sum of money as people write it: no ".00" on whole yuan."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def percent(value) -> str:
    """A rate as a percentage with one decimal, as the annual report prints them."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _cell(figure: Figure) -> Cell:
    return Cell(figure.key, figure.value, figure.numerator, figure.denominator)


def _total(key: str, cells: list[Cell]) -> Cell:
    """The sum over the rows; a rate is the sum of numerators over the sum of denominators,
    never an average of rates. The children's subtrees are disjoint, so counts add up."""
    if INDICATORS[key].is_rate:
        numerator = sum(c.numerator or 0 for c in cells)
        denominator = sum(c.denominator or 0 for c in cells)
        value = Decimal(numerator) / Decimal(denominator) if denominator else None
        return Cell(key, value, numerator, denominator)
    return Cell(key, sum(c.value or 0 for c in cells))


@dataclass
class Comparison:
    unit: Unit
    year: int
    scope: str
    groups: list  # [(BusinessLine, [Indicator])]
    keys: list[str]
    rows: list[tuple[Unit, list[Cell]]]
    total: list[Cell]


def comparison(user, unit: Unit, year: int, scope: str = CHILDREN) -> Comparison:
    groups = comparison_columns(user)
    keys = [key for _, line_keys in groups for key in line_keys]
    units = compared_units(unit, scope)
    period = Period.year(year)
    rows = []
    for child in units:
        found = compute(keys, period, child, user=user) if keys else {}
        rows.append((child, [_cell(found[key]) for key in keys]))
    total = [_total(key, [cells[i] for _, cells in rows]) for i, key in enumerate(keys)]
    return Comparison(
        unit,
        year,
        scope,
        [(line, [INDICATORS[k] for k in line_keys]) for line, line_keys in groups],
        keys,
        rows,
        total,
    )


def header(indicator) -> str:
    """The column's header: the indicator's label and unit, e.g. 收到行政复议申请（件）."""
    return f"{indicator.label}（{indicator.unit}）"


def _excel_value(cell: Cell):
    if cell.value is None:
        return None
    if isinstance(cell.value, Decimal):
        # A rate keeps full precision and shows as a percentage; money as a number.
        return float(cell.value)
    return cell.value


def comparison_xlsx(table: Comparison) -> bytes:
    """The table as a workbook: a title row, the business lines over their columns, the
    indicators' labels with units, one row per unit, then 合计."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # Unit names come from whoever keeps the unit tree: the one writer (core/spreadsheet.py)
    # keeps a name like =HYPERLINK(...) text instead of a formula.
    book = Book()
    sheet = book.sheet("下级单位对比")
    raw = sheet.raw
    width = 2 + len(table.keys)
    scope = "全部县级单位" if table.scope == COUNTIES else "直属下级单位"
    title = f"{table.unit.name}{scope}指标对比（{table.year}年度）"
    sheet.write(1, 1, title, font=Font(bold=True))
    sheet.write(2, 1, "单位代码")
    sheet.write(2, 2, "单位名称")
    raw.merge_cells(start_row=2, end_row=3, start_column=1, end_column=1)
    raw.merge_cells(start_row=2, end_row=3, start_column=2, end_column=2)
    column = 3
    for line, indicators in table.groups:
        sheet.write(2, column, line.label)
        if len(indicators) > 1:
            raw.merge_cells(
                start_row=2, end_row=2, start_column=column, end_column=column + len(indicators) - 1
            )
        for indicator in indicators:
            sheet.write(3, column, header(indicator))
            column += 1
    for row_number in (2, 3):
        for col in range(1, width + 1):
            raw.cell(row_number, col).font = Font(bold=True)
            raw.cell(row_number, col).alignment = Alignment(horizontal="center", wrap_text=True)
    rows = [(unit.code, unit.name, cells) for unit, cells in table.rows]
    rows.append(("", "合计", table.total))
    for offset, (code, name, cells) in enumerate(rows):
        row_number = 4 + offset
        sheet.write(row_number, 1, code)
        sheet.write(row_number, 2, name)
        for index, cell in enumerate(cells):
            written = sheet.write(row_number, 3 + index, _excel_value(cell))
            if cell.is_rate:
                written.number_format = "0.0%"
    raw.column_dimensions["A"].width = 12
    raw.column_dimensions["B"].width = 22
    for col in range(3, width + 1):
        raw.column_dimensions[get_column_letter(col)].width = 14
    raw.freeze_panes = "C4"
    return book.save()
