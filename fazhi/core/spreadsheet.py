"""The one writer of every spreadsheet fazhi hands out (.xlsx), and the CSV cell guard.

A spreadsheet program runs a cell that holds a formula. Text that reached fazhi from a user
(an applicant, a mediator, a unit's name) must never become one: a mediator named
=HYPERLINK("http://…?"&B3,"查看") in a payout list would send the next column to a stranger
when clicked. openpyxl turns any string starting with "=" into a formula cell, raises on
control characters, and writes U+FFFE/U+FFFF or lone surrogates into XML no reader accepts.
So nothing but this module creates workbooks or writes cells (a test scans the code base for
it), and every value written here is made safe first:

- text is always a string cell (data type "s"), never a formula or an error code;
- characters no cell may hold become U+FFFD (`core.text.printable`, plus what XML refuses),
  so text stored before inputs refused them never makes an export fail;
- numbers, dates and booleans stay what they are, so sums and formats keep working.

Callers lay sheets out (column widths, merged cells, frozen panes, drop-down lists) on
`Sheet.raw`, but write values only through `Sheet.write` and `Sheet.add_row`.
"""

import contextlib
import datetime
import io
import os
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell

from .text import REPLACEMENT, printable

# What a workbook is served as.
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit of one cell; openpyxl cuts longer text silently, so it is cut here, visibly.
MAX_CELL_CHARS = 32767
SHEET_NAME_MAX = 31
# Not characters of XML 1.0: lxml refuses to write them, and a surrogate cannot be encoded.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# What a spreadsheet may take for the start of a formula (OWASP's CSV injection list, plus a
# line feed and the full-width signs a Chinese input method types, which WPS also evaluates).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_safe(text: str) -> str:
    """A CSV field has no cell types, so Excel and WPS run one that starts like a formula: an
    applicant's name typed as =HYPERLINK(...) must stay text, so it gets a leading apostrophe.
    Characters no spreadsheet shows become U+FFFD, as in an .xlsx."""
    if not isinstance(text, str):
        return text
    text = printable(text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_text(text) -> str:
    """Any text as a cell may hold it: printable, valid in XML, within Excel's length."""
    text = _NOT_XML.sub(REPLACEMENT, printable(str(text)))
    return text[:MAX_CELL_CHARS]


def sheet_title(label: str) -> str:
    """A valid sheet name: Excel forbids some characters and more than 31 of them."""
    title = _SHEET_NAME_FORBIDDEN.sub("_", cell_text(label)).strip("'")
    return title[:SHEET_NAME_MAX] or "Sheet1"


def _safe_value(value):
    """The value to store: numbers, dates and booleans as they are; anything else as text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones; a stored aware time is shown as the local time it was.
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return cell_text(value)


def _make_cell(raw, value, *, font=None, fill=None, alignment=None, number_format=None) -> Cell:
    # Row and column are set when the row is appended; 1 keeps the cell printable meanwhile.
    cell = Cell(raw, row=1, column=1, value=_safe_value(value))
    if isinstance(cell.value, str):
        # openpyxl reads "=…" as a formula and "#REF!" as an error; neither may come from data.
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


class Sheet:
    """One worksheet. `raw` is openpyxl's, for layout only; values go in through here."""

    def __init__(self, raw, streaming: bool):
        self.raw = raw
        self.streaming = streaming

    def add_row(self, values, **style) -> list[Cell]:
        """Append a row below the last one; `style` (font, fill, alignment, number_format)
        applies to each of its cells."""
        cells = [_make_cell(self.raw, value, **style) for value in values]
        self.raw.append(cells)
        return cells

    def write(self, row: int, column: int, value, **style) -> Cell:
        """Put a value at (row, column), 1-based; not possible on a streaming sheet."""
        if self.streaming:
            raise TypeError("a streaming sheet takes whole rows only (add_row)")
        cell = self.raw.cell(row=row, column=column)
        cell.value = _safe_value(value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # as in _make_cell: never a formula or an error code
        for name, setting in style.items():
            if setting is not None:
                setattr(cell, name, setting)
        return cell

    @property
    def last_row(self) -> int:
        return self.raw.max_row


class Book:
    """A workbook. `streaming` keeps memory flat for exports of any length: rows go to a
    temporary file as they are added. Use it as a context manager so that the temporary files,
    which hold the rows (personal data included), are removed even when writing fails."""

    def __init__(self, *, streaming: bool = False, title: str = ""):
        self.streaming = streaming
        self._book = Workbook(write_only=streaming)
        self._sheets: list[Sheet] = []
        self._unused_first = None if streaming else self._book.active
        if title:
            self._book.properties.title = cell_text(title)

    def sheet(self, title: str, *, hidden: bool = False) -> Sheet:
        """A new sheet after the others (the first one takes the workbook's empty sheet)."""
        if self._unused_first is not None:
            raw, self._unused_first = self._unused_first, None
            raw.title = sheet_title(title)
        else:
            raw = self._book.create_sheet(sheet_title(title))
        if hidden:
            raw.sheet_state = "hidden"
        sheet = Sheet(raw, self.streaming)
        self._sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if error is not None and self.streaming:
            for sheet in self._sheets:
                _remove_temporary_file(sheet.raw)
        return False


def _remove_temporary_file(raw):
    """A streaming sheet spools its rows, personal data included, to a file in the temp
    directory, which saving removes; an export that fails halfway would leave it there until
    the process exits (residual information), so it is removed here."""
    writer = getattr(raw, "_writer", None)
    path = getattr(writer, "out", None)
    if writer is None or not path or not os.path.exists(path):
        return
    # Its generators may be half-way through a row; they are closed (rows, then the file)
    # so that none writes into a closed file later, and the file goes anyway.
    for generator in (getattr(raw, "_rows", None), writer.xf):
        with contextlib.suppress(Exception):
            if generator is not None:
                generator.close()
    writer.cleanup()
