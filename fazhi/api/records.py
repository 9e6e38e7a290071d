"""A register's records as API data, and API data as a register's records.

Input goes through the register's own columns (`Column.parse`), the parsers the import uses, so
a value the import refuses the API refuses with the same Chinese message; the record is then
saved through `writes.save_record`, the one write path of every register. Output shows
personal data exactly as the web pages do: through `core.personal.reveal`, masked or in full
with its audit entry.
"""

import datetime
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import DateField, UniqueConstraint

from fazhi.core import text
from fazhi.core.access import may_change
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, CellError, Column
from fazhi.core.errors import RecordInvalid
from fazhi.core.models import Unit
from fazhi.core.personal import reveal
from fazhi.core.records import WatchedRecord, stored_provisional
from fazhi.core.registers import Register
from fazhi.core.workdays import is_provisional
from fazhi.core.writes import save_record, update_record

# Fields that identify a record: set on creation, never changed through PATCH (as an import,
# which finds the record to update by them, never rewrites them).
KEY_FIELDS = ("unit", "number")
GENERAL = "__all__"  # the errors key of a problem that belongs to no single field


class Invalid(Exception):
    """Input the register refuses; `errors` maps each field (or GENERAL) to Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("；".join(m for messages in errors.values() for m in messages))


def text_problem(value) -> str:
    """Why a text cannot be stored ("" when it can): PostgreSQL refuses NUL characters, and a
    lone surrogate (valid in JSON, not in UTF-8) cannot be encoded at all. Refused here with a
    message, rather than by the database with a server error."""
    if not isinstance(value, str):
        return ""
    if "\x00" in value:
        return "含有不允许的空字符（\\u0000）"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "含有无效的字符编码"
    # Control characters and fazhi's reserved markers: refused at every input (core.text).
    return text.text_problem(value) or ""


def writable_columns(register: Register, *, creating: bool) -> list[Column]:
    return [c for c in register.columns if creating or c.field not in KEY_FIELDS]


def cell_text(column: Column, value) -> str:
    """The text an import cell would hold for an API value, so that the column's own parser
    (and its Chinese messages) decides whether it is valid."""
    if value is None:
        return ""
    if column.kind == "bool":
        return TRUE_LABEL if value else FALSE_LABEL
    if column.kind == "choice":
        # The API speaks the stored codes; the parser reads labels.
        labels = dict(column.choices)
        if value == "" or str(value) in labels:
            return labels.get(str(value), "")
        raise CellError(f"「{value}」不是可选的值，可选：{'、'.join(labels)}")
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    return str(value)


def parse_values(register: Register, data: dict, *, creating: bool) -> dict:
    """The model values of the fields present in `data`, or Invalid naming each bad field.

    On creation every column is read (missing required ones are errors, as in an import); on
    an update only those given, and a `keep_when_blank` column given as null keeps its value,
    as an import's blank cell does."""
    values, errors = {}, {}
    for column in writable_columns(register, creating=creating):
        present = column.field in data
        if not creating and not present:
            continue
        raw = data.get(column.field)
        if not creating and column.keep_when_blank and raw is None:
            continue
        problem = text_problem(raw)
        if problem:
            errors[column.field] = [problem]
            continue
        if creating and column.field in KEY_FIELDS:
            column = replace(column, required=True)
        try:
            values[column.field] = column.parse(cell_text(column, raw))
        except CellError as error:
            errors[column.field] = [str(error)]
    if errors:
        raise Invalid(errors)
    return values


def _field_of(register: Register, header: str) -> str:
    """The field a Problem's column header names (GENERAL when none does)."""
    for column in register.columns:
        if column.header == header:
            return column.field
    return GENERAL


def _problems(register: Register, problems) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(_field_of(register, problem.header), []).append(problem.message)
    return errors


def _constraint_fields(model) -> dict[str, str]:
    """A unique constraint's message → the field a client fixes to meet it: its last field
    other than the owner unit (for (unit, 编号): the 编号)."""
    found = {}
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            fields = [name for name in constraint.fields if name != "unit"] or ["unit"]
            found[str(constraint.get_violation_error_message())] = fields[-1]
    return found


def _validation(model, error: ValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {GENERAL: list(error.messages)}
    owners = _constraint_fields(model)
    errors: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        for message in messages:
            field = owners.get(message, GENERAL) if name == NON_FIELD_ERRORS else name
            errors.setdefault(field, []).append(message)
    return errors


def _written(register: Register, write):
    """The one write path's refusals as Invalid, except ActionRefused (not allowed, rather
    than not valid), which the caller answers with 403."""
    try:
        return write()
    except RecordInvalid as error:
        raise Invalid(_problems(register, error.problems)) from None
    except ValidationError as error:
        raise Invalid(_validation(register.model, error)) from None


def owner_unit(actor, register: Register, code: str) -> Unit:
    """The unit a new record is entered for. A unit the actor may not enter records for is
    answered like an unknown one, so the API tells nobody which units exist outside his
    scope."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or (actor is not None and not may_change(actor, register.model, unit)):
        raise Invalid(
            {"unit": [f"找不到单位代码「{code}」，或您无权登记该单位的{register.label}。"]}
        )
    return unit


def create(actor, register: Register, data: dict, *, note: str = "通过接口登记"):
    values = parse_values(register, data, creating=True)
    unit = owner_unit(actor, register, values.pop("unit"))
    record = register.model(unit=unit, **values)
    return _written(register, lambda: save_record(actor, register, record, note=note))


def update(actor, register: Register, record, data: dict, *, note: str = "通过接口修改"):
    """PATCH: any column but the key, as a re-imported row may change it."""
    values = parse_values(register, data, creating=False)
    editable = [c.field for c in register.columns if c.field not in KEY_FIELDS]
    return _written(
        register,
        lambda: update_record(actor, register, record, values, note=note, editable=editable),
    )


# --- output -------------------------------------------------------------------------------


def _plain(column: Column, value):
    if column.kind == "unit":
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


# The name of a date field the register's deadlines are stored in ends so (审理期限:
# decision_deadline); the API shows each with whether it is provisional.
DEADLINE_SUFFIX = "_deadline"
PROVISIONAL_SUFFIX = "_provisional"


def is_watched(register: Register) -> bool:
    """Whether the register's records run against deadlines (due_date, running_deadlines)."""
    return issubclass(register.model, WatchedRecord)


def deadline_fields(register: Register) -> list[str]:
    """The register's stored deadline dates, in the model's order. One of its columns (案卷评查's
    整改期限) is a date someone chose; the others its rules compute on the calendar."""
    return [
        f.name
        for f in register.model._meta.concrete_fields
        if isinstance(f, DateField) and f.name.endswith(DEADLINE_SUFFIX)
    ]


def computed_deadline_fields(register: Register) -> list[str]:
    """The stored deadlines the rules compute, which alone may be provisional: a date entered
    in a column is a fact, settled whatever the calendar."""
    columns = {c.field for c in register.columns}
    return [name for name in deadline_fields(register) if name not in columns]


def running_deadlines(record) -> list[dict]:
    """Every deadline the record runs against now, as its rules stored them (set_running),
    each marked provisional while its year's holidays are not entered (it follows the calendar
    in use, as on the pages). An entry stored with "provisional": false was not computed on a
    provisional year (a day that happened, a period in an entered year) and stays settled. A
    record not saved since running deadlines were kept shows the one stored as current."""
    stored = record.running_deadlines or (
        [{"label": record.due_label, "date": _iso(record.due_date), "basis": "", "awaiting": ""}]
        if record.due_label
        else []
    )
    found = []
    for entry in stored:
        day = datetime.date.fromisoformat(entry["date"]) if entry.get("date") else None
        found.append(
            {
                "label": entry.get("label", ""),
                "date": _iso(day),
                "provisional": stored_provisional(entry, day),
                "basis": entry.get("basis", ""),
                "awaiting": entry.get("awaiting", ""),
            }
        )
    return found


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _deadline_data(register: Register, record) -> dict:
    """The record's deadlines with their 暂定 marks: the current one (due_date, the earliest
    running one, marked as that one is), every running one, and each stored deadline the rules
    compute (one that is a column is already shown among the columns)."""
    data = {}
    if is_watched(register):
        running = running_deadlines(record)
        current = _iso(record.due_date)
        data["due_date"] = current
        data["due_label"] = record.due_label
        data["due_date" + PROVISIONAL_SUFFIX] = next(
            (
                entry["provisional"]
                for entry in running
                if entry["label"] == record.due_label and entry["date"] == current
            ),
            is_provisional(record.due_date),
        )
        data["deadlines"] = running
    for name in computed_deadline_fields(register):
        day = getattr(record, name)
        data[name] = _iso(day)
        data[name + PROVISIONAL_SUFFIX] = is_provisional(day)
    return data


def as_data(register: Register, record) -> dict:
    """One record as the API shows it; personal fields as `reveal` set them (masked or not);
    then its deadlines, each saying whether it is provisional (暂定)."""
    shown = getattr(record, "shown", {})
    data = {
        "id": record.pk,
        "unit": record.unit.code,
        "unit_name": record.unit.name,
    }
    for column in register.columns:
        if column.field == "unit":
            continue
        if column.field in shown:
            data[column.field] = shown[column.field]
        else:
            data[column.field] = _plain(column, getattr(record, column.field))
    data.update(_deadline_data(register, record))
    return data


def show(user, register: Register, records, *, purpose: str) -> list[dict]:
    """The records as data, personal fields revealed or masked, and each full display
    audit-logged exactly as on the web."""
    records = list(records)
    if register.sensitive:
        reveal(user, register, records, purpose=purpose)
    return [as_data(register, record) for record in records]
