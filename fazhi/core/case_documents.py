"""A register's case documents (issue 20), declared once: which documents a record may be given,
what each says, and the values it is filled from. The write side (numbering, issuing, 作废,
送达, a bureau's own template) is core/document_actions.py; the record page's 文书 section is
core/case_file_views.py.

A register app declares a `CaseFile` from its ready(): its documents (`CaseDocument`), the
values its records give every document (`values`, Chinese placeholder names, `names` the list
of them), the organ its documents are issued in the name of, and the action that takes a step
(so that recording a document's 送达 can take the step whose date starts a period). Each
document's default Word template is built here from its declaration, in the GB/T 9704 layout
of core/docx_layout.py (the 法律文书 style: organ, title, number, addressee, body, signature
and date); a bureau may download it, change it in Word or WPS and upload its own, which is
checked for placeholders it does not know and rendered only in core.documents' sandbox.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from . import docx_layout
from .documents import DocumentRefused, render_docx

# What every document is given, whatever its register.
ORGAN, TITLE, NUMBER, DATE = "发文机关", "文书名称", "文号", "成文日期"
CASE_NUMBER, OFFICER, OWNER = "案件编号", "承办人", "承办单位"
COMMON_NAMES = (ORGAN, TITLE, NUMBER, DATE, CASE_NUMBER, OFFICER, OWNER)
# The 文号 a draft shows: the number is given when the document is issued.
DRAFT_NUMBER = "（出具时编号）"
SAMPLE = "示例"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a default template that is not body text: the addressee (主送, flush
    left), a line set right, a centred one, or a 黑体 heading."""

    text: str
    style: str = "公文正文"


def to(text: str) -> Paragraph:
    """The addressee's line, flush left: "{{ 申请人 }}：" (GB/T 9704 7.3.3 主送机关)."""
    return Paragraph(text, "主送机关")


def right(text: str) -> Paragraph:
    return Paragraph(text, "成文日期")


def centred(text: str) -> Paragraph:
    return Paragraph(text, "文书居中")


def heading(text: str) -> Paragraph:
    return Paragraph(text, "一级标题")


def row(label: str, value: str) -> tuple[str, str]:
    """A row of a form's table (登记表, 送达回证, 卷宗封面): its label and its value, which may
    hold placeholders."""
    return (label, value)


@dataclass(frozen=True)
class CaseDocument:
    """One kind of document a register's records are given."""

    key: str  # unique in its register: "acceptance"
    title: str  # 受理通知书
    body: tuple = ()  # the default template's paragraphs: str (body text) or Paragraph
    word: str = ""  # 文种代字 (复受字): numbered with it; "" takes no number (调解记录)
    basis: str = ""  # its legal source, shown beside it: "行政复议法第三十条"
    # Whether the record's facts call for it now (a 不予受理决定书 once the case is refused).
    when: Callable[[Any], bool] = field(default=lambda record: True)
    # The step whose taking issues it: offered on that step's form, issued in its transaction.
    step: str = ""
    # The placeholder that names its 受送达人 ("申请人"): it is then delivered, and shows as
    # 待送达 until its delivery is recorded. "" for a document kept on file.
    recipient: str = ""
    # The register's step that recording its delivery takes (the step's date is the day of
    # receipt a period runs from): "correction_delivered".
    delivery_step: str = ""
    # Whether the record already holds that delivery (taken on the step form before the
    # document was issued): recording the document's delivery then takes no step again.
    delivered: Callable[[Any], bool] = field(default=lambda record: False)
    # A form's rows (label, value), printed as a two-column table after the body.
    table: tuple[tuple[str, str], ...] = ()
    # A 存根's rows: the document then has a 存根 page before its 正本 (解除社区矫正证明书).
    stub: tuple[tuple[str, str], ...] = ()
    signed: bool = True  # ends with the organ's 署名 and the 成文日期
    # Values of this document alone, beyond its register's, and their names.
    values: Callable[[Any], dict] = field(default=lambda record: {})
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseFile:
    """A register's documents: declared once, from its app's ready(), with `declare`."""

    register: str
    documents: tuple[CaseDocument, ...]
    # The record's values every document of the register may print, by placeholder name.
    values: Callable[[Any], dict]
    names: tuple[str, ...]
    # The organ a document is issued in the name of (复议: the county's people's government,
    # its 司法局 drafting): from the unit tree and the register's settings.
    organ: Callable[[Any], str] = field(default=lambda record: _bureau_name(record))
    # record_step(actor, record, key, day, **inputs): taken when a delivery is recorded.
    take_step: Callable | None = None
    # The unit whose series numbers the documents and whose templates they use: the record's
    # bureau (a 司法所's or a section's case is the county's to number), unless the register's
    # documents are another organ's own (a 调委会 numbers its 调解协议书).
    issuer: Callable[[Any], Any] = field(default=lambda record: _bureau(record))
    # The kinds of unit `issuer` gives (UnitKind values): whose 文书设置 list these documents.
    issuer_kinds: tuple[str, ...] = ("province", "prefecture", "county")

    def document(self, key: str) -> CaseDocument:
        found = next((d for d in self.documents if d.key == key), None)
        if found is None:
            raise KeyError(f"{self.register} has no document {key!r}")
        return found

    def by_title(self, title: str) -> CaseDocument | None:
        return next((d for d in self.documents if d.title == title), None)

    def names_of(self, document: CaseDocument) -> tuple[str, ...]:
        return (*COMMON_NAMES, *self.names, *document.names)


CASE_FILES: dict[str, CaseFile] = {}


def declare(case_file: CaseFile) -> CaseFile:
    keys = [d.key for d in case_file.documents]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{case_file.register}: two documents share a key: {keys}")
    titles = [d.title for d in case_file.documents]
    if len(set(titles)) != len(titles):
        raise ValueError(f"{case_file.register}: two documents share a title: {titles}")
    clash = set(COMMON_NAMES) & set(case_file.names)
    if clash:
        raise ValueError(f"{case_file.register}: {clash} are given to every document already")
    if CASE_FILES.get(case_file.register, case_file) is not case_file:
        raise ValueError(f"case file of {case_file.register!r} declared twice")
    CASE_FILES[case_file.register] = case_file
    return case_file


def case_file_of(register: str) -> CaseFile | None:
    return CASE_FILES.get(register)


def kind_key(case_file: CaseFile, document: CaseDocument) -> str:
    """The document's kind as numbering and templates store it: "reconsideration.acceptance"."""
    return f"{case_file.register}.{document.key}"


def offered(case_file: CaseFile, record) -> list[CaseDocument]:
    """The documents the record's facts call for now, in the declared order."""
    return [d for d in case_file.documents if d.when(record)]


def _bureau(record):
    return record.unit.bureau() or record.unit


def _bureau_name(record) -> str:
    return _bureau(record).name


def cn_date(day: datetime.date | None) -> str:
    """A date as documents write it: 2026年3月5日 (GB/T 9704 7.3.5: Arabic numerals, no leading
    zeros); "" for none."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def text(value) -> str:
    """A value as a document prints it: a date in Chinese, None as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return cn_date(value)
    return str(value)


def values_for(
    case_file: CaseFile, document: CaseDocument, record, *, number: str, day: datetime.date
) -> dict[str, str]:
    """Everything the document prints, by placeholder name: the common values, the register's
    and the document's own. A register whose values miss or add a declared name is a
    programming error (its tests render every document)."""
    officer = getattr(record, "officer", None)
    values = {
        ORGAN: case_file.organ(record),
        TITLE: document.title,
        NUMBER: number,
        DATE: cn_date(day),
        CASE_NUMBER: record.number,
        OFFICER: (officer.full_name or officer.username) if officer else "",
        OWNER: record.unit.name,
    }
    own = {**case_file.values(record), **document.values(record)}
    expected = set(case_file.names) | set(document.names)
    if set(own) != expected:
        raise ValueError(
            f"{kind_key(case_file, document)}: values {sorted(own)} != names {sorted(expected)}"
        )
    values.update({name: text(value) for name, value in own.items()})
    return values


def sample_values(case_file: CaseFile, document: CaseDocument) -> dict[str, str]:
    """A value for every name the document knows: what an uploaded template is tried with."""
    return {name: SAMPLE for name in case_file.names_of(document)}


def render(template: bytes, values: dict[str, str]) -> bytes:
    """The document, through the one renderer of templates (core.documents: allow-list and
    sandbox), its 署名 then centred on its date."""
    return docx_layout.place_signature(render_docx(template, values))


def check_template(case_file: CaseFile, document: CaseDocument, template: bytes) -> None:
    """DocumentRefused (Chinese) unless `template` renders with the document's own names
    alone: an unknown placeholder, a forbidden construct or a file that is no .docx."""
    rendered = render(template, sample_values(case_file, document))
    if not rendered:
        raise DocumentRefused(["模板生成的文档为空。"])


# --- the default templates ------------------------------------------------------------------


def default_template(document: CaseDocument) -> bytes:
    """The document's Word template, built from its declaration in the 法律文书 layout."""
    doc = Document()
    docx_layout.add_styles(doc)
    _legal_styles(doc)
    docx_layout.set_page(doc)
    if document.stub:
        _head(doc, "{{ 文书名称 }}（存根）")
        _table(doc, document.stub)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _head(doc, "{{ 文书名称 }}")
    for paragraph in document.body:
        if isinstance(paragraph, Paragraph):
            doc.add_paragraph(paragraph.text, style=paragraph.style)
        else:
            doc.add_paragraph(paragraph, style="公文正文")
    if document.table:
        _table(doc, document.table)
    if document.signed:
        doc.add_paragraph("", style="公文正文")
        doc.add_paragraph("{{ 发文机关 }}", style=docx_layout.SIGNER_STYLE)
        doc.add_paragraph("{{ 成文日期 }}", style=docx_layout.DATE_STYLE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _legal_styles(doc) -> None:
    """The 法律文书 head: the organ's name and the title centred in 2号小标宋, the number set
    right in the body's font (as the 司法部's formats set 〔2026〕N号 under the title)."""
    for name, alignment in (("文书文号", WD_ALIGN_PARAGRAPH.RIGHT), ("文书居中", None)):
        style = doc.styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.base_style = doc.styles["公文正文"]
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.alignment = alignment or WD_ALIGN_PARAGRAPH.CENTER


def _head(doc, title: str) -> None:
    doc.add_paragraph("{{ 发文机关 }}", style="公文标题")
    doc.add_paragraph(title, style="公文标题")
    doc.add_paragraph("{% if 文号 %}{{ 文号 }}{% endif %}", style="文书文号")


def _table(doc, rows) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        for cell in cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                for run in paragraph.runs:
                    docx_layout.set_east_asian_font(run, docx_layout.FONTS["body"])
                    run.font.size = Pt(14)


def docx_text(docx: bytes) -> str:
    """A document's text, paragraphs and table cells in order, one per line: what the tests
    and `manage.py documents render` read back."""
    doc = Document(io.BytesIO(docx))
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in block.iter():
                if cell.tag.endswith("}tc"):
                    lines.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
    return "\n".join(lines)
