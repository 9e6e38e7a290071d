"""Exporting a register's records: the template's columns plus the computed fields.

xlsx, csv and json carry the same table: one row per record, keyed by the Chinese column names,
each cell the text the template would take (so an export re-imports as it is), then the
register's computed fields (deadlines with their legal basis, status). Every export is logged.

A deadline computed on a year whose holidays are not entered yet reads "2027-01-25（暂定）"
(workdays.date_text, written by each register's computed fields: core.records.deadline_fields
for most). The mark sits in the date's own cell, not in a column of its own, because the sheet
is read by people, who must not take a date that may still move for a settled one, and one
extra column could not say which of a case's four deadlines it is about. It costs the re-import
nothing: an import takes the template's columns only (importer.header_errors refuses any
other), so the computed ones, marks and all, are never read back.
"""

import csv
import io
import json
from collections.abc import Iterator
from itertools import chain

from openpyxl.styles import Font

from fazhi.core import audit
from fazhi.core.masks import mask
from fazhi.core.models import AuditAction
from fazhi.core.personal import sees_personal_data
from fazhi.core.registers import Register

# CSV shares the one writer's guard against formulas (core/spreadsheet.py).
from fazhi.core.spreadsheet import CONTENT_TYPE, Book, csv_safe
from fazhi.core.text import printable

FORMATS = ("xlsx", "csv", "json")
CONTENT_TYPES = {
    "xlsx": CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
CHUNK_SIZE = 2000


class ExportError(ValueError):
    """A request for an export that cannot be made; the message is for the user."""


def year_field(register: Register) -> str:
    return register.date_field


def filter_year(register: Register, records, year: int):
    return records.filter(**{f"{year_field(register)}__year": year})


def record_row(register: Register, record, *, masked: bool = False) -> dict[str, str]:
    """One record as the template's cells, then its computed fields; with `masked`, the
    register's sensitive fields as masks."""
    row = {}
    for column in register.columns:
        text = column.format(getattr(record, column.field))
        if masked and column.field in register.sensitive:
            text = mask(register.sensitive[column.field], text)
        row[column.header] = text
    row.update(register.computed(record))
    # Text stored before inputs refused control characters is exported with U+FFFD in their
    # place: every format then shows where one was, and the file imports again as it is.
    return {header: printable(text) for header, text in row.items()}


def export_rows(register: Register, records, *, masked: bool = False) -> Iterator[dict]:
    for record in records.select_related("unit").iterator(chunk_size=CHUNK_SIZE):
        yield record_row(register, record, masked=masked)


def export_records(
    register: Register, records, fmt: str, *, actor=None, note: str = "", reason: str = ""
):
    """The records in `fmt`: bytes for xlsx, text for csv (with a BOM) and json.

    `actor` is who asked (None: the command line); the export is audit-logged with the count.
    Personal data is in full only for who may see it and gave his `reason` (logged with it).
    """
    if fmt not in FORMATS:
        raise ExportError(f"不支持的导出格式「{fmt}」，可选：{'、'.join(FORMATS)}")
    entitled = sees_personal_data(actor, register.model)
    masked = not (entitled and (actor is None or reason))
    counted = _Counted(export_rows(register, records, masked=masked))
    output = _WRITERS[fmt](register, counted)
    summary = f"导出{register.label} {counted.count} 条，格式 {fmt}"
    if register.sensitive:
        summary += "，个人敏感信息已脱敏" if masked else "，含完整个人敏感信息"
        if reason and not masked:
            summary += f"（事由：{reason}）"
    audit.record(
        actor,
        AuditAction.EXPORT,
        register=register.name,
        note=f"{summary}；{note}" if note else summary,
    )
    return output


class _Counted:
    """An iterator that counts what passed through it."""

    def __init__(self, rows):
        self.rows = iter(rows)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        row = next(self.rows)
        self.count += 1
        return row


def _headers_and_rows(register: Register, rows) -> tuple[list[str], Iterator[dict]]:
    """The header row: the columns, then the computed fields' names as the first row has them
    (a register's computed fields are the same for every record)."""
    first = next(rows, None)
    if first is None:
        return register.headers, iter(())
    return list(first), chain([first], rows)


def to_json(register: Register, rows) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=1)


def to_csv(register: Register, rows) -> str:
    headers, rows = _headers_and_rows(register, rows)
    buffer = io.StringIO()
    # The BOM tells Excel and WPS on Chinese Windows that this is UTF-8, not GBK.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_safe(row.get(h, "")) for h in headers])
    return buffer.getvalue()


def to_xlsx(register: Register, rows) -> bytes:
    headers, rows = _headers_and_rows(register, rows)
    with Book(streaming=True) as book:
        sheet = book.sheet(register.label)
        sheet.raw.freeze_panes = "A2"
        sheet.add_row(headers, font=Font(bold=True))
        for row in rows:
            sheet.add_row([row.get(h, "") for h in headers])
        return book.save()


_WRITERS = {"xlsx": to_xlsx, "csv": to_csv, "json": to_json}
