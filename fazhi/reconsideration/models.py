from django.db import models

from fazhi.core.choices import ActType, DeliveryMethod  # noqa: F401 — its cases name it here
from fazhi.core.records import WatchedRecord
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
    """办结方式, one value per way the 行政复议法 (2023) ends a case; the values are the keys of
    reconsideration.closed.<key> (but 撤销 and 部分撤销 share reconsideration.closed.revoked, as
    before). The labels are the Excel cells: the old ones are kept, so earlier files still read.

    At the door: 不予受理 (第三十条), 逾期未补正 (第三十一条第二款, 视为放弃), 受理前化解.
    Decisions (第六十三至七十二条, 第三十三条): 变更, 撤销, 部分撤销, 撤销并责令重新作出,
    部分撤销并责令重新作出 (第六十四条), 确认违法, 责令履行, 确认无效, 维持, 驳回复议请求,
    行政协议 (第七十一条), 驳回申请. 调解 (第七十三条); 和解 (第七十四条, then 撤回 and 终止);
    the 终止 grounds of 第四十一条, each its own. 其他终止 is kept only for records made before
    the grounds were told apart (rules.LEGACY_OUTCOMES): a new entry names its ground."""

    NOT_ACCEPTED = "not_accepted", "不予受理"
    ABANDONED = "abandoned", "逾期未补正"
    PRE_ACCEPTANCE_RESOLVED = "pre_acceptance_resolved", "受理前化解"
    UPHELD = "upheld", "维持"
    VARIED = "varied", "变更"
    REVOKED = "revoked", "撤销"
    PARTLY_REVOKED = "partly_revoked", "部分撤销"
    REVOKED_REDO = "revoked_redo", "撤销并责令重新作出"
    PARTLY_REVOKED_REDO = "partly_revoked_redo", "部分撤销并责令重新作出"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    ORDERED = "ordered", "责令履行"
    AGREEMENT_LIABILITY = "agreement_liability", "决定承担行政协议责任"
    AGREEMENT_COMPENSATION = "agreement_compensation", "决定给予行政协议补偿"
    CLAIMS_REJECTED = "claims_rejected", "驳回复议请求"
    APPLICATION_REJECTED = "application_rejected", "驳回申请"
    MEDIATED = "mediated", "调解"
    SETTLED = "settled", "和解终止"
    WITHDRAWN = "withdrawn", "撤回终止"
    TERMINATED_DEATH = "terminated_death", "申请人死亡终止"
    TERMINATED_DISSOLVED = "terminated_dissolved", "申请人组织终止"
    TERMINATED_DETAINED = "terminated_detained", "刑事强制措施终止"
    TERMINATED_SUSPENSION = "terminated_suspension", "中止满六十日终止"
    OTHER_TERMINATED = "other_terminated", "其他终止"


class PreAcceptanceMethod(models.TextChoices):
    """受理前化解的方式: how a dispute was resolved before the application was accepted. The law
    names no such list; these are the ways practice reports (docs/domain/reconsideration.md)."""

    WITHDRAWN = "withdrawn", "撤回申请"
    MEDIATED = "mediated", "调解"
    SETTLED = "settled", "和解"
    SELF_CORRECTED = "self_corrected", "被申请人自行纠正"
    OTHER = "other", "其他"


class RespondentKind(models.TextChoices):
    """被申请人类型, as the county's statistics count them."""

    COUNTY_DEPARTMENT = "county_department", "县政府部门"
    TOWNSHIP = "township", "乡镇人民政府"
    COUNTY_GOVERNMENT = "county_government", "县人民政府"
    OTHER = "other", "其他"


class ApplicantKind(models.TextChoices):
    """申请人类型: 公民、法人或者其他组织 (行政复议法第二条)."""

    NATURAL_PERSON = "natural_person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANISATION = "other_organisation", "其他组织"


class AdminField(models.TextChoices):
    """行政管理领域 of the act complained of: the categories public county reports use (the
    统计制度's own list was not found published; docs/domain/reconsideration.md)."""

    PUBLIC_SECURITY = "public_security", "公安"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    HOUSING = "housing", "住房城乡建设"
    MARKET = "market", "市场监管"
    HUMAN_RESOURCES = "human_resources", "人力资源社会保障"
    ENVIRONMENT = "environment", "生态环境"
    TRANSPORT = "transport", "交通运输"
    AGRICULTURE = "agriculture", "农业农村"
    HEALTH = "health", "卫生健康"
    TAX = "tax", "税务"
    FINANCE = "finance", "财政"
    CIVIL_AFFAIRS = "civil_affairs", "民政"
    EDUCATION = "education", "教育"
    URBAN_MANAGEMENT = "urban_management", "城市管理综合执法"
    FORESTRY = "forestry", "林业"
    WATER = "water", "水利"
    EMERGENCY = "emergency", "应急管理"
    CULTURE_TOURISM = "culture_tourism", "文化旅游"
    MEDICAL_SECURITY = "medical_security", "医疗保障"
    OTHER = "other", "其他"


class SuspensionGround(models.TextChoices):
    """中止的事由: the items of 行政复议法第三十九条第一款, each with its short text."""

    DEATH = "1", "（一）申请人死亡，近亲属尚未确定是否参加"
    INCAPACITY = "2", "（二）申请人丧失行为能力，尚未确定法定代理人"
    MISSING = "3", "（三）申请人下落不明"
    DISSOLVED = "4", "（四）申请人法人或其他组织终止，尚未确定承受人"
    FORCE_MAJEURE = "5", "（五）因不可抗力或其他正当理由不能参加"
    MEDIATION = "6", "（六）调解、和解，双方同意中止"
    INTERPRETATION = "7", "（七）法律适用问题需有权机关解释或确认"
    OTHER_CASE = "8", "（八）需以其他案件审理结果为依据"
    REFERRAL = "9", "（九）有第五十六条或第五十七条规定的情形"
    OTHER = "10", "（十）需要中止的其他情形"


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
    # The respondent where it is a unit of the tree (a department, a township's government),
    # written by its code (the file keeps the code; pages show the unit's name).
    respondent_unit_code = models.CharField(
        "被申请人单位代码",
        max_length=32,
        blank=True,
        help_text="被申请人是本系统中的单位（县政府部门、乡镇人民政府）时填其单位代码",
    )
    respondent_unit = models.ForeignKey(
        "core.Unit",
        verbose_name="被申请人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Taken from the respondent's unit where its kind says it (rules.respondent_kind).
    respondent_kind = models.CharField(
        "被申请人类型", max_length=24, choices=RespondentKind.choices, blank=True
    )
    applicant_kind = models.CharField(
        "申请人类型", max_length=24, choices=ApplicantKind.choices, blank=True
    )
    act_type = models.CharField("行政行为类别", max_length=32, choices=ActType.choices, blank=True)
    admin_field = models.CharField(
        "行政管理领域", max_length=24, choices=AdminField.choices, blank=True
    )
    received_date = models.DateField("收到申请日期")
    procedure = models.CharField(
        "适用程序", max_length=16, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    review_result = models.CharField(
        "审查结果", max_length=16, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    correction_notice_date = models.DateField("补正通知日期", null=True, blank=True)
    # The delivery of the 补正通知 to the applicant: the 补正期限 runs from it (第三十一条第二款).
    correction_delivered_date = models.DateField("补正通知送达日期", null=True, blank=True)
    correction_delivery_method = models.CharField(
        "补正通知送达方式", max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    correction_recipient = models.CharField("补正通知受送达人", max_length=200, blank=True)
    correction_done_date = models.DateField("补正完成日期", null=True, blank=True)
    accepted_date = models.DateField("受理日期", null=True, blank=True)
    # The day the copy of the application was sent to the respondent (第四十八条 "发送").
    reply_notice_date = models.DateField("答复通知日期", null=True, blank=True)
    # Its delivery to the respondent: the 答复期限 runs from it (第四十八条, 第五十四条).
    copy_delivered_date = models.DateField("副本送达日期", null=True, blank=True)
    copy_delivery_method = models.CharField(
        "副本送达方式", max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    copy_recipient = models.CharField("副本受送达人", max_length=200, blank=True)
    reply_received_date = models.DateField("收到答复日期", null=True, blank=True)
    # 简易程序 turned into 普通程序 (第五十五条).
    converted_date = models.DateField("转为普通程序日期", null=True, blank=True)
    extended = models.BooleanField("是否延期", default=False)
    suspended_days = models.PositiveIntegerField("中止天数", default=0)
    closed_date = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办结方式", max_length=32, choices=Outcome.choices, blank=True)
    # 受理前化解: how the dispute was resolved before acceptance (only with that 办结方式).
    pre_acceptance_method = models.CharField(
        "受理前化解方式", max_length=16, choices=PreAcceptanceMethod.choices, blank=True
    )
    # A 办结方式 recorded before the law's outcomes were told apart, which may stand for more
    # than one of them (撤销 or 撤销并责令重新作出, 其他终止): kept as it was, and listed for
    # an officer to state the precise one (step “明确办结方式”).
    outcome_unresolved = models.BooleanField("办结方式待明确", default=False)
    sued = models.BooleanField("是否提起行政诉讼", default=False)

    # Kept by the web steps, not in the Excel template.
    suspended_since = models.DateField("中止开始日期", null=True, blank=True)
    # The ground of the running (or, once resumed, the last) suspension.
    suspension_ground = models.CharField(
        "中止事由", max_length=2, choices=SuspensionGround.choices, blank=True
    )

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
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-received_date", "-id"], name="recon_unit_received"),
            models.Index(fields=["unit", "closed_date"], name="recon_unit_closed"),
            models.Index(fields=["status", "due_date"], name="recon_status_due"),
        ]
