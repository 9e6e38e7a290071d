"""Writes rectification_notice.docx, the Word template of the 整改通知书 (docxtpl tags).

Run once, from the repository root, when the notice's layout changes:
    .venv/bin/python fazhi/enforcement/templates_docx/make_notice_template.py
Staff may also edit the .docx in Word, keeping the {{ }} and {%tr %} tags.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).with_name("rectification_notice.docx")


def main():
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("行政执法案卷评查整改通知书")
    run.bold = True
    run.font.size = Pt(18)
    doc.add_paragraph("{{ issuer }}〔{{ year }}〕整改通知").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ department }}：")
    doc.add_paragraph(
        "　　根据{{ batch }}工作安排，我局对你单位的行政执法案卷进行了评查，"
        "共评查案卷 {{ reviewed }} 件，发现问题案卷 {{ findings|length }} 件。"
        "现将发现的问题通知如下，请在整改期限内完成整改，并将整改情况书面报送我局。"
    )
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("序号", "案卷名称", "发现问题", "整改期限"), strict=True
    ):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for f in findings %}"
    row = table.rows[2].cells
    row[0].text = "{{ loop.index }}"
    row[1].text = "{{ f.file_name }}"
    row[2].text = "{{ f.problems }}"
    row[3].text = "{{ f.deadline }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("")
    sign = doc.add_paragraph("{{ issuer }}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = doc.add_paragraph("{{ date }}")
    day.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(OUT)


if __name__ == "__main__":
    main()
