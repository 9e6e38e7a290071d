from django.db import models

from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import WatchedRecord
from fazhi.core.rectification import Status
from fazhi.core.roles import Role


class InspectionKind(models.TextChoices):
    RULE_OF_LAW = "rule_of_law", "法治督察"
    WITH_PATROL = "with_patrol", "政治巡察+法治督察"
    SPECIAL = "special", "专项督察"
    OTHER = "other", "其他"


class RuleOfLawInspection(WatchedRecord):
    """One finding of a 法治督察 of a unit and its rectification; an inspection that found
    nothing is one record without a finding. The records of one inspection share its 督察编号
    and its particulars (kind, 督察对象, dates, team), which rules.PARTICULARS keeps equal.

    One record per finding, like 案卷评查's one record per file: a finding is what has a
    deadline, a closing date and a status, what the board watches, what a figure counts and
    what a row of the bureau's 整改台账 is, so the register imports and exports as the sheet
    it keeps."""

    register_role = Role.ENFORCEMENT
    # The inspected unit's 填报员 sees the findings about his unit and records their
    # rectification (the bureau owns the record, as with 案卷评查).
    clerk_enters = True
    clerk_kinds = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)
    clerk_unit_field = "inspected_unit"

    number = models.CharField("记录编号", max_length=64)
    inspection_number = models.CharField("督察编号", max_length=64)
    kind = models.CharField("督察类别", max_length=16, choices=InspectionKind.choices)
    # The code as written in the file or form; `inspected_unit` is resolved from it (links.py).
    inspected_unit_code = models.CharField("督察对象", max_length=32)
    inspected_unit = models.ForeignKey(
        Unit,
        verbose_name="督察对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField("督察开始日期")
    end_date = models.DateField("督察结束日期", null=True, blank=True)
    team = models.CharField("督察组", max_length=200)
    problems = models.TextField("发现问题", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectified_date = models.DateField("整改完成日期", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)

    # Derived by rules.derive() on every save.
    status = models.CharField(
        "整改状态", max_length=16, choices=Status.choices, default=Status.NO_PROBLEM
    )

    class Meta(WatchedRecord.Meta):
        verbose_name = "法治督察"
        verbose_name_plural = "法治督察"
        ordering = ["-start_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-start_date", "-id"], name="roli_unit_start"),
            # An inspection's records, read together on its page and by the links' check.
            models.Index(fields=["unit", "inspection_number"], name="roli_inspection"),
            models.Index(fields=["inspected_unit", "status"], name="roli_inspected_status"),
            models.Index(fields=["status", "due_date"], name="roli_status_due"),
        ]
