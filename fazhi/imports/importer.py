"""Importing a table into any register, driven by the register's column spec alone.

All or nothing, in one transaction: the rows are parsed, resolved, derived, checked and
written CHUNK_ROWS at a time; once a row fails nothing more is written, the rest is still
checked so that every error is reported, and the transaction rolls back. A row whose
(unit, 编号) already exists updates that record, so re-importing a corrected file is safe.

Each chunk is a handful of bulk statements: records by COPY on PostgreSQL (fastpath.py), else
`bulk_create`/`bulk_update`; the import is audited as one entry with the file kept beside it
and the ids it created, plus one entry with before and after for each stored record it
changed (core/audit/files.py). The query count grows with the number of chunks and batches,
never with the number of rows.
"""

import hashlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import islice

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from fazhi.core import audit, pgcopy, retention
from fazhi.core.access import may_change
from fazhi.core.columns import CellError, Column
from fazhi.core.encrypted import blind_index_fields
from fazhi.core.models import AuditEntry, Unit
from fazhi.core.registers import Register
from fazhi.core.tabular import HEADER_ROW, Row, RowError, Table
from fazhi.core.text import character_problem, printable
from fazhi.core.writes import (
    Write,
    change_entry,
    prepare,
    records_written,
    stored_copy,
)

from . import fastpath

# Numbers looked up per query: far below every database's limit on bound parameters.
LOOKUP_CHUNK = 500
# Fields an import never rewrites on an existing record: its identity and its creation time.
KEY_FIELDS = {"unit", "number", "created_at"}
KEY_COLUMN_FIELDS = {"unit", "number"}


class ImportRejected(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} 处错误")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0

    def __str__(self):
        return f"新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"


@dataclass
class Planned:
    """One row on its way to the database."""

    number: int
    values: dict = field(default_factory=dict)  # model field name → parsed value
    errors: list[RowError] = field(default_factory=list)
    write: Write | None = None  # the record built from the row, and the one it updates

    @property
    def record(self):
        return self.write.record if self.write is not None else None

    @property
    def new(self) -> bool:
        return self.write.old is None


# --- pure steps ---------------------------------------------------------------------------


def header_errors(headers: list[str], register: Register) -> list[RowError]:
    """Unknown columns and missing required ones, one error per column.

    The same rule as `tabular.check_headers`, but each problem names its column, so the page
    and the error workbook can point at the cell.
    """
    allowed = register.headers
    errors = [
        # A control character is invisible: the header is named with U+FFFD in its place, and
        # the message says what is wrong instead of "not a column" of a header that looks right.
        RowError(
            HEADER_ROW,
            printable(h),
            character_problem(h) or f"不是本表的列（本表的列为：{'、'.join(allowed)}）",
        )
        for h in headers
        if h not in allowed
    ]
    errors += [
        RowError(HEADER_ROW, c.header, "缺少这一必填列")
        for c in key_columns(register)
        if c.header not in headers
    ]
    return errors


def key_columns(register: Register) -> list[Column]:
    """The columns every row must fill: the required ones, and always the unit and the 编号
    that find the record to update, whatever the register declares."""
    return [
        replace(c, required=True)
        for c in register.columns
        if c.required or c.field in KEY_COLUMN_FIELDS
    ]


def parse_row(row: Row, parsers: list[tuple[Column, Callable]]) -> Planned:
    """Every present cell of the row through its column's parser: (column, parse), where
    parse is the column's `parser()` of this import (each distinct text parsed once)."""
    planned = Planned(number=row.number)
    cells = row.values
    for column, parse in parsers:
        try:
            planned.values[column.field] = parse(cells.get(column.header, ""))
        except CellError as error:
            planned.errors.append(RowError(row.number, column.header, str(error)))
    return planned


def key_digest(key: tuple[str, str]) -> bytes:
    # 128 bits: a chance collision among a province's keys is far below any hardware fault.
    return hashlib.blake2b("\x00".join(key).encode(), digest_size=16).digest()


def duplicate_errors(rows: list[Planned], number_header: str, run: "Run") -> list[RowError]:
    """A (unit, 编号) given twice in the file: an error on each later row, naming every row
    that gives it so far (`run` keeps the keys of the chunks before)."""
    again = []
    for row in rows:
        key = (row.values.get("unit"), row.values.get("number"))
        if not all(key):
            continue
        first = run.seen.setdefault(key_digest(key), row.number)
        if first != row.number:
            run.repeated.setdefault(key, [first]).append(row.number)
            again.append((row, key))
    errors = []
    for row, key in again:
        where = "、".join(f"第{n}行" for n in run.repeated[key])
        errors.append(
            RowError(row.number, number_header, f"「{key[1]}」在同一单位下重复出现（{where}）")
        )
    return errors


def validation_errors(number: int, error: ValidationError, register: Register) -> list[RowError]:
    """A model ValidationError as row errors, each under its column's header."""
    header_by_field = {c.field: c.header for c in register.columns}
    errors = []
    for name, messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            column = ""
        else:
            column = header_by_field.get(name) or _verbose_name(register.model, name)
        errors += [RowError(number, column, message) for message in messages]
    return errors


def _verbose_name(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # not a field: show the name as Django reported it
        return name


def fill(record, values: dict):
    for name, value in values.items():
        setattr(record, name, value)


def row_errors(planned: Planned, register: Register) -> list[RowError]:
    """What the one write path found against the row's record, each under its column."""
    write, number = planned.write, planned.number
    errors = [RowError(number, "", write.refusal)] if write.refusal else []
    errors += [RowError(number, p.header, p.message) for p in write.problems]
    if write.invalid is not None:
        errors += validation_errors(number, write.invalid, register)
    return errors


# --- the import ---------------------------------------------------------------------------


READ, VALIDATED, WRITTEN = "read", "validated", "written"
PROGRESS_EVERY = 1000  # rows between two progress reports


def no_progress(stage: str, done: int, total: int) -> None:
    pass


# Rows parsed, checked and written at a time: what the import holds in memory is this many
# rows' records, whatever the size of the file. Rows already written in the transaction are
# in the database for the next chunk's checks (links, duplicates, existing records), so a
# chunk is judged against the file so far. After a failed row nothing more is written and
# later rows are judged without the unwritten ones: their errors are still reported, but one
# that hangs on a link to an unwritten row may be missed or added.
CHUNK_ROWS = 10_000


@dataclass
class Run:
    """What an import carries from one chunk of rows to the next."""

    total: int
    # digest of (unit code, 编号) → the first row giving it: a million keys as 16-byte digests
    # take a third of the memory the tuples of their strings would.
    seen: dict = field(default_factory=dict)
    repeated: dict = field(default_factory=dict)  # (unit code, 编号) → every row giving it
    units: dict = field(default_factory=dict)  # unit code → Unit, or None when unknown
    errors: list[RowError] = field(default_factory=list)
    created_ids: array = field(default_factory=lambda: array("q"))
    changed: int = 0
    unchanged: int = 0

    @property
    def result(self) -> ImportResult:
        return ImportResult(len(self.created_ids), self.changed, self.unchanged)


@transaction.atomic
def import_rows(
    actor,
    register: Register,
    table: Table,
    *,
    filename: str = "",
    progress: Callable[[str, int, int], None] = no_progress,
) -> ImportResult:
    """Create or update the register's records from `table`, or raise ImportRejected.

    `actor` None is the operator at the command line, who may import into any unit. One
    transaction around reading, checking and writing, so the rows are checked against the
    database they are written to, and a rejected file leaves nothing behind: the rows are
    checked and written CHUNK_ROWS at a time, and once a row fails none is written after it
    (the checks go on, so every error in the file is reported) and the transaction rolls back.
    `progress(stage, done, total)` hears how far it has got: rows read, validated, written.
    """
    errors = header_errors(table.headers, register)
    if errors:
        raise ImportRejected(errors)
    if not table.rows:
        raise ImportRejected([RowError(HEADER_ROW + 1, "", "文件中没有数据行")])
    keys = {c.header: c for c in key_columns(register)}
    columns = [keys.get(c.header, c) for c in register.columns if c.header in table.headers]
    parsers = [(column, column.parser()) for column in columns]
    run = Run(total=len(table.rows))
    cells = iter(table.rows)
    for start in range(0, run.total, CHUNK_ROWS):
        rows = [parse_row(row, parsers) for row in islice(cells, CHUNK_ROWS)]
        progress(READ, start + len(rows), run.total)
        units = resolve_units(actor, register, rows, run.units)
        by_number = {row.number: row for row in rows}
        for error in duplicate_errors(rows, register.number_column.header, run):
            by_number[error.row].errors.append(error)
        build_records(actor, register, rows, units, _offset(progress, start, run.total))
        run.errors += [error for row in rows for error in row.errors]
        if not run.errors:
            write(actor, register, rows, filename, run, _offset(progress, start, run.total))
    if run.errors:
        raise ImportRejected(run.errors)
    result = run.result
    import_entry(actor, register, result, filename, table.source, run.created_ids)
    progress(WRITTEN, run.total, run.total)
    return result


def _offset(progress, start: int, total: int):
    """A chunk's progress(stage, done, _) as the file's."""
    return lambda stage, done, _: progress(stage, start + done, total)


def resolve_units(
    actor, register: Register, rows: list[Planned], known: dict | None = None
) -> dict[str, Unit]:
    """The units the rows name, in one query for the codes not in `known` (the units earlier
    chunks looked up, kept there); unknown codes and units the actor may not change become
    row errors."""
    known = {} if known is None else known
    header = next(c.header for c in register.columns if c.kind == "unit")
    codes = {row.values["unit"] for row in rows if row.values.get("unit")}
    wanted = codes - known.keys()
    if wanted:
        found = {unit.code: unit for unit in Unit.objects.filter(code__in=wanted)}
        for code in wanted:
            unit = found.get(code)
            allowed = unit is not None and (
                actor is None or may_change(actor, register.model, unit)
            )
            known[code] = (unit, allowed)
    for row in rows:
        code = row.values.get("unit")
        if not code:
            continue
        unit, allowed = known[code]
        if unit is None:
            row.errors.append(RowError(row.number, header, f"找不到单位代码「{code}」"))
        elif not allowed:
            row.errors.append(RowError(row.number, header, f"无权导入「{unit}」的记录"))
    return {code: known[code][0] for code in codes if known[code][1]}


def build_records(
    actor,
    register: Register,
    rows: list[Planned],
    units: dict[str, Unit],
    progress: Callable[[str, int, int], None] = no_progress,
):
    """Build each clean row's record, over the existing one where its key exists, and put
    them all through the one write path's `prepare` (core/writes.py), as a web form's record
    is: scope, personal data, links to other registers (in bulk), derived fields, checks and
    validation. Rows that already failed to parse are left alone: checks on them would
    mislead."""
    clean = [row for row in rows if not row.errors]
    existing = existing_records(register, clean, units)
    new_record = NewRecords(register.model)
    kept = {c.field for c in register.columns if c.keep_when_blank}
    building = []
    for row in clean:
        unit = units[row.values["unit"]]
        values = {k: v for k, v in row.values.items() if k != "unit"}
        record = existing.get((unit.pk, values["number"]))
        if record is not None and retention.is_expired(record):
            # Kept for storage only: no reader sees it, so no import may change it either.
            row.write = Write(record, stored_copy(record))
            row.errors.append(RowError(row.number, register.number_column.header, EXPIRED_NUMBER))
            continue
        if record is not None:
            old = stored_copy(record)
            # A blank cell reads as None (a date) or "" (a text): either keeps what is stored.
            fill(record, {k: v for k, v in values.items() if not (k in kept and v in (None, ""))})
        else:
            old, record = None, new_record({"unit": unit, **values})
        row.write = Write(record, old)
        building.append(row)

    def checked(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            progress(VALIDATED, done, len(rows))

    # The chunk's rows at once: a link or a duplicate is judged against the chunk and what
    # the chunks before it wrote.
    prepare(actor, register, [row.write for row in building], bulk=True, progress=checked)
    for row in building:
        row.errors += row_errors(row, register)
    progress(VALIDATED, len(rows), len(rows))


class NewRecords:
    """Model instances for a file's new rows, built without calling Model.__init__ on each.

    Django's __init__ matches every keyword against every field, about 17 µs a record here: 17 s
    of a million-row import. A new row's values are already parsed and checked by column, so
    the instance is given what __init__ would give it — each field's default (a callable one
    called per record), the row's values, a fresh state — directly. A model with init signals
    gets __init__ (none has any today); a relation goes through its descriptor, as __init__'s.
    """

    def __init__(self, model):
        self.model = model
        fields = model._meta.concrete_fields
        self.plain = not (pre_init.has_listeners(model) or post_init.has_listeners(model))
        # Fields without a default (NOT_PROVIDED, itself callable) get theirs once, here.
        fresh = {f.attname for f in fields if f.has_default() and callable(f.default)}
        self.defaults = {f.attname: f.get_default() for f in fields if f.attname not in fresh}
        self.fresh = [(f.attname, f.get_default) for f in fields if f.attname in fresh]
        self.direct = {f.attname for f in fields if not f.is_relation}

    def __call__(self, values: dict):
        if not self.plain:
            return self.model(**values)
        record = self.model.__new__(self.model)
        record._state = ModelState()
        attributes = record.__dict__
        attributes.update(self.defaults)
        for name, default in self.fresh:
            attributes[name] = default()
        for name, value in values.items():
            if name in self.direct:
                attributes[name] = value
            else:
                setattr(record, name, value)
        return record


EXPIRED_NUMBER = "该编号的记录已超过保存期限，仅作存储，不能再导入修改"


def existing_records(register: Register, rows: list[Planned], units: dict[str, Unit]) -> dict:
    """The records the rows would update, by (unit id, 编号): one query per LOOKUP_CHUNK rows."""
    model = register.model
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    numbers = sorted({row.values["number"] for row in rows})
    unit_ids = {units[row.values["unit"]].pk for row in rows}
    found = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        # Related rows come along for the audit snapshot; `of` keeps PostgreSQL from trying to
        # lock the nullable side of those outer joins.
        query = (
            model.objects.select_related(*relations)
            .select_for_update(of=("self",))
            .filter(unit_id__in=unit_ids, number__in=chunk)
        )
        found.update({(record.unit_id, record.number): record for record in query})
    return found


# --- writing ------------------------------------------------------------------------------


def write(
    actor,
    register: Register,
    rows: list[Planned],
    filename: str,
    run: Run,
    progress: Callable[[str, int, int], None] = no_progress,
) -> None:
    """Write one chunk's new and changed records; unchanged ones are counted."""
    model = register.model
    new = [row for row in rows if row.new]
    changed = [row for row in rows if not row.new and not row.write.changes_nothing()]
    records = [row.record for row in new]
    if pgcopy.usable(len(records) + len(changed)):
        # New and changed rows together: COPY into a staging table, then one INSERT and one
        # UPDATE.
        taken = fastpath.upsert(
            model,
            records,
            [row.record for row in changed],
            lambda done: progress(WRITTEN, done, len(rows)),
        )
        if taken:
            raise ImportRejected(taken_errors(register, new, taken))
    else:
        try:
            _bulk_write(model, records, [row.record for row in changed], progress, len(rows))
        except IntegrityError as error:
            if not _is_number_taken(error):
                raise
            raise ImportRejected(
                [RowError(HEADER_ROW + 1, "", TAKEN_MEANWHILE.format("本文件中的编号"))]
            ) from error
    _refetch_missing_pks(records, model)
    records_written.send(register.name, unit_ids={row.record.unit_id for row in new + changed})
    # The import is audited as one operation, with the file and the ids it created
    # (core/audit/files.py, import_entry); only a stored record it changes gets its own
    # entry with before and after.
    entries = [record_entry(actor, register, row, filename) for row in changed]
    AuditEntry.objects.bulk_create(entries, batch_size=PROGRESS_EVERY)
    run.created_ids.extend(record.pk for record in records)
    run.changed += len(changed)
    run.unchanged += len(rows) - len(new) - len(changed)
    progress(WRITTEN, len(rows), len(rows))


TAKEN_MEANWHILE = "导入期间，另一次导入或录入已登记了{}；未写入任何记录，请核对后重新导入"


def _is_number_taken(error: IntegrityError) -> bool:
    """The (unit, 编号) constraint, by its name (PostgreSQL) or its columns (SQLite)."""
    text = str(error)
    return "_unique_number" in text or ("UNIQUE" in text and text.rstrip().endswith(".number"))


def taken_errors(register: Register, new: list[Planned], taken: set[tuple]) -> list[RowError]:
    header = register.number_column.header
    return [
        RowError(row.number, header, TAKEN_MEANWHILE.format(f"编号「{row.record.number}」"))
        for row in new
        if (row.record.unit_id, row.record.number) in taken
    ]


def _bulk_write(model, records: list, changed: list, progress, total: int) -> None:
    for start in range(0, len(records), PROGRESS_EVERY):
        model.objects.bulk_create(records[start : start + PROGRESS_EVERY])
        progress(WRITTEN, start + len(records[start : start + PROGRESS_EVERY]), total)
    now = timezone.now()
    indexes = blind_index_fields(model)
    for record in changed:
        # bulk_update skips auto_now and every pre_save, so the time of the change and the
        # blind indexes of changed personal data are set here.
        record.updated_at = now
        for index in indexes:
            index.pre_save(record, add=False)
    model.objects.bulk_update(changed, updatable_fields(model), batch_size=PROGRESS_EVERY)


def updatable_fields(model) -> list[str]:
    fields = model._meta.concrete_fields
    return [f.name for f in fields if not f.primary_key and f.name not in KEY_FIELDS]


def _refetch_missing_pks(records: list, model):
    """Databases that cannot return ids from a bulk insert leave them unset: fetch them."""
    missing = [r for r in records if r.pk is None]
    if not missing:
        return
    by_key = {(r.unit_id, r.number): r for r in missing}
    unit_ids = {r.unit_id for r in missing}
    numbers = sorted({r.number for r in missing})
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        query = model.objects.filter(unit_id__in=unit_ids, number__in=chunk)
        query = query.values_list("pk", "unit_id", "number")
        for pk, unit_id, number in query:
            if (unit_id, number) in by_key:
                by_key[(unit_id, number)].pk = pk


# Audit entries are inserted in bulk; audit.entry stamps them as audit.record would.


def record_entry(actor, register: Register, row: Planned, filename: str) -> AuditEntry:
    note = f"导入文件「{filename or '（未命名文件）'}」第{row.number}行"
    return change_entry(actor, register, row.write, note)


def import_entry(
    actor,
    register: Register,
    result: ImportResult,
    filename: str,
    source: bytes | None,
    created_ids,
) -> AuditEntry:
    name = filename or "（未命名文件）"
    return audit.record_import(
        actor,
        register.name,
        note=f"导入{register.label}文件「{name}」：{result}。",
        filename=name,
        data=source,
        counts={
            audit.files.ROWS_READ: result.created + result.updated + result.unchanged,
            audit.files.CREATED: result.created,
            audit.files.CHANGED: result.updated,
            audit.files.UNCHANGED: result.unchanged,
        },
        created_ids=created_ids,
    )
