"""安置帮教对象 (domain/corrections.md): people released from prison or from community
corrections, helped back into society for a fixed 帮教期.

身份证号 and 居住地址 are stored SM4-GCM encrypted; `id_number_index` (HMAC-SM3) finds the same
person's corrections record and catches duplicates.
"""

from django.db import models
from django.db.models import Q

from fazhi.core.encrypted import BlindIndexField, EncryptedTextField
from fazhi.core.idnumber import IdNumberValidator
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role


class SubjectKind(models.TextChoices):
    PRISON_RELEASE = "prison_release", "刑满释放"
    CORRECTIONS_ENDED = "corrections_ended", "解除社区矫正"


class Placement(models.TextChoices):
    EMPLOYED = "employed", "就业"
    SELF_EMPLOYED = "self_employed", "自主创业"
    SUBSISTENCE = "subsistence", "纳入低保"
    NOT_PLACED = "not_placed", "未安置"
    OTHER = "other", "其他"


PLACED = (Placement.EMPLOYED, Placement.SELF_EMPLOYED, Placement.SUBSISTENCE, Placement.OTHER)


class ResettlementStatus(models.TextChoices):
    REGISTERED = "registered", "在册"
    PERIOD_ENDED = "period_ended", "期满解除"
    REOFFENDED = "reoffended", "重新犯罪"
    DIED = "died", "死亡"
    MOVED_AWAY = "moved_away", "迁出"


# Statuses that take a subject off the register before (or at) the end of the 帮教期.
ENDED_STATUSES = (
    ResettlementStatus.REOFFENDED,
    ResettlementStatus.DIED,
    ResettlementStatus.MOVED_AWAY,
)


class ResettlementSubject(RegisterRecord):
    register_role = Role.RESETTLEMENT
    personal_data_within_county = True

    number = models.CharField("帮教编号", max_length=64)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField(
        "身份证号", max_length=18, mask="id_number", validators=[IdNumberValidator()]
    )
    id_number_index = BlindIndexField(source="id_number")
    address = EncryptedTextField("居住地址", max_length=200, blank=True, mask="address")
    kind = models.CharField("对象类型", max_length=24, choices=SubjectKind.choices)
    release_date = models.DateField("释放或解矫日期")
    original_offence = models.CharField("原罪名", max_length=100, blank=True)
    original_sentence = models.CharField("原判刑期", max_length=50, blank=True)
    key_subject = models.BooleanField("是否重点帮教对象", default=False)
    escorted = models.BooleanField("是否必接必送", default=False)
    handover_date = models.DateField("衔接日期", null=True, blank=True)
    placement = models.CharField("安置情况", max_length=16, choices=Placement.choices, blank=True)
    helper = models.CharField("帮教责任人", max_length=100, blank=True)
    archive_complete = models.BooleanField("档案完整", default=False)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ResettlementStatus.choices,
        default=ResettlementStatus.REGISTERED,
    )
    # The day 重新犯罪, 死亡 or 迁出 took the subject off the register (期满解除 ends on
    # period_end): what "registered on a day" is computed from.
    ended_date = models.DateField("终止日期", null=True, blank=True)
    corrections_subject = models.ForeignKey(
        "corrections.CorrectionsSubject",
        verbose_name="社区矫正记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resettlement_records",
    )

    # Derived by rules.derive() on every save, from the configured 帮教期.
    period_end = models.DateField("帮教期满日期", null=True, blank=True)

    class Meta(RegisterRecord.Meta):
        verbose_name = "安置帮教对象"
        verbose_name_plural = "安置帮教对象"
        ordering = ["-release_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=Q(status="registered"),
                name="resettlement_one_open_record_per_person",
                violation_error_message="该身份证号的安置帮教对象已在册，不能重复登记。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-release_date", "-id"], name="resettle_unit_release"),
            models.Index(fields=["unit", "period_end"], name="resettle_unit_period_end"),
        ]
