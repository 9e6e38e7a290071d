"""A case's 卷宗 (issue 20): everything fazhi keeps for one record, in one .zip, in the order a
卷宗 is bound, for the officer to print or hand to the archive.

The .zip holds, each file numbered in its name so that any file manager lists it in order:

  01-卷宗封面.docx   the cover: the organ, the register, the case number, the parties as the
                     register's CaseFile names them, 立卷日期 (today) and 保管期限;
  02-卷内目录.docx   the index: a line (序号, 文号, 责任者, 题名, 日期, 备注) per file that
                     follows;
  03-…              the case's files, in this order:
    1. its attachments of kind 申请材料 (the application opens every 卷);
    2. its issued documents, in the order its CaseFile declares them, then by date;
    3. its attachments of kind 证据材料, 签收的决定书, 送达回证, 扫描件, 其他材料, in that order,
       each kind in the order uploaded.

Source of the order: docs/domain/case-documents.md, "## 卷宗". No national order was found for
any register; the published local ones (a 行政复议 office's 案卷归档管理规定 第五条, a 人民调解
卷内目录) agree on 申请书 first, then the organ's documents in the order of the procedure, the
parties' evidence and records, the 决定书, the 送达回执, and 其他材料 last. A CaseFile declares
its documents in the order of the procedure, so that order is the 卷's. The page also says a
cancelled (作废) document keeps its line in the 卷内目录: it is listed there, marked 作废 and
without a 序号, and its file is left out (its number is never given again); a removed
attachment is neither listed nor included. The 页号 the page mentions cannot be known before
the files are printed, so the index has no such column; the 备考表/封底 are the archive's forms.

Where LibreOffice (`soffice`) is on PATH the issue allows one PDF of the whole 卷 instead of
the .zip; that is not done yet, deliberately: the .zip needs nothing installed on the server.

Memory: the .zip is built in memory (a 卷 holds personal data, which fazhi never writes to
disk in clear), and each attachment is unsealed only when its turn comes and dropped once
written, so at most one of them is held in clear at a time.
"""

from __future__ import annotations

import datetime
import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from . import audit, case_documents, docx_layout, sealed_files
from .case_documents import CaseFile, cn_date
from .errors import ActionRefused
from .models import Attachment, AttachmentKind, AuditAction, IssuedDocument
from .personal import reason_for
from .registers import Register
from .text import printable

COVER, INDEX = "卷宗封面", "卷内目录"
INDEX_HEADERS = ("序号", "文号", "责任者", "题名", "日期", "备注")
# The values of a CaseFile that name a case's subject and parties, in the order a cover
# prints them; a register gives those it has (case_file.values), the others are left out.
PARTIES = (
    "案由",
    "申请人",
    "被申请人",
    "第三人",
    "当事人",
    "受援人",
    "社区矫正对象",
    "矫正对象",
    "公证事项",
    "纠纷类型",
)
# The attachments filed after the issued documents, in the domain page's order.
AFTER_DOCUMENTS = (
    AttachmentKind.EVIDENCE,
    AttachmentKind.DECISION,
    AttachmentKind.RECEIPT,
    AttachmentKind.SCAN,
    AttachmentKind.OTHER,
)
# An attachment's name keeps its own extension when it is one of its type's, else takes this.
EXTENSIONS = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "doc": (".doc",),
    "xls": (".xls",),
}
# Characters no file name may hold on Windows, where the 卷 is usually opened, besides the
# path separators; control and format characters are dropped by their Unicode category.
FORBIDDEN = set('/\\:*?"<>|')
MAX_NAME = 80  # characters of a name, before its number and extension
INDEX_SIZE = Pt(12)  # 小四: six columns in the 156 mm text block
COVER_SIZE = Pt(16)  # 三号, the body's
CANCELLED_NOTE = "已作废，文号不再使用；文件未入卷"
NO_FILE_NOTE = "编号功能上线前出具，系统中没有文件"


@dataclass(frozen=True)
class Item:
    """One line of the 卷内目录 and, when `read` is given, the file that follows it."""

    title: str  # 题名
    number: str = ""  # 文号
    author: str = ""  # 责任者
    day: datetime.date | None = None
    note: str = ""  # 备注
    name: str = ""  # the file's name without its 序号 prefix
    read: Callable[[], bytes] | None = None  # the file's bytes, read when its turn comes


OWN_PARTS = ("卷宗封面", "卷内目录")


def safe_name(text: str, limit: int = MAX_NAME) -> str:
    """`text` fit for a file name in a .zip: no path separator (an entry "../x" would be
    written outside the folder it is unpacked into), no character Windows refuses, no control
    or invisible format character (a right-to-left override turns "fdp.exe" into "exe.pdf"),
    no leading or trailing dots and spaces; at most `limit` characters."""
    kept = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or (c not in FORBIDDEN and not unicodedata.category(c).startswith("C"))
    )
    kept = " ".join(kept.split())[:limit].strip(" .")
    return kept or "未命名"


def assemble(actor, register: Register, record) -> bytes:
    """The record's 卷宗, as a .zip (see the module's docstring). A register holding personal
    data has the assembly audited on the record, one DOWNLOAD entry, as a document's download
    is. ActionRefused (Chinese) when a kept file does not open."""
    case_file = case_documents.case_file_of(register.name)
    today = timezone.localdate()
    items = [
        *_attachments(register, record, (AttachmentKind.APPLICATION,)),
        *_documents(case_file, register, record),
        *_attachments(register, record, AFTER_DOCUMENTS),
    ]
    filed = [item for item in items if item.read is not None]
    width = max(2, len(str(len(filed) + 2)))
    buffer = io.BytesIO()
    moment = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dossier:
        cover_docx = cover(case_file, register, record, today)
        _write(dossier, f"{1:0{width}d}-{COVER}.docx", cover_docx, moment)
        _write(dossier, f"{2:0{width}d}-{INDEX}.docx", index(items), moment)
        for position, item in enumerate(filed, start=3):
            _write(dossier, f"{position:0{width}d}-{item.name}", _read(item), moment)
    if register.sensitive:
        audit.record(
            actor,
            AuditAction.DOWNLOAD,
            record,
            register=register.name,
            after={"files": len(filed) + 2},
            note="下载卷宗"
            + (f"；事由：{reason}" if (reason := reason_for(actor, register.name)) else ""),
        )
    return buffer.getvalue()


def _write(dossier: zipfile.ZipFile, name: str, data: bytes, moment) -> None:
    info = zipfile.ZipInfo(name, date_time=moment)
    info.compress_type = zipfile.ZIP_DEFLATED
    dossier.writestr(info, data)


def _read(item: Item) -> bytes:
    try:
        return item.read()
    except sealed_files.SealedFileBroken as broken:
        raise ActionRefused(f"「{item.title}」无法读取，卷宗未生成：{broken}") from None


# --- what the 卷 holds ----------------------------------------------------------------------


def _documents(case_file: CaseFile | None, register: Register, record) -> list[Item]:
    """The record's issued documents, in the CaseFile's declared order, then by date; a
    cancelled one listed without its file."""
    issued = IssuedDocument.objects.filter(register=register.name, record_id=record.pk)
    # A register's own paper cover and index (人民调解's format has them) are what this
    # dossier's first two files are, filled with the files it actually holds: not filed twice.
    issued = list(issued.exclude(title__in=OWN_PARTS).select_related("content"))
    declared = {}
    if case_file is not None:
        declared = {
            case_documents.kind_key(case_file, d): place
            for place, d in enumerate(case_file.documents)
        }
    issued.sort(key=lambda d: (declared.get(d.kind, len(declared)), d.issued_on, d.pk))
    author = case_file.organ(record) if case_file is not None else _bureau_name(record)
    return [_document_item(document, author) for document in issued]


def _document_item(document: IssuedDocument, author: str) -> Item:
    line = {"title": document.title, "number": document.number, "author": author}
    line["day"] = document.issued_on
    if document.cancelled:
        return Item(**line, note=CANCELLED_NOTE)
    if document.content_id is None:
        return Item(**line, note=NO_FILE_NOTE)
    sealed = document.content
    return Item(
        **line,
        note="待送达" if document.awaiting_delivery else "",
        name=safe_name(document.label, MAX_NAME + 40) + ".docx",
        read=lambda: sealed_files.unseal(sealed),
    )


def _attachments(register: Register, record, kinds) -> list[Item]:
    """The record's attachments of `kinds` not removed, kind by kind, each in upload order."""
    order = {kind: place for place, kind in enumerate(kinds)}
    found = Attachment.objects.filter(
        register=register.name, record_id=record.pk, kind__in=kinds, removed_at__isnull=True
    ).select_related("file")
    found = sorted(found, key=lambda a: (order[a.kind], a.uploaded_at, a.pk))
    return [_attachment_item(attachment) for attachment in found]


def _attachment_item(attachment: Attachment) -> Item:
    kind = AttachmentKind(attachment.kind).label
    stem, extension = _split(attachment.name, attachment.file_type)
    sealed, title = attachment.file, safe_name(stem)
    return Item(
        title=title,
        note=f"{kind}，{cn_date(timezone.localdate(attachment.uploaded_at))}上传",
        name=f"{kind}-{title}{extension}",
        read=lambda: sealed_files.unseal(sealed),
    )


def _split(name: str, file_type: str) -> tuple[str, str]:
    """An attachment's name and the extension its file type takes: its own when it is one of
    the type's (证据.JPEG stays so), else the type's first (a name uploaded without one)."""
    known = EXTENSIONS.get(file_type, ("",))
    stem, extension = os.path.splitext(name)
    if extension.lower() in known:
        return stem, extension.lower()
    return name, known[0]


def _bureau_name(record) -> str:
    return (record.unit.bureau() or record.unit).name


# --- the cover and the index ----------------------------------------------------------------


def cover(case_file: CaseFile | None, register: Register, record, today) -> bytes:
    """The 卷宗封面: the organ (the bureau the record's unit belongs to), the register, and a
    table of the case number, its subject and parties where its CaseFile gives them, the
    officer, 立卷日期 and 保管期限. No 保管期限 is set by any rule found (the domain page:
    a unit's setting), so its line is left blank for the officer to write, as is 立卷人."""
    doc = _document()
    for _ in range(3):
        doc.add_paragraph("", style="公文正文")
    doc.add_paragraph(_bureau_name(record), style="公文标题")
    doc.add_paragraph(f"{register.label}卷宗", style="公文标题")
    doc.add_paragraph("", style="公文正文")
    _table(doc, [list(row) for row in cover_rows(case_file, register, record, today)], COVER_SIZE)
    return _saved(doc)


def cover_rows(case_file: CaseFile | None, register: Register, record, today) -> list:
    values = case_file.values(record) if case_file is not None else {}
    rows = [(register.number_column.header, record.number)]
    rows += [
        (name, case_documents.text(values[name]))
        for name in PARTIES
        if name in values and case_documents.text(values[name])
    ]
    officer = getattr(record, "officer", None)
    if officer is not None:
        rows.append(("承办人", str(officer)))  # the 姓名 (full_name), else the username
    rows += [("立卷人", ""), ("立卷日期", cn_date(today)), ("保管期限", "")]
    return rows


def index(items: list[Item]) -> bytes:
    """The 卷内目录: a table of every line; 序号 counts the files that follow."""
    doc = _document()
    doc.add_paragraph(INDEX, style="公文标题")
    doc.add_paragraph("", style="公文正文")
    rows = [list(INDEX_HEADERS)]
    serial = 0
    for item in items:
        shown = ""
        if item.read is not None:
            serial += 1
            shown = str(serial)
        rows.append([shown, item.number, item.author, item.title, cn_date(item.day), item.note])
    _table(doc, rows, INDEX_SIZE)
    return _saved(doc)


def _document():
    doc = Document()
    docx_layout.add_styles(doc)
    docx_layout.set_page(doc)
    return doc


def _table(doc, rows: list[list[str]], size) -> None:
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            # Text stored before inputs refused control characters must not stop the 卷.
            cell.text = printable(value)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                for run in paragraph.runs:
                    docx_layout.set_east_asian_font(run, docx_layout.FONTS["body"])
                    run.font.size = size


def _saved(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
