"""依法治县's two registers: their Excel columns and declarations.

工作要点 are imported as the work_task register's ordinary file: one row a task. Progress
reports are not imported: they are the lead units' own, written on the task's page.
"""

from functools import partial

from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.registers import Register

from . import links, rules
from .models import CommitteeMeeting, WorkTask
from .permissions import PROGRESS_ONLY, RULE

MEETING_COLUMNS = bind(
    CommitteeMeeting,
    [
        Column("会议编号", "number", required=True, help="如“古法委〔2025〕1号”"),
        Column("会议类别", "kind", required=True),
        Column("会议日期", "meeting_date", required=True, past_only=True),
        Column("会议名称", "name", required=True),
        Column("主持人", "chair", required=True),
        Column("出席人员", "attendees"),
        Column("出席人数", "attendance"),
        Column("议题", "topics", help="每行一个议题"),
        Column("决定事项", "decisions", help="每行一项决定事项，可在会议页面逐项转为工作任务"),
        Column("备注", "note"),
        UNIT_COLUMN,
    ],
)

TASK_COLUMNS = bind(
    WorkTask,
    [
        Column("任务编号", "number", required=True, help="如“古法办〔2025〕要点1号”"),
        Column("年度", "year", required=True, help="如 2025"),
        Column("来源", "source", required=True),
        Column("来源会议编号", "source_meeting_number", help="来源为会议决定事项时填写"),
        Column("决定事项序号", "decision_item", help="来源会议的第几项决定事项"),
        Column("任务内容", "content", required=True),
        # The codes as written; the units are resolved from them by links.
        Column(
            "牵头单位",
            "lead_unit_code",
            required=True,
            help="行政执法部门、乡镇人民政府或司法行政机关及其内设机构的单位代码",
        ),
        Column("配合单位", "partner_codes", help="单位代码，多个用顿号或逗号分隔"),
        Column(
            "交办日期",
            "assigned_date",
            required=True,
            past_only=True,
            help="工作要点印发、会议召开或上级交办的日期",
        ),
        Column("完成时限", "deadline", required=True),
        # Recorded by the office's 办结: a re-imported 工作要点 must not reopen a task.
        Column("办结日期", "closed_date", past_only=True, keep_when_blank=True),
        Column("完成情况", "completion_note", keep_when_blank=True),
        UNIT_COLUMN,
    ],
)

# What the office's 办结 sets (its step), not an edit of the task's particulars.
CLOSING_FIELDS = ("closed_date", "completion_note")
# What a progress report sets on the task (actions.report_progress): no column, so no file or
# ordinary write reaches them.
PROGRESS_FIELDS = ("latest_progress", "latest_progress_date", "close_requested")


def task_computed(record, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    closed = rules.on_time(record)
    return {
        "任务状态": rules.task_status(record).label,
        "超期": TRUE_LABEL if rules.is_overdue(record, today) else FALSE_LABEL,
        "按期办结": "" if closed is None else (TRUE_LABEL if closed else FALSE_LABEL),
        "最新进展日期": (
            record.latest_progress_date.isoformat() if record.latest_progress_date else ""
        ),
        "最新进展": record.latest_progress,
    }


MEETING_REGISTER = Register(
    name="committee_meeting",
    model=CommitteeMeeting,
    label="依法治县会议",
    columns=MEETING_COLUMNS,
    check=rules.check_meeting,
    derive=rules.derive_meeting,
    # Not links of its own: what its tasks hold to (a meeting's write may not orphan them).
    resolve=links.meeting_tasks,
    sample={
        "会议编号": "古法委〔2024〕1号",
        "会议类别": "委员会全体会议",
        "会议日期": "2024-03-12",
        "会议名称": "县委全面依法治县委员会第五次会议",
        "主持人": "县委书记",
        "出席人员": "委员会主任、副主任，委员会成员单位主要负责人",
        "出席人数": "28",
        "议题": "传达学习中央全面依法治国工作会议精神\n审议2024年全面依法治县工作要点",
        "决定事项": "1.印发2024年全面依法治县工作要点\n2.开展行政执法突出问题专项整治",
        "备注": "",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="meeting_date",
    search_fields=("number", "name", "topics", "decisions"),
    filters=("kind",),
)

TASK_REGISTER = Register(
    name="work_task",
    model=WorkTask,
    label="依法治县工作任务",
    # What an edit may change; the closing only its step, the progress only its report.
    editable=tuple(c.field for c in TASK_COLUMNS if c.field not in CLOSING_FIELDS),
    may_import=partial(permissions.allows, RULE),
    columns=TASK_COLUMNS,
    check=rules.check_task,
    computed=task_computed,
    derive=rules.derive_task,
    resolve=links.resolve,
    links_from=(
        "unit",
        "lead_unit_code",
        "partner_codes",
        "source_meeting_number",
        "decision_item",
        "assigned_date",
    ),
    # The lead unit's 填报员 writes none of the task's columns, by any way of writing: he
    # reports progress on the task's page (actions.report_progress), which sets no column.
    protected={
        column.field: (partial(permissions.allows, RULE), PROGRESS_ONLY) for column in TASK_COLUMNS
    },
    sample={
        "任务编号": "古法办〔2024〕要点1号",
        "年度": "2024",
        "来源": "年度工作要点",
        "来源会议编号": "",
        "决定事项序号": "",
        "任务内容": "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度",
        "牵头单位": "433126-E02",
        "配合单位": "",
        "交办日期": "2024-02-20",
        "完成时限": "2024-06-30",
        "办结日期": "2024-06-20",
        "完成情况": "三项制度已在本单位全面落实，执法公示信息按月更新",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="assigned_date",
    search_fields=("number", "content", "lead_unit__name"),
    filters=("source",),
)
