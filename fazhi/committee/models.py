"""依法治县 (the county's rule-of-law committee and its office, 依法治县办): the committee's
meetings, and the work tasks its 工作要点 and its meetings' decisions set the county's units.

A meeting is a plain record (no procedure): its 议题 and 决定事项 are written one a line, and
each decision may be turned into a task. A task runs against the 完成时限 the office set until
it is 办结: the board watches it, the lead unit's 填报员 reports its progress (TaskProgress, each
report written in the task's own audited save), and only the office closes it.
"""

from django.core.validators import MinValueValidator
from django.db import models

from fazhi.core.models import BUREAUS_AND_SECTIONS, Unit, UnitKind
from fazhi.core.records import RegisterRecord, WatchedRecord
from fazhi.core.roles import Role

# --- committee_meeting ------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", "委员会全体会议"
    OFFICE = "office", "委员会办公室会议"
    COORDINATION = "coordination", "协调小组会议"
    SPECIAL = "special", "专题会议"
    OTHER = "other", "其他"


class CommitteeMeeting(RegisterRecord):
    """One meeting of the committee, its office or one of its coordination groups."""

    register_role = Role.RULE_OF_LAW

    number = models.CharField("会议编号", max_length=64)
    kind = models.CharField("会议类别", max_length=16, choices=MeetingKind.choices)
    meeting_date = models.DateField("会议日期")
    name = models.CharField("会议名称", max_length=200)
    chair = models.CharField("主持人", max_length=100)
    attendees = models.TextField("出席人员", blank=True)
    # Optional: an unknown attendance is not nobody, so it stays empty rather than 0.
    attendance = models.PositiveIntegerField(
        "出席人数", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    topics = models.TextField("议题", blank=True, help_text="每行一个议题")
    decisions = models.TextField("决定事项", blank=True, help_text="每行一项决定事项")
    note = models.TextField("备注", blank=True)

    # Derived by rules.derive_meeting() on every save: what the figures sum in SQL.
    topic_count = models.PositiveIntegerField("议题数", default=0)
    decision_count = models.PositiveIntegerField("决定事项数", default=0)

    class Meta(RegisterRecord.Meta):
        verbose_name = "依法治县会议"
        verbose_name_plural = "依法治县会议"
        ordering = ["-meeting_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-meeting_date", "-id"], name="cmeet_unit_date"),
        ]


# --- work_task --------------------------------------------------------------------------


class TaskSource(models.TextChoices):
    PLAN = "plan", "年度工作要点"
    MEETING = "meeting", "会议决定事项"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他"


class TaskStatus(models.TextChoices):
    """Where a task stands; derived by rules.task_status, never entered."""

    OPEN = "open", "推进中"
    REQUESTED = "requested", "申请办结"
    CLOSED = "closed", "已办结"


# The units a task may be led by, or name as 配合单位: the county's departments and townships,
# and the bureau and its sections (a task the 依法治县办 keeps itself). The 司法所, mediation
# committees and service bodies work under the bureau, which leads for them.
LEAD_KINDS = (
    *BUREAUS_AND_SECTIONS,
    UnitKind.ENFORCEMENT_DEPARTMENT,
    UnitKind.TOWNSHIP_GOVERNMENT,
)
# The lead units whose 填报员 report progress (a bureau's and its sections' staff work the
# register itself).
CLERK_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)


class WorkTask(WatchedRecord):
    """One task of the committee's 工作要点, of a meeting's decision or handed down from above,
    led by one unit with others co-operating, due by the 完成时限 the office set."""

    register_role = Role.RULE_OF_LAW
    # The lead unit's 填报员 sees the tasks his unit leads and reports their progress; the
    # office owns the record, sets it and closes it (as 法治督察's inspected unit rectifies).
    clerk_enters = True
    clerk_kinds = CLERK_KINDS
    clerk_unit_field = "lead_unit"

    number = models.CharField("任务编号", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("来源", max_length=16, choices=TaskSource.choices)
    # The meeting's number as written; `source_meeting` is resolved from it (links.py).
    source_meeting_number = models.CharField("来源会议编号", max_length=64, blank=True)
    source_meeting = models.ForeignKey(
        CommitteeMeeting,
        verbose_name="来源会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    decision_item = models.PositiveSmallIntegerField(
        "决定事项序号",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="来源会议的第几项决定事项",
    )
    content = models.TextField("任务内容")
    # The code as written; `lead_unit` is resolved from it (links.py).
    lead_unit_code = models.CharField("牵头单位", max_length=32)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Codes only, "、" between them, each checked against the units (links.py): they are named,
    # not given the task, so no relation is kept.
    partner_codes = models.CharField("配合单位", max_length=500, blank=True)
    assigned_date = models.DateField("交办日期")
    deadline = models.DateField("完成时限")
    closed_date = models.DateField("办结日期", null=True, blank=True)
    completion_note = models.TextField("完成情况", blank=True)

    # Derived by rules.derive_task() on every save.
    status = models.CharField(
        "任务状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    # Kept from the latest progress report by actions.report_progress, in the task's own
    # audited save: the list shows them, and the audit entry records each report's change.
    close_requested = models.BooleanField("申请办结", default=False)
    latest_progress = models.TextField("最新进展", blank=True)
    latest_progress_date = models.DateField("最新进展日期", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "依法治县工作任务"
        verbose_name_plural = "依法治县工作任务"
        ordering = ["-assigned_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-assigned_date", "-id"], name="ctask_unit_assigned"),
            # The lead unit's tasks: his 填报员's list and board, and the 评议考核 measure.
            models.Index(fields=["lead_unit", "year"], name="ctask_lead_year"),
            models.Index(fields=["status", "due_date"], name="ctask_status_due"),
        ]


class TaskProgress(models.Model):
    """One progress report of a task: written by actions.report_progress in the task's own
    audited save, never changed afterwards."""

    task = models.ForeignKey(
        WorkTask, verbose_name="工作任务", on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField("进展日期")
    text = models.TextField("进展情况")
    requests_closing = models.BooleanField("申请办结", default=False)
    recorded_by = models.ForeignKey(
        "core.User",
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The unit the reporter belonged to then (a user may move later).
    reporter_unit = models.ForeignKey(
        Unit,
        verbose_name="填报单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作任务进展"
        verbose_name_plural = "工作任务进展"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["task", "-date", "-id"], name="ctaskprog_task_date")]

    def __str__(self):
        return f"{self.date.isoformat()} {self.text[:20]}"
