"""The default Word template of the annual report: GB/T 9704-2012 layout, the structure and the
sentences of the reference report (a county Justice Bureau's 2024 report), every figure a
placeholder. Built in code so that it is reviewed as text; a bureau downloads it, edits it in
Word or WPS, and may upload its own (validated by rendering.validate_template).

Placeholders (docxtpl / Jinja): {{ v("key") }} an indicator's value, with the filters of
numbers.py (`pct` as the unit's rounding setting says, `yoy` the change from the year before);
{{ prev("key") }} the same figure of the year before; {{ v("a") + v("b") }} sums and
differences; {{ parts("family") }} the parts of a breakdown that have a value, largest first,
with 其他 for the rest (or `{% for p in parts("family") %}` with p.n, p.name, p.unit, p.part);
{%p for para in prose("key") %}{{ para }}{%p endfor %} the paragraphs the officers wrote;
{{ title }} and {{ title_more }} (the title's two lines, content.title_lines), {{ unit_name }},
{{ year }}, {{ addressee }}, {{ signer }}, {{ sign_date }}.
"""

import io

from docx import Document

from fazhi.core.docx_layout import (  # noqa: F401 — the report's callers and tests name them here
    CHARACTER_TWIPS,
    DATE_STYLE,
    SIGNER_STYLE,
    add_styles,
    characters_wide,
    place_signature,
    set_page,
    signer_indent,
)

from .parts import MEASURES


def _prose(doc, key):
    doc.add_paragraph(f'{{%p for para in prose("{key}") %}}', style="公文正文")
    doc.add_paragraph("{{ para }}", style="公文正文")
    doc.add_paragraph("{%p endfor %}", style="公文正文")


def build() -> bytes:
    doc = Document()
    add_styles(doc)
    set_page(doc)
    # Two lines broken where the words allow (content.title_lines, GB/T 9704 7.3.1).
    title = doc.add_paragraph("{{ title }}", style="公文标题")
    title.add_run().add_break()
    title.add_run("{{ title_more }}")
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("{{ addressee }}：", style="主送机关")
    _prose(doc, "opening")
    doc.add_paragraph("一、工作开展举措和成效", style="一级标题")
    for number, measure in enumerate(MEASURES, start=1):
        doc.add_paragraph(f"{{{{ {number}|h2 }}}}{measure.heading}", style="二级标题")
        _prose(doc, measure.key)
        if measure.sentence:
            doc.add_paragraph(measure.sentence, style="公文正文")
    doc.add_paragraph("二、推进法治政府建设存在的不足和原因", style="一级标题")
    _prose(doc, "shortcomings")
    # 审结 counts every case concluded, 判决 only those ended by a judgment (litigation.judged):
    # the words say which figure they print.
    doc.add_paragraph(
        '{{ year }}年度审结的{{ v("litigation.concluded") }}件行政诉讼案件中，判决结案'
        '{{ v("litigation.judged") }}件，败诉{{ v("litigation.lost") }}件，败诉率为'
        '{{ v("litigation.loss_rate")|pct }}。',
        style="公文正文",
    )
    doc.add_paragraph(
        "三、党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        style="一级标题",
    )
    _prose(doc, "first_responsible")
    doc.add_paragraph("四、下一年度推进法治政府建设的主要安排", style="一级标题")
    _prose(doc, "next_year")
    # The tasks already set for next year (work_task.due_next_year, drill-down lists them).
    doc.add_paragraph(
        "{{ year }}年末尚未办结、完成时限在下一年度的依法治县工作任务"
        '{{ v("work_task.due_next_year") }}项，将逐项跟踪督办，按期销号。',
        style="公文正文",
    )
    doc.add_paragraph("五、其他需要报告的情况", style="一级标题")
    _prose(doc, "other")
    doc.add_paragraph("", style="公文正文")
    doc.add_paragraph("{{ signer }}", style=SIGNER_STYLE)
    doc.add_paragraph("{{ sign_date|cn_date }}", style=DATE_STYLE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
