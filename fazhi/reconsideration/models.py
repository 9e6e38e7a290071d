from django.db import models

from fazhi.core.choices import ActType
from fazhi.core.registers import WatchedRecord
from fazhi.core.roles import Role


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"


class ReviewResult(models.TextChoices):
    PENDING = "pending", "待审查"
    ACCEPTED = "accepted", "受理"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    CORRECTION = "correction", "通知补正"
    ABANDONED = "abandoned", "逾期未补正"


class Outcome(models.TextChoices):
    """办结方式; the values are the indicator keys of reconsideration.closed.<key>."""

    NOT_ACCEPTED = "not_accepted", "不予受理"
    ABANDONED = "abandoned", "逾期未补正"
    UPHELD = "upheld", "维持"
    VARIED = "varied", "变更"
    REVOKED = "revoked", "撤销"
    PARTLY_REVOKED = "partly_revoked", "部分撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    ORDERED = "ordered", "责令履行"
    CLAIMS_REJECTED = "claims_rejected", "驳回复议请求"
    APPLICATION_REJECTED = "application_rejected", "驳回申请"
    MEDIATED = "mediated", "调解"
    SETTLED = "settled", "和解终止"
    WITHDRAWN = "withdrawn", "撤回终止"
    OTHER_TERMINATED = "other_terminated", "其他终止"


class Status(models.TextChoices):
    """Where a case stands; derived from its dates by rules.status()."""

    PENDING_REVIEW = "pending_review", "待审查"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    IN_REVIEW = "in_review", "审理中"
    SUSPENDED = "suspended", "中止"
    CLOSED = "closed", "已办结"


class ReconsiderationCase(WatchedRecord):
    register_role = Role.RECONSIDERATION

    number = models.CharField("案件编号", max_length=64)
    applicant = models.CharField("申请人", max_length=200)
    respondent = models.CharField("被申请人", max_length=200)
    act_type = models.CharField("行政行为类别", max_length=32, choices=ActType.choices, blank=True)
    received_date = models.DateField("收到申请日期")
    procedure = models.CharField(
        "适用程序", max_length=16, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    review_result = models.CharField(
        "审查结果", max_length=16, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    correction_notice_date = models.DateField("补正通知日期", null=True, blank=True)
    correction_done_date = models.DateField("补正完成日期", null=True, blank=True)
    accepted_date = models.DateField("受理日期", null=True, blank=True)
    reply_notice_date = models.DateField("答复通知日期", null=True, blank=True)
    extended = models.BooleanField("是否延期", default=False)
    suspended_days = models.PositiveIntegerField("中止天数", default=0)
    closed_date = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办结方式", max_length=32, choices=Outcome.choices, blank=True)
    sued = models.BooleanField("是否提起行政诉讼", default=False)

    # Kept by the web steps, not in the Excel template.
    suspended_since = models.DateField("中止开始日期", null=True, blank=True)

    # Derived by rules.derive() on every save, so lists filter and sort on them in SQL.
    status = models.CharField(
        "办理状态", max_length=24, choices=Status.choices, default=Status.PENDING_REVIEW
    )
    review_deadline = models.DateField("受理审查期限", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    reply_deadline = models.DateField("答复期限", null=True, blank=True)
    decision_deadline = models.DateField("审理期限", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_date"], name="recon_unit_received"),
            models.Index(fields=["unit", "closed_date"], name="recon_unit_closed"),
            models.Index(fields=["status", "due_date"], name="recon_status_due"),
        ]

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome and self.closed_date)
