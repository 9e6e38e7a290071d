"""A work task's links, looked up for many tasks at once (the register's `resolve` hook, used by
the importer, the API and the actions): 牵头单位 and 配合单位 as written → the units they name,
and 来源会议编号 → the meeting of the task's own unit. Queries: three, whatever the number of
tasks."""

from fazhi.core.columns import UNIT_CODE_HEADER
from fazhi.core.errors import Problem
from fazhi.core.models import Unit
from fazhi.core.unit_links import resolve_named_units

from . import rules
from .models import CommitteeMeeting, WorkTask

LEAD_HEADER = "牵头单位"
PARTNER_HEADER = "配合单位"
MEETING_HEADER = "来源会议编号"


def resolve(actor, records: list) -> list[tuple[object, Problem]]:
    problems = resolve_named_units(
        records,
        code_field="lead_unit_code",
        unit_field="lead_unit",
        header=LEAD_HEADER,
        kind_problems=rules.unit_problems,
    )
    problems += resolve_partners(records)
    problems += resolve_meetings(records)
    return problems


def resolve_partners(records: list) -> list[tuple[object, Problem]]:
    """Each 配合单位 code must name a unit of a kind that may take part, within the owner's
    subtree (as the lead unit); the codes are stored "、"-separated, each once. An unknown
    code is refused by name."""
    wanted = {}
    for record in records:
        codes = rules.split_codes(record.partner_codes)
        record.partner_codes = rules.join_codes(codes)
        wanted[id(record)] = codes
    every = {code for codes in wanted.values() for code in codes}
    units = {u.code: u for u in Unit.objects.filter(code__in=every)} if every else {}
    problems = []
    for record in records:
        for code in wanted[id(record)]:
            message = _partner_problem(record, code, units.get(code))
            if message:
                problems.append((record, Problem(PARTNER_HEADER, message)))
                break
    return problems


def _partner_problem(record, code: str, unit) -> str:
    if unit is None:
        return f"找不到单位代码「{code}」"
    wrong = rules.unit_problems(code, unit.kind)
    if wrong:
        return wrong[0]
    if not unit.path.startswith(record.unit.path):
        return f"「{unit.name}」不在「{record.unit.name}」的辖区内"
    return ""


def resolve_meetings(records: list) -> list[tuple[object, Problem]]:
    """来源会议编号 → the meeting of that number the task's own unit registered; a number no
    meeting of the unit carries is refused, as is a 决定事项序号 past the meeting's decisions
    and a 交办日期 before the meeting was held."""
    for record in records:
        record.source_meeting_number = (record.source_meeting_number or "").strip()
        record.source_meeting = None
    named = [r for r in records if r.source_meeting_number]
    if not named:
        return []
    meetings = {
        (m.unit_id, m.number): m
        for m in CommitteeMeeting.objects.filter(
            unit_id__in={r.unit_id for r in named},
            number__in={r.source_meeting_number for r in named},
        ).only("pk", "unit_id", "number", "meeting_date", "decision_count")
    }
    problems = []
    for record in named:
        meeting = meetings.get((record.unit_id, record.source_meeting_number))
        if meeting is None:
            message = f"本单位没有登记编号为「{record.source_meeting_number}」的会议"
            problems.append((record, Problem(MEETING_HEADER, message)))
            continue
        item = record.decision_item
        if item is not None and item > meeting.decision_count:
            message = f"会议「{meeting.number}」只有 {meeting.decision_count} 项决定事项"
            problems.append((record, Problem("决定事项序号", message)))
            continue
        if record.assigned_date and record.assigned_date < meeting.meeting_date:
            message = f"交办日期不能早于来源会议的会议日期（{meeting.meeting_date.isoformat()}）"
            problems.append((record, Problem("交办日期", message)))
            continue
        record.source_meeting = meeting
    return problems


def meeting_tasks(actor, records: list) -> list[tuple[object, Problem]]:
    """A stored meeting's change its tasks (those linked to it) would not pass resolve_meetings
    with: another 会议编号 or unit, a 会议日期 after a task's 交办日期, fewer 决定事项 than a
    task's 决定事项序号. Refused naming the task, rather than the tasks rewritten: a task is the
    office's record of what was decided, changed only by its own audited edit. One query for
    all the meetings; none for new ones (no task can name them yet)."""
    stored = {record.pk: record for record in records if record.pk is not None}
    if not stored:
        return []
    tasks = (
        WorkTask.objects.filter(source_meeting_id__in=stored)
        .only(
            "number",
            "unit_id",
            "source_meeting_id",
            "source_meeting_number",
            "decision_item",
            "assigned_date",
        )
        .order_by("number", "pk")
    )
    found = {}  # meeting pk → its first problem
    for task in tasks:
        meeting = stored[task.source_meeting_id]
        if meeting.pk not in found:
            problem = _task_problem(meeting, task)
            if problem:
                found[meeting.pk] = problem
    return [(stored[pk], problem) for pk, problem in found.items()]


def _task_problem(meeting, task) -> Problem | None:
    # As resolve_meetings looks the meeting up: by the task's own unit and the number as stored.
    if meeting.number != task.source_meeting_number:
        message = f"工作任务「{task.number}」来源于本次会议，不能修改会议编号"
        return Problem("会议编号", message)
    if meeting.unit_id != task.unit_id:
        message = f"工作任务「{task.number}」来源于本次会议，不能改变会议的登记单位"
        return Problem(UNIT_CODE_HEADER, message)
    count = len(rules.lines(meeting.decisions))
    if task.decision_item is not None and task.decision_item > count:
        item = task.decision_item
        message = f"工作任务「{task.number}」来源于第 {item} 项决定事项，决定事项不能少于 {item} 项"
        return Problem("决定事项", message)
    if meeting.meeting_date and task.assigned_date < meeting.meeting_date:
        day = task.assigned_date.isoformat()
        message = f"工作任务「{task.number}」的交办日期（{day}）早于会议日期"
        return Problem("会议日期", message)
    return None
