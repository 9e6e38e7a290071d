"""部门法治政府建设年度报告: each department's and township's own yearly report on building
法治政府, as the county's 依法治县办 (the bureau) receives it and sees it published.

Every 县级以上政府部门 and every 乡镇 reports its previous year to the county by 1 March and
publishes the report by 1 April (《法治政府建设与责任落实督察工作规定》, rules.py). The bureau
keeps one record per reporting unit and 报告年度; the reporting unit's 填报员 records his own
unit's 报送 and 公开 through their steps. The report itself is a file attached to the record
(core/attachments.py), not a field.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import WatchedRecord
from fazhi.core.roles import Role

from . import rules

ONE_A_YEAR = "department_report_one_per_unit_and_year"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class ReportStatus(models.TextChoices):
    PENDING = rules.PENDING, "待报送"
    SENT = rules.SENT, "已报送待公开"
    PUBLISHED_UNSENT = rules.PUBLISHED_UNSENT, "已公开未报送"
    DONE = rules.DONE, "已报送并公开"


class DepartmentReport(WatchedRecord):
    """One unit's 法治政府建设年度报告 of one year: when the bureau received it, when and where
    it was published, and the grade the bureau gave it (where it grades)."""

    register_role = Role.RULE_OF_LAW
    # The reporting unit's 填报员 sees his unit's reports and records their 报送 and 公开 (the
    # bureau owns the record, as with 法治督察's findings).
    clerk_enters = True
    clerk_kinds = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)
    clerk_unit_field = "reporting_unit"

    number = models.CharField("登记编号", max_length=64)
    year = models.PositiveSmallIntegerField(
        "报告年度",
        validators=[MinValueValidator(rules.FIRST_YEAR), MaxValueValidator(rules.LAST_YEAR)],
        help_text="报告所写的年度（如2025年度的报告于2026年报送）",
    )
    # The code as written in the file or form; `reporting_unit` is resolved from it (links.py).
    reporting_unit_code = models.CharField("报告单位", max_length=32)
    reporting_unit = models.ForeignKey(
        Unit,
        verbose_name="报告单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_date = models.DateField(
        "报送日期", null=True, blank=True, help_text="县委依法治县办收到报告的日期"
    )
    published_date = models.DateField(
        "公开日期", null=True, blank=True, help_text="通过报刊、网站等向社会公开报告的日期"
    )
    # A CharField, not a URLField: rules.check decides what a link may be (http or https), the
    # same for forms, steps and imports, with one Chinese message.
    link = models.CharField("公开网址", max_length=500, blank=True)
    grade = models.CharField("评定等次", max_length=16, choices=Grade.choices, blank=True)
    note = models.TextField("备注", blank=True)

    # Derived by rules.derive() on every save, from the 报告年度 and the settings.
    status = models.CharField(
        "报送状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    received_due = models.DateField("报送期限", null=True, blank=True, editable=False)
    published_due = models.DateField("公开期限", null=True, blank=True, editable=False)
    received_late = models.BooleanField("逾期报送", default=False, editable=False)
    published_late = models.BooleanField("逾期公开", default=False, editable=False)

    class Meta(WatchedRecord.Meta):
        verbose_name = "部门法治政府建设年度报告"
        verbose_name_plural = "部门法治政府建设年度报告"
        ordering = ["-year", "reporting_unit_code", "-id"]
        constraints = [
            *WatchedRecord.Meta.constraints,
            # One report a unit and year, whoever registered it: the write path names the one
            # there (links.py); this holds against two writers at once.
            models.UniqueConstraint(
                fields=["reporting_unit", "year"],
                name=ONE_A_YEAR,
                violation_error_message="该单位这一年度的法治政府建设年度报告已经登记。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-received_date", "-id"], name="deprep_unit_received"),
            # A year's reports by unit: the 报送情况 page, the board and the duplicate look-up.
            models.Index(fields=["year", "reporting_unit"], name="deprep_year_unit"),
            models.Index(fields=["status", "due_date"], name="deprep_status_due"),
        ]

    def __str__(self):
        return self.number

    def get_constraints(self):
        """The constraints validation asks, but one report a unit and year: the write path's
        look-up (links.refuse_second_report) refuses a second report naming the first, where
        the constraint's validation would name none."""
        return [
            (model, [c for c in constraints if c.name != ONE_A_YEAR])
            for model, constraints in super().get_constraints()
        ]
