from django.db import models

from fazhi.core.choices import ActType
from fazhi.core.records import WatchedRecord
from fazhi.core.roles import Role


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class Judgment(models.TextChoices):
    """裁判结果; the indicator keys litigation.by_result.<label> use the Chinese labels."""

    CLAIMS_DISMISSED = "claims_dismissed", "驳回诉讼请求"
    REVOKED = "revoked", "撤销"
    PARTLY_REVOKED = "partly_revoked", "部分撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    ORDERED = "ordered", "责令履行"
    VARIED = "varied", "变更"
    COMPENSATION = "compensation", "给付或赔偿"
    SUIT_DISMISSED = "suit_dismissed", "裁定驳回起诉"
    WITHDRAWN = "withdrawn", "原告撤诉"
    MEDIATED = "mediated", "调解结案"
    OTHER = "other", "其他"


# 败诉 is defined by no statute: this is the common practice of litigation.md. The set in force
# is a setting (owned by the indicators); this is only its shipped default.
LOST_JUDGMENTS_DEFAULT = frozenset(
    {
        Judgment.REVOKED,
        Judgment.PARTLY_REVOKED,
        Judgment.CONFIRMED_ILLEGAL,
        Judgment.CONFIRMED_VOID,
        Judgment.ORDERED,
        Judgment.VARIED,
        Judgment.COMPENSATION,
    }
)


# 裁判结果 → 结案方式 where the result says it (rules.CLOSING_OF_JUDGMENT); 其他 says nothing, and
# its 结案方式 is entered by the officer.
class ClosingMethod(models.TextChoices):
    """结案方式, as courts and the 复议应诉 statistics count a case's end: a 判决 (行政诉讼法
    第六十九条至第七十八条), a 裁定 ending the case (裁定驳回起诉 …), 撤诉 (准予撤诉 is itself a
    裁定, 第六十二条, but is counted apart, as the courts' statistics do), 调解 (第六十条).
    The indicator keys litigation.concluded.<label> use the Chinese labels."""

    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    WITHDRAWN = "withdrawn", "撤诉"
    MEDIATED = "mediated", "调解"


class Status(models.TextChoices):
    """Where a case stands; derived from its dates by rules.status()."""

    AWAITING_DEFENCE = "awaiting_defence", "待答辩"
    PENDING = "pending", "审理中"
    CONCLUDED = "concluded", "已审结"


class LitigationCase(WatchedRecord):
    # The 复议应诉 section works both registers.
    register_role = Role.RECONSIDERATION

    number = models.CharField("案号", max_length=64)
    plaintiff = models.CharField("原告", max_length=200)
    defendant = models.CharField("被告", max_length=200)
    act_type = models.CharField("行政行为类别", max_length=32, choices=ActType.choices, blank=True)
    instance = models.CharField(
        "审级", max_length=16, choices=Instance.choices, default=Instance.FIRST
    )
    court = models.CharField("审理法院", max_length=100, blank=True)
    notice_received_date = models.DateField("收到应诉通知日期")
    hearing_held = models.BooleanField("是否开庭", default=False)
    hearing_date = models.DateField("开庭日期", null=True, blank=True)
    head_appeared = models.BooleanField("负责人是否出庭", default=False)
    head_name = models.CharField("出庭负责人", max_length=50, blank=True)
    head_title = models.CharField("出庭负责人职务", max_length=100, blank=True)
    # 出庭且出声: the head who appeared spoke in court — stated the case, answered, argued or
    # gave his view on resolving the dispute (法释〔2020〕3号 第十一条第二款、第三款).
    head_spoke = models.BooleanField("负责人是否出声", default=False)
    concluded_date = models.DateField("审结日期", null=True, blank=True)
    judgment = models.CharField("裁判结果", max_length=32, choices=Judgment.choices, blank=True)
    # Derived from 裁判结果 where it says it (rules.derive); entered where it does not (其他).
    closing_method = models.CharField(
        "结案方式", max_length=16, choices=ClosingMethod.choices, blank=True
    )
    # 复议机关维持原行政行为后，与作出原行政行为的机关作共同被告 (行政诉讼法第二十六条第二款).
    joint_defence = models.BooleanField("是否共同应诉", default=False)
    # 原告一并请求审查规范性文件 (行政诉讼法第五十三条).
    normative_review = models.BooleanField("是否附带审查规范性文件", default=False)
    # The Excel column is the number as the officer wrote it; the link below is resolved from
    # it against the database (links.resolve_links), which rules.py, being pure, cannot do.
    reconsideration_number = models.CharField("关联复议案件编号", max_length=64, blank=True)
    reconsideration = models.ForeignKey(
        "reconsideration.ReconsiderationCase",
        verbose_name="关联复议案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigation_cases",
    )

    # Kept by the web steps, not in the Excel template.
    defence_date = models.DateField("答辩提交日期", null=True, blank=True)

    # Derived by rules.derive() on every save, so lists filter and sort on them in SQL.
    status = models.CharField(
        "办理状态", max_length=24, choices=Status.choices, default=Status.AWAITING_DEFENCE
    )
    answer_deadline = models.DateField("答辩期限", null=True, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"
        ordering = ["-notice_received_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(
                fields=["unit", "-notice_received_date", "-id"], name="litig_unit_received"
            ),
            models.Index(fields=["unit", "concluded_date"], name="litig_unit_concluded"),
            models.Index(fields=["unit", "hearing_date"], name="litig_unit_hearing"),
            models.Index(fields=["status", "due_date"], name="litig_status_due"),
        ]

    @property
    def is_concluded(self) -> bool:
        return bool(self.judgment and self.concluded_date)
