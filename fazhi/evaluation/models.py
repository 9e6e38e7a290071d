"""评议考核: the bureau's scheme for a year, and each department's result under it.

- `EvaluationScheme`: one per bureau and year, its items (名称, 分值, 评分方式, for a data item
  the measure and its deduction rule) and grade thresholds. Kept with its year, so an old year
  keeps its scheme; frozen once a result under it is confirmed (copy it to the next year).
- `EnforcementEvaluation`: one department's result for a year (the register), owned by the
  bureau like 案卷评查, the department named by `evaluated_unit` so that its 填报员 reads it.
- `Deduction`: a deduction scored by hand, with its reason, who and when: written with the
  result's own write (actions.py), so its audit entry carries it.
"""

from django.conf import settings
from django.db import models

from fazhi.core.access import Scope, scope_for
from fazhi.core.models import Unit, UnitKind
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import VIEW, Role


class Method(models.TextChoices):
    DATA = "data", "按数据"
    HAND = "hand", "人工"


class RuleKind(models.TextChoices):
    """How a data item's measure becomes a deduction (rules.data_deduction)."""

    ABOVE = "above", "超出起扣值，每超出1扣"
    BELOW = "below", "低于目标值，每低1扣"


class Grade(models.TextChoices):
    """等次 by the scheme's thresholds (rules.grade_for); figures key them by label."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Status(models.TextChoices):
    SCORING = "scoring", "考核中"
    CONFIRMED = "confirmed", "已确定"


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Whoever reads the register over a subtree (执法监督, 局领导) reads the schemes of
        the units in it and above it, a 填报员 none (his result's page shows its own scheme);
        changing is the named rule `evaluation.set_scheme` (actions.py)."""
        if scope_for(user, EnforcementEvaluation, VIEW) is not Scope.SUBTREE:
            return self.none()
        within = models.Q(unit__path__startswith=user.unit.path)
        return self.filter(within | models.Q(unit__path__in=_ancestor_paths(user.unit.path)))


def _ancestor_paths(path: str) -> list[str]:
    codes = [code for code in (path or "").split("/") if code]
    return ["/" + "/".join(codes[:n]) + "/" for n in range(1, len(codes))]


class EvaluationScheme(models.Model):
    """A bureau's 评议考核方案 for a year. `items` is a list of dicts (rules.Item.as_stored):
    the rows of the scheme page, kept as one value so that the scheme of a year is one record,
    audited whole and frozen whole."""

    unit = models.ForeignKey(
        Unit, verbose_name="制定单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("考核年度")
    items = models.JSONField("考核项目", default=list)
    excellent_min = models.DecimalField("优秀最低分", max_digits=6, decimal_places=2)
    good_min = models.DecimalField("良好最低分", max_digits=6, decimal_places=2)
    pass_min = models.DecimalField("合格最低分", max_digits=6, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "评议考核方案"
        verbose_name_plural = "评议考核方案"
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="evaluation_scheme_unit_year",
                violation_error_message="本单位该年度已有评议考核方案。",
            )
        ]

    def __str__(self):
        return f"{self.year}年度评议考核方案"


class EnforcementEvaluation(RegisterRecord):
    """One department's 评议考核 result for a year (the register `enforcement_evaluation`)."""

    register_role = Role.ENFORCEMENT
    # The department's 填报员 reads his own result; he changes nothing (permissions.py).
    clerk_enters = True
    clerk_kinds = (UnitKind.ENFORCEMENT_DEPARTMENT,)
    clerk_unit_field = "evaluated_unit"

    number = models.CharField("考核编号", max_length=64)
    year = models.PositiveIntegerField("考核年度")
    # The code as written in the file or form; `evaluated_unit` is resolved from it (links.py).
    evaluated_unit_code = models.CharField("被考核单位", max_length=32)
    evaluated_unit = models.ForeignKey(
        Unit,
        verbose_name="被考核单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_on = models.DateField("考核日期")
    remarks = models.TextField("备注", blank=True)

    # The bureau's scheme of the year (links.py), none until it is set.
    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name="考核方案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    # Kept by the actions: each measure's value at the last 重新计算 ({key: "12.5" | None}), and
    # the hand deductions summed by item ({"scheme": id, "unit": code, "items": {no: "2"}}).
    measured = models.JSONField("数据项取值", default=dict, blank=True)
    measured_at = models.DateTimeField("数据计算时间", null=True, blank=True)
    hand = models.JSONField("人工扣分", default=dict, blank=True)
    # Derived by rules.derive() on every save until confirmed, then kept as they are.
    item_scores = models.JSONField("各项得分", default=list, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等次", max_length=16, choices=Grade.choices, blank=True)
    status = models.CharField(
        "考核状态", max_length=16, choices=Status.choices, default=Status.SCORING
    )
    confirmed_date = models.DateField("确定日期", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(RegisterRecord.Meta):
        verbose_name = "评议考核"
        verbose_name_plural = "评议考核"
        ordering = ["-evaluated_on", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["unit", "year", "evaluated_unit_code"],
                name="evaluation_one_per_department_year",
                violation_error_message="该部门本年度已有评议考核记录。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-evaluated_on", "-id"], name="eval_unit_date"),
            models.Index(fields=["unit", "year", "status"], name="eval_unit_year"),
            models.Index(fields=["evaluated_unit", "year"], name="eval_department_year"),
        ]

    @property
    def confirmed(self) -> bool:
        return self.status == Status.CONFIRMED


class Deduction(models.Model):
    """A deduction scored by hand on one item of a result, with its reason; withdrawn (not
    deleted) while the result is being scored, so the page keeps what was said."""

    evaluation = models.ForeignKey(
        EnforcementEvaluation,
        verbose_name="评议考核",
        on_delete=models.PROTECT,
        related_name="deductions",
    )
    item_no = models.PositiveSmallIntegerField("项目序号")
    item_name = models.CharField("考核项目", max_length=100)
    points = models.DecimalField("扣分", max_digits=6, decimal_places=2)
    reason = models.TextField("扣分理由")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="扣分人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("扣分时间")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "人工扣分"
        verbose_name_plural = "人工扣分"
        ordering = ["item_no", "entered_at", "id"]

    def __str__(self):
        return f"{self.item_name} 扣{self.points}分"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
