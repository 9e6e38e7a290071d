"""法律服务队伍: the 律师事务所, 公证机构 and 基层法律服务所 the bureau licenses and supervises
(`LegalServiceOrg`), the 律师, 公证员 and 基层法律服务工作者 practising in them
(`LegalPractitioner`), and their 年度考核 (`PractitionerAssessment`).

The bureau owns every record (the county bureau or one of its 内设机构). An org's or a
practitioner's 执业状态 changes only by a dated, reasoned step (停止执业, 恢复执业, 注销, 吊销:
rules.STEPS); each step is a `StatusChange` row beside the record, and the record keeps the
latest as `status`, `status_date`, `status_reason`, so lists and figures read it in SQL.

身份证号 is stored SM4-GCM encrypted, with its blind index for look-ups (as the officers').
"""

from django.db import models

from fazhi.core.encrypted import BlindIndexField, EncryptedTextField
from fazhi.core.idnumber import IdNumberValidator
from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

OWNER_KINDS = BUREAUS_AND_SECTIONS


class OrgKind(models.TextChoices):
    LAW_FIRM = "law_firm", "律师事务所"
    NOTARY_OFFICE = "notary_office", "公证机构"
    GRASSROOTS_OFFICE = "grassroots_office", "基层法律服务所"


class FirmForm(models.TextChoices):
    """律师事务所的组织形式 (律师法 第十五条至第二十条)."""

    GENERAL_PARTNERSHIP = "general", "普通合伙"
    SPECIAL_PARTNERSHIP = "special", "特殊的普通合伙"
    SOLE = "sole", "个人"
    STATE = "state", "国资"


class PractitionerKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    NOTARY = "notary", "公证员"
    GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"


class LawyerKind(models.TextChoices):
    FULL_TIME = "full_time", "专职"
    PART_TIME = "part_time", "兼职"
    PUBLIC = "public", "公职"
    CORPORATE = "corporate", "公司"
    LEGAL_AID = "legal_aid", "法律援助"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class PracticeStatus(models.TextChoices):
    PRACTISING = "practising", "执业"
    SUSPENDED = "suspended", "停止执业"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"


ENDED_STATUSES = (PracticeStatus.CANCELLED, PracticeStatus.REVOKED)


class StatusFields(models.Model):
    """The 执业状态 an org or a practitioner is in, kept by its steps (rules.STEPS) alone."""

    status = models.CharField(
        "执业状态",
        max_length=16,
        choices=PracticeStatus.choices,
        default=PracticeStatus.PRACTISING,
        editable=False,
    )
    status_date = models.DateField("状态日期", null=True, blank=True, editable=False)
    status_reason = models.CharField("状态事由", max_length=200, blank=True, editable=False)

    class Meta:
        abstract = True


class LegalServiceOrg(StatusFields, RegisterRecord):
    """One licensed 法律服务机构; its `number` is its 执业许可证号."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("执业许可证号", max_length=64)
    name = models.CharField("机构名称", max_length=100)
    kind = models.CharField("机构类别", max_length=24, choices=OrgKind.choices)
    firm_form = models.CharField(
        "组织形式", max_length=16, choices=FirmForm.choices, blank=True, help_text="律师事务所填写"
    )
    head = models.CharField("负责人", max_length=50, blank=True)
    licensed_date = models.DateField("设立日期", help_text="执业许可证发证日期")
    address = models.CharField("住所", max_length=200, blank=True)

    class Meta(RegisterRecord.Meta):
        verbose_name = "法律服务机构"
        verbose_name_plural = "法律服务机构"
        ordering = ["-licensed_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-licensed_date", "-id"], name="lsorg_unit_licensed"),
            models.Index(fields=["kind", "status"], name="lsorg_kind_status"),
        ]

    def __str__(self):
        return self.name


class LegalPractitioner(StatusFields, RegisterRecord):
    """One practitioner; `number` is his 执业证号. `org` is resolved from `org_number` (the
    执业机构's 执业许可证号 as written) to an org of the same bureau (links.py)."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("执业证号", max_length=64)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField(
        "身份证号", max_length=18, mask="id_number", validators=[IdNumberValidator()], blank=True
    )
    id_number_index = BlindIndexField(source="id_number")
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    kind = models.CharField("人员类别", max_length=24, choices=PractitionerKind.choices)
    lawyer_kind = models.CharField(
        "律师类别", max_length=16, choices=LawyerKind.choices, blank=True, help_text="律师填写"
    )
    org_number = models.CharField(
        "执业机构", max_length=64, blank=True, help_text="填执业机构的执业许可证号"
    )
    org = models.ForeignKey(
        LegalServiceOrg,
        verbose_name="执业机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioners",
    )
    first_practice_date = models.DateField("首次执业日期", null=True, blank=True)
    licensed_date = models.DateField("发证日期")

    class Meta(RegisterRecord.Meta):
        verbose_name = "法律服务人员"
        verbose_name_plural = "法律服务人员"
        ordering = ["-licensed_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "-licensed_date", "-id"], name="lsprac_unit_licensed"),
            models.Index(fields=["kind", "status"], name="lsprac_kind_status"),
        ]

    def __str__(self):
        return self.name


class StatusStep(models.TextChoices):
    SUSPEND = "suspend", "停止执业"
    RESUME = "resume", "恢复执业"
    CANCEL = "cancel", "注销"
    REVOKE = "revoke", "吊销"


class StatusChange(models.Model):
    """One step of an org's or a practitioner's 执业状态, written with the record's own write
    (actions.take_step). Exactly one of `org`, `practitioner` is set."""

    org = models.ForeignKey(
        LegalServiceOrg,
        verbose_name="法律服务机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    practitioner = models.ForeignKey(
        LegalPractitioner,
        verbose_name="法律服务人员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    step = models.CharField("事项", max_length=16, choices=StatusStep.choices)
    date = models.DateField("日期")
    reason = models.CharField("事由", max_length=200)
    document_number = models.CharField("文号", max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        "core.User",
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "执业状态变更"
        verbose_name_plural = "执业状态变更"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org__isnull=True, practitioner__isnull=False)
                | models.Q(org__isnull=False, practitioner__isnull=True),
                name="profession_status_change_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_step_display()} {self.date.isoformat()}"


class SubjectKind(models.TextChoices):
    ORG = "org", "机构"
    PRACTITIONER = "practitioner", "人员"


class AssessmentResult(models.TextChoices):
    """人员: 称职/基本称职/不称职; 机构: 合格/不合格 (rules.RESULTS_OF)."""

    COMPETENT = "competent", "称职"
    BASICALLY_COMPETENT = "basically_competent", "基本称职"
    INCOMPETENT = "incompetent", "不称职"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class PractitionerAssessment(RegisterRecord):
    """One 年度考核 of one org or practitioner for one year. The subject is matched by its
    number (`subject_number`); a row that matches no one is kept and flagged `unmatched`, so
    that a 律师协会's sheet imports whole and the bureau sees whom it could not place."""

    register_role = Role.LEGAL_SERVICES

    number = models.CharField("考核编号", max_length=64)
    year = models.PositiveSmallIntegerField("考核年度")
    subject_kind = models.CharField(
        "考核对象类别", max_length=16, choices=SubjectKind.choices, default=SubjectKind.PRACTITIONER
    )
    subject_number = models.CharField("执业证号或许可证号", max_length=64)
    subject_name = models.CharField("名称", max_length=100)
    result = models.CharField("考核结果", max_length=24, choices=AssessmentResult.choices)
    assessed_date = models.DateField("考核日期")
    assessor = models.CharField(
        "考核机关", max_length=100, help_text="如 古丈县司法局、湘西州律师协会"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    org = models.ForeignKey(
        LegalServiceOrg,
        verbose_name="考核机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    practitioner = models.ForeignKey(
        LegalPractitioner,
        verbose_name="考核人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    unmatched = models.BooleanField("未匹配", default=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-assessed_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["unit", "subject_kind", "subject_number", "year"],
                name="profession_one_assessment_per_year",
                violation_error_message="该对象该年度的考核已登记，不能重复登记。",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-assessed_date", "-id"], name="lsass_unit_date"),
            models.Index(fields=["year", "subject_kind", "subject_number"], name="lsass_subject"),
        ]
