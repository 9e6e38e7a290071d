"""依法治县's figures: the meetings held (by kind, with their 议题 and 决定事项), and the work
tasks set, closed, closed on time, overdue and carried into the next year.

Meetings and tasks set are families (one GROUP BY each: by 会议类别, by 来源), dated by the
meeting's and the task's 交办日期; 议题 and 决定事项 are sums of counts each meeting keeps
(rules.derive_meeting). What is overdue, still in hand or carried over is judged on the
period's last day (or today, in a period not yet over) by the rule rules.py states in Python
and in SQL alike.
"""

from django.utils import timezone

from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import rules
from .columns import MEETING_REGISTER, TASK_REGISTER
from .models import CommitteeMeeting, MeetingKind, TaskSource, WorkTask

MEETING = MEETING_REGISTER.name
TASK = TASK_REGISTER.name
MEETING_COLUMNS = ("meeting_date", "kind", "name", "topic_count", "decision_count")
# The task's text is long: with 年度 and 来源 beside it the drill-down was wider than its box at
# 1366 px (the record's page has the rest).
TASK_COLUMNS = ("content", "lead_unit", "deadline", "status")


def meeting_records(period: Period, units):
    return CommitteeMeeting.objects.filter(
        unit__in=units, meeting_date__range=(period.start, period.end)
    )


def _tasks(units):
    # The drill-down shows each task's lead unit by name: read with it, not once per row.
    return WorkTask.objects.filter(unit__in=units).select_related("lead_unit")


def assigned_records(period: Period, units):
    """Tasks set in the period (their 交办日期 in it)."""
    return _tasks(units).filter(assigned_date__range=(period.start, period.end))


def closed_records(period: Period, units):
    """Tasks 办结 in the period, whenever they were set."""
    return _tasks(units).filter(closed_date__range=(period.start, period.end))


def on_time_records(period: Period, units):
    return closed_records(period, units).filter(rules.on_time_condition())


def _judged_on(period: Period):
    """The day a stock is judged on: the period's last, or today while it runs."""
    return min(period.end, timezone.localdate())


def overdue_records(period: Period, units):
    """Tasks set by the day judged on, past their 完成时限 and not 办结 by then."""
    return _tasks(units).filter(rules.overdue_condition(_judged_on(period)))


def open_records(period: Period, units):
    """Tasks set by the day judged on and not 办结 by then."""
    return _tasks(units).filter(rules.open_condition(_judged_on(period)))


def next_year_records(period: Period, units):
    """Tasks still in hand on the day judged on whose 完成时限 falls in the following year."""
    return open_records(period, units).filter(deadline__year=period.end.year + 1)


MEETINGS = Group(
    f"{MEETING}.held",
    meeting_records,
    ("kind",),
    parts_sum_to_whole=True,
    dated_by="meeting_date",
)
TASKS = Group(
    f"{TASK}.assigned",
    assigned_records,
    ("source",),
    parts_sum_to_whole=True,
    dated_by="assigned_date",
)

MEETING_INDICATORS = (
    Indicator(
        key=f"{MEETING}.held",
        label="召开依法治县会议",
        unit="次",
        definition="会议日期在统计期间内的依法治县委员会全体会议、委员会办公室会议、协调小组会议、"
        "专题会议及其他会议。",
        register=MEETING,
        group=MEETINGS,
        columns=MEETING_COLUMNS,
    ),
    *breakdown(
        f"{MEETING}.held",
        MeetingKind.choices,
        field="kind",
        group=MEETINGS,
        label="召开依法治县会议（{label}）",
        unit="次",
        definition="会议日期在统计期间内、会议类别为“{label}”的会议；各类别之和等于召开依法治县会议。",
        register=MEETING,
        columns=MEETING_COLUMNS,
    ),
    Indicator(
        key=f"{MEETING}.topics",
        label="依法治县会议研究议题",
        unit="项",
        definition="会议日期在统计期间内的会议登记的议题之和（议题按行计）。",
        register=MEETING,
        records=meeting_records,
        value=sum_of("topic_count"),
        columns=MEETING_COLUMNS,
        dated_by="meeting_date",
    ),
    Indicator(
        key=f"{MEETING}.decisions",
        label="依法治县会议决定事项",
        unit="项",
        definition="会议日期在统计期间内的会议登记的决定事项之和（决定事项按行计）。",
        register=MEETING,
        records=meeting_records,
        value=sum_of("decision_count"),
        columns=MEETING_COLUMNS,
        dated_by="meeting_date",
    ),
)

TASK_INDICATORS = (
    Indicator(
        key=f"{TASK}.assigned",
        label="交办依法治县工作任务",
        unit="项",
        definition="交办日期在统计期间内的工作任务（年度工作要点、会议决定事项、上级交办及其他）。",
        register=TASK,
        group=TASKS,
        columns=TASK_COLUMNS,
    ),
    *breakdown(
        f"{TASK}.assigned",
        TaskSource.choices,
        field="source",
        group=TASKS,
        label="交办依法治县工作任务（{label}）",
        unit="项",
        definition="交办日期在统计期间内、来源为“{label}”的工作任务；各来源之和等于交办依法治县工作任务。",
        register=TASK,
        columns=TASK_COLUMNS,
    ),
    Indicator(
        key=f"{TASK}.closed",
        label="办结依法治县工作任务",
        unit="项",
        definition="办结日期在统计期间内的工作任务（不论交办日期）。",
        register=TASK,
        records=closed_records,
        columns=(*TASK_COLUMNS, "closed_date"),
        dated_by="closed_date",
    ),
    Indicator(
        key=f"{TASK}.closed_on_time",
        label="按期办结依法治县工作任务",
        unit="项",
        definition="办结日期在统计期间内、且不晚于完成时限的工作任务。",
        register=TASK,
        records=on_time_records,
        columns=(*TASK_COLUMNS, "closed_date"),
        dated_by="closed_date",
    ),
    Indicator(
        key=f"{TASK}.on_time_rate",
        label="依法治县工作任务按期办结率",
        unit="%",
        definition="按期办结的工作任务 ÷ 办结的工作任务（办结日期在统计期间内）。",
        register=TASK,
        numerator=f"{TASK}.closed_on_time",
        denominator=f"{TASK}.closed",
        columns=(*TASK_COLUMNS, "closed_date"),
    ),
    Indicator(
        key=f"{TASK}.overdue",
        label="依法治县工作任务超期未办结",
        unit="项",
        definition="统计期末（期间未结束时为今天）已交办、已过完成时限、尚未办结的工作任务。",
        register=TASK,
        records=overdue_records,
        columns=TASK_COLUMNS,
    ),
    Indicator(
        key=f"{TASK}.open",
        label="在办依法治县工作任务",
        unit="项",
        definition="统计期末（期间未结束时为今天）已交办、尚未办结的工作任务。",
        register=TASK,
        records=open_records,
        columns=TASK_COLUMNS,
    ),
    Indicator(
        key=f"{TASK}.due_next_year",
        label="跨年度依法治县工作任务",
        unit="项",
        definition="统计期末（期间未结束时为今天）尚未办结、完成时限在统计期末次年的工作任务。",
        register=TASK,
        records=next_year_records,
        columns=TASK_COLUMNS,
    ),
)


def register():
    """Called once from CommitteeConfig.ready()."""
    register_indicators(*MEETING_INDICATORS, *TASK_INDICATORS)
