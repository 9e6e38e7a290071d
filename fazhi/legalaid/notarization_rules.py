"""公证: the certificate period, fee reduction, status, steps and checks (pure).

公证法第三十条: the certificate within 十五个工作日 of accepting the application
(add_working_days, the State Council's holiday calendar). A 减免 is 实收 < 应收 and needs its
减免原因 (法律援助法第五十三条, 公证法第三十四条).
"""

import datetime
from decimal import Decimal

from fazhi.core import steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_working_days, deadline

from .models import NotarizationStatus

ISSUE = "出证期限"
ISSUE_DAYS = 15
ISSUE_BASIS = "公证法第三十条，受理之日起十五个工作日内出具公证书"


def issue_deadline(record) -> Deadline:
    return deadline(ISSUE, ISSUE_BASIS, lambda: add_working_days(record.accepted_date, ISSUE_DAYS))


def deadlines(record) -> dict[str, Deadline]:
    return {ISSUE: issue_deadline(record)}


def status(record) -> str:
    return NotarizationStatus.ISSUED if record.issued_date else NotarizationStatus.ACCEPTED


def running(record) -> list[Deadline | None]:
    """Every deadline running now: the one period, until the certificate is issued."""
    return [issue_deadline(record)] if status(record) == NotarizationStatus.ACCEPTED else []


def waived_amount(record) -> Decimal:
    """应收 − 实收 where the fee was reduced, else 0."""
    if record.fee_due is None or record.fee_paid is None or record.fee_paid >= record.fee_due:
        return Decimal("0")
    return record.fee_due - record.fee_paid


def issued_late(record) -> bool:
    due = issue_deadline(record).date
    return bool(record.issued_date and due and record.issued_date > due)


def is_overdue(record, today: datetime.date) -> bool:
    return bool(passed(running(record), today))


def derive(record, settings: dict | None = None) -> None:
    record.status = status(record)
    record.issue_deadline = issue_deadline(record).date
    record.waived_amount = waived_amount(record)
    record.fee_waived = record.waived_amount > 0
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    accepted, issued = record.accepted_date, record.issued_date
    if issued and accepted and issued < accepted:
        refuse("出证日期", f"{issued:%Y-%m-%d} 早于受理日期 {accepted:%Y-%m-%d}")
    for header, value in (("应收费用（元）", record.fee_due), ("实收费用（元）", record.fee_paid)):
        if value is not None and value < 0:
            refuse(header, "不能为负数")
    if record.fee_paid is not None and record.fee_due is None:
        refuse("应收费用（元）", "填写了实收费用，也须填写应收费用")
    if waived_amount(record) > 0 and not record.waiver_reason:
        refuse("减免原因", "实收费用少于应收费用（减免），须填写减免原因")
    if record.waiver_reason and waived_amount(record) == 0:
        refuse("减免原因", "实收费用不少于应收费用，没有减免，不应填写减免原因")
    return problems


def _issue(record, day, **_):
    record.issued_date = day


STEPS = steps.by_key(
    Step(
        "issue",
        "出具公证书",
        refusal=steps.requires(
            lambda record: status(record) == NotarizationStatus.ACCEPTED, "已出证"
        ),
        effect=_issue,
    ),
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date):
    steps.take(STEPS, record, key, day, too_early=_before_acceptance, wording=steps.ALONE)


def _before_acceptance(record, day: datetime.date) -> str | None:
    if day < record.accepted_date:
        return f"日期 {day:%Y-%m-%d} 早于受理日期 {record.accepted_date:%Y-%m-%d}"
    return None


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.accepted_date, "受理"), (record.issued_date, "出具公证书")]
    return [(d, text) for d, text in events if d is not None]
