"""依法治县's rules (pure, no database): a meeting's 议题 and 决定事项 read one a line, and a work
task's status, its running 完成时限, overdue and on time (in Python, and beside each the same rule
as an SQL condition for the figures, so that the two cannot drift apart), its consistency
checks, its progress reports and the step that closes it (办结).

The 完成时限 is the date the 依法治县办 set in the 工作要点 or at the meeting: a fact, not a
period counted on the holiday calendar, so never 暂定. No national rule sets how long a task may
take; the office decides each one.
"""

import datetime
import re

from django.db import models

from fazhi.core import steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.records import set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

from .models import LEAD_KINDS, TaskSource, TaskStatus

DEADLINE_LABEL = "完成时限"
DEADLINE_BASIS = "工作要点或会议确定的完成时限"
CLOSE = "close"  # the step: 办结
YEARS = (2000, 2100)  # the 年度 a task may carry
TEXT_LIMIT = 2000  # characters of a progress report or a 完成情况

# --- a meeting's lines ------------------------------------------------------------------

# A list marker an officer types before an item ("1.", "2、", "（三）", "(4)", "五、"), taken
# off when the item becomes a task's content; not when the digits run on ("1.5万元").
_MARKER = re.compile(
    r"^\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．](?![0-9]))\s*"
)
_CODE_SEPARATORS = re.compile(r"[,，、;；\s]+")


def lines(text: str) -> list[str]:
    """The items of a text written one a line (议题, 决定事项), blank lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decision_lines(text: str) -> list[str]:
    """The 决定事项 as a task states them: each line without the marker it was numbered by."""
    return [_MARKER.sub("", line, count=1).strip() or line for line in lines(text)]


def derive_meeting(record, settings: dict | None = None) -> None:
    """How many 议题 and 决定事项 the meeting has: what the figures sum."""
    record.topic_count = len(lines(record.topics))
    record.decision_count = len(lines(record.decisions))


def check_meeting(record) -> list[Problem]:
    if record.attendance is not None and record.attendance < 0:
        return [Problem("出席人数", "出席人数不能为负数")]
    return []


# --- a task's status and deadline -------------------------------------------------------


def is_closed(record) -> bool:
    return record.closed_date is not None


def task_status(record) -> TaskStatus:
    if is_closed(record):
        return TaskStatus.CLOSED
    return TaskStatus.REQUESTED if record.close_requested else TaskStatus.OPEN


status = task_status  # the name core.records.deadline_fields and the pages ask for


def deadlines(record) -> dict[str, Deadline]:
    """The task's one deadline, by its label: the date the office set (never provisional)."""
    if record.deadline is None:
        return {}
    return {DEADLINE_LABEL: Deadline(record.deadline, DEADLINE_BASIS, DEADLINE_LABEL)}


def running(record) -> list[Deadline]:
    """The deadline running now: the 完成时限, until the task is 办结."""
    if is_closed(record):
        return []
    return list(deadlines(record).values())


def is_overdue(record, today: datetime.date) -> bool:
    """Still open, its 完成时限 gone."""
    return not is_closed(record) and record.deadline is not None and record.deadline < today


def overdue_on(record, day: datetime.date) -> bool:
    """Whether the task was overdue on `day`: set by then, its 完成时限 passed, and not 办结 by
    then (a closing after `day` did not count yet): what a figure judged at a period's end
    counts."""
    if record.assigned_date > day or record.deadline >= day:
        return False
    return record.closed_date is None or record.closed_date > day


def on_time(record) -> bool | None:
    """Whether the task was 办结 by its 完成时限; None while it is open."""
    if not is_closed(record):
        return None
    return record.closed_date <= record.deadline


def late(record, today: datetime.date) -> bool:
    """Not done on time: 办结 after its 完成时限, or still open with the day gone (as of
    `today`). What 评议考核 holds against the lead unit."""
    return on_time(record) is False or is_overdue(record, today)


def overdue_condition(day: datetime.date) -> models.Q:
    """`overdue_on(record, day)` as a condition, for the figures."""
    not_done = models.Q(closed_date__isnull=True) | models.Q(closed_date__gt=day)
    return models.Q(assigned_date__lte=day, deadline__lt=day) & not_done


def on_time_condition() -> models.Q:
    """`on_time(record)` is True, as a condition."""
    return models.Q(closed_date__isnull=False, closed_date__lte=models.F("deadline"))


def late_condition(today: datetime.date) -> models.Q:
    """`late(record, today)`, as a condition."""
    closed_late = models.Q(closed_date__isnull=False, closed_date__gt=models.F("deadline"))
    open_late = models.Q(closed_date__isnull=True, deadline__lt=today)
    return closed_late | open_late


def open_condition(day: datetime.date) -> models.Q:
    """Set by `day` and not 办结 by then: a task still in hand on that day."""
    not_done = models.Q(closed_date__isnull=True) | models.Q(closed_date__gt=day)
    return models.Q(assigned_date__lte=day) & not_done


def derive_task(record, settings: dict | None = None) -> None:
    """The status and the running deadline, from the task, its latest report and its
    closing."""
    record.status = task_status(record)
    set_running(record, running(record))


# --- a task's consistency ---------------------------------------------------------------


def split_codes(text: str) -> list[str]:
    """配合单位 as written (comma, 、, semicolon or blank between codes): each code once, in
    the order written."""
    return list(dict.fromkeys(code for code in _CODE_SEPARATORS.split(text or "") if code))


def join_codes(codes) -> str:
    """配合单位 as stored: the codes, "、" between them."""
    return "、".join(codes)


def unit_problems(code: str, kind: str) -> list[str]:
    """A task is led (or helped) by a department, a township, or the bureau and its sections;
    a 司法所, a mediation committee or a service body works under the bureau, which leads."""
    if kind not in LEAD_KINDS:
        return [f"单位「{code}」不是行政执法部门、乡镇人民政府或司法行政机关及其内设机构"]
    return []


def check_task(record) -> list[Problem]:
    problems = []
    year = record.year
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        problems.append(Problem("年度", f"年度应在 {YEARS[0]}—{YEARS[1]} 之间"))
        year = None
    if year is not None and record.deadline and record.deadline < datetime.date(year, 1, 1):
        problems.append(Problem("完成时限", f"完成时限不能早于{year}年度（{year}-01-01）"))
    if record.deadline and record.assigned_date and record.deadline < record.assigned_date:
        problems.append(Problem("完成时限", "完成时限不能早于交办日期"))
    if record.closed_date and record.assigned_date and record.closed_date < record.assigned_date:
        problems.append(Problem("办结日期", "办结日期不能早于交办日期"))
    note = (record.completion_note or "").strip()
    if note and not is_closed(record):
        problems.append(Problem("完成情况", "未办结的任务不需要填写完成情况"))
    if is_closed(record) and not note:
        problems.append(Problem("完成情况", "已办结的任务须填写完成情况"))
    if (record.source_meeting_number or "").strip() and record.source != TaskSource.MEETING:
        problems.append(Problem("来源", "填写了来源会议编号的任务，来源应为“会议决定事项”"))
    if record.decision_item is not None and not (record.source_meeting_number or "").strip():
        problems.append(Problem("决定事项序号", "填写决定事项序号须同时填写来源会议编号"))
    lead = (record.lead_unit_code or "").strip()
    if lead and lead in split_codes(record.partner_codes):
        problems.append(Problem("配合单位", "配合单位不能包括牵头单位"))
    return problems


# --- progress and closing ---------------------------------------------------------------


def progress_refusal(record, day: datetime.date, text: str, today: datetime.date) -> str | None:
    """Why a progress report cannot be recorded, None when it can: an open task, dated
    between its 交办日期 and today, saying something."""
    if is_closed(record):
        return "该任务已办结，不能再填报进展"
    if day > today:
        return "进展日期不能晚于今天"
    if record.assigned_date and day < record.assigned_date:
        return "进展日期不能早于交办日期"
    text = (text or "").strip()
    if not text:
        return "请填写进展情况"
    if len(text) > TEXT_LIMIT:
        return f"进展情况最多 {TEXT_LIMIT} 个字"
    return None


def take_progress(record, day: datetime.date, text: str, requests_closing: bool) -> bool:
    """The task as a new report leaves it: the latest report (by its date; a later one on the
    same day wins) is what the list shows, and whether it asks to close is the task's 申请办结.
    An earlier-dated report is kept in the history only. Returns whether it became the
    latest."""
    latest = record.latest_progress_date
    if latest is not None and day < latest:
        return False
    record.latest_progress = text.strip()
    record.latest_progress_date = day
    record.close_requested = bool(requests_closing)
    return True


def _close(record, day, *, completion_note: str = "", **_):
    """办结: the day and what was achieved; a closing without it tells nobody what was done."""
    note = (completion_note or "").strip()
    if not note:
        raise StepRefused("请填写完成情况")
    if len(note) > TEXT_LIMIT:
        raise StepRefused(f"完成情况最多 {TEXT_LIMIT} 个字")
    record.closed_date = day
    record.completion_note = note


def _not_before_assigned(record, day: datetime.date | None) -> str | None:
    if day and record.assigned_date and day < record.assigned_date:
        return "办结日期不能早于交办日期"
    return None


STEPS = steps.by_key(
    Step(
        CLOSE,
        "办结",
        ("completion_note",),
        refusal=steps.requires(lambda record: not is_closed(record), "该任务已办结"),
        effect=_close,
    )
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, **inputs):
    steps.take(STEPS, record, key, day, too_early=_not_before_assigned, **inputs)


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.assigned_date, "交办")]
    if record.latest_progress_date:
        suffix = "（申请办结）" if record.close_requested else ""
        events.append((record.latest_progress_date, f"最新进展{suffix}"))
    if record.closed_date:
        events.append((record.closed_date, "办结"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])
