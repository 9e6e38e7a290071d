from django.core.validators import MinValueValidator
from django.db import models

from fazhi.core.encrypted import EncryptedTextField
from fazhi.core.idnumber import IdNumberValidator
from fazhi.core.records import RegisterRecord, WatchedRecord
from fazhi.core.roles import Role

# --- legal_aid ---------------------------------------------------------------------------


class AidCategory(models.TextChoices):
    """案件类别; the labels are the keys of legal_aid.by_category.<类别>."""

    CRIMINAL = "criminal", "刑事"
    CIVIL = "civil", "民事"
    ADMINISTRATIVE = "administrative", "行政"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动仲裁"
    NON_LITIGATION = "non_litigation", "其他非诉讼"


class AidRoute(models.TextChoices):
    APPLICATION = "application", "申请"
    NOTIFIED_DEFENCE = "notified_defence", "通知辩护"
    NOTIFIED_AGENCY = "notified_agency", "通知代理"


NOTIFIED_ROUTES = (AidRoute.NOTIFIED_DEFENCE, AidRoute.NOTIFIED_AGENCY)


class AidDecision(models.TextChoices):
    GRANTED = "granted", "给予援助"
    REFUSED = "refused", "不予援助"
    WITHDRAWN = "withdrawn", "视为撤回"


class AidStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "待审查决定"
    AWAITING_APPOINTMENT = "awaiting_appointment", "待指派"
    IN_PROGRESS = "in_progress", "承办中"
    CLOSED = "closed", "已结案"
    NOT_GRANTED = "not_granted", "未给予援助"


class LegalAidCase(WatchedRecord):
    """法律援助案件: an application (or a notice of the court, procuratorate or police) for
    legal aid, its decision, the appointment of a lawyer and the case's close.

    For 通知辩护/通知代理 the 申请日期 column holds the day the notice was received
    (法律援助法第三十六条): no means test, no decision, appointment within 3 days of it.
    """

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("案件编号", max_length=64)
    recipient = models.CharField("受援人", max_length=100)
    id_number = EncryptedTextField(
        "受援人身份证号",
        max_length=18,
        blank=True,
        mask="id_number",
        validators=[IdNumberValidator()],
    )
    category = models.CharField("案件类别", max_length=32, choices=AidCategory.choices)
    route = models.CharField(
        "援助途径", max_length=32, choices=AidRoute.choices, default=AidRoute.APPLICATION
    )
    migrant_worker = models.BooleanField("是否农民工", default=False)
    application_date = models.DateField("申请日期")
    decision_date = models.DateField("决定日期", null=True, blank=True)
    decision = models.CharField("决定结果", max_length=16, choices=AidDecision.choices, blank=True)
    appointment_date = models.DateField("指派日期", null=True, blank=True)
    lawyer = models.CharField("承办律师", max_length=100, blank=True)
    closed_date = models.DateField("结案日期", null=True, blank=True)
    recovered = models.DecimalField(
        "挽回经济损失（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    # Derived by rules.derive() on every save.
    status = models.CharField(
        "办理状态",
        max_length=24,
        choices=AidStatus.choices,
        default=AidStatus.AWAITING_DECISION,
    )
    decision_deadline = models.DateField("决定期限", null=True, blank=True)
    appointment_deadline = models.DateField("指派期限", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "法律援助案件"
        verbose_name_plural = "法律援助案件"
        ordering = ["-application_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-application_date", "-id"], name="aid_unit_application"),
            models.Index(fields=["unit", "decision_date"], name="aid_unit_decision"),
            models.Index(fields=["unit", "appointment_date"], name="aid_unit_appointment"),
            models.Index(fields=["unit", "closed_date"], name="aid_unit_closed"),
            models.Index(fields=["status", "due_date"], name="aid_status_due"),
        ]


# --- consultation ------------------------------------------------------------------------


class ConsultationMode(models.TextChoices):
    VISIT = "visit", "来访"
    PHONE = "phone", "电话"
    ONLINE = "online", "网络"
    EVENT = "event", "现场活动"


class ConsultationMatter(models.TextChoices):
    FAMILY = "family", "婚姻家庭"
    LABOUR = "labour", "劳动争议"
    LAND_HOUSING = "land_housing", "土地房产"
    DEBT_CONTRACT = "debt_contract", "债务合同"
    TORT = "tort", "侵权赔偿"
    CRIMINAL = "criminal", "刑事"
    ADMINISTRATIVE = "administrative", "行政"
    OTHER = "other", "其他"


class Consultation(RegisterRecord):
    """法律咨询: one consultation (or one event's consultations) with its 人次."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("咨询编号", max_length=64)
    consulted_date = models.DateField("咨询日期")
    mode = models.CharField("咨询方式", max_length=16, choices=ConsultationMode.choices, blank=True)
    person_times = models.PositiveIntegerField("咨询人次", validators=[MinValueValidator(1)])
    matter = models.CharField(
        "咨询事项类别", max_length=16, choices=ConsultationMatter.choices, blank=True
    )
    receiver = models.CharField("接待人", max_length=100, blank=True)

    class Meta(RegisterRecord.Meta):
        verbose_name = "法律咨询"
        verbose_name_plural = "法律咨询"
        ordering = ["-consulted_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-consulted_date", "-id"], name="consult_unit_date")
        ]


# --- notarization ------------------------------------------------------------------------


class NotarialMatter(models.TextChoices):
    INHERITANCE = "inheritance", "继承"
    ENTRUSTMENT = "entrustment", "委托"
    DECLARATION = "declaration", "声明"
    GIFT = "gift", "赠与"
    CONTRACT = "contract", "合同"
    EDUCATION = "education", "学历"
    IDENTITY = "identity", "身份"
    KINSHIP = "kinship", "亲属关系"
    MARITAL_STATUS = "marital_status", "婚姻状况"
    EVIDENCE = "evidence", "保全证据"
    ESCROW = "escrow", "提存"
    OTHER = "other", "其他"


class WaiverReason(models.TextChoices):
    LEGAL_AID = "legal_aid", "法律援助"
    HARDSHIP = "hardship", "困难群众"
    OTHER = "other", "其他"


class NotarizationStatus(models.TextChoices):
    ACCEPTED = "accepted", "办理中"
    ISSUED = "issued", "已出证"


class Notarization(WatchedRecord):
    """公证: one notarial matter accepted, and its certificate."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("公证编号", max_length=64)
    applicant = models.CharField("申请人", max_length=200)
    matter = models.CharField("公证事项", max_length=32, choices=NotarialMatter.choices)
    foreign = models.BooleanField("是否涉外", default=False)
    accepted_date = models.DateField("受理日期")
    issued_date = models.DateField("出证日期", null=True, blank=True)
    fee_due = models.DecimalField(
        "应收费用（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_paid = models.DecimalField(
        "实收费用（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    waiver_reason = models.CharField(
        "减免原因", max_length=16, choices=WaiverReason.choices, blank=True
    )

    # Derived by notarization_rules.derive() on every save.
    status = models.CharField(
        "办理状态",
        max_length=16,
        choices=NotarizationStatus.choices,
        default=NotarizationStatus.ACCEPTED,
    )
    issue_deadline = models.DateField("出证期限", null=True, blank=True)
    fee_waived = models.BooleanField("减免费用", default=False)
    waived_amount = models.DecimalField(
        "减免金额（元）", max_digits=12, decimal_places=2, default=0
    )

    class Meta(WatchedRecord.Meta):
        verbose_name = "公证"
        verbose_name_plural = "公证"
        ordering = ["-accepted_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-accepted_date", "-id"], name="notar_unit_accepted"),
            models.Index(fields=["unit", "issued_date"], name="notar_unit_issued"),
            models.Index(fields=["status", "due_date"], name="notar_status_due"),
        ]
