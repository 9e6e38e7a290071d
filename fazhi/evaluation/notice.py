"""评议考核结果通报: one notice for a bureau's year, over all its departments (a ranking is the
whole year's, so it is no single result's case document). Built in code in the GB/T 9704 layout
(core/docx_layout.py) and rendered like every document template, by
`fazhi.core.documents.render_docx` (allow-list and sandbox, plain values only): the reasons for
deductions are typed by people.
"""

import functools
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core import docx_layout
from fazhi.core.documents import render_docx

from . import rules
from .models import Grade

HEADERS = ("名次", "单位", "得分", "等次")


@functools.cache
def template() -> bytes:
    """The notice's Word template (docxtpl tags), made once per process."""
    doc = Document()
    docx_layout.add_styles(doc)
    docx_layout.set_page(doc)
    doc.add_paragraph("{{ issuer }}关于{{ year }}年度行政执法评议考核结果的通报", style="公文标题")
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("各行政执法部门：", style="主送机关")
    doc.add_paragraph(
        "根据《中华人民共和国行政处罚法》第七十五条和{{ issuer }}{{ year }}年度行政执法评议考核"
        "方案，{{ issuer }}对{{ count }}个行政执法部门{{ year }}年度的行政执法工作进行了评议考核。"
        "现将考核结果通报如下。",
        style="公文正文",
    )
    doc.add_paragraph("一、考核结果", style="一级标题")
    doc.add_paragraph(
        "评为优秀的{{ excellent }}个，良好的{{ good }}个，合格的{{ passing }}个，"
        "不合格的{{ failing }}个。各单位的得分、名次和等次如下表。",
        style="公文正文",
    )
    table = doc.add_table(rows=4, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in results %}"
    for cell, text in zip(
        table.rows[2].cells,
        ("{{ r.rank }}", "{{ r.unit }}", "{{ r.total }}", "{{ r.grade }}"),
        strict=True,
    ):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("二、扣分情况", style="一级标题")
    doc.add_paragraph("{%p for d in deductions %}", style="公文正文")
    doc.add_paragraph("{{ d.unit }}：{{ d.text }}", style="公文正文")
    doc.add_paragraph("{%p endfor %}", style="公文正文")
    doc.add_paragraph("{%p if not deductions %}", style="公文正文")
    doc.add_paragraph("各单位均未扣分。", style="公文正文")
    doc.add_paragraph("{%p endif %}", style="公文正文")
    doc.add_paragraph("三、有关要求", style="一级标题")
    doc.add_paragraph(
        "各单位要对照扣分情况，认真查找问题，逐项整改。评为不合格的单位，要限期整改，"
        "并将整改情况书面报送{{ issuer }}。",
        style="公文正文",
    )
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("{{ issuer }}", style=docx_layout.SIGNER_STYLE)
    doc.add_paragraph("{{ date }}", style=docx_layout.DATE_STYLE)
    for paragraph in doc.paragraphs[:1]:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def deduction_text(scores: list[dict], reasons: dict[int, list[str]]) -> str:
    """What a department lost points for: each item with a deduction, its points and why (the
    measure's value, or the reasons given by hand)."""
    parts = []
    for stored in scores:
        score = rules.ItemScore.from_stored(stored)
        if not score.deduction:
            continue
        why = []
        if score.data_deduction and score.value is not None:
            value = rules.points_text(score.value)
            why.append(f"{score.measure_label}{value}{score.unit_label}")
        why += reasons.get(score.no, [])
        because = f"（{'；'.join(why)}）" if why else ""
        parts.append(f"{score.name}扣{rules.points_text(score.deduction)}分{because}")
    return "；".join(parts) + "。" if parts else ""


def notice_docx(*, issuer: str, year: int, results, reasons: dict, day) -> bytes:
    """The notice as .docx bytes. `results` are the year's confirmed results in ranking order,
    each with `rank` set; `reasons` {result id: {item 序号: [reasons by hand]}}."""
    grades = [r.grade for r in results]
    rows, deductions = [], []
    for result in results:
        rows.append(
            {
                "rank": result.rank or "—",
                "unit": result.evaluated_unit.name,
                "total": rules.points_text(result.total),
                "grade": result.get_grade_display() or "—",
            }
        )
        text = deduction_text(result.item_scores, reasons.get(result.pk, {}))
        if text:
            deductions.append({"unit": result.evaluated_unit.name, "text": text})
    rendered = render_docx(
        template(),
        {
            "issuer": issuer,
            "year": year,
            "count": len(rows),
            "excellent": grades.count(Grade.EXCELLENT),
            "good": grades.count(Grade.GOOD),
            "passing": grades.count(Grade.PASS),
            "failing": grades.count(Grade.FAIL),
            "results": rows,
            "deductions": deductions,
            "date": f"{day.year}年{day.month}月{day.day}日",
        },
    )
    return docx_layout.place_signature(rendered)
