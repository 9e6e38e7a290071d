"""The 整改通知书 of a department for a review round, from the Word template in templates_docx/."""

import datetime
import io
from pathlib import Path

from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).parent / "templates_docx" / "rectification_notice.docx"


def notice_docx(*, issuer: str, department: str, batch: str, reviewed: int, findings, day):
    """The notice as .docx bytes; `findings` are the department's files with 发现问题."""
    doc = DocxTemplate(TEMPLATE)
    doc.render(
        {
            "issuer": issuer,
            "year": day.year,
            "department": department,
            "batch": batch,
            "reviewed": reviewed,
            "findings": [
                {
                    "file_name": f.file_name,
                    "problems": f.problems,
                    "deadline": _date(f.rectification_deadline),
                }
                for f in findings
            ],
            "date": f"{day.year}年{day.month}月{day.day}日",
        },
        # Findings are typed by people: "&" or "<" must stay text, not break the XML.
        autoescape=True,
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else "—"
