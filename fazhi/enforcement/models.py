from django.db import models

from fazhi.core import rectification
from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import RegisterRecord, WatchedRecord
from fazhi.core.roles import Role


class EnforcementType(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSING = "licensing", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他"


class Grade(models.TextChoices):
    """等次; derived from 得分 by rules.grade_for with the configured thresholds."""

    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# Where a reviewed file stands, derived by rules.status(): the one rectification rule's
# statuses, shared with 法治督察 (core/rectification.py).
ReviewStatus = rectification.Status


class CaseFileReview(WatchedRecord):
    """One case file evaluated in a review round (案卷评查), and its rectification."""

    register_role = Role.ENFORCEMENT
    # A department's 填报员 sees the findings about his department and records rectification.
    clerk_enters = True
    clerk_kinds = (UnitKind.ENFORCEMENT_DEPARTMENT,)
    clerk_unit_field = "reviewed_unit"

    number = models.CharField("评查编号", max_length=64)
    batch = models.CharField("评查批次", max_length=64, help_text="如 2024年县级评查")
    # The code as written in the file or form; `reviewed_unit` is resolved from it (links.py).
    reviewed_unit_code = models.CharField("被评查单位", max_length=32)
    reviewed_unit = models.ForeignKey(
        Unit,
        verbose_name="被评查单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField("案卷名称", max_length=200)
    enforcement_type = models.CharField(
        "执法类别", max_length=16, choices=EnforcementType.choices, blank=True
    )
    review_date = models.DateField("评查日期")
    score = models.PositiveIntegerField("得分", null=True, blank=True, help_text="0—100")
    grade = models.CharField("等次", max_length=16, choices=Grade.choices, blank=True)
    # The score the 等次 was decided on (see rules.derive).
    graded_score = models.PositiveIntegerField("定等得分", null=True, blank=True, editable=False)
    problems = models.TextField("发现问题", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectified_date = models.DateField("整改完成日期", null=True, blank=True)

    # Kept by the department pages, not in the Excel template.
    notice_sent_date = models.DateField("整改通知书发出日期", null=True, blank=True)

    # Derived by rules.derive() on every save.
    status = models.CharField(
        "整改状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.NO_PROBLEM
    )

    class Meta(WatchedRecord.Meta):
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        ordering = ["-review_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-review_date", "-id"], name="cfr_unit_review"),
            models.Index(fields=["reviewed_unit", "batch"], name="cfr_reviewed_batch"),
            models.Index(fields=["status", "due_date"], name="cfr_status_due"),
        ]

    @property
    def needs_rectification(self) -> bool:
        return bool(self.problems.strip())


class ReportMode(models.TextChoices):
    MEETING = "meeting", "会议述法"
    WRITTEN = "written", "书面述法"


class Rating(models.TextChoices):
    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


class LawReport(RegisterRecord):
    """A leader's annual report on his rule-of-law duties (述法)."""

    register_role = Role.ENFORCEMENT

    number = models.CharField("述法编号", max_length=64)
    reporter = models.CharField("述法人", max_length=50)
    title = models.CharField("职务", max_length=100)
    unit_name = models.CharField("单位名称", max_length=200)
    report_date = models.DateField("述法日期")
    mode = models.CharField("述法方式", max_length=16, choices=ReportMode.choices, blank=True)
    rating = models.CharField("评议等次", max_length=16, choices=Rating.choices, blank=True)

    class Meta(RegisterRecord.Meta):
        verbose_name = "述法"
        verbose_name_plural = "述法"
        ordering = ["-report_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-report_date", "-id"], name="law_report_unit_date")
        ]
