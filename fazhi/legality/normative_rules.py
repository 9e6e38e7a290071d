"""规范性文件备案审查: filing and review periods, status, steps and checks (pure).

Both periods are calendar days set by provincial rules (defaults 30 and 30, configurable),
counted under 民事诉讼法第八十五条 by add_calendar_days. derive() stores the numbers it used.
"""

import datetime

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_calendar_days, date_of, deadline

from .models import FilingConclusion, FilingStatus

FILING = "报备期限"
REVIEW = "审查期限"
DEFAULT_FILING_DAYS = 30
DEFAULT_REVIEW_DAYS = 30
BASIS = "省级行政规范性文件备案审查规定（可配置）"


def filing_deadline(record) -> Deadline:
    days = record.filing_days or DEFAULT_FILING_DAYS
    return deadline(
        FILING,
        f"{BASIS}，公布后{days}日内报送备案",
        lambda: add_calendar_days(record.published_date, days),
    )


def review_deadline(record) -> Deadline | None:
    if record.filed_date is None:
        return None
    days = record.review_days or DEFAULT_REVIEW_DAYS
    return deadline(
        REVIEW,
        f"{BASIS}，报送备案后{days}日内审查完毕",
        lambda: add_calendar_days(record.filed_date, days),
    )


def deadlines(record) -> dict[str, Deadline]:
    found = {FILING: filing_deadline(record)}
    review = review_deadline(record)
    if review is not None:
        found[REVIEW] = review
    return found


def status(record) -> str:
    if record.reviewed_date is not None:
        return FilingStatus.REVIEWED
    if record.filed_date is not None:
        return FilingStatus.IN_REVIEW
    return FilingStatus.AWAITING_FILING


def running(record) -> list[Deadline | None]:
    """Every deadline running now. The review period runs from the filing, so the two follow
    each other: filing until the document is filed, then review until it is reviewed."""
    current = status(record)
    if current == FilingStatus.AWAITING_FILING:
        return [filing_deadline(record)]
    if current == FilingStatus.IN_REVIEW:
        return [review_deadline(record)]
    return []


def filed_late(record) -> bool:
    """逾期报备 as far as the facts go: filed after the filing period. (Not yet filed and past
    it is time-dependent: see is_late_unfiled.)"""
    due = filing_deadline(record).date
    return record.filed_date is not None and due is not None and record.filed_date > due


def is_late_unfiled(record, today: datetime.date) -> bool:
    due = filing_deadline(record).date
    return record.filed_date is None and due is not None and due < today


def is_overdue(record, today: datetime.date) -> bool:
    return bool(passed(running(record), today))


def derive(record, settings: dict | None = None) -> None:
    settings = settings or {}
    record.filing_days = settings.get("filing_days", DEFAULT_FILING_DAYS)
    record.review_days = settings.get("review_days", DEFAULT_REVIEW_DAYS)
    record.status = status(record)
    record.filing_deadline = filing_deadline(record).date
    record.review_deadline = date_of(review_deadline(record))
    record.late_filed = filed_late(record)
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    published, filed, reviewed = record.published_date, record.filed_date, record.reviewed_date
    if filed and published and filed < published:
        refuse("报送备案日期", f"{filed:%Y-%m-%d} 早于公布日期 {published:%Y-%m-%d}")
    if reviewed and not filed:
        refuse("审查完成日期", "没有报送备案日期，不能填写审查完成日期")
    if reviewed and filed and reviewed < filed:
        refuse("审查完成日期", f"{reviewed:%Y-%m-%d} 早于报送备案日期 {filed:%Y-%m-%d}")
    if reviewed and not record.conclusion:
        refuse("审查结论", "填写了审查完成日期，也须填写审查结论")
    if record.conclusion and not reviewed:
        refuse("审查完成日期", "填写了审查结论，也须填写审查完成日期")
    return problems


# --- steps -------------------------------------------------------------------------------


def _file(record, day, **_):
    record.filed_date = day


def _review(record, day, *, conclusion, **_):
    if conclusion not in FilingConclusion.values:
        labels = "、".join(FilingConclusion.labels)
        raise StepRefused(f"请选择审查结论：{labels}")
    record.reviewed_date, record.conclusion = day, conclusion


STEPS = steps.by_key(
    Step(
        "file",
        "报送备案",
        refusal=steps.requires(
            lambda record: status(record) == FilingStatus.AWAITING_FILING, "已报送备案"
        ),
        effect=_file,
    ),
    Step(
        "review",
        "审查完成",
        ("conclusion",),
        refusal=steps.requires(
            lambda record: status(record) == FilingStatus.IN_REVIEW,
            "只有已报送备案、尚未审查完成的文件才能登记审查完成",
        ),
        effect=_review,
    ),
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, *, conclusion: str = ""):
    steps.take(STEPS, record, key, day, too_early=_before_last_step, conclusion=conclusion)


def _before_last_step(record, day: datetime.date) -> str | None:
    floor = record.filed_date or record.published_date
    if day < floor:
        return f"日期 {day:%Y-%m-%d} 早于上一步骤的日期 {floor:%Y-%m-%d}"
    return None


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.published_date, "公布"), (record.filed_date, "报送备案")]
    if record.reviewed_date is not None:
        label = FilingConclusion(record.conclusion).label if record.conclusion else ""
        events.append((record.reviewed_date, f"审查完成（{label}）"))
    return [(d, text) for d, text in events if d is not None]
