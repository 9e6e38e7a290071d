"""An official statistical table declared as data (pure: nothing here reads the database).

A table is its title and source (the 统计制度 or standard it follows, and whether that layout is
published or had to be reconstructed), the period it reports (年报, 季报, 月报), its columns — a
tree of headings whose leaves are the columns that hold numbers, each reporting the period
itself (本期) or the year so far (本年累计) — and its rows. Each cell names the indicator it
shows, or several whose values are added, or nothing (None: the table has the cell but fazhi
keeps no such fact; a note says why). Balance checks say which rows or columns are the sum of
which others; `imbalances()` checks them on the computed values.

So that a new table is data, not code: a row may be declared once for every indicator of a
breakdown (`RowsOf`), expanded when the table is resolved against the registry.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

# What a column reports: the chosen period itself, or from 1 January to the period's end.
CURRENT, CUMULATIVE = "current", "cumulative"
# The periods a table reports.
YEAR, QUARTER, MONTH = "year", "quarter", "month"
KIND_LABELS = {YEAR: "年报", QUARTER: "季报", MONTH: "月报"}
# Which way a balance check runs: rows (a row is the sum of rows, in each column) or columns.
ROWS, COLUMNS = "rows", "columns"

Keys = str | tuple[str, ...]  # one indicator key, or several whose values are added


def as_keys(keys: Keys | None) -> tuple[str, ...]:
    if keys is None:
        return ()
    return (keys,) if isinstance(keys, str) else tuple(keys)


@dataclass(frozen=True)
class Column:
    """A column that holds numbers: its 栏次 as printed, its heading, what period it reports."""

    code: str
    label: str
    span: str = CURRENT


@dataclass(frozen=True)
class Heading:
    """A heading over several columns (a merged cell in the table's head)."""

    label: str
    children: tuple  # Column | Heading


@dataclass(frozen=True)
class Row:
    """A row: its 行次, its label, and what each column shows — the same figure in every column
    (`keys`: each column reports it for its own period), or figures by column code (`cells`;
    a column not named is blank)."""

    code: str
    label: str
    keys: Keys | None = None
    cells: Mapping[str, Keys | None] = field(default_factory=dict)
    level: int = 0  # 0, or 1 for an item under the row above it (其中)
    measure: str = ""  # 计量单位 (件, 人, 元, %)

    def keys_in(self, column: Column) -> tuple[str, ...]:
        if self.cells:
            return as_keys(self.cells.get(column.code))
        return as_keys(self.keys)


@dataclass(frozen=True)
class RowsOf:
    """One row for each indicator whose key starts with `prefix` (a breakdown: 行政管理领域),
    showing it in column `column`; their 行次 are `code` followed by 1, 2 … Expanded when the
    table is resolved (`resolve`), in the registry's order."""

    prefix: str
    column: str
    code: str
    level: int = 1
    measure: str = ""
    skip: tuple[str, ...] = ()  # items of the breakdown the table has no row for (未填)


@dataclass(frozen=True)
class Check:
    """A balance check. ROWS: row `total` = Σ rows `parts` − Σ rows `minus`, in each column
    (or only those in `only`); COLUMNS: the same of columns, in each row (or rows in `only`).
    A part ending in "*" stands for every row or column whose code starts with what precedes
    it (the rows of a `RowsOf`). `at_most`: the total is not more than the sum (a part of a
    whole, e.g. 负责人出庭 ≤ 开庭审理). `after_period_end`: it holds only once the period has
    ended (an end-of-period stock against the period's flows); before, it is not checked."""

    axis: str
    total: str
    parts: tuple[str, ...]
    minus: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    at_most: bool = False
    after_period_end: bool = False
    hint: str = ""  # what a failure usually means, in Chinese


def row_sum(total, parts, **more) -> Check:
    return Check(ROWS, total, tuple(parts), **more)


def column_sum(total, parts, **more) -> Check:
    return Check(COLUMNS, total, tuple(parts), **more)


def row_at_most(part, whole, **more) -> Check:
    return Check(ROWS, part, (whole,), at_most=True, **more)


def column_at_most(part, whole, **more) -> Check:
    return Check(COLUMNS, part, (whole,), at_most=True, **more)


@dataclass(frozen=True)
class Table:
    key: str  # in URLs and the command line: letters, digits, "-" and "_"
    title: str
    source: str  # the official document the layout follows, in Chinese
    published: bool  # whether that document's layout was found published
    layout_note: str  # which parts of the layout are official and which reconstructed
    kind: str  # YEAR, QUARTER or MONTH
    columns: tuple  # Column | Heading
    rows: tuple  # Row | RowsOf
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()  # 填表说明: what blank cells and each figure mean
    number: str = ""  # 表号, where the source gives one
    standard: str = ""  # the source's number as a standard (SF/T …): shown untranslated
    stub: str = "项目"  # the heading of the rows' labels
    row_codes: bool = True  # a 行次 column after the labels

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def leaves(self) -> list[Column]:
        return leaves(self.columns)

    def column(self, code: str) -> Column:
        for column in self.leaves:
            if column.code == code:
                return column
        raise KeyError(code)

    def row(self, code: str) -> Row:
        for row in self.rows:
            if isinstance(row, Row) and row.code == code:
                return row
        raise KeyError(code)

    @property
    def keys(self) -> list[str]:
        """Every indicator key the table names, once, in order."""
        found = {}
        for row in self.rows:
            if isinstance(row, Row):
                for column in self.leaves:
                    found.update(dict.fromkeys(row.keys_in(column)))
        return list(found)

    @property
    def spans(self) -> list[str]:
        return list(dict.fromkeys(column.span for column in self.leaves))


def leaves(columns) -> list[Column]:
    found = []
    for item in columns:
        found += [item] if isinstance(item, Column) else leaves(item.children)
    return found


def _depth(columns) -> int:
    return max((1 if isinstance(c, Column) else 1 + _depth(c.children)) for c in columns)


@dataclass(frozen=True)
class HeadCell:
    """A cell of the table's head: its text, how many columns and rows it spans, and the
    column it heads (a leaf) or None (a heading, or the rows' labels)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    column: Column | None = None


def head_rows(table: Table) -> list[list[HeadCell]]:
    """The head as rows of cells with their spans, as the table prints: the rows' labels (and
    行次) span every row of the head; a heading spans its columns; a column reaches down to
    the head's last row."""
    depth = _depth(table.columns)
    rows: list[list[HeadCell]] = [[] for _ in range(depth)]
    rows[0].append(HeadCell(table.stub, rowspan=depth))
    if table.row_codes:
        rows[0].append(HeadCell("行次", rowspan=depth))

    def place(items, level):
        for item in items:
            if isinstance(item, Column):
                rows[level].append(HeadCell(item.label, rowspan=depth - level, column=item))
            else:
                rows[level].append(HeadCell(item.label, colspan=len(leaves(item.children))))
                place(item.children, level + 1)

    place(table.columns, 0)
    return rows


def code_row(table: Table) -> list[str]:
    """The row under the head that numbers the columns: 甲 (and 乙 for 行次), then 1, 2 …"""
    return ["甲", *(["乙"] if table.row_codes else []), *(c.code for c in table.leaves)]


# --- resolving against the registry ---------------------------------------------------------


def resolve(table: Table, known_keys) -> Table:
    """The table with each `RowsOf` made into its rows, from the keys the registry knows (in
    its order). Rows of a breakdown none of whose keys exist yet are simply absent."""
    rows = []
    for item in table.rows:
        if isinstance(item, Row):
            rows.append(item)
            continue
        keys = [
            k
            for k in known_keys
            if k.startswith(item.prefix) and k[len(item.prefix) :] not in ("", *item.skip)
        ]
        for n, key in enumerate(keys, 1):
            rows.append(
                Row(
                    f"{item.code}{n}",
                    key[len(item.prefix) :],
                    cells={item.column: key},
                    level=item.level,
                    measure=item.measure,
                )
            )
    return replace(table, rows=tuple(rows))


def declaration_problems(table: Table, indicators: Mapping) -> list[str]:
    """Mistakes in a resolved table's declaration, against the registry (`indicators`: key →
    Indicator): keys it does not know, one cell adding indicators of different registers or a
    rate, codes given twice, checks naming rows or columns that do not exist or cells that are
    rates. The tests assert there are none; a table with unknown keys is not offered."""
    problems = []
    codes = [c.code for c in table.leaves]
    rows = [r for r in table.rows if isinstance(r, Row)]
    row_codes = [r.code for r in rows]
    for kind, found in (("column", codes), ("row", row_codes)):
        twice = sorted({c for c in found if found.count(c) > 1})
        problems += [f"{kind} {c} declared twice" for c in twice]
    if not re.fullmatch(r"[A-Za-z0-9_-]+", table.key):
        problems.append(f"table key {table.key!r} is not a URL word")
    for row in rows:
        problems += [f"row {row.code}: unknown column {c}" for c in row.cells if c not in codes]
        for column in table.leaves:
            keys = row.keys_in(column)
            unknown = [k for k in keys if k not in indicators]
            problems += [f"row {row.code} column {column.code}: unknown key {k}" for k in unknown]
            known = [indicators[k] for k in keys if k in indicators]
            if len({i.register for i in known}) > 1:
                problems.append(f"row {row.code} column {column.code}: keys of several registers")
            if len(keys) > 1 and any(i.is_rate for i in known):
                problems.append(f"row {row.code} column {column.code}: a rate in a sum")
    for check in table.checks:
        lines, across = (row_codes, codes) if check.axis == ROWS else (codes, row_codes)
        for code in (check.total, *check.parts, *check.minus):
            if not _matching(code, lines):
                problems.append(f"check on {check.total}: no {check.axis[:-1]} {code}")
        problems += [f"check on {check.total}: no line {c}" for c in check.only if c not in across]
    return problems


def _matching(code: str, codes) -> list[str]:
    if code.endswith("*"):
        return [c for c in codes if c.startswith(code[:-1])]
    return [code] if code in codes else []


# --- balance checks -------------------------------------------------------------------------

Value = int | Decimal | None  # a cell's number; None: blank, or a rate (not summed)
Values = Mapping[tuple[str, str], Value]  # (row code, column code) → value


@dataclass(frozen=True)
class Imbalance:
    check: Check
    line: str  # the column (ROWS) or row (COLUMNS) it failed in
    total: int | Decimal
    parts: int | Decimal
    message: str  # in Chinese, as the page and the refusal show it


def imbalances(table: Table, values: Values, *, period_ended: bool = True) -> list[Imbalance]:
    """Every declared check that fails on `values`, one per column (or row) it fails in. A
    check is not applied where its total or one of its parts is blank (no such fact), nor
    before the period has ended if it holds only then."""
    found = []
    rows = [r for r in table.rows if isinstance(r, Row)]
    for check in table.checks:
        if check.after_period_end and not period_ended:
            continue
        if check.axis == ROWS:
            lines = [c.code for c in table.leaves]
            members = [r.code for r in rows]
        else:
            lines = [r.code for r in rows]
            members = [c.code for c in table.leaves]
        for line in check.only or lines:
            failure = _check_line(table, check, line, members, values)
            if failure is not None:
                found.append(failure)
    return found


def _value(values: Values, check: Check, member: str, line: str) -> Value:
    key = (member, line) if check.axis == ROWS else (line, member)
    return values.get(key)


def _check_line(table, check, line, members, values) -> Imbalance | None:
    plus = [m for code in check.parts for m in _matching(code, members)]
    minus = [m for code in check.minus for m in _matching(code, members)]
    total = _value(values, check, check.total, line)
    operands = [_value(values, check, m, line) for m in plus + minus]
    if total is None or any(v is None for v in operands) or not (plus or minus):
        return None
    summed = sum(operands[: len(plus)], 0) - sum(operands[len(plus) :], 0)
    if (total <= summed) if check.at_most else (total == summed):
        return None
    return Imbalance(
        check, line, total, summed, _message(table, check, line, plus, minus, total, summed)
    )


def _name(table: Table, axis: str, code: str) -> str:
    if axis == ROWS:
        return f"第{code}行「{table.row(code).label}」"
    return f"第{code}栏「{table.column(code).label}」"


def _names(table: Table, axis: str, plus, minus) -> str:
    noun = "行" if axis == ROWS else "栏"
    if len(plus) + len(minus) > 4:
        text = f"第{plus[0]}至{plus[-1]}{noun}之和"
        if minus:
            text += "减去" + "、".join(f"第{m}{noun}" for m in minus)
        return text
    text = "＋".join(f"第{p}{noun}" for p in plus)
    text += "".join(f"－第{m}{noun}" for m in minus)
    return text


def shown_number(value) -> str:
    """A number as the figures page shows it (a sum of money keeps its two decimals)."""
    return str(value)


def _message(table, check, line, plus, minus, total, summed) -> str:
    other = COLUMNS if check.axis == ROWS else ROWS
    where = _name(table, other, line)
    whole = _name(table, check.axis, check.total)
    if check.at_most:
        text = (
            f"{where}：{whole}为{shown_number(total)}，"
            f"不应大于{_names(table, check.axis, plus, minus)}（{shown_number(summed)}）。"
        )
    else:
        difference = shown_number(abs(total - summed))
        text = (
            f"{where}：{whole}为{shown_number(total)}，"
            f"应等于{_names(table, check.axis, plus, minus)}（{shown_number(summed)}），"
            f"相差{difference}。"
        )
    return text + check.hint
