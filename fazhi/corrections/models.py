"""社区矫正对象 and 教育帮扶活动 (domain/corrections.md).

A subject's 身份证号 and 居住地址 are stored SM4-GCM encrypted (core.encrypted); duplicates and
look-ups go through the HMAC-SM3 blind index `id_number_index`.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from fazhi.core.encrypted import BlindIndexField, EncryptedTextField
from fazhi.core.idnumber import IdNumberValidator
from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import RegisterRecord, WatchedRecord
from fazhi.core.roles import Role

# Where a subject's supervision is carried out (执行地司法所): a 司法所 the county's 社区矫正机构
# entrusts (社区矫正法第九条第二款), or the county bureau itself, that is the bureau or its
# 社区矫正 section. The form offers these and the import and the API accept these.
OFFICE_KINDS = (UnitKind.JUDICIAL_OFFICE, UnitKind.COUNTY, UnitKind.SECTION)


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class CorrectionsCategory(models.TextChoices):
    """矫正类别; the labels are the keys of corrections.by_category.<类别>."""

    CONTROL = "control", "管制"
    PROBATION = "probation", "缓刑"
    PAROLE = "parole", "假释"
    TEMPORARY_RELEASE = "temporary_release", "暂予监外执行"


class SupervisionLevel(models.TextChoices):
    STRICT = "strict", "严管"
    ORDINARY = "ordinary", "普管"
    LENIENT = "lenient", "宽管"


class CorrectionsStatus(models.TextChoices):
    SUPERVISED = "supervised", "在矫"
    RELEASED = "released", "解除矫正"
    PROBATION_REVOKED = "probation_revoked", "撤销缓刑"
    PAROLE_REVOKED = "parole_revoked", "撤销假释"
    IMPRISONED = "imprisoned", "收监执行"
    DIED = "died", "死亡"
    LOST_CONTACT = "lost_contact", "失去联系"


# Statuses that end supervision (社区矫正法 第四十四条, 第四十五条): each needs its date.
ENDED_STATUSES = (
    CorrectionsStatus.RELEASED,
    CorrectionsStatus.PROBATION_REVOKED,
    CorrectionsStatus.PAROLE_REVOKED,
    CorrectionsStatus.IMPRISONED,
    CorrectionsStatus.DIED,
)


class CorrectionsSubject(WatchedRecord):
    """社区矫正对象: one person's term of community corrections.

    `due_date`/`due_label` put two things on the deadline board: a subject who has not reported
    by the 10th day after the judgment took effect (漏管, 第二十一条), and a subject out of
    contact (脱管, 第三十条), who is overdue from the day contact was lost.
    """

    register_role = Role.CORRECTIONS
    # Names and ID numbers are for the subject's own 司法所 and the county, not the prefecture.
    personal_data_within_county = True

    number = models.CharField("矫正编号", max_length=64)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField(
        "身份证号", max_length=18, mask="id_number", validators=[IdNumberValidator()]
    )
    id_number_index = BlindIndexField(source="id_number")
    address = EncryptedTextField("居住地址", max_length=200, blank=True, mask="address")
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, blank=True)
    category = models.CharField("矫正类别", max_length=24, choices=CorrectionsCategory.choices)
    offence = models.CharField("罪名", max_length=100, blank=True)
    judgment_effective_date = models.DateField("判决生效日期")
    reported_date = models.DateField("报到日期", null=True, blank=True)
    start_date = models.DateField("矫正起始日期")
    end_date = models.DateField("矫正终止日期")
    level = models.CharField(
        "管理等级", max_length=16, choices=SupervisionLevel.choices, blank=True
    )
    # The code as written in the file or chosen in the form; `office` is resolved from it
    # (links.py), as 案卷评查 resolves its 被评查单位.
    office_code = models.CharField("执行地司法所", max_length=32)
    office = models.ForeignKey(
        Unit,
        verbose_name="执行地司法所单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态",
        max_length=24,
        choices=CorrectionsStatus.choices,
        default=CorrectionsStatus.SUPERVISED,
    )
    ended_date = models.DateField("解除日期", null=True, blank=True)
    reoffended = models.BooleanField("是否重新犯罪", default=False)
    lost_contact_date = models.DateField("失去联系日期", null=True, blank=True)
    contact_restored_date = models.DateField("恢复联系日期", null=True, blank=True)

    # Derived by rules.derive() on every save.
    report_deadline = models.DateField("报到期限", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-start_date", "-id"]
        constraints = [
            *WatchedRecord.Meta.constraints,
            # One person is under one term of corrections at a time, in the whole province.
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=Q(status__in=["supervised", "lost_contact"]),
                name="corrections_one_open_term_per_person",
                violation_error_message="该身份证号的社区矫正对象已在矫，不能重复登记。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-start_date", "-id"], name="corr_unit_start"),
            models.Index(fields=["unit", "ended_date"], name="corr_unit_ended"),
            models.Index(fields=["status", "due_date"], name="corr_status_due"),
        ]


class ActivityCategory(models.TextChoices):
    """活动类别; the labels are the keys of corrections.activities.<类别>."""

    THEMED_EDUCATION = "themed_education", "主题教育"
    GROUP_COUNSELLING = "group_counselling", "团体心理辅导"
    CLASSROOM = "classroom", "集中学习课堂"
    COMMUNITY_SERVICE = "community_service", "公益活动"
    INDIVIDUAL_EDUCATION = "individual_education", "个别教育"
    VOCATIONAL_TRAINING = "vocational_training", "职业技能培训"
    OTHER = "other", "其他"


class CorrectionsActivity(RegisterRecord):
    """教育帮扶活动: one education or assistance activity and how many subjects took part."""

    register_role = Role.CORRECTIONS

    number = models.CharField("活动编号", max_length=64)
    held_date = models.DateField("活动日期")
    category = models.CharField("活动类别", max_length=24, choices=ActivityCategory.choices)
    theme = models.CharField("活动主题", max_length=200)
    person_times = models.PositiveIntegerField("参加人次", validators=[MinValueValidator(1)])

    class Meta(RegisterRecord.Meta):
        verbose_name = "教育帮扶活动"
        verbose_name_plural = "教育帮扶活动"
        ordering = ["-held_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-held_date", "-id"], name="corr_activity_unit_date")
        ]
