"""A report made ready to submit, the one way the reports' tests do it.

Submission is refused before the report's year has ended and while a block or particular its
template prints is empty (reports/rules.py). The tests' reports are of 2024, a year the real
date has left behind; a test that needs another day pins the date with the `on_day` fixture
(conftest.py)."""

import datetime

from fazhi.reports import actions
from fazhi.reports.content import prose_of
from fazhi.reports.parts import PROSE_BLOCKS


def complete(report, *, leave=()):
    """Write every prose block not yet written (but those in `leave`), keeping what the test
    wrote, and set any particular left empty; returns the report, reloaded."""
    written = prose_of(report)
    for block in PROSE_BLOCKS:
        if block.key not in leave and not written.get(block.key, "").strip():
            actions.write_prose(None, report, block.key, f"{block.label}的工作情况。")
    report.refresh_from_db()
    if not (report.addressee and report.signer and report.sign_date):
        actions.set_particulars(
            None,
            report,
            addressee=report.addressee or "县委、县人民政府",
            signer=report.signer or report.unit.name,
            sign_date=report.sign_date or datetime.date(report.year + 1, 2, 20),
        )
        report.refresh_from_db()
    return report
