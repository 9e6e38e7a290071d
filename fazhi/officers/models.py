"""行政执法人员 and their 执法证, and 培训 (docs/domain/enforcement-supervision.md).

An officer is one record of the department that employs him (`unit`), kept on its roster
(花名册). The roster carries his CURRENT card as columns, so that it imports from and exports to
Excel like every register; every card he ever held is a `Certificate` of its own (renewal issues
a new card with a new 证号, the old one stays), and every change of a card's state is a
`CertificateEvent` with its date, reason and 文号. The cards are what `certified.valid_cards`
answers from, for any date.

身份证号 is stored SM4-GCM encrypted; `id_number_index` (HMAC-SM3) matches training attendees and
catches a person entered twice.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from fazhi.core.encrypted import BlindIndexField, EncryptedTextField
from fazhi.core.idnumber import IdNumberValidator
from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

# Who owns an officer's or a training attendance's record: the department that employs him.
OWNER_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)


class Staffing(models.TextChoices):
    """编制类型: only 在编 staff hold a card (湖南办法 第二条)."""

    ADMINISTRATIVE = "administrative", "行政编制"
    INSTITUTIONAL = "institutional", "事业编制"
    AUXILIARY = "auxiliary", "辅助人员"
    OTHER = "other", "其他"


ESTABLISHED = (Staffing.ADMINISTRATIVE, Staffing.INSTITUTIONAL)


class CardState(models.TextChoices):
    """A card's recorded state. 过期 is not recorded: it follows from 有效期至 (rules.state_on)."""

    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"


ENDED_STATES = (CardState.CANCELLED, CardState.REVOKED)
HELD_STATES = (CardState.VALID, CardState.SUSPENDED)


class EnforcementOfficer(RegisterRecord):
    """One officer on a department's roster, with his current 执法证."""

    register_role = Role.ENFORCEMENT
    # A department's 填报员 keeps his own department's roster: he enters a new officer's ID
    # number, and sees it masked (core.writes.enters_personal_data_as_clerk).
    clerk_enters = True
    clerk_kinds = OWNER_KINDS
    clerk_enters_personal_data = True

    number = models.CharField("人员编号", max_length=64)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField(
        "身份证号", max_length=18, mask="id_number", validators=[IdNumberValidator()]
    )
    id_number_index = BlindIndexField(source="id_number")
    post = models.CharField("岗位", max_length=100, blank=True)
    in_post = models.BooleanField("是否在岗", default=True)
    staffing = models.CharField("编制类型", max_length=16, choices=Staffing.choices)
    enforcement_category = models.CharField(
        "执法类别", max_length=100, blank=True, help_text="如 市场监管、交通运输"
    )
    enforcement_area = models.CharField("执法区域", max_length=100, blank=True)
    # The current card (the newest the officer holds or held): mirrored as a Certificate
    # (cards.sync), whose history keeps the older ones.
    card_number = models.CharField("执法证号", max_length=32, blank=True)
    card_issuer = models.CharField("发证机关", max_length=100, blank=True)
    card_issued_date = models.DateField("发证日期", null=True, blank=True)
    card_valid_until = models.DateField(
        "有效期至", null=True, blank=True, help_text="不填时按发证日期和有效年限计算"
    )
    card_state = models.CharField(
        "证件状态", max_length=16, choices=CardState.choices, blank=True, default=""
    )
    # Kept by the card's actions (cards.py), not in the Excel template: the current card's
    # latest 暂扣 ends then, and the card has a passed 年审 then (what the roster's 当前状态 and
    # 年审 columns are computed from without reading the cards).
    card_suspended_until = models.DateField("暂扣截止日期", null=True, blank=True, editable=False)
    card_last_review = models.DateField("最近年审合格日期", null=True, blank=True, editable=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "行政执法人员"
        verbose_name_plural = "行政执法人员"
        ordering = ["-card_issued_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            # A person is in post in one department at a time; who moves leaves one roster
            # (在岗 cleared, card 注销) before the next takes him.
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=Q(in_post=True),
                name="officers_one_post_per_person",
                violation_error_message="该身份证号的人员已在岗登记，不能重复登记。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-card_issued_date", "-id"], name="officer_unit_issued"),
            models.Index(fields=["card_valid_until"], name="officer_card_valid_until"),
        ]


class Certificate(models.Model):
    """One 执法证 an officer holds or held. `unit` is the department it was issued for.

    The state on any date is computed from these fields alone (rules.state_on), so that one
    query answers for any number of cards: the suspensions (all, each [from, until]) and the
    passed 年审 dates are kept here as well as in the events that recorded them."""

    officer = models.ForeignKey(
        EnforcementOfficer,
        verbose_name="执法人员",
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="发证时所在单位", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("执法证号", max_length=32, unique=True)
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    issued_date = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    state = models.CharField(
        "证件状态", max_length=16, choices=CardState.choices, default=CardState.VALID
    )
    # The latest 暂扣 (for figures in SQL); `suspensions` holds every one.
    suspended_from = models.DateField("暂扣起始日期", null=True, blank=True)
    suspended_until = models.DateField("暂扣截止日期", null=True, blank=True)
    suspensions = models.JSONField("暂扣记录", default=list, blank=True)
    ended_date = models.DateField("注销或吊销日期", null=True, blank=True)
    # 年审: the dates of the passed ones (rules.review_overdue_on), the latest for SQL.
    passed_reviews = models.JSONField("年审合格日期", default=list, blank=True)
    last_passed_review = models.DateField("最近年审合格日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["-issued_date", "-id"]
        indexes = [models.Index(fields=["unit", "valid_until"], name="cert_unit_valid_until")]

    def __str__(self):
        return self.number


class EventKind(models.TextChoices):
    ISSUED = "issued", "发证"
    SUSPENDED = "suspended", "暂扣"
    RESTORED = "restored", "恢复"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"
    REVIEWED = "reviewed", "年审"
    CORRECTED = "corrected", "更正证件信息"


class ReviewResult(models.TextChoices):
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class CertificateEvent(models.Model):
    """One change of a card: written by the action that makes it, in the officer's write."""

    certificate = models.ForeignKey(
        Certificate, verbose_name="执法证", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事项", max_length=16, choices=EventKind.choices)
    date = models.DateField("日期")
    until = models.DateField("暂扣截止日期", null=True, blank=True)
    result = models.CharField(
        "年审结果", max_length=8, choices=ReviewResult.choices, blank=True, default=""
    )
    reason = models.CharField("事由", max_length=200, blank=True)
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
        verbose_name = "执法证变更记录"
        verbose_name_plural = "执法证变更记录"
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date.isoformat()}"


class ExamKind(models.TextChoices):
    GENERAL = "general", "通用法律知识"
    SPECIAL = "special", "专门法律知识"


class Exam(models.Model):
    """One 行政执法资格考试 the officer sat; `passed` follows the pass mark set then."""

    officer = models.ForeignKey(
        EnforcementOfficer, verbose_name="执法人员", on_delete=models.CASCADE, related_name="exams"
    )
    date = models.DateField("考试日期")
    kind = models.CharField("考试类别", max_length=16, choices=ExamKind.choices)
    score = models.PositiveSmallIntegerField(
        "成绩", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    passed = models.BooleanField("是否合格", default=False)
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
        verbose_name = "执法资格考试"
        verbose_name_plural = "执法资格考试"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date.isoformat()}"


class TrainingCategory(models.TextChoices):
    PUBLIC = "public", "公共法律知识"
    PROFESSIONAL = "professional", "专业法律知识"
    SKILLS = "skills", "执法技能"
    OTHER = "other", "其他"


class TrainingAttendance(RegisterRecord):
    """One person's attendance at one 培训 session: a sign-in sheet's row, owned by the
    attendee's department. `officer` is matched by the ID number's blind index; a row that
    matches no one on the roster is kept and flagged `unmatched`."""

    register_role = Role.ENFORCEMENT
    clerk_enters = True
    clerk_kinds = OWNER_KINDS
    clerk_enters_personal_data = True  # his sign-in sheets' ID numbers, as the roster's

    # The row's own key (the importer's, per department); the session is `session_number`.
    number = models.CharField(
        "签到编号", max_length=64, help_text="每人每次培训一个，如 古培2024001-003"
    )
    session_number = models.CharField("培训编号", max_length=64)
    held_date = models.DateField("培训日期")
    topic = models.CharField("培训主题", max_length=200)
    hours = models.DecimalField(
        "学时",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    category = models.CharField("培训类别", max_length=16, choices=TrainingCategory.choices)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField(
        "身份证号", max_length=18, mask="id_number", validators=[IdNumberValidator()]
    )
    id_number_index = BlindIndexField(source="id_number")
    officer = models.ForeignKey(
        EnforcementOfficer,
        verbose_name="执法人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    unmatched = models.BooleanField("未匹配", default=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "执法人员培训"
        verbose_name_plural = "执法人员培训"
        ordering = ["-held_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            # One person signs one session's sheet once.
            models.UniqueConstraint(
                fields=["unit", "session_number", "id_number_index"],
                name="officers_one_attendance_per_person",
                violation_error_message="本单位该培训已登记过此人。",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-held_date", "-id"], name="training_unit_date"),
            models.Index(fields=["officer", "held_date"], name="training_officer_date"),
        ]


class RenewalCampaign(models.Model):
    """申领换发: one year's renewal of the cards that expire by `ends_on`, run by a bureau over
    the departments below it. Its list of due cards (`entries`) is taken when it opens and
    brought up to date on request; who applied is recorded on it, while the exams passed and
    the new cards issued are read from the officers' records."""

    unit = models.ForeignKey(
        Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    ends_on = models.DateField("换证截止日期", help_text="有效期至在此日期前的执法证列入换证")
    opened_by = models.ForeignKey(
        "core.User", verbose_name="组织人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("开展时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法证申领换发"
        verbose_name_plural = "执法证申领换发"
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="officers_one_campaign_per_year",
                violation_error_message="本单位该年度已开展申领换发。",
            )
        ]

    def __str__(self):
        return f"{self.year}年度执法证申领换发"


class RenewalEntry(models.Model):
    """A card due for renewal in a campaign, and when its holder applied."""

    campaign = models.ForeignKey(
        RenewalCampaign, verbose_name="申领换发", on_delete=models.CASCADE, related_name="entries"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="待换执法证", on_delete=models.CASCADE, related_name="+"
    )
    officer = models.ForeignKey(
        EnforcementOfficer, verbose_name="执法人员", on_delete=models.CASCADE, related_name="+"
    )
    applied_date = models.DateField("申领日期", null=True, blank=True)

    class Meta:
        verbose_name = "申领换发名单"
        verbose_name_plural = "申领换发名单"
        ordering = ["officer__unit__code", "officer__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "certificate"], name="officers_one_entry_per_card"
            )
        ]

    def __str__(self):
        return f"{self.campaign} {self.certificate}"
