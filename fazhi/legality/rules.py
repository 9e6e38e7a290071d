"""合法性审查: the review period, status, steps and checks, as pure functions.

The period is N working days from 收文日期, N per 审查类别 set by the administrators (the
`settings` the register reads once per batch); derive() stores the N it used on the record,
so the record's deadlines can be shown later without reading the settings again. A 重大行政决策
gets no less than 7 working days (重大行政决策程序暂行条例第二十六条).
"""

import datetime

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_working_days, deadline

from .models import ReviewCategory, ReviewConclusion, ReviewStatus

REVIEW = "审查期限"
DEFAULT_DAYS = 15
MAJOR_DECISION_FLOOR = 7
MAJOR_DECISION_BASIS = "重大行政决策程序暂行条例第二十六条"
LOCAL_BASIS = "本单位合法性审查工作规则（可配置）"
OPINIONS = tuple(c for c in ReviewConclusion.values if c != ReviewConclusion.RETURNED)


def review_days(category: str, configured: dict[str, int] | None = None) -> int:
    """The working days the reviewer has for a category: the configured number (default 15),
    never below 7 for a 重大行政决策."""
    days = (configured or {}).get(category, DEFAULT_DAYS)
    if category == ReviewCategory.MAJOR_DECISION:
        days = max(days, MAJOR_DECISION_FLOOR)
    return days


def review_deadline(record) -> Deadline:
    days = record.review_days or review_days(record.category)
    basis = (
        MAJOR_DECISION_BASIS if record.category == ReviewCategory.MAJOR_DECISION else LOCAL_BASIS
    )
    return deadline(
        REVIEW, f"{basis}，{days}个工作日", lambda: add_working_days(record.received_date, days)
    )


def deadlines(record) -> dict[str, Deadline]:
    return {REVIEW: review_deadline(record)}


def status(record) -> str:
    if record.opinion_date is None:
        return ReviewStatus.IN_REVIEW
    if record.conclusion == ReviewConclusion.RETURNED:
        return ReviewStatus.RETURNED
    return ReviewStatus.ISSUED


def running(record) -> list[Deadline | None]:
    """Every deadline running now: the review period, until the opinion (or the return)."""
    return [review_deadline(record)] if status(record) == ReviewStatus.IN_REVIEW else []


def issued_late(record) -> bool:
    """超期出具意见: the opinion (or return) came after the review period."""
    due = review_deadline(record).date
    return record.opinion_date is not None and due is not None and record.opinion_date > due


def is_overdue(record, today: datetime.date) -> bool:
    """超期: past the review period without an opinion, or the opinion came after it."""
    return bool(passed(running(record), today)) or issued_late(record)


def derive(record, settings: dict | None = None) -> None:
    """Set the stored derived fields; `settings` is the register's (see columns.settings)."""
    record.review_days = review_days(record.category, (settings or {}).get("review_days"))
    record.status = status(record)
    record.review_deadline = review_deadline(record).date
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = []
    if (
        record.opinion_date is not None
        and record.received_date is not None
        and record.opinion_date < record.received_date
    ):
        problems.append(
            Problem(
                "出具意见日期",
                f"{record.opinion_date:%Y-%m-%d} 早于收文日期 {record.received_date:%Y-%m-%d}",
            )
        )
    if record.opinion_date is not None and not record.conclusion:
        problems.append(Problem("审查结论", "填写了出具意见日期，也须填写审查结论"))
    if record.conclusion and record.opinion_date is None:
        problems.append(Problem("出具意见日期", "填写了审查结论，也须填写出具意见日期"))
    return problems


# --- steps -------------------------------------------------------------------------------

# Both steps end the review: each is refused once it has ended.
_IN_REVIEW = steps.requires(
    lambda record: status(record) == ReviewStatus.IN_REVIEW,
    "已出具意见或已退回，不能再办理此步骤",
)


def _issue(record, day, *, conclusion, **_):
    if conclusion not in OPINIONS:
        labels = "、".join(ReviewConclusion(c).label for c in OPINIONS)
        raise StepRefused(f"请选择审查结论：{labels}")
    record.conclusion, record.opinion_date = conclusion, day


def _return(record, day, **_):
    record.conclusion, record.opinion_date = ReviewConclusion.RETURNED, day


STEPS = steps.by_key(
    Step("issue", "出具意见", ("conclusion",), refusal=_IN_REVIEW, effect=_issue),
    Step("return", "退回", refusal=_IN_REVIEW, effect=_return),
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, *, conclusion: str = ""):
    steps.take(STEPS, record, key, day, too_early=_before_receipt, conclusion=conclusion)


def _before_receipt(record, day: datetime.date) -> str | None:
    if day < record.received_date:
        return f"日期 {day:%Y-%m-%d} 早于收文日期 {record.received_date:%Y-%m-%d}"
    return None


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.received_date, "收文")]
    if record.opinion_date is not None:
        if record.conclusion == ReviewConclusion.RETURNED:
            events.append((record.opinion_date, "退回"))
        else:
            label = ReviewConclusion(record.conclusion).label if record.conclusion else ""
            events.append((record.opinion_date, f"出具意见（{label}）"))
    return events
