from django.db import models

from fazhi.core.records import WatchedRecord
from fazhi.core.roles import Role


class ReviewCategory(models.TextChoices):
    """审查类别; the labels are the keys of legality.by_category.<类别>."""

    MAJOR_DECISION = "major_decision", "重大行政决策"
    NORMATIVE_DOCUMENT = "normative_document", "行政规范性文件"
    MAJOR_AGREEMENT = "major_agreement", "重大行政协议"
    INVESTMENT_AGREEMENT = "investment_agreement", "招商引资协议"
    FUNDING_DOCUMENT = "funding_document", "费用拨付文件"
    OTHER_CONTRACT = "other_contract", "其他合同协议"
    OTHER = "other", "其他事项"


class ReviewConclusion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_AFTER_REVISION = "lawful_after_revision", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"
    RETURNED = "returned", "退回"


class ReviewStatus(models.TextChoices):
    IN_REVIEW = "in_review", "审查中"
    ISSUED = "issued", "已出具意见"
    RETURNED = "returned", "已退回"


class LegalityReview(WatchedRecord):
    """合法性审查: one document or agreement the bureau reviews and gives its opinion on."""

    register_role = Role.LEGALITY

    number = models.CharField("审查编号", max_length=64)
    submitter = models.CharField("送审单位", max_length=200)
    title = models.CharField("事项名称", max_length=300)
    category = models.CharField("审查类别", max_length=32, choices=ReviewCategory.choices)
    received_date = models.DateField("收文日期")
    opinion_date = models.DateField("出具意见日期", null=True, blank=True)
    conclusion = models.CharField(
        "审查结论", max_length=32, choices=ReviewConclusion.choices, blank=True
    )
    special = models.BooleanField("是否专项审查", default=False)

    # Derived by rules.derive() on every save, with the period the settings gave then.
    status = models.CharField(
        "办理状态", max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.IN_REVIEW
    )
    review_days = models.PositiveSmallIntegerField("审查期限工作日数", null=True, blank=True)
    review_deadline = models.DateField("审查期限", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        ordering = ["-received_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-received_date", "-id"], name="legal_unit_received"),
            models.Index(fields=["unit", "opinion_date"], name="legal_unit_opinion"),
            models.Index(fields=["status", "due_date"], name="legal_status_due"),
        ]


class FilingConclusion(models.TextChoices):
    FILED = "filed", "予以备案"
    CORRECTED = "corrected", "纠正后备案"
    REJECTED = "rejected", "不予备案"


class FilingStatus(models.TextChoices):
    AWAITING_FILING = "awaiting_filing", "待报备"
    IN_REVIEW = "in_review", "审查中"
    REVIEWED = "reviewed", "已审查"


class NormativeDocument(WatchedRecord):
    """规范性文件备案审查: an administrative normative document filed with the bureau."""

    register_role = Role.LEGALITY

    number = models.CharField("文号", max_length=64)
    title = models.CharField("文件名称", max_length=300)
    issuer = models.CharField("制定机关", max_length=200)
    published_date = models.DateField("公布日期")
    filed_date = models.DateField("报送备案日期", null=True, blank=True)
    reviewed_date = models.DateField("审查完成日期", null=True, blank=True)
    conclusion = models.CharField(
        "审查结论", max_length=16, choices=FilingConclusion.choices, blank=True
    )
    planned_next_year = models.BooleanField("是否列入下年度立项计划", default=False)

    # Derived by normative_rules.derive() on every save, with the periods the settings gave.
    status = models.CharField(
        "办理状态",
        max_length=16,
        choices=FilingStatus.choices,
        default=FilingStatus.AWAITING_FILING,
    )
    filing_days = models.PositiveSmallIntegerField("报备期限日数", null=True, blank=True)
    review_days = models.PositiveSmallIntegerField("审查期限日数", null=True, blank=True)
    filing_deadline = models.DateField("报备期限", null=True, blank=True)
    review_deadline = models.DateField("审查期限", null=True, blank=True)
    late_filed = models.BooleanField("逾期报备", default=False)

    class Meta(WatchedRecord.Meta):
        verbose_name = "规范性文件备案审查"
        verbose_name_plural = "规范性文件备案审查"
        ordering = ["-published_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-published_date", "-id"], name="norm_unit_published"),
            models.Index(fields=["unit", "reviewed_date"], name="norm_unit_reviewed"),
            models.Index(fields=["status", "due_date"], name="norm_status_due"),
        ]
