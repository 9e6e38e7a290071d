from decimal import Decimal

from django.conf import settings
from django.db import models

from fazhi.core import permissions
from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import WatchedRecord, running_due
from fazhi.core.roles import CHANGE, VIEW, Role


class DisputeType(models.TextChoices):
    MARRIAGE = "marriage", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    HOUSING = "housing", "房屋宅基地"
    CONTRACT = "contract", "合同"
    BUSINESS = "business", "生产经营"
    DAMAGES = "damages", "损害赔偿"
    LAND = "land", "山林土地"
    EXPROPRIATION = "expropriation", "征地拆迁"
    POLLUTION = "pollution", "环境污染"
    LABOUR = "labour", "劳动争议"
    CONSUMER = "consumer", "消费"
    MEDICAL = "medical", "医疗"
    TRAFFIC = "traffic", "道路交通事故"
    PROPERTY = "property", "物业"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    ACTIVE = "active", "主动调解"
    APPLIED = "applied", "申请调解"
    REFERRED = "referred", "委托移送调解"


class Result(models.TextChoices):
    ONGOING = "ongoing", "调解中"
    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解不成"


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class Difficulty(models.TextChoices):
    ORDINARY = "ordinary", "一般"
    DIFFICULT = "difficult", "疑难"
    MAJOR = "major", "重大"


class SubsidyStatus(models.TextChoices):
    NONE = "none", "未申报"
    SUBMITTED = "submitted", "已申报"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "审核不通过"


class MediationCase(WatchedRecord):
    """One dispute mediated by a 人民调解委员会 (人民调解法 第二十七条: one file per case)."""

    register_role = Role.MEDIATION
    # A committee's 填报员 enters his committee's own cases; the 司法所 above sees the subtree.
    clerk_enters = True
    clerk_kinds = (UnitKind.MEDIATION_COMMITTEE,)
    deadline_lapses = True  # the 司法确认 window closes; it is not overdue work

    number = models.CharField("调解编号", max_length=64)
    committee_code = models.CharField(
        "调解组织", max_length=32, help_text="人民调解委员会的单位代码"
    )
    committee = models.ForeignKey(
        "core.Unit",
        verbose_name="调解组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_date = models.DateField("受理日期")
    dispute_type = models.CharField("纠纷类型", max_length=16, choices=DisputeType.choices)
    source = models.CharField("案件来源", max_length=16, choices=Source.choices, blank=True)
    parties = models.PositiveIntegerField("当事人数", null=True, blank=True)
    amount = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    mediator = models.CharField("调解员", max_length=50, blank=True)
    status = models.CharField(
        "调解结果", max_length=16, choices=Result.choices, default=Result.ONGOING
    )
    agreement_form = models.CharField(
        "协议形式", max_length=16, choices=AgreementForm.choices, blank=True
    )
    closed_date = models.DateField("结案日期", null=True, blank=True)
    judicial_confirmation = models.BooleanField("是否申请司法确认", default=False)
    prevented_criminal = models.BooleanField("是否防止民转刑", default=False)
    difficulty = models.CharField(
        "疑难程度", max_length=16, choices=Difficulty.choices, default=Difficulty.ORDINARY
    )
    subsidy_status = models.CharField(
        "以奖代补审核", max_length=16, choices=SubsidyStatus.choices, default=SubsidyStatus.NONE
    )
    # Kept by the 以奖代补 actions (and derived for imported 审核通过 rows).
    subsidy_year = models.PositiveIntegerField("以奖代补年度", null=True, blank=True)
    subsidy_amount = models.DecimalField(
        "以奖代补金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    subsidy_reason = models.CharField("审核意见", max_length=200, blank=True)
    # Who is paid and how much, as approved (rules.payee_basis); set by rules.derive when the
    # subsidy is approved, empty otherwise. A later change of any of it sends the case back to
    # review, whichever path (web, API, import) wrote it. Never a column or a form field.
    subsidy_approved = models.JSONField("审核通过时的发放依据", default=dict, blank=True)

    class Meta(WatchedRecord.Meta):
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-received_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-received_date", "-id"], name="med_unit_received"),
            # The list's own order: newest first stops after one page without sorting the rest.
            models.Index(fields=["-received_date", "-id"], name="med_list_order"),
            models.Index(fields=["subsidy_status", "subsidy_year"], name="med_subsidy"),
            models.Index(fields=["status", "due_date"], name="med_status_due"),
            # The deadline board's: the windows still running (most lapsed long ago).
            models.Index(running_due(), name="med_board_due"),
        ]


def ancestor_paths(path: str) -> list[str]:
    """A unit's own path and its ancestors' (pure), nearest first:
    /43/4331/433126/ → [/43/4331/433126/, /43/4331/, /43/]."""
    codes = [code for code in (path or "").split("/") if code]
    return ["/" + "/".join(codes[:n]) + "/" for n in range(len(codes), 0, -1)]


def tier_units(user):
    """The units whose tiers `user` may set: his own, if he sets tiers; else none."""
    if not permissions.allows("mediation.set_tiers", user):
        return Unit.objects.none()
    return Unit.objects.filter(pk=user.unit_id)


class SubsidyTierQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """VIEW: the tiers of the user's own unit and of the units above it (those it
        inherits), to those who work with subsidies. CHANGE: his own unit's, if he sets them.
        Never a sibling's or a child's. The rules are the app's (permissions.py), asked by name:
        they read the register's scope, so importing them here would close a cycle."""
        if action == VIEW and permissions.allows("mediation.view_tiers", user):
            return self.filter(unit__path__in=ancestor_paths(user.unit.path))
        if action == CHANGE and permissions.allows("mediation.set_tiers", user):
            return self.filter(unit_id=user.unit_id)
        return self.none()


class SubsidyTier(models.Model):
    """One setting of a year's 以奖代补 tier by the unit whose money it is: the latest row per
    (unit, year, difficulty) holds; the earlier rows are its history."""

    unit = models.ForeignKey(
        "core.Unit",
        verbose_name="设置单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField("年度")
    difficulty = models.CharField("疑难程度", max_length=16, choices=Difficulty.choices)
    amount = models.DecimalField("补贴金额（元）", max_digits=10, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField("设置时间", auto_now_add=True)

    objects = SubsidyTierQuerySet.as_manager()

    class Meta:
        verbose_name = "以奖代补标准"
        verbose_name_plural = "以奖代补标准"
        ordering = ["-year", "difficulty", "-set_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "year", "difficulty", "-set_at"], name="med_tier_latest")
        ]

    def __str__(self):
        return f"{self.year}年{self.get_difficulty_display()} {self.amount}元"


DEFAULT_TIERS = {
    Difficulty.ORDINARY: Decimal("100"),
    Difficulty.DIFFICULT: Decimal("200"),
    Difficulty.MAJOR: Decimal("300"),
}
