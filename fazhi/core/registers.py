"""What every register shares: the record base, its Excel columns, and its declaration.

A register app declares, once:
- its model, a subclass of `RegisterRecord` (owned by a unit, keyed by `number` in that unit);
- its columns: `Column(header, field, required)` in the order of the domain file; type and
  choices are read from the model field, so a column is never declared twice;
- a `Register` tying them together with its checks, derived and computed fields, and the
  fields an edit may change.
The import, export, template and indicator machinery work from that declaration alone; every
write of a record goes through core/writes.py.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import timezone

from .access import Scope, UnitOwnedQuerySet, scope_for
from .errors import Problem
from .models import Unit
from .roles import VIEW
from .text import character_problem
from .workdays import date_text, earliest, is_provisional

UNIT_CODE_HEADER = "所属单位代码"
TRUE_LABEL, FALSE_LABEL = "是", "否"
# [0-9], not \d: \d also matches full-width and other digits, which int() would then take.
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FIRST_YEAR, LAST_YEAR = 1900, 2199

AMOUNT_RE = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")


class RegisterRecord(models.Model):
    """Base of every register's record."""

    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("编号", max_length=64)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = UnitOwnedQuerySet.as_manager()
    register_role = ""  # the Role that works the register; set by each register
    clerk_enters = False  # whether 填报员 of other units enter their own unit's records here
    clerk_unit_field = "unit"  # the unit a 填报员 must belong to, to see and change a record

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="本单位已登记过这个编号，请核对编号，或打开已有的记录修改。",
            )
        ]

    def __str__(self):
        return self.number


UNDETERMINED_DUE = datetime.date(9999, 12, 31)  # 待定 sorts after every known date


def running_due():
    """A lapsing deadline's date while it runs (待定 as the last day), else NULL: one expression,
    so that "still running on day D" is one range over it. A register with many lapsed windows
    indexes it (mediation's med_board_due), so the board reads only the running ones; as two
    conditions (a label, and a date ≥ D or none) the planner counts them as if independent and,
    at millions of rows, reads the whole table instead."""
    return models.Case(
        models.When(
            ~models.Q(due_label=""),
            then=models.functions.Coalesce("due_date", models.Value(UNDETERMINED_DUE)),
        ),
        output_field=models.DateField(),
    )


class WatchedRecord(RegisterRecord):
    """A record whose procedure runs against statutory deadlines, watched by the board.

    The register's rules keep `due_date` and `due_label` (the deadline running now, none once
    the case is closed) current on every save, so lists and the board sort and filter on them
    in SQL.
    """

    officer = models.ForeignKey(
        "core.User",
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField("当前期限", null=True, blank=True)
    due_label = models.CharField("当前期限名称", max_length=32, blank=True)
    # Every deadline running now, each a duty whose act is not yet done (set_running): a case
    # may run against two at once (复议's 答复通知 and 审理期限). due_date/due_label hold the
    # earliest of them, so "overdue" and "due soon" stay one indexed comparison.
    running_deadlines = models.JSONField("正在计算的期限", default=list, blank=True)
    # A window the parties may use, not a duty of the bureau (the 30 days to ask for 司法确认):
    # once past it simply closes, and the board does not call it overdue.
    deadline_lapses = False

    class Meta(RegisterRecord.Meta):
        abstract = True


def set_running(record, deadlines) -> None:
    """Store the deadlines `record` runs against now (workdays.Deadline, None for one that
    does not apply): all of them in running_deadlines, the earliest dated one in
    due_date/due_label. One whose start has not happened (awaiting delivery) or whose year
    cannot be computed is kept with no date; it is the current one only when no other has a
    date. Whether a date is provisional is not stored: it follows the calendar in use."""
    running = [found for found in deadlines if found is not None]
    record.running_deadlines = [
        {
            "label": found.label,
            "date": found.date.isoformat() if found.date else None,
            "basis": found.basis,
            "awaiting": found.awaiting,
            # Whether computing it consulted a year not entered; a date that is a fact (a
            # date a person chose) never is. Readers also ask the calendar in use, so that
            # an entered year settles the mark before the recompute reaches the record.
            "provisional": found.provisional,
        }
        for found in running
    ]
    first = earliest(running)
    record.due_date = first.date if first else None
    record.due_label = first.label if first else ""


def stored_provisional(entry: dict, day: datetime.date | None) -> bool:
    """Whether a stored running deadline is 暂定: computed on a year not entered (a date that
    is a fact, such as the day a notice set, never is), and that year still not entered — an
    entered year settles the mark before the recompute reaches the record. An entry stored
    before the flag was kept goes by its year alone."""
    return bool(entry.get("provisional", True)) and is_provisional(day)


def passed(deadlines, today: datetime.date) -> list:
    """The running deadlines (workdays.Deadline, None for one that does not apply) whose date
    has passed without their act: a case is overdue when any one has, whatever its step."""
    return [
        found
        for found in deadlines
        if found is not None and found.date is not None and found.date < today
    ]


def mark_due(records, today: datetime.date):
    """Annotate records for display: days left on the running deadline, and whether overdue.
    A window the parties may let lapse (deadline_lapses) is never overdue: once past it is
    `lapsed`, and no days are counted against anyone."""
    for record in records:
        due = record.due_date
        lapses = getattr(record, "deadline_lapses", False)
        record.lapsed = lapses and due is not None and due < today
        record.days_left = None if due is None or record.lapsed else (due - today).days
        record.overdue = not lapses and due is not None and due < today
        record.overdue_days = -record.days_left if record.overdue else 0


def deadline_fields(rules, record, names, today: datetime.date) -> dict[str, str]:
    """A register's computed export fields: each named deadline (YYYY-MM-DD, followed by
    （暂定） while its year's holidays are not entered: the export is read by people and by
    next year's re-import, which ignores computed columns) with its legal basis, the status,
    and whether the record is overdue."""
    found = rules.deadlines(record)
    values = {}
    for name in names:
        deadline = found.get(name)
        if deadline is None:
            values[name] = ""
        elif deadline.date is None and deadline.awaiting:
            values[name] = f"待{deadline.awaiting}"
        else:
            values[name] = date_text(deadline.date)
        values[f"{name}依据"] = deadline.basis if deadline else ""
    values["办理状态"] = rules.status(record).label
    values["超期"] = TRUE_LABEL if rules.is_overdue(record, today) else FALSE_LABEL
    return values


def cell_text(record, model_field) -> str:
    """How a page shows one field of a record: choice labels, 是/否, ISO dates, — for empty."""
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return str(getattr(record, model_field.name))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return TRUE_LABEL if value else FALSE_LABEL
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese, without row or column."""


@dataclass(frozen=True)
class Column:
    """One column of a register's Excel template.

    `field` names the model field the column fills. A column with `field="unit"` is the owning
    unit's code. Kind, choices and length come from the model field (see `bind`).
    """

    header: str
    field: str
    required: bool = False
    kind: str = ""  # text | date | bool | int | decimal | choice | unit, filled in by bind()
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    max_length: int | None = None
    default: object = None
    help: str = ""
    past_only: bool = False  # a date column of something that has happened: not after today
    # A blank cell does not clear what is stored: the value is entered elsewhere (e.g. the
    # department records its rectification), so a re-imported sheet must not erase it.
    keep_when_blank: bool = False

    @property
    def labels(self) -> list[str]:
        if self.kind == "bool":
            return [TRUE_LABEL, FALSE_LABEL]
        return [label for _, label in self.choices]

    def parse(self, text: str):
        """The Python value of a cell's text, or CellError. Empty optional cells give the
        column's default (None where it has none)."""
        text = (text or "").strip()
        # Before any parser: a control character is invisible in the error it would cause
        # ("「ab」不是可选的值"), and text carrying one must never be stored (core/text.py).
        problem = character_problem(text)
        if problem:
            raise CellError(problem)
        if not text:
            if self.required:
                raise CellError("必填项不能为空")
            return self.default
        return _PARSERS[self.kind](self, text)

    def format(self, value) -> str:
        """The text a cell shows for a value: the inverse of parse."""
        if value is None or value == "":
            return ""
        if self.kind == "bool":
            return TRUE_LABEL if value else FALSE_LABEL
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value))
        if self.kind == "date":
            return value.isoformat()
        if self.kind == "unit":
            return value.code
        return str(value)


def _parse_text(column, text):
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"内容过长：最多 {column.max_length} 个字，实际 {len(text)} 个字")
    return text


def _parse_date(column, text):
    if not DATE_RE.match(text):
        raise CellError(f"日期「{text}」格式不正确，应为 YYYY-MM-DD（如 2024-03-05）或 Excel 日期")
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(f"日期「{text}」不存在") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(f"日期「{text}」不在 {FIRST_YEAR}—{LAST_YEAR} 年之间")
    if column.past_only and day > timezone.localdate():
        raise CellError(f"日期「{text}」晚于今天")
    return day


def _parse_bool(column, text):
    if text == TRUE_LABEL:
        return True
    if text == FALSE_LABEL:
        return False
    raise CellError(f"「{text}」不是有效的值，应填“是”或“否”")


def _parse_int(column, text):
    if not re.fullmatch(r"[0-9]{1,9}", text):
        raise CellError(f"「{text}」不是非负整数（最多九位）")
    return int(text)


def _parse_decimal(column, text):
    if not AMOUNT_RE.match(text):
        raise CellError(f"「{text}」不是有效的金额（元，最多两位小数）")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(f"「{text}」不是有效的金额") from None


def _parse_choice(column, text):
    for value, label in column.choices:
        if text == label:
            return value
    raise CellError(f"「{text}」不是可选的值，可选：{'、'.join(column.labels)}")


def _parse_unit_code(column, text):
    # Units are looked up in bulk by the importer; here only the code's form is checked.
    return text


_PARSERS: dict[str, Callable] = {
    "text": _parse_text,
    "date": _parse_date,
    "bool": _parse_bool,
    "int": _parse_int,
    "decimal": _parse_decimal,
    "choice": _parse_choice,
    "unit": _parse_unit_code,
}


def bind(model: type[models.Model], columns: list[Column]) -> tuple[Column, ...]:
    """Fill in each column's kind, choices and length from its model field."""
    bound = []
    for column in columns:
        model_field = model._meta.get_field(column.field)
        bound.append(
            Column(
                header=column.header,
                field=column.field,
                required=column.required,
                kind=column.kind or _kind_of(model_field),
                choices=tuple((str(v), str(lbl)) for v, lbl in (model_field.choices or ())),
                max_length=getattr(model_field, "max_length", None),
                default=column.default if column.default is not None else _default(model_field),
                help=column.help or str(model_field.help_text or ""),
                past_only=column.past_only,
                keep_when_blank=column.keep_when_blank,
            )
        )
    return tuple(bound)


def _kind_of(model_field) -> str:
    if model_field.is_relation:
        if model_field.related_model is Unit:
            return "unit"
        raise TypeError(f"column for relation {model_field.name} needs an explicit kind")
    if model_field.choices:
        return "choice"
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.IntegerField):
        return "int"
    if isinstance(model_field, models.DecimalField):
        return "decimal"
    return "text"


def _default(model_field):
    if model_field.has_default() and not callable(model_field.default):
        return model_field.default
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    return None


@dataclass(frozen=True)
class Register:
    """A register's declaration, found by name by the generic machinery."""

    name: str  # REGISTER name of the command-line contract
    model: type[RegisterRecord]
    label: str
    columns: tuple[Column, ...]
    # Consistency checks of one record (pure): the domain file's rules, as Problems.
    check: Callable[[RegisterRecord], list[Problem]] = lambda record: []
    # Computed fields for export, by their Chinese names in the domain file.
    computed: Callable[[RegisterRecord], dict[str, str]] = lambda record: {}
    # Sets every derived field (deadlines, status) from the others; called before each save
    # with the register's settings (below), which callers read once per batch.
    derive: Callable[[RegisterRecord, dict], None] = lambda record, settings: None
    # The administrators' settings the rules need (configurable periods, thresholds …).
    settings: Callable[[], dict] = dict
    # Links to other registers' records, looked up for many records at once (imports, forms):
    # resolve(actor, records) sets them and returns [(record, Problem)] for those it could not.
    resolve: Callable[[object, list], list[tuple[RegisterRecord, Problem]]] = (
        lambda actor, records: []
    )
    # Fields only some may change by an ordinary write (an edit, an import, the API): field →
    # (who may, the refusal). The actions whose effect they are change them under their own
    # preconditions (core.writes.save_record's `effect`).
    protected: dict[str, tuple[Callable[[object], bool], str]] = field(default_factory=dict)
    # Fields of personal data (姓名, 身份证号, 住址 …) → how each is masked (core.masks.MASKS):
    # shown in full only to those core.personal.sees_personal_data allows; masked for others.
    sensitive: dict[str, str] = field(default_factory=dict)
    # Retention of personal data (core/retention.py): the date the record's business ends, and
    # the default number of years it stays visible after that date.
    ended_field: str = ""
    retention_years: int | None = None
    # Who may import a file into it, beyond the scope rule (a department's 填报员 records
    # rectification on 案卷评查 but imports no rounds).
    may_import: Callable[[object], bool] = lambda user: True
    sample: dict[str, str] = field(default_factory=dict)  # header → a sample row's text
    date_field: str = "created_at"  # the date a record is counted by for "--year"
    # The fields an edit of its particulars may change (core.writes.update_record, the edit
    # pages); empty: every column's field. Steps change the others.
    editable: tuple[str, ...] = ()
    list_url: str = ""  # URL name of the register's list page
    detail_url: str = ""  # URL name of a record's page, taking its pk

    def __post_init__(self):
        if not self.editable:
            object.__setattr__(self, "editable", tuple(c.field for c in self.columns))

    @property
    def number_column(self) -> Column:
        return next(c for c in self.columns if c.field == "number")

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    @property
    def register_role(self) -> str:
        return self.model.register_role


REGISTERS: dict[str, Register] = {}


def add(register: Register) -> Register:
    """Declare a register; each app does this once, in its AppConfig.ready()."""
    if REGISTERS.get(register.name, register) is not register:
        raise ValueError(f"register {register.name!r} declared twice")
    REGISTERS[register.name] = register
    # The audit log masks a record's personal data by these, whoever writes the entry.
    register.model.personal_masks = dict(register.sensitive)
    if register.ended_field:
        register.model.retention = (register.name, register.ended_field, register.retention_years)
    return register


def get_register(name: str) -> Register:
    try:
        return REGISTERS[name]
    except KeyError:
        known = "、".join(sorted(REGISTERS)) or "（无）"
        raise KeyError(f"未知的登记簿「{name}」，可选：{known}") from None


def viewable_registers(user) -> set[str]:
    """The registers whose records the user may view at all (any scope): the figures, the
    dashboard and the report's links show the others' figures without their records."""
    return {
        name
        for name, register in REGISTERS.items()
        if scope_for(user, register.model, VIEW) is not Scope.NONE
    }
