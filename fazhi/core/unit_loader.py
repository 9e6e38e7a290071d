"""Loading the unit register (the organisation tree) from a table.

All or nothing: every row is checked against the file and the database before anything is
written; then units are saved parents first, each through `actions.save_unit`, so every change
has its audit entry. Re-loading the same file changes nothing; a corrected file updates by code.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .actions import save_unit
from .errors import ActionRefused
from .models import Unit, UnitKind, unit_path, validate_unit_code
from .tabular import Row, RowError, Table, check_headers

CODE = "单位代码"
NAME = "单位名称"
KIND = "单位类别"
PARENT = "上级单位代码"
# Optional: a file without the column keeps what is entered; a blank cell clears it.
POPULATION = "常住人口"
COLUMNS = [CODE, NAME, KIND, PARENT, POPULATION]
MAX_POPULATION = 2_000_000_000  # above any country: a typo, not a place
REQUIRED_COLUMNS = [CODE, NAME, KIND]

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices}
NAME_MAX_LENGTH = Unit._meta.get_field("name").max_length
PATH_MAX_LENGTH = Unit._meta.get_field("path").max_length


class UnitFileRejected(Exception):
    """The file has bad rows; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} 处错误")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    # The column's text: None when the file has no such column (the stored value is kept).
    population_text: str | None = None

    @property
    def population(self) -> int | None:
        text = (self.population_text or "").replace(",", "").strip()
        return int(text) if text else None


@dataclass(frozen=True)
class Existing:
    """What the database holds for a unit before the load."""

    unit: Unit
    parent_code: str | None


@transaction.atomic
def load_units(actor, table: Table) -> LoadResult:
    """Create or update the units of `table`; raise UnitFileRejected if any row is bad.

    One transaction around reading, checking and writing, so that the rows are checked
    against the same database they are written to, and a refusal midway leaves no trace.
    """
    check_headers(table, COLUMNS, REQUIRED_COLUMNS)
    existing = _existing_units()
    has_population = POPULATION in table.headers
    rows = [_unit_row(row, has_population) for row in table.rows]
    parents = _final_parents(rows, existing)
    errors = _row_errors(table.rows, rows, existing, parents)
    if errors:
        raise UnitFileRejected(errors)
    return _write(actor, rows, existing, parents)


def _existing_units() -> dict[str, Existing]:
    units = list(Unit.objects.all())
    code_by_id = {unit.pk: unit.code for unit in units}
    return {u.code: Existing(u, code_by_id.get(u.parent_id)) for u in units}


def _unit_row(row: Row, has_population: bool) -> UnitRow:
    values = row.values
    return UnitRow(
        number=row.number,
        code=values.get(CODE, ""),
        name=values.get(NAME, ""),
        kind=KIND_BY_LABEL.get(values.get(KIND, ""), ""),
        parent_code=values.get(PARENT, "") or None,
        population_text=values.get(POPULATION, "") if has_population else None,
    )


def _final_parents(rows: list[UnitRow], existing: dict[str, Existing]) -> dict[str, str | None]:
    """Every unit's parent code once the file is applied; the first row of a code wins."""
    parents = {code: e.parent_code for code, e in existing.items()}
    seen = set()
    for row in rows:
        if row.code not in seen:
            parents[row.code] = row.parent_code
            seen.add(row.code)
    return parents


# --- validation -----------------------------------------------------------------------------


def _row_errors(raw_rows, rows, existing, parents) -> list[RowError]:
    numbers_by_code: dict[str, list[int]] = {}
    for row in rows:
        numbers_by_code.setdefault(row.code, []).append(row.number)
    in_cycle = _codes_in_cycles(rows, parents)
    errors = []
    for raw, row in zip(raw_rows, rows, strict=True):
        errors += _code_errors(row, numbers_by_code)
        errors += _name_errors(row)
        errors += _kind_errors(raw, row)
        errors += _population_errors(row)
        errors += _parent_errors(row, existing, numbers_by_code, parents, in_cycle)
    return errors


def _code_errors(row: UnitRow, numbers_by_code) -> list[RowError]:
    if not row.code:
        return [RowError(row.number, CODE, "单位代码不能为空。")]
    try:
        validate_unit_code(row.code)
    except ValidationError as error:
        return [RowError(row.number, CODE, error.messages[0])]
    numbers = numbers_by_code[row.code]
    # One error per repeat, on the later rows: the first occurrence is not itself a mistake.
    if row.number != numbers[0]:
        where = "、".join(f"第{n}行" for n in numbers)
        return [RowError(row.number, CODE, f"单位代码 {row.code} 在文件中重复出现（{where}）。")]
    return []


def _name_errors(row: UnitRow) -> list[RowError]:
    if not row.name:
        return [RowError(row.number, NAME, "单位名称不能为空。")]
    if len(row.name) > NAME_MAX_LENGTH:
        return [RowError(row.number, NAME, f"单位名称不能超过{NAME_MAX_LENGTH}个字。")]
    return []


def _kind_errors(raw: Row, row: UnitRow) -> list[RowError]:
    if row.kind:
        return []
    label = raw.values.get(KIND, "")
    allowed = "、".join(KIND_BY_LABEL)
    if not label:
        return [RowError(row.number, KIND, f"单位类别不能为空，应为以下之一：{allowed}。")]
    return [RowError(row.number, KIND, f"未知的单位类别「{label}」，应为以下之一：{allowed}。")]


def _population_errors(row: UnitRow) -> list[RowError]:
    text = (row.population_text or "").replace(",", "").strip()
    if not text:
        return []
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_POPULATION:
        message = f"常住人口「{row.population_text}」应为正整数（人），不知道时留空。"
        return [RowError(row.number, POPULATION, message)]
    return []


def _parent_errors(row, existing, numbers_by_code, parents, in_cycle) -> list[RowError]:
    parent = row.parent_code
    if parent is None:
        return []
    if parent == row.code:
        return [RowError(row.number, PARENT, "上级单位不能是本单位自己。")]
    if parent not in numbers_by_code and parent not in existing:
        return [
            RowError(row.number, PARENT, f"找不到上级单位 {parent}（既不在文件中，也不在系统中）。")
        ]
    if row.code in in_cycle:
        chain = " → ".join(_cycle_chain(row.code, parents))
        return [RowError(row.number, PARENT, f"上级关系形成了循环：{chain}。")]
    if len(_final_path(row.code, parents)) > PATH_MAX_LENGTH:
        return [RowError(row.number, PARENT, "单位层级太深，单位代码路径超过了系统允许的长度。")]
    return []


def _codes_in_cycles(rows: list[UnitRow], parents: dict[str, str | None]) -> set[str]:
    """The codes that are their own ancestor once the file is applied.

    The database holds a tree, so any cycle runs through a row of the file; walking up from
    each row with a shared memo keeps this linear in the number of units.
    """
    done: set[str] = set()
    cyclic: set[str] = set()
    for row in rows:
        trail: list[str] = []
        on_trail: set[str] = set()
        code = row.code
        while code is not None and code not in done and code not in on_trail:
            trail.append(code)
            on_trail.add(code)
            code = parents.get(code)
        if code is not None and code in on_trail:
            cyclic.update(trail[trail.index(code) :])
        done.update(trail)
    return cyclic


def _cycle_chain(code: str, parents: dict[str, str | None]) -> list[str]:
    chain = [code]
    current = parents.get(code)
    while current is not None and current != code and current not in chain:
        chain.append(current)
        current = parents.get(current)
    chain.append(current if current is not None else code)
    return chain


def _final_path(code: str, parents: dict[str, str | None], memo: dict | None = None) -> str:
    """The unit's path once the file is applied; a cycle, reported elsewhere, is cut short."""
    memo = {} if memo is None else memo
    trail: list[str] = []
    while code is not None and code not in memo and code not in trail:
        trail.append(code)
        code = parents.get(code)
    if code in trail:
        code = None
    path = memo.get(code, "") if code is not None else ""
    for step in reversed(trail):
        path = unit_path(path, step)
        memo[step] = path
    return path


# --- writing --------------------------------------------------------------------------------


def _write(actor, rows, existing, parents) -> LoadResult:
    memo: dict[str, str] = {}
    # Parents before children on the final tree: then every ancestor has its final path in the
    # database by the time a child is saved beneath it.
    ordered = sorted(rows, key=lambda r: _final_path(r.code, parents, memo).count("/"))
    units = {code: e.unit for code, e in existing.items()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in ordered:
        counts[_write_row(actor, row, existing, units, memo)] += 1
    return LoadResult(**counts)


def _write_row(actor, row: UnitRow, existing, units, memo) -> str:
    before = existing.get(row.code)
    if before is not None and _same(before, row):
        return "unchanged"
    parent = units[row.parent_code] if row.parent_code else None
    if parent is not None:
        # An ancestor moved earlier in this load has rewritten this parent's path in the
        # database; the in-memory copy catches up from the final tree instead of a query.
        parent.path = memo[row.parent_code]
    try:
        population = {} if row.population_text is None else {"population": row.population}
        units[row.code] = save_unit(
            actor, code=row.code, name=row.name, kind=row.kind, parent=parent, **population
        )
    except ActionRefused as refusal:
        raise UnitFileRejected([RowError(row.number, CODE, str(refusal))]) from refusal
    return "created" if before is None else "updated"


def _same(before: Existing, row: UnitRow) -> bool:
    unit = before.unit
    same_population = row.population_text is None or unit.population == row.population
    mine = (unit.name, unit.kind, before.parent_code)
    return same_population and mine == (row.name, row.kind, row.parent_code)
