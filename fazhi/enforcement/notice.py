"""The 整改通知书 of a department for a review round, from the Word template in templates_docx/.

Rendered like every document template, by `fazhi.core.documents.render_docx` (allow-list and
sandbox, plain values only): the findings are typed by people, and the template may one day be
a bureau's own.
"""

import datetime
from pathlib import Path

from fazhi.core.documents import render_docx

# The notice counts the findings; the only filter its template needs.
FILTERS = {"length": len}
TEMPLATE = Path(__file__).parent / "templates_docx" / "rectification_notice.docx"


def notice_docx(*, issuer: str, department: str, batch: str, reviewed: int, findings, day):
    """The notice as .docx bytes; `findings` are the department's files with 发现问题."""
    return render_docx(
        TEMPLATE.read_bytes(),
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
        filters=FILTERS,
    )


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else "—"
