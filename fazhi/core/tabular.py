"""Reading an uploaded table (.xlsx or .csv) into rows of strings, for every register's import.

A register's loader sees only `Table`: headers from row 1 and each data row as header → text,
numbered as the user sees it in Excel or WPS, so that every error can point at a row.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
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
    rows: list[Row] = field(default_factory=list)


def read_table(source, filename: str) -> Table:
    """Read the first sheet of an .xlsx (or a .csv); `source` is a path or a binary file."""
    suffix = Path(filename).suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise TableError(f"文件「{Path(filename).name}」无法导入：只支持 .xlsx 和 .csv 文件。")
    data = _read_bytes(source)
    if not data.strip():
        raise TableError(f"文件「{Path(filename).name}」是空的。")
    read = _xlsx_cells if suffix in XLSX_SUFFIXES else _csv_cells
    return _table(read(data, filename), filename)


def count_rows(data: bytes, filename: str) -> int | None:
    """How many data rows the file holds at most, without reading it as a table: a page must
    decide whether a file is too big for the request before building it in memory. Counts
    newlines of a CSV and the <row> elements of an .xlsx's first sheet (both never fewer than
    the rows read_table finds); None when the file cannot be counted this way, in which case
    read_table will say what is wrong with it. An .xlsx that is a zip bomb raises TableError
    here already: it is the first thing a page does with an upload."""
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
            return max(_count_xlsx_rows(data) - HEADER_ROW, 0)
        except Exception:  # noqa: BLE001 — zip, zlib, XML: read_table says what is wrong
            return None
    return None


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_TARGET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"')
CHUNK_BYTES = 1 << 20


def _count_xlsx_rows(data: bytes) -> int:
    # The sheet's XML is streamed through the decompressor a megabyte at a time, so a
    # million-row sheet is counted in the memory of one chunk.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        path = _first_sheet_path(archive)
        count, tail = 0, b""
        with archive.open(path) as sheet:
            while chunk := sheet.read(CHUNK_BYTES):
                text = tail + chunk
                # Count only tags wholly before the last few bytes; those are kept for the
                # next chunk, so a tag split across two chunks is counted once.
                cut = max(len(text) - 16, 0)
                count += sum(1 for m in _ROW_TAG.finditer(text) if m.start() < cut)
                tail = text[cut:]
            count += len(_ROW_TAG.findall(tail))
        return count


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


def _csv_cells(data: bytes, filename: str) -> list[list]:
    text = _decode(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
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


def _decode(data: bytes, filename: str) -> str:
    # Excel and WPS on Chinese Windows save "CSV" in the ANSI code page (GBK), which GB18030
    # extends; UTF-8 is tried first because a GBK decoder would garble it without complaint.
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    # WPS and Excel's "Unicode" save write UTF-16 with its byte-order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        f"文件「{Path(filename).name}」的文字编码无法识别："
        "请另存为 UTF-8 编码的 CSV，或改用 .xlsx。"
    )


def _table(cells: list[list], filename: str) -> Table:
    if not cells or not any(_text(v) for v in cells[0]):
        raise TableError(f"文件「{Path(filename).name}」第{HEADER_ROW}行没有表头。")
    headers = _headers(cells[0])
    table = Table(headers=headers)
    for index, raw in enumerate(cells[1:], start=HEADER_ROW + 1):
        texts = [_text(v) for v in raw]
        if not any(texts):
            continue
        _refuse_huge_cells(texts, index)
        _refuse_cells_without_header(texts, len(headers), index)
        texts += [""] * (len(headers) - len(texts))
        table.rows.append(Row(number=index, values=dict(zip(headers, texts, strict=False))))
    return table


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
