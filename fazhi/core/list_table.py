"""A register's list table: its columns declared in Python, its rows written without a
template per cell.

A list page shows 50 rows of a dozen cells. Rendered by Django's template engine, each cell is
a few nodes, each variable a lookup through the context, each value escaped by its own call:
about a third of the list page's time went on the rows alone. Here each row is one string
built from its columns' cell functions, each value escaped once as the template engine
escapes it (`html.escape`, markup already safe left as it is), so a row costs a few
microseconds of Python. The table is the same HTML a template would write.

A register's pages declare their own columns (`RegisterPages.list_fields`: a field's name, or
a `ListColumn` for a cell that is more than one field); the pages add the 编号 link before
them, and after them the state and deadlines of a register with a procedure and the owning
unit. The declaration is the one place the list's columns are said: the headers come from the
same columns as the cells.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .columns import cell_text, choice_labels
from .markup import escaped
from .models import Unit

EMPTY = "—"
NOTHING = "没有符合条件的记录。"
PROVISIONAL = format_html(
    '<span class="provisional" title="{}">（暂定）</span>',
    "该年度节假日安排尚未录入，按法定节假日暂定",
)


@dataclass(frozen=True)
class ListColumn:
    """One column of a list: its header, and its cell of a record (text, escaped when written,
    or markup already safe; "" and None show as —). `css` classes the header and the cells
    ("nowrap" for a date, "num" for a figure)."""

    header: str
    cell: Callable[[models.Model], object]
    css: str = ""
    # The field the list sorts by when its heading is clicked ("" for a column that does not
    # sort: personal data, stored encrypted, has no order to show).
    order: str = ""


@functools.cache
def linked_units(model) -> dict[str, str]:
    """A unit written by its code and resolved to the unit (调解组织, 被评查单位, 执行地司法所):
    {code field: the relation to the unit}, for each `<x>_code` beside a foreign key `<x>` to
    a unit. Pages show such a unit by its name; the files keep the code. Found once per model:
    every list and record page asks. Read it, never change it."""
    found = {}
    for model_field in model._meta.concrete_fields:
        base = model_field.name.removesuffix("_code")
        if base == model_field.name:
            continue
        try:
            relation = model._meta.get_field(base)
        except FieldDoesNotExist:  # no field of that name: a code of something else
            continue
        if relation.is_relation and relation.related_model is Unit:
            found[model_field.name] = base
    return found


def field_column(model, name: str) -> ListColumn:
    """A column showing one field as every page shows it (core.columns.cell_text: a choice's
    label, 是/否, an ISO date; a unit written by its code by the unit's name), personal data as
    `reveal` left it on the record (`shown`: masked, or in full for whoever stated why)."""
    model_field = model._meta.get_field(name)
    relation = linked_units(model).get(name)
    if relation is not None:
        return ListColumn(
            str(model_field.verbose_name), _unit_name(relation, name), order=f"{relation}__name"
        )
    css = "nowrap" if isinstance(model_field, models.DateField) else ""
    if isinstance(model_field, models.IntegerField | models.DecimalField) and not (
        model_field.choices
    ):
        css = "num"

    def cell(record):
        shown = getattr(record, "shown", None)
        if shown is not None and name in shown:
            return shown[name]
        return cell_text(record, model_field)

    return ListColumn(str(model_field.verbose_name), cell, css, order=name)


def _unit_name(relation: str, code_field: str) -> Callable:
    """The linked unit's name, or the code as written where it names no unit."""

    def cell(record):
        unit = getattr(record, relation) if getattr(record, f"{relation}_id") else None
        return unit.name if unit is not None else getattr(record, code_field)

    return cell


def columns_of(model, declared: Iterable) -> list[ListColumn]:
    """The declared list columns, each field name made a `field_column`."""
    return [
        column if isinstance(column, ListColumn) else field_column(model, column)
        for column in declared
    ]


def number_column(header: str) -> ListColumn:
    """The record's 编号, linked to its page (`detail_url`, set on the page's records)."""
    return ListColumn(
        header,
        lambda record: mark_safe(
            f'<a href="{escaped(record.detail_url)}">{escaped(record.number)}</a>'
        ),
        "nowrap",
        order="number",
    )


UNIT_COLUMN = ListColumn("所属单位", lambda record: record.unit.name, order="unit__name")


def _status(record):
    label = choice_labels(record._meta.get_field("status")).get(record.status, record.status)
    return mark_safe(f'<span class="status s-{escaped(record.status)}">{escaped(label)}</span>')


def _due(record):
    """当前期限: the earliest running deadline's name and date (暂定 marked), or what stands
    for its date while it has none; how many more run beside it (records.mark_running)."""
    if not record.due_label:
        return EMPTY
    if record.due_date:
        provisional = PROVISIONAL if record.due_provisional else ""
        day = format_html(
            '<span class="nowrap">{}{}</span>', record.due_date.isoformat(), provisional
        )
    else:
        day = format_html('<span class="warn">{}</span>', record.due_undated)
    more = (
        format_html('<br><span class="small muted">另有 {} 项期限</span>', record.more_deadlines)
        if record.more_deadlines
        else ""
    )
    return format_html("{} {}{}", record.due_label, day, more)


def _days_left(record):
    if record.days_left is None:
        return EMPTY
    if record.overdue:
        return format_html('<span class="warn">超期 {} 天</span>', record.overdue_days)
    return record.days_left


STATUS_COLUMN = ListColumn("状态", _status, order="status")
DEADLINE_COLUMNS = (
    ListColumn("当前期限", _due, order="due_date"),
    ListColumn("剩余天数", _days_left, "num", order="due_date"),
)


@dataclass(frozen=True)
class Sorting:
    """How a list is sorted now (`order`, "-" first when descending), and the query its
    headings keep (the filters, without the sort and the page): a heading sorts by its column,
    ascending, and a second click on it turns the order round."""

    query: str
    order: str

    def heading(self, column: ListColumn) -> str:
        label = escaped(column.header)
        if not column.order:
            return label
        descending = self.order == f"-{column.order}"
        ascending = self.order == column.order
        wanted = f"-{column.order}" if ascending else column.order
        href = "?" + (f"{self.query}&" if self.query else "") + urlencode({"sort": wanted})
        mark = "▲" if ascending else "▼" if descending else ""
        title = "点击按此列排序" + ("（再点击倒序）" if ascending else "")
        link = f'<a class="sort" href="{escaped(href)}" title="{title}">{label}</a>'
        return link + (f' <span class="sorted" aria-hidden="true">{mark}</span>' if mark else "")

    def aria(self, column: ListColumn) -> str:
        if column.order and self.order == column.order:
            return ' aria-sort="ascending"'
        if column.order and self.order == f"-{column.order}":
            return ' aria-sort="descending"'
        return ""


def _cell(column: ListColumn, record) -> str:
    value = column.cell(record)
    text = EMPTY if value is None or value == "" else escaped(value)
    if column.css:
        return f'<td class="{escaped(column.css)}">{text}</td>'
    return f"<td>{text}</td>"


def table(
    columns: list[ListColumn],
    records,
    row_class: Callable | None = None,
    sorting: Sorting | None = None,
) -> SafeString:
    """The table's <thead> and <tbody>: one row per record, or one saying there is none.
    `row_class(record)` classes a row ("overdue"); with `sorting`, each heading sorts."""
    head = "".join(_heading(c, sorting) for c in columns)
    rows = []
    for record in records:
        kind = row_class(record) if row_class is not None else ""
        opening = f'<tr class="{escaped(kind)}">' if kind else "<tr>"
        rows.append(opening + "".join(_cell(c, record) for c in columns) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(columns)}" class="empty">{NOTHING}</td></tr>')
    return mark_safe(f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>")


def _heading(column: ListColumn, sorting: Sorting | None) -> str:
    css = f' class="{escaped(column.css)}"' if column.css else ""
    if sorting is None:
        return f"<th{css}>{escaped(column.header)}</th>"
    return f"<th{css}{sorting.aria(column)}>{sorting.heading(column)}</th>"
