"""Reading an uploaded table (.xlsx or .csv) into rows of strings, for every register's import.

A register's loader sees only `Table`: headers from row 1 and each data row as header → text,
numbered as the user sees it in Excel or WPS, so that every error can point at a row.
"""

import codecs
import csv
import datetime
import functools
import io
import math
import re
import zipfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from . import archives

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
HEADER_ROW = 1
# Excel's own limit for one cell. A longer cell was not typed by anyone: refusing it early keeps
# a malformed file from filling the error page and the error workbook with megabytes of text.
MAX_CELL_CHARS = 32767


class TableError(Exception):
    """The file cannot be read as a table; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class RowError:
    """One reason a file was rejected: spreadsheet row, column header (may be empty), why."""

    row: int
    column: str
    message: str

    def __str__(self):
        if not self.column:
            return f"第{self.row}行：{self.message}"
        return f"第{self.row}行「{self.column}」：{self.message}"


@dataclass
class Row:
    number: int
    values: dict[str, str]


@dataclass
class Table:
    headers: list[str]
    rows: "list[Row] | LazyRows" = field(default_factory=list)
    # The file as read, for the audit's kept copy of an import (None: built in memory).
    source: bytes | None = field(default=None, repr=False)


def read_table(source, filename: str) -> Table:
    """Read the first sheet of an .xlsx (or a .csv); `source` is a path or a binary file."""
    suffix = Path(filename).suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise TableError(f"文件「{Path(filename).name}」无法导入：只支持 .xlsx 和 .csv 文件。")
    data = _read_bytes(source)
    if not data.strip():
        raise TableError(f"文件「{Path(filename).name}」是空的。")
    if suffix in XLSX_SUFFIXES:
        table = _table(_xlsx_cells(data, filename), filename)
    else:
        table = _csv_table(data, filename)
    table.source = data
    return table


def count_rows(data: bytes, filename: str) -> int | None:
    """How many data rows the file holds at most, without reading it as a table: a page must
    decide whether a file is too big for the request before building it in memory. Counts
    newlines of a CSV and the <row> elements of an .xlsx's first sheet (both never fewer than
    the rows read_table finds); None when the file cannot be counted this way, in which case
    read_table will say what is wrong with it. An .xlsx that is a zip bomb, or whose sheet
    reaches too far (see MAX_SHEET_CELLS), raises TableError here already: it is the first
    thing a page does with an upload."""
    suffix = Path(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            lines = data.count("\n".encode("utf-16-le")) + 1
        return max(lines - HEADER_ROW, 0)
    if suffix in XLSX_SUFFIXES:
        try:
            _check_archive(data, filename)
        except TableError as refused:
            if isinstance(refused.__cause__, archives.NotAnArchive):
                return None
            raise
        try:
            # The exact count of shared-string copies (a second pass over a large sheet) is
            # left to read_table, which runs before calamine on every path that opens it.
            extent = _scan_xlsx(data, exact_copies=False)
        except _Refusal as refused:
            raise TableError(refused.explain(filename)) from None
        except Exception:  # noqa: BLE001 — zip, zlib, XML: read_table says what is wrong
            return None
        _refuse_huge_sheet(extent, filename)
        return max(extent.rows - HEADER_ROW, 0)
    return None


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
# The cell references a sheet declares: `<dimension ref="A1:XFD3000"/>`, `<row r="3000">`,
# `<c r="XFD3000">`. Only the attribute inside a row or cell tag (or the dimension's ref) counts.
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?\bref="([^"]*)"')
_REFERENCE = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\br="([A-Za-z]{0,8})([0-9]{1,10})"')
_CELL = re.compile(rb"([A-Za-z]{0,8})([0-9]{0,10})")
_SHEET_TARGET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"')
CHUNK_BYTES = 1 << 20

# calamine builds the first sheet as one dense rectangle from A1 to the last cell it holds, a
# cell of at least 24 bytes each: a 5 KB file with A1 and XFD3000 (the last column) asked for
# 3000 × 16,384 cells, 2 GB, and XFD1048576 aborts the process. So the rectangle the sheet
# declares is measured before calamine sees the file. Registers have fewer than 40 columns;
# 200 leaves room for stray formatted cells to the right. The page imports at most 500,000
# rows (imports.views.MAX_UPLOAD_ROWS); 500,001 rows of 40 columns is 20 million cells, about
# what the largest real import costs already (some 500 MB), so a rectangle is refused above
# that, and above 200 columns whatever its height.
MAX_SHEET_COLUMNS = 200
MAX_SHEET_CELLS = 500_001 * 40
TOO_WIDE = (
    "文件「{name}」的第一个工作表有内容或格式延伸到第 {column:,} 列（{letters} 列），"
    "超过了导入支持的 {limit} 列：请删除多余的列（或复制有内容的区域到新的工作表）后再导入。"
)
TOO_LARGE = (
    "文件「{name}」的第一个工作表的区域延伸到第 {row:,} 行、第 {column:,} 列，共约 "
    "{cells:,} 个单元格，超过了导入支持的范围：请删除多余的行和列后再导入。"
)


@dataclass
class SheetExtent:
    """What the streamed scan found: <row> elements, and the farthest row and column that
    the dimension or any row or cell reference names."""

    rows: int = 0
    last_row: int = 0
    last_column: int = 0

    def note(self, letters: bytes, digits: bytes):
        if letters:
            self.last_column = max(self.last_column, _column_number(letters))
        if digits:
            self.last_row = max(self.last_row, int(digits))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A reference past column AN (40) or at row 500,000 or beyond: a real import has none (its
# registers have fewer than 40 columns, and the page takes at most 500,000 rows). Searching
# for one runs in C without building a match per cell, so an ordinary sheet is scanned at
# little more than the cost of decompressing it; only a sheet that has one is measured cell
# by cell (about 0.9 s per 100,000 rows of 16 columns, against 2.4 s for read_table).
# The pattern starts with the literal `r="` so that the search skips ahead in C (a leading
# `\b` or character class makes it three times slower); whether the `r` is an attribute of
# its own (`<c r=`, not `sqref=`) is checked on the rare match, by the byte before it.
_FAR_REFERENCE = re.compile(
    rb'r="(?:(?:[A-Za-z]{3,}|[B-Zb-z][A-Za-z]|[Aa][O-Zo-z])[0-9]'
    rb'|[A-Za-z]{0,2}(?:[0-9]{7,}|[5-9][0-9]{5})")'
)
_ATTRIBUTE_BEFORE = frozenset(b" \t\r\n")
FAR_COLUMN, FAR_ROW = 40, 499_999  # what a sheet without such a reference reaches at most


class _FarReference(Exception):
    """The quick scan met a reference it cannot bound: measure the sheet exactly."""


def _has_far_reference(text: bytes) -> bool:
    return any(
        found.start() > 0 and text[found.start() - 1] in _ATTRIBUTE_BEFORE
        for found in _FAR_REFERENCE.finditer(text)
    )


def _scan_xlsx(data: bytes, *, count: bool = True, exact_copies: bool = True) -> SheetExtent:
    """The sheet's extent; its <row> elements counted too if `count` (read_table, which
    counts nothing, needs only the caps). Refuses (_Refusal) a sheet whose text is a bomb;
    without `exact_copies` only where that is known without a second pass."""
    # The sheet's XML is streamed through the decompressor a megabyte at a time, so a
    # million-row sheet is scanned in the memory of one chunk. Each chunk is cut before its
    # last "<": every tag is then scanned whole, in the chunk where it ends.
    if FAR_COLUMN * (FAR_ROW + 1) > MAX_SHEET_CELLS:
        # The quick scan only bounds an ordinary sheet; with caps below that bound (a test's
        # lowered cap) every sheet is measured.
        return _scan_paths(data, exact=True, count=count, exact_copies=exact_copies)
    try:
        return _scan_paths(data, exact=False, count=count, exact_copies=exact_copies)
    except _FarReference:
        return _scan_paths(data, exact=True, count=count, exact_copies=exact_copies)


def _scan_paths(data: bytes, *, exact: bool, count: bool, exact_copies: bool) -> SheetExtent:
    extent = SheetExtent()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shared = _shared_strings(archive)
        # Named so: the one-writer test (test_spreadsheet) reads `sheets.append` as a write.
        scanned = []
        for path in _sheet_paths(archive):
            sheet = _SheetText(counts_shared_cells=shared is not None)
            _scan_sheet(archive, path, extent, sheet, exact=exact, count=count)
            scanned.append((path, sheet))
        if shared:
            shared.scan([sheet for _, sheet in scanned])
        for path, sheet in scanned:
            _refuse_too_much_text(archive, path, sheet, shared, exact_copies=exact_copies)
    return extent


def _sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The first sheet's member, the one calamine reads; every worksheet when the workbook
    names it in a way this reading does not follow, so that no sheet escapes the scan."""
    names = set(archive.namelist())
    try:
        path = _first_sheet_path(archive)
    except (ValueError, KeyError, UnicodeDecodeError):
        path = None
    if path in names:
        return [path]
    return [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def _scan_sheet(
    archive: zipfile.ZipFile,
    path: str,
    extent: SheetExtent,
    text: "_SheetText",
    *,
    exact: bool,
    count: bool,
):
    """Count the sheet's rows and note its dimension. `exact`: note every row and cell
    reference; else only make sure none lies beyond FAR_COLUMN/FAR_ROW (raises _FarReference),
    and note that bound, which is all the caps need to know of an ordinary sheet. `text`
    measures, in the same pass, what calamine would hold of it."""
    dimension_seen = False
    for whole, offset in _whole_tags(archive, path):
        rows = len(_ROW_TAG.findall(whole)) if count else None
        text.feed(whole, offset, rows)
        if not dimension_seen:
            # <dimension> comes before <sheetData> (the schema's order): past that point
            # there is none to find, and searching every chunk for it costs as much as the
            # rest of the scan.
            head = whole.split(b"sheetData", 1)
            dimension_seen = len(head) > 1
            if found := _DIMENSION.search(head[0]):
                dimension_seen = True
                for reference in found.group(1).split(b":"):
                    cell = _CELL.fullmatch(reference.strip())
                    if cell:
                        extent.note(*cell.groups())
        if count:
            extent.rows += rows
        if exact:
            # Letters and row numbers are gathered as sets: a real sheet repeats a few
            # dozen letters and one number per row, so the max is taken over few values.
            references = _REFERENCE.findall(whole)
            for letters in {letters for letters, _ in references}:
                extent.note(letters, b"")
            for digits in {digits for _, digits in references}:
                extent.note(b"", digits)
        elif _has_far_reference(whole):
            raise _FarReference
    if not exact and extent.rows:
        # The bound, not the exact extent: enough for the caps, which an ordinary
        # sheet (FAR_COLUMN × FAR_ROW cells at most) never reaches.
        extent.last_row = max(extent.last_row, min(extent.rows, FAR_ROW))
        extent.last_column = max(extent.last_column, 1)


def _whole_tags(archive: zipfile.ZipFile, path: str):
    """(text, offset) of the part's XML, streamed through the decompressor a megabyte at a
    time, so that a million-row sheet is scanned in the memory of one chunk. Each chunk is
    cut before its last "<": every tag is then scanned whole, in the chunk where it ends."""
    tail = b""
    offset = 0
    with archive.open(path) as part:
        while True:
            chunk = part.read(CHUNK_BYTES)
            text = tail + chunk
            cut = text.rfind(b"<") if chunk else len(text)
            if chunk and cut <= 0:
                # No tag starts in this chunk (or only at its start): a tag or a text longer
                # than a chunk, read on; past a few chunks it is no cell any program wrote, and
                # calamine would hold it whole.
                if len(text) > 4 * CHUNK_BYTES:
                    raise _Refusal(HUGE_ITEM)
                tail = text
                continue
            whole, tail = text[:cut], text[cut:]
            yield whole, offset
            offset += len(whole)
            if not chunk:
                return


def _refuse_huge_sheet(extent: SheetExtent, filename: str):
    name = Path(filename).name
    columns, rows = extent.last_column, extent.last_row
    if columns > MAX_SHEET_COLUMNS:
        letters = _column_letters(columns) if columns <= 18_278 else "XFD 之后"
        raise TableError(
            TOO_WIDE.format(name=name, column=columns, letters=letters, limit=MAX_SHEET_COLUMNS)
        )
    if rows * max(columns, 1) > MAX_SHEET_CELLS:
        raise TableError(
            TOO_LARGE.format(name=name, row=rows, column=columns, cells=rows * max(columns, 1))
        )


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = archive.read("xl/workbook.xml")
    found = _SHEET_TARGET.search(workbook)
    if not found:
        raise ValueError("no sheet")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.escape(found.group(1).decode())
    target = re.search(
        rf'<Relationship\b[^>]*Id="{rel_id}"[^>]*Target="([^"]+)"', rels
    ) or re.search(rf'<Relationship\b[^>]*Target="([^"]+)"[^>]*Id="{rel_id}"', rels)
    if not target:
        raise ValueError("no sheet target")
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


# --- The text calamine will hold ------------------------------------------------------------
#
# calamine keeps the whole shared-string table and every string of the first sheet in memory,
# and python-calamine then makes a Python str of each cell, four bytes a character when the
# cell holds one character outside the BMP. The archive limits let a file inflate to 1 GB: a
# 5.85 MB file whose sheet held one 524 MB cell (written as short rich-text runs) and whose
# shared-string table held one 524 MB string took the process to 6.1 GB for 33 s, and the same
# text cut into a thousand cells of 1 MB each still took 2.6 GB for each 500 MB. So while the
# parts stream, before calamine sees them, two things are measured at C speed (a few searches
# and counts a megabyte, never a Python step per cell):
#
# - each cell and each shared string: no Excel cell holds more than 32,767 characters, which
#   openpyxl writes as "&#26696;" (8 bytes a character), some 270 KB with the markup; an item
#   of over MAX_ITEM_BYTES is refused (the stretch between two cell or string starts);
# - all the text calamine would hold: the sheet's, the table's, and the table's strings once
#   for every cell of type "s" that copies one (a 4 KB file whose 20,000 cells each name the
#   same 30,000-character string took 2.9 GB). Its sum may not exceed what the file's rows
#   can carry, TEXT_BASE_BYTES plus TEXT_PER_ROW_BYTES a row, at most TEXT_CAP_BYTES (what a
#   sheet may hold at all, archives.MAX_MEMBER_BYTES). Measured on the bench's 人民调解 sheet
#   (16 columns, bench/generate.py): 100,000 rows written by openpyxl bound to 87 MB of text,
#   0.9 KB a row; the same rows saved with shared strings to 92 MB (47 MB in the sheet, 1 MB
#   in the table, 44 MB of copies). A page imports in its own request at most
#   FAZHI_INLINE_IMPORT_ROWS (2,000) rows, so there a file may hold 68 MB of text; only a
#   file that really has hundreds of thousands of rows reaches the cap, and that in the
#   worker.
#
# Both are bounds, not a parse. The item measure is a search for cell starts, which tags that
# calamine ignores could imitate; the text bound holds for any file (see _text_bound), so a
# file that evades the first is still held to the second.

MAX_ITEM_BYTES = 1024 * 1024
TEXT_BASE_BYTES = 64 * 1024 * 1024
TEXT_PER_ROW_BYTES = 2 * 1024
TEXT_CAP_BYTES = archives.MAX_MEMBER_BYTES
_MB = 1024 * 1024

HUGE_ITEM = (
    "文件「{name}」中有单元格的内容在文件里超过 1 MB，远超 Excel 单元格的上限（32767 个字符），"
    "可能是恶意构造的文件，未读取。"
)
TOO_MUCH_TEXT = (
    "文件「{name}」的单元格文字合计约 {mb:,} MB（同一段共享文字被几个单元格引用就按几次计），"
    "超过了按 {rows:,} 行数据所能导入的 {limit:,} MB，可能是恶意构造的文件，未读取。"
)
CDATA_SECTION = (
    "文件「{name}」的工作表中有 Excel 和 WPS 不会写出的 CDATA 段，可能是恶意构造的文件，未读取。"
)

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL_START = re.compile(rb"<" + _PREFIX + rb"(?:c|row)[\s>/]")
_SHARED_START = re.compile(rb"<" + _PREFIX + rb"si[\s>/]")
_WORKSHEET_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>/]")
_SHARED_HEAD = re.compile(rb"\s*(?:<\?xml[^<>]*\?>)?\s*<([A-Za-z_][\w.-]*:)?sst(?:\s[^<>]*)?>")
_EMPTY_STRING = re.compile(rb"<" + _PREFIX + rb"si\s*/>")
SHARED_STRINGS = "xl/sharedstrings.xml"  # the one name calamine opens, in any letter case


class _Refusal(Exception):
    """The scan found a bomb; the message names the file once the caller knows its name."""

    def __init__(self, template: str, **values):
        super().__init__(template)
        self.template, self.values = template, values

    def explain(self, filename: str) -> str:
        return self.template.format(name=Path(filename).name, **self.values)


def _text_limit(rows: int) -> int:
    return min(TEXT_CAP_BYTES, TEXT_BASE_BYTES + rows * TEXT_PER_ROW_BYTES)


def _too_much_text(text: int, rows: int) -> _Refusal:
    limit = _text_limit(rows)
    return _Refusal(TOO_MUCH_TEXT, mb=math.ceil(text / _MB), rows=rows, limit=limit // _MB)


# The bytes _text_bound looks at: "<" and "&#", "<![", and UTF-8 continuation bytes.
_CONTINUATION = bytes(range(0x80, 0xC0))
_UNSEEN = bytes(sorted(set(range(256)) - set(b"<![&#" + _CONTINUATION)))


def _text_bound(text: bytes) -> int:
    """At least as many as the characters of text (outside markup) in `text`: its bytes, less
    one for each "<" (which starts markup, never text), less each UTF-8 continuation byte (no
    character of its own), less two for each "&#" (a character reference: at least four bytes
    for one character). This holds for any bytes, however the markup is forged: what calamine
    keeps of a text is never longer than its bytes. CDATA is the one exception (text that may
    hold "<", which calamine keeps): Excel never writes it, so it is refused."""
    seen = text.translate(None, _UNSEEN)
    marks = seen.translate(None, _CONTINUATION)
    if b"<![" in marks and b"<![" in text:
        raise _Refusal(CDATA_SECTION)
    continuation = len(seen) - len(marks)
    return len(text) - marks.count(b"<") - continuation - 2 * marks.count(b"&#")


class _ItemGaps:
    """Refuses a cell (or shared string) of over MAX_ITEM_BYTES: a stretch without the start
    of one, from the first start to the end of the items (`end`, as </sheetData>). Windows of
    MAX_ITEM_BYTES from the first start must each hold a start: a regex search that stops at
    the first hit, once or twice a megabyte. An item that spans two windows leaves one empty,
    so it is refused from 2 MB at the latest, and never under 1 MB."""

    def __init__(self, start: re.Pattern, end: bytes):
        self._start, self._end = start, end
        self._window = None  # where the first window not yet seen to hold a start begins
        self._ended = False

    def feed(self, text: bytes, offset: int):
        if self._ended:
            return
        if self._window is None:
            first = self._start.search(text)
            if not first:
                return
            self._window = offset + first.start() + MAX_ITEM_BYTES
        limit = text.find(self._end, self._last_start(text))
        self._ended = limit >= 0
        limit = offset + (limit if self._ended else len(text))
        while self._window < limit:
            low = max(self._window - offset, 0)
            high = min(self._window + MAX_ITEM_BYTES, limit) - offset
            if self._start.search(text, low, high):
                self._window += MAX_ITEM_BYTES
            elif self._window + MAX_ITEM_BYTES <= limit:
                raise _Refusal(HUGE_ITEM)
            else:
                return  # the window goes on in the next chunk

    def _last_start(self, text: bytes) -> int:
        """Where the last start in `text` is (0 if none): searched from the end, in a few KB
        where items are dense."""
        size = 4096
        while True:
            low = max(len(text) - size, 0)
            starts = [found.start() for found in self._start.finditer(text, low)]
            if starts or not low:
                return starts[-1] if starts else 0
            size *= 16


class _SheetText:
    """What one sheet contributes to the text calamine holds, measured as it streams."""

    def __init__(self, *, counts_shared_cells: bool = False):
        self.chars = 0  # at least the characters of its text
        self.rows = 0  # its <row> tags: what the text is allowed grows with them
        self.shared_cells = 0  # at least its cells of type "s", each a copy of a string
        self.prefix = b""  # of its elements' names, as in <x:row>
        self._counts_shared_cells = counts_shared_cells
        self._root_seen = False
        self._cells = _ItemGaps(_CELL_START, b"sheetData>")

    def feed(self, text: bytes, offset: int, rows: int | None):
        """`rows`: the <row> tags the page's count found in `text`, if it counted them."""
        if not self._root_seen and (root := _WORKSHEET_ROOT.search(text)):
            self.prefix, self._root_seen = root.group(1) or b"", True
        self.chars += _text_bound(text)
        if self.chars > TEXT_CAP_BYTES:
            raise _too_much_text(self.chars, self.rows)
        # The page reads a file in its own request only if count_rows finds few rows: the
        # rows counted here are never more than it finds, so its limit stays as low.
        self.rows += rows if rows is not None else self._row_tags(text)
        if self._counts_shared_cells:
            # A cell of type "s" says t="s" (or t='s'); counting every such value can only
            # count more of them.
            self.shared_cells += text.count(b'"s"')
            if b"'" in text:
                self.shared_cells += text.count(b"'s'")
        self._cells.feed(text, offset)

    def _row_tags(self, text: bytes) -> int:
        """Row tags as programs write them (<row r="2"…>, <row>): each one _ROW_TAG counts."""
        return text.count(b"<%srow " % self.prefix) + text.count(b"<%srow>" % self.prefix)

    def allowance(self) -> int:
        """How much text the shared strings may add before this sheet is over its limit."""
        return _text_limit(self.rows) - self.chars


class _SharedText:
    """The shared-string table (xl/sharedStrings.xml): calamine holds all of it."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name = archive, name
        self.chars = 0
        self._lengths = None
        self._measured = False

    def scan(self, sheets: list[_SheetText]):
        """Its text bound, and its strings' sizes; stops as soon as no sheet can afford it."""
        roomiest = max(sheets, key=_SheetText.allowance, default=_SheetText())
        strings = _ItemGaps(_SHARED_START, b"sst>")
        for text, offset in _whole_tags(self.archive, self.name):
            self.chars += _text_bound(text)
            if self.chars > roomiest.allowance():
                raise _too_much_text(roomiest.chars + self.chars, roomiest.rows)
            strings.feed(text, offset)

    def lengths(self) -> array | None:
        """The size in bytes of each string, in calamine's order; None for a table not written
        the way spreadsheet programs write it (_shared_item), whose strings calamine may cut
        or join otherwise than a search for their tags would."""
        if not self._measured:
            self._lengths, self._measured = _shared_string_lengths(self.archive, self.name), True
        return self._lengths


def _shared_strings(archive: zipfile.ZipFile) -> _SharedText | None:
    names = [
        name
        for name in archive.namelist()
        if name.replace("\\", "/").lstrip("/").lower() == SHARED_STRINGS
    ]
    if len(names) > 1:
        raise ValueError("two shared-string tables")  # which one would calamine read?
    return _SharedText(archive, names[0]) if names else None


def _refuse_too_much_text(
    archive: zipfile.ZipFile,
    path: str,
    sheet: _SheetText,
    shared: _SharedText | None,
    *,
    exact_copies: bool,
):
    """The sheet's text, the table's, and a copy of a string for each cell of type "s", within
    what the sheet's rows allow. Each copy counts first as the longest string (no longer than
    the whole table), and only if that is too much, and `exact_copies`, as the string the cell
    names; without `exact_copies` the sheet passes until read_table counts so."""
    limit = _text_limit(sheet.rows)
    held = sheet.chars + (shared.chars if shared else 0)
    if held > limit:
        raise _too_much_text(held, sheet.rows)
    if not shared or held + sheet.shared_cells * shared.chars <= limit:
        return
    lengths = shared.lengths()
    longest = shared.chars if lengths is None else min(shared.chars, max(lengths, default=0))
    copies = sheet.shared_cells * longest
    if held + copies > limit and lengths is not None:
        if not exact_copies:
            return
        copies = _shared_copies(archive, path, sheet, lengths)
    if held + copies > limit:
        raise _too_much_text(held + copies, sheet.rows)


def _shared_copies(archive: zipfile.ZipFile, path: str, sheet: _SheetText, lengths) -> int:
    """The bytes of the strings that the sheet's cells of type "s" copy: a cell written as
    spreadsheet programs write it (t="s"><v>12</v></c>) counts the string it names, any other
    (sheet.shared_cells counts them all, and more) the longest. A second pass over the sheet,
    made only for a large sheet with long shared strings."""
    longest = max(lengths, default=0)
    count = len(lengths)
    reference = _shared_reference(sheet.prefix)
    named = total = 0
    for text, _ in _whole_tags(archive, path):
        indexes = list(map(int, reference.findall(text)))
        named += len(indexes)
        if indexes and max(indexes) >= count:  # no such string: calamine will refuse the file
            total += sum(lengths[i] if i < count else longest for i in indexes)
        else:
            total += sum(map(lengths.__getitem__, indexes))
    return total + max(sheet.shared_cells - named, 0) * longest


@functools.lru_cache(maxsize=8)
def _shared_reference(prefix: bytes) -> re.Pattern:
    p = re.escape(prefix)
    return re.compile(rb'"s"><%sv>([0-9]{1,9})</%sv></%sc>' % (p, p, p))


@functools.lru_cache(maxsize=8)
def _shared_item(prefix: bytes) -> re.Pattern:
    """One shared string as Excel, WPS, LibreOffice and openpyxl write it: plain text, rich-text
    runs (whose properties are empty elements), phonetic runs. In a table of these no element
    inside a string can end it early or hide text from the scan, so calamine's strings are
    exactly these items, in this order."""
    p = re.escape(prefix)
    attributes = rb"(?:\s[^<>]*)?"
    text = rb"<%st%s(?:/>|>[^<]*+</%st>)" % (p, attributes, p)
    empty = rb"<[A-Za-z_][\w.:-]*%s/>" % attributes
    properties = rb"<%srPr%s(?:/>|>(?:\s++|%s)*+</%srPr>)" % (p, attributes, empty, p)
    run = rb"<%sr%s>(?:\s++|%s|%s)*+</%sr>" % (p, attributes, properties, text, p)
    phonetic = rb"<%srPh%s>(?:\s++|%s)*+</%srPh>" % (p, attributes, text, p)
    phonetic_properties = rb"<%sphoneticPr%s/>" % (p, attributes)
    parts = b"|".join((text, run, phonetic, phonetic_properties))
    return re.compile(rb"<%ssi%s(?:/>|>(?:\s++|%s)*+</%ssi>)" % (p, attributes, parts, p))


@functools.lru_cache(maxsize=8)
def _shared_run(prefix: bytes) -> re.Pattern:
    """Shared strings, one after the other (and the table's end tag, if it comes)."""
    ending = rb"</%ssst>\s*" % re.escape(prefix)
    return re.compile(rb"(?:\s++|%s)*+(?:%s)?" % (_shared_item(prefix).pattern, ending))


def _shared_string_lengths(archive: zipfile.ZipFile, name: str) -> array | None:
    """Streamed like the sheet; each chunk checked whole-string by whole-string."""
    lengths = array("q")
    carry, prefix = b"", None
    for text, _ in _whole_tags(archive, name):
        text = carry + text
        if prefix is None:
            head = _SHARED_HEAD.match(text)
            if not head:
                return None
            prefix, text = head.group(1) or b"", text[head.end() :]
        end_tag = b"</%ssi>" % prefix
        cut = text.rfind(end_tag)
        if cut < 0 and len(text) <= MAX_ITEM_BYTES + 4 * CHUNK_BYTES:
            carry = text
            continue
        cut = len(text) if cut < 0 else cut + len(end_tag)
        region, carry = text[:cut], text[cut:]
        if not _shared_run(prefix).fullmatch(region):
            return None
        if _EMPTY_STRING.search(region):  # <si/>: one string that the split below would miss
            lengths.extend(len(item.group()) for item in _shared_item(prefix).finditer(region))
        else:
            lengths.extend(map(len, region.split(end_tag)[:-1]))
    if prefix is None or not _shared_run(prefix).fullmatch(carry):
        return None
    lengths.extend(len(item.group()) for item in _shared_item(prefix).finditer(carry))
    return lengths


def check_headers(table: Table, allowed: list[str], required: list[str]):
    """Refuse unknown columns and missing required ones; optional columns may be left out."""
    problems = []
    unknown = [h for h in table.headers if h not in allowed]
    if unknown:
        problems.append(
            f"第{HEADER_ROW}行表头中有未知的列：{'、'.join(unknown)}（本表的列为：{'、'.join(allowed)}）"
        )
    missing = [h for h in required if h not in table.headers]
    if missing:
        problems.append(f"第{HEADER_ROW}行表头缺少必填的列：{'、'.join(missing)}")
    if problems:
        raise TableError("；".join(problems) + "。")


def _read_bytes(source) -> bytes:
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        return source.read()
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise TableError(f"无法读取文件「{Path(source).name}」：{error.strerror}。") from error


def _not_a_workbook(filename: str) -> TableError:
    return TableError(
        f"文件「{Path(filename).name}」不是有效的 .xlsx 文件，可能已损坏或加了密码。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
    )


def _check_archive(data: bytes, filename: str):
    """Refuse a zip bomb before calamine inflates it (core/archives.py)."""
    try:
        archives.check_archive(data, Path(filename).name)
    except archives.NotAnArchive as error:
        raise _not_a_workbook(filename) from error
    except archives.ArchiveRefused as error:
        raise TableError(str(error)) from error


def _xlsx_cells(data: bytes, filename: str) -> list[list]:
    _check_archive(data, filename)
    try:
        extent = _scan_xlsx(data, count=False)
    except _Refusal as refused:
        raise TableError(refused.explain(filename)) from None
    except Exception as error:  # noqa: BLE001 — a sheet that cannot be scanned is not read
        raise _not_a_workbook(filename) from error
    _refuse_huge_sheet(extent, filename)
    # calamine raises several exception types (zip, xml, password, format detection): to the
    # user they all mean the same thing, the file is not a workbook we can open.
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise TableError(f"文件「{Path(filename).name}」中没有工作表。")
        # Keep leading empty rows so that list index + 1 is the row number Excel shows.
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except TableError:
        raise
    except Exception as error:
        raise _not_a_workbook(filename) from error


class LazyRows:
    """A CSV table's data rows, parsed from the file's bytes each time they are iterated, never
    all held at once: a million rows are a few hundred MB as text and several GB as Row
    objects, and the importer needs only one chunk of them at a time. The bytes are decoded as
    they are read (a decoded copy of a 160 MB file would take 320 MB as str, and StringIO
    copies it again at four bytes a character). Counted (and checked) once when the table is
    read, so its length is known and a malformed file is refused then.
    """

    def __init__(self, data: bytes, encoding: str, filename: str, headers: list[str]):
        self.data, self.encoding, self.filename, self.headers = data, encoding, filename, headers
        self.count = sum(1 for _ in self)

    def __iter__(self):
        cells = _csv_reader(_text_stream(self.data, self.encoding), self.filename)
        next(cells, None)  # the header row
        return _rows(cells, self.headers, HEADER_ROW + 1)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __getitem__(self, index):
        """rows[i] and rows[a:b], by reading up to them (tests, and small tables)."""
        return list(self)[index]


def _csv_table(data: bytes, filename: str) -> Table:
    encoding = _encoding(data, filename)
    header = next(_csv_reader(_text_stream(data, encoding), filename), None)
    if not header or not any(_text(v) for v in header):
        raise TableError(f"文件「{Path(filename).name}」第{HEADER_ROW}行没有表头。")
    headers = _headers(header)
    return Table(headers=headers, rows=LazyRows(data, encoding, filename, headers))


def _text_stream(data: bytes, encoding: str):
    # BytesIO shares the bytes it is given (no copy); the wrapper decodes as csv reads.
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _csv_reader(stream, filename: str):
    """The CSV's rows as lists of strings, a malformed one refused with its line."""
    reader = csv.reader(stream)
    try:
        yield from reader
    except csv.Error as error:
        name = Path(filename).name
        if "field limit" in str(error):
            raise TableError(
                f"文件「{name}」第{reader.line_num}行有一个单元格超过 {csv.field_size_limit()} "
                "个字符，不像是填写的内容，请检查文件是否正确。"
            ) from error
        raise TableError(
            f"文件「{name}」第{reader.line_num}行不是有效的 CSV 格式（如引号未成对），"
            "请用 Excel 或 WPS 打开后另存为 CSV 或 .xlsx 再导入。"
        ) from error


DECODE_STEP = 1 << 20  # bytes decoded at a time when only checking an encoding


def _encoding(data: bytes, filename: str) -> str:
    """The encoding the CSV's bytes are in, checked over the whole file a megabyte at a time
    (the text is not kept). Excel and WPS on Chinese Windows save "CSV" in the ANSI code page
    (GBK), which GB18030 extends; UTF-8 is tried first because a GBK decoder would garble it
    without complaint. WPS and Excel's "Unicode" save write UTF-16 with its byte-order mark."""
    candidates = ["utf-8-sig", "gb18030"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.insert(0, "utf-16")
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), DECODE_STEP):
                decoder.decode(data[start : start + DECODE_STEP])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TableError(
        f"文件「{Path(filename).name}」的文字编码无法识别："
        "请另存为 UTF-8 编码的 CSV，或改用 .xlsx。"
    )


def _table(cells: list[list], filename: str) -> Table:
    if not cells or not any(_text(v) for v in cells[0]):
        raise TableError(f"文件「{Path(filename).name}」第{HEADER_ROW}行没有表头。")
    headers = _headers(cells[0])
    return Table(headers=headers, rows=list(_rows(cells[1:], headers, HEADER_ROW + 1)))


def _rows(cells, headers: list[str], first: int):
    """Each non-empty row of `cells` (numbered from `first`) as a Row, checked."""
    for index, raw in enumerate(cells, start=first):
        texts = [_text(v) for v in raw]
        if not any(texts):
            continue
        _refuse_huge_cells(texts, index)
        _refuse_cells_without_header(texts, len(headers), index)
        texts += [""] * (len(headers) - len(texts))
        yield Row(number=index, values=dict(zip(headers, texts, strict=False)))


def _headers(raw: list) -> list[str]:
    headers = [_text(v) for v in raw]
    _refuse_huge_cells(headers, HEADER_ROW)
    while headers and not headers[-1]:
        headers.pop()
    seen = set()
    for column, header in enumerate(headers, start=1):
        if not header:
            raise TableError(f"第{HEADER_ROW}行第{column}列的表头是空的。")
        if header in seen:
            raise TableError(f"第{HEADER_ROW}行表头中「{header}」出现了不止一次。")
        seen.add(header)
    return headers


def _refuse_huge_cells(texts: list[str], number: int):
    if max(map(len, texts), default=0) <= MAX_CELL_CHARS:  # every row asks: the check in C
        return
    for column, text in enumerate(texts, start=1):
        if len(text) > MAX_CELL_CHARS:
            raise TableError(
                f"第{number}行第{column}列的内容有 {len(text)} 个字符，"
                f"超过了 Excel 单元格的上限 {MAX_CELL_CHARS} 个字符，请检查文件是否正确。"
            )


def _refuse_cells_without_header(texts: list[str], width: int, number: int):
    if len(texts) <= width or not any(texts[width:]):
        return
    for column, text in enumerate(texts[width:], start=width + 1):
        if text:
            raise TableError(f"第{number}行第{column}列有内容，但这一列没有表头。")


def _text(value) -> str:
    """One cell as the text the user typed: dates as YYYY-MM-DD, 12.0 as 12."""
    if type(value) is str:  # most cells: answered before the other types are tried
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()
