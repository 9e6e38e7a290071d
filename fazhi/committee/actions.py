"""Every change to 依法治县's meetings and work tasks: one function per action, each through the
one write path (core.writes: scope, links, derived fields, checks, audit, one transaction).

Tasks are set, changed and closed only by those who work the register (依法治县办); the lead
unit's 填报员 reaches the tasks his unit leads (clerk_unit_field) and reports their progress
(`report_progress`), nothing else. A progress report is a TaskProgress written in the task's
own audited save, as a 执法证's change is written in its officer's.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.access import may_change_record
from fazhi.core.errors import ActionRefused
from fazhi.core.text import text_problem
from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import CLOSING_FIELDS, MEETING_REGISTER, TASK_REGISTER
from .models import CommitteeMeeting, TaskProgress, WorkTask
from .permissions import RULE

NOTE_EXCERPT = 60  # characters of a report's text the audit note repeats


def register_meeting(actor, *, unit, **facts) -> CommitteeMeeting:
    record = CommitteeMeeting(unit=unit, **facts)
    return save_record(actor, MEETING_REGISTER, record, note="登记依法治县会议")


def update_meeting(actor, record: CommitteeMeeting, **changes) -> CommitteeMeeting:
    return update_record(actor, MEETING_REGISTER, record, changes, note="修改依法治县会议")


def register_task(actor, *, unit, **facts) -> WorkTask:
    """登记 a task (from the 工作要点, a meeting's decision, or handed down)."""
    permissions.require(RULE, actor)
    facts.setdefault("officer", actor)
    record = WorkTask(unit=unit, **facts)
    return save_record(actor, TASK_REGISTER, record, note="登记工作任务")


def update_task(actor, record: WorkTask, **changes) -> WorkTask:
    """Correct a task's particulars: not for 填报员."""
    permissions.require(RULE, actor)
    return update_record(actor, TASK_REGISTER, record, changes, note="修改工作任务")


@transaction.atomic
def record_step(actor, record: WorkTask, step: str, day: datetime.date, **inputs) -> WorkTask:
    """办结 on `day`, with what was achieved: the office's act only. The lead unit asks for it
    through a progress report flagged 申请办结."""
    permissions.require(RULE, actor)
    lock(record)
    rules.apply_step(record, step, day, **inputs)
    return save_record(
        actor,
        TASK_REGISTER,
        record,
        note=f"工作任务{rules.STEPS[step].label}",
        effect=CLOSING_FIELDS,
    )


def close_task(actor, record: WorkTask, day: datetime.date, completion_note: str) -> WorkTask:
    return record_step(actor, record, rules.CLOSE, day, completion_note=completion_note)


def report_progress(
    actor,
    task: WorkTask,
    day: datetime.date,
    text: str,
    *,
    requests_closing: bool = False,
    today: datetime.date | None = None,
) -> TaskProgress:
    """A progress report of an open task, by the lead unit's 填报员 or the office: kept as a
    TaskProgress, and the task's 最新进展 (and 申请办结) set from it in the task's audited save,
    in one transaction. Refused in Chinese, nothing written, for a task he may not change, a
    closed task, a day outside 交办日期…today, or an empty text."""
    today = today or timezone.localdate()
    text = str(text or "").strip()
    problem = text_problem(text, "进展情况")
    if problem:
        raise ActionRefused(problem)
    with transaction.atomic():
        lock(task)
        if actor is not None and not may_change_record(actor, task):
            raise ActionRefused("只有牵头单位和依法治县办可以填报该任务的进展。")
        refusal = rules.progress_refusal(task, day, text, today)
        if refusal:
            raise ActionRefused(refusal)
        report = TaskProgress.objects.create(
            task=task,
            date=day,
            text=text,
            requests_closing=bool(requests_closing),
            recorded_by=actor,
            reporter_unit_id=actor.unit_id if actor is not None else None,
        )
        rules.take_progress(task, day, text, requests_closing)
        excerpt = text if len(text) <= NOTE_EXCERPT else f"{text[:NOTE_EXCERPT]}……"
        asked = "（申请办结）" if requests_closing else ""
        note = f"填报进展：{day.isoformat()}，{excerpt}{asked}"
        save_record(actor, TASK_REGISTER, task, note=note)
    return report
