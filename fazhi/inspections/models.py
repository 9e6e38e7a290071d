"""涉企行政检查 (docs/domain/enforcement-supervision.md, inspection_plan and
enterprise_inspection): a department's yearly plan and lists filed with the bureau, and each
inspection of an enterprise it carried out.

Both are owned by the department (行政执法部门, or a 乡镇人民政府 for the powers handed to it),
so that its 填报员 enters and reads only its own, and the bureau's 执法监督 works the county.
"""

from django.db import models
from django.utils import timezone

from fazhi.core.models import UnitKind
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

# The units that inspect enterprises and file plans: who owns these records.
INSPECTING_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)


class InspectionPlan(RegisterRecord):
    """A department's 涉企行政检查 plan for one year, with its lists of 检查主体 and 检查事项,
    filed with the bureau (报备) and published."""

    register_role = Role.ENFORCEMENT
    clerk_enters = True
    clerk_kinds = INSPECTING_KINDS

    number = models.CharField("计划编号", max_length=64)
    year = models.PositiveSmallIntegerField("年度", help_text="计划所属年度，如 2025")
    subjects = models.TextField("检查主体", help_text="每行一个检查主体")
    items = models.TextField(
        "检查事项清单",
        help_text="每行一个事项：事项名称｜依据｜方式｜频次（后三项可省略，用“｜”分隔）",
    )
    planned_count = models.PositiveIntegerField("计划检查次数")
    # Today by default: what a 填报员's plan is filed on, the one date he may give it
    # (columns.PLAN_REGISTER.protected compares a new plan's date with this default).
    filed_date = models.DateField(
        "报备日期", default=timezone.localdate, help_text="向县司法局报备的日期"
    )
    published_date = models.DateField("公布日期", null=True, blank=True)

    # Derived by rules.derive_plan() on every save.
    # Filed after the due date of its year (setting inspection_plan.due), judged when saved.
    filed_late = models.BooleanField("逾期报备", default=False, editable=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "涉企检查计划"
        verbose_name_plural = "涉企检查计划"
        ordering = ["-filed_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="inspection_plan_one_per_unit_year",
                violation_error_message="本单位这一年度已报备过涉企检查计划，请打开已有的计划修改。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-filed_date", "-id"], name="insp_plan_unit_filed"),
        ]


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", "日常"
    CASE = "case", "个案"
    SPECIAL = "special", "专项"
    ORDERED = "ordered", "上级部署专项"


class InspectionMethod(models.TextChoices):
    ON_SITE = "on_site", "现场"
    OFF_SITE = "off_site", "非现场"
    JOINT = "joint", "联合"


class InspectionResult(models.TextChoices):
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "责令整改"
    CASE_OPENED = "case_opened", "立案查处"
    OTHER = "other", "其他"


class EnterpriseInspection(RegisterRecord):
    """One 涉企行政检查: the enterprise (by its 统一社会信用代码), the day, what was inspected,
    how, the result, and the officers by their 执法证号."""

    register_role = Role.ENFORCEMENT
    clerk_enters = True
    clerk_kinds = INSPECTING_KINDS

    number = models.CharField("检查编号", max_length=64)
    subject = models.CharField("检查主体", max_length=100)
    # Kept as written (normalised) even when it fails the check: an imported row keeps it,
    # flagged, for a supervisor to confirm (some early pilot codes are lawful yet fail).
    uscc = models.CharField("统一社会信用代码", max_length=30)
    enterprise_name = models.CharField("企业名称", max_length=200)
    inspection_date = models.DateField("检查日期")
    matter = models.CharField("检查事项", max_length=200)
    kind = models.CharField("检查类别", max_length=16, choices=InspectionKind.choices)
    method = models.CharField("检查方式", max_length=16, choices=InspectionMethod.choices)
    planned = models.BooleanField("是否计划内", default=True)
    approval_date = models.DateField("审批日期", null=True, blank=True)
    result = models.CharField("检查结果", max_length=16, choices=InspectionResult.choices)
    officer_numbers = models.TextField(
        "执法人员证号", help_text="参加检查的执法人员的执法证号，多个用顿号、逗号或换行分隔"
    )

    # Derived on every save: the officers whose 执法证 was valid on the inspection date (looked
    # up by links.resolve from the roster), and the two flags an import keeps.
    valid_officers = models.PositiveSmallIntegerField("持有效执法证人数", default=0, editable=False)
    short_of_officers = models.BooleanField("持证人数不足", default=False, editable=False)
    code_unverified = models.BooleanField("信用代码校验未通过", default=False, editable=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "涉企行政检查"
        verbose_name_plural = "涉企行政检查"
        ordering = ["-inspection_date", "-id"]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-inspection_date", "-id"], name="insp_unit_date"),
            # The frequency cap: one enterprise's inspections by one department in a year.
            models.Index(fields=["uscc", "unit", "inspection_date"], name="insp_uscc"),
        ]
