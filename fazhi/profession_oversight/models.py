"""法律服务队伍的监督: complaints about lawyers, notaries and 基层法律服务 (legal_service_complaint,
a procedure against deadlines), the 专项治理 campaigns (Campaign, not a register) and the
findings of their checks (legal_service_check, one record per finding, as 法治督察).

The org or practitioner a record is about is named by its licence number and looked up in
fazhi.profession's roster through `fazhi.profession.holders` (the one module of that app this
one may import); no foreign key crosses the apps: the record keeps the number as written and
what the roster said of it when it was last written (name, 未匹配)."""

from django.db import models

from fazhi.core.encrypted import EncryptedTextField
from fazhi.core.models import Unit
from fazhi.core.records import WatchedRecord
from fazhi.core.rectification import Status as RectificationStatus
from fazhi.core.roles import Role

# --- legal_service_complaint ---------------------------------------------------------------


class Channel(models.TextChoices):
    """投诉渠道; 12348 is the 公共法律服务 hotline, counted on its own."""

    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "电话"
    HOTLINE = "hotline", "12348热线"
    ONLINE = "online", "网上投诉"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他"


class SubjectKind(models.TextChoices):
    """被投诉对象类别: the labels are those of the roster's categories (holders.Holder's
    category_label), so a matched holder is compared by its label."""

    LAW_FIRM = "law_firm", "律师事务所"
    LAWYER = "lawyer", "律师"
    NOTARY_OFFICE = "notary_office", "公证机构"
    NOTARY = "notary", "公证员"
    GRASSROOTS_OFFICE = "grassroots_office", "基层法律服务所"
    GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"


class Acceptance(models.TextChoices):
    """受理情况; blank while the acceptance is not decided."""

    ACCEPTED = "accepted", "受理"
    NOT_ACCEPTED = "not_accepted", "不予受理"


class Finding(models.TextChoices):
    """查处结论 of the investigation."""

    SUBSTANTIATED = "substantiated", "查证属实"
    PARTLY = "partly", "部分属实"
    UNSUBSTANTIATED = "unsubstantiated", "查证不实"


class Disposal(models.TextChoices):
    """处理方式; 行政处罚 is the bureau's (or the prefecture's) own, 行业处分 the 律师协会's or
    公证协会's, to which the bureau refers the case."""

    PENALTY = "penalty", "移送行政处罚"
    DISCIPLINE = "discipline", "移送行业处分"
    CORRECTION = "correction", "批评教育/责令改正"
    NONE = "none", "不予处理"
    OTHER = "other", "其他"


class ReplyMethod(models.TextChoices):
    WRITTEN = "written", "书面"
    PHONE = "phone", "电话"
    IN_PERSON = "in_person", "当面"
    ONLINE = "online", "网络平台"
    OTHER = "other", "其他"


class ComplaintStatus(models.TextChoices):
    """Where a complaint stands; derived by rules.status(), never entered."""

    PENDING = "pending", "待受理"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    HANDLING = "handling", "调查处理中"
    SUSPENDED = "suspended", "中止调查"
    AWAITING_REPLY = "awaiting_reply", "待答复"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


class LegalServiceComplaint(WatchedRecord):
    """A complaint about a 律师事务所, 律师, 公证机构, 公证员, 基层法律服务所 or 基层法律服务工作者:
    received, accepted (or not), investigated, decided, answered to the complainant, closed.

    The complainant and his contact are personal data (Register.sensitive), stored encrypted:
    shown in full only to the register's role once he has stated a reason, each display audited.
    """

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("投诉编号", max_length=64)
    received_date = models.DateField("收到日期")
    channel = models.CharField("投诉渠道", max_length=16, choices=Channel.choices)
    complainant = EncryptedTextField("投诉人", max_length=100, mask="name")
    contact = EncryptedTextField("联系方式", max_length=100, blank=True, mask="text")
    subject_kind = models.CharField("被投诉对象类别", max_length=24, choices=SubjectKind.choices)
    subject_name = models.CharField("被投诉对象名称", max_length=200)
    # As written; matched to the roster by links.resolve_complaints (holders.find).
    licence_number = models.CharField("执业证号", max_length=64, blank=True)
    matter = models.TextField("投诉事项")
    # About legal aid work (法律援助投诉处理办法, 司法部令第149号): its periods are that rule's.
    legal_aid = models.BooleanField("是否法律援助事项", default=False)

    acceptance = models.CharField("受理情况", max_length=16, choices=Acceptance.choices, blank=True)
    acceptance_date = models.DateField("受理（不予受理）日期", null=True, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    investigated_date = models.DateField("调查完成日期", null=True, blank=True)
    investigation_note = models.TextField("核查情况", blank=True)
    extended_date = models.DateField("延期日期", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    # 中止 (令第149号 第二十三条第三款; 公证: 令第147号 第二十三条): its days do not count. The
    # running suspension's start, its reason (kept, once resumed, as the last one's), and the
    # days of those already over.
    suspended_since = models.DateField("中止日期", null=True, blank=True)
    suspension_reason = models.TextField("中止事由", blank=True)
    suspended_days = models.PositiveIntegerField("中止天数", default=0)
    handled_date = models.DateField("处理日期", null=True, blank=True)
    finding = models.CharField("核查结论", max_length=16, choices=Finding.choices, blank=True)
    disposal = models.CharField("处理方式", max_length=16, choices=Disposal.choices, blank=True)
    replied_date = models.DateField("答复日期", null=True, blank=True)
    reply_method = models.CharField(
        "答复方式", max_length=16, choices=ReplyMethod.choices, blank=True
    )
    closed_date = models.DateField("办结日期", null=True, blank=True)

    # What the roster said of the licence number when the record was last written (links).
    unmatched = models.BooleanField("未匹配", default=False)
    holder_name = models.CharField("匹配的执业机构或人员", max_length=200, blank=True)

    # Derived by rules.derive() on every save: the status, each deadline's date, and the
    # periods (from the settings) they were computed with, so that the record's deadlines can
    # be shown again without reading the settings.
    status = models.CharField(
        "办理状态", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.PENDING
    )
    acceptance_days = models.PositiveSmallIntegerField("受理审查期限日数", null=True, blank=True)
    handling_days = models.PositiveSmallIntegerField("处理期限日数", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长期限日数", null=True, blank=True)
    reply_days = models.PositiveSmallIntegerField("答复期限工作日数", null=True, blank=True)
    acceptance_deadline = models.DateField("受理期限", null=True, blank=True)
    handling_deadline = models.DateField("处理期限", null=True, blank=True)
    reply_deadline = models.DateField("答复期限", null=True, blank=True)
    # A decision or the reply made after its period (rules.late): fixed once made.
    late = models.BooleanField("超期办理", default=False)
    # The day its business ended (办结, or the 不予受理 decision): the personal data's retention
    # runs from it (Register.ended_field, core/retention.py).
    ended_date = models.DateField("终结日期", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "法律服务投诉"
        verbose_name_plural = "法律服务投诉"
        ordering = ["-received_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-received_date", "-id"], name="lsc_unit_received"),
            models.Index(fields=["unit", "acceptance_date"], name="lsc_unit_accepted"),
            models.Index(fields=["unit", "handled_date"], name="lsc_unit_handled"),
            models.Index(fields=["unit", "closed_date"], name="lsc_unit_closed"),
            models.Index(fields=["status", "due_date"], name="lsc_status_due"),
        ]


# --- 专项治理 -------------------------------------------------------------------------------


class Campaign(models.Model):
    """专项治理: a campaign of the bureau over the 法律服务机构 it names by their 执业许可证号
    (resolved through the roster when it is saved). Not a register: a small page of this app
    keeps it, each change audited (actions.create_campaign / update_campaign). Its checks'
    findings are legal_service_check records naming it by its name."""

    unit = models.ForeignKey(
        Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("专项治理名称", max_length=200)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    # The 执业许可证号 of the orgs it covers, normalised as the roster keeps them, in order.
    licence_numbers = models.JSONField("覆盖机构许可证号", default=list, blank=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "专项治理"
        verbose_name_plural = "专项治理"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="profession_oversight_campaign_unique_name",
                violation_error_message="本单位已有同名的专项治理。",
            )
        ]

    def __str__(self):
        return self.name


class LegalServiceCheck(WatchedRecord):
    """One finding of a check of a 法律服务机构 (in a 专项治理 or on its own) and its
    rectification; a check that found nothing is one record without a finding. The records of
    one check share its 检查编号 and its particulars (rules.PARTICULARS), as 法治督察's do.

    The organisation is no user of the system: the bureau records its rectification."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("记录编号", max_length=64)
    check_number = models.CharField("检查编号", max_length=64)
    # The campaign's name as written; `campaign` is resolved from it (links.resolve_checks).
    campaign_name = models.CharField("专项治理", max_length=200, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="专项治理",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
    )
    licence_number = models.CharField("被检查机构许可证号", max_length=64)
    check_date = models.DateField("检查日期")
    inspectors = models.CharField("检查人员", max_length=200)
    problems = models.TextField("发现问题", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    rectified_date = models.DateField("整改完成日期", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)

    # What the roster said of the licence number when the record was last written (links).
    org_name = models.CharField("被检查机构", max_length=200, blank=True)
    unmatched = models.BooleanField("未匹配", default=False)
    # Derived by rules.derive() on every save.
    status = models.CharField(
        "整改状态",
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.NO_PROBLEM,
    )

    class Meta(WatchedRecord.Meta):
        verbose_name = "专项治理检查"
        verbose_name_plural = "专项治理检查"
        ordering = ["-check_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-check_date", "-id"], name="lsk_unit_checked"),
            # A check's records, read together on its page and by the links' check.
            models.Index(fields=["unit", "check_number"], name="lsk_check"),
            models.Index(fields=["campaign", "licence_number"], name="lsk_campaign_org"),
            models.Index(fields=["status", "due_date"], name="lsk_status_due"),
        ]
