"""A register's Excel columns: each column's header and field, its cells parsed and formatted.

A register declares `Column(header, field, required)` in the order of its domain file; `bind`
reads kind, choices and length from the model field, so a column is never declared twice.
The importer, the exporter, the template and the API parse and format cells through them.
"""

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import timezone

from .models import Unit
from .text import character_problem

UNIT_CODE_HEADER = "所属单位代码"
TRUE_LABEL, FALSE_LABEL = "是", "否"
# [0-9], not \d: \d also matches full-width and other digits, which int() would then take.
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FIRST_YEAR, LAST_YEAR = 1900, 2199

AMOUNT_RE = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")


@functools.cache
def choice_labels(model_field) -> dict:
    """A choice field's value → label, made once per field: a list asks it for every cell, and
    Django's get_FOO_display makes the mapping again on every call."""
    return {value: str(label) for value, label in model_field.flatchoices}


def cell_text(record, model_field) -> str:
    """How a page shows one field of a record: choice labels, 是/否, ISO dates, — for empty."""
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return str(getattr(record, model_field.name))
    if model_field.choices:
        return str(choice_labels(model_field).get(value, value))
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

    def parser(self) -> "CellParser":
        """`parse` for one import's cells of this column, each distinct text parsed once.

        Make one per column per import (the memo is its own, so nothing leaks from one file
        into another) and call it as `parse` is called: it returns the same value or raises a
        CellError with the same message."""
        return CellParser(self)

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


# Distinct texts a column's memo keeps whatever its hits (a few hundred KB at most). Past
# them it is kept only while most cells are repeats: a column of mostly distinct texts (编号,
# names, amounts of a large file) would only hold a second copy of the file, so it is dropped.
MEMO_FREE = 4096


class CellParser:
    """`Column.parse` with a memo of raw text → outcome, for one column of one import.

    Memoising is sound because every parser's outcome is a function of the cell's text and
    the column alone: `character_problem` and the text, bool, int, decimal (Decimal(str) is
    exact, whatever the context), choice and unit parsers read nothing else, and the values
    they return (str, date, bool, int, Decimal, the column's default) are never changed in
    place. The one outside input is today's date of a `past_only` date column: within one
    import it is the import's today (an import running across midnight judges each distinct
    date by the day it first met it, either of which is a fair "today" for the file).

    The message is kept, not the CellError: an exception raised again would carry every
    earlier raise's traceback along."""

    def __init__(self, column: Column):
        self.column = column
        self.outcomes: dict[str, tuple[object, str | None]] | None = {}
        self.cells = 0

    def __call__(self, text: str):
        outcomes = self.outcomes
        if outcomes is None:
            return self.column.parse(text)
        self.cells += 1
        outcome = outcomes.get(text)
        if outcome is None:
            outcome = self._parse_new(text, outcomes)
        value, problem = outcome
        if problem is not None:
            raise CellError(problem)
        return value

    def _parse_new(self, text: str, outcomes: dict) -> tuple[object, str | None]:
        try:
            outcome = (self.column.parse(text), None)
        except CellError as error:
            outcome = (None, str(error))
        outcomes[text] = outcome
        if len(outcomes) > MEMO_FREE and 2 * len(outcomes) > self.cells:
            self.outcomes = None  # mostly distinct texts: parse each cell as it comes
        return outcome


def _parse_text(column, text):
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"内容过长：最多 {column.max_length} 个字，实际 {len(text)} 个字")
    return text


def _parse_date(column, text):
    if not DATE_RE.match(text):
        raise CellError(
            f"日期「{text}」格式不正确，应按“年-月-日”填写（如 2024-03-05）或用 Excel 日期"
        )
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


# The owning unit's code: the same first column of every register.
UNIT_COLUMN = Column(UNIT_CODE_HEADER, "unit", required=True)
