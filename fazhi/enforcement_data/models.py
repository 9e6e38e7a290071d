"""执法数据年报 (docs/domain/enforcement-supervision.md, enforcement_annual_data): one record per
行政执法部门 and year, owned by the department, so that its 填报员 files his own department's
year and the bureau's 执法监督 sees the whole county.

A count left empty means the department has no such power (无此职权); 0 means it has the
power and made no such decision in the year. 广东's form keeps that distinction, and so does
every page, file and figure here: an empty count is never summed as 0 or shown as 0.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fazhi.core.models import UnitKind
from fazhi.core.records import RegisterRecord
from fazhi.core.roles import Role

from . import rules

# The units that own yearly data: the 行政执法部门, and a 乡镇人民政府 for the enforcement
# powers handed down to it. Only the departments are expected to file (rules.EXPECTED_KINDS).
OWNER_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)

ONE_A_YEAR = "enforcement_data_one_filing_per_unit_and_year"
NO_POWER = "留空＝本单位无此项职权；有此职权但本年度没有的填 0。"


def _count(label: str, rule: str = ""):
    return models.PositiveIntegerField(
        label, null=True, blank=True, help_text=f"{rule}{NO_POWER}" if rule else NO_POWER
    )


class AnnualData(RegisterRecord):
    """One department's enforcement figures of one calendar year, and their publication."""

    register_role = Role.ENFORCEMENT
    # The department's own 填报员 files its year (core.access: clerk_enters, clerk_kinds).
    clerk_enters = True
    clerk_kinds = OWNER_KINDS

    number = models.CharField("编号", max_length=64, help_text="本单位自编，如“2024年度执法数据”")
    year = models.PositiveSmallIntegerField(
        "年度",
        validators=[MinValueValidator(rules.FIRST_YEAR), MaxValueValidator(rules.LAST_YEAR)],
        help_text="统计的自然年度（1月1日至12月31日），只能填报已经结束的年度",
    )
    licensing = _count("行政许可", "准予变更、延续的计入。")
    penalty = _count(
        "行政处罚",
        "按本年度作出的处罚决定计，含其后被撤销的；一份决定书有几种处罚的计一件，归入最重的一种。",
    )
    coercion = _count("行政强制", "行政强制措施和行政强制执行。")
    inspection = _count("行政检查")
    expropriation = _count("行政征收征用")
    other = _count("其他", "上述类别以外的行政执法行为。")
    fines = models.DecimalField(
        "罚没金额（元）",
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=(
            "按本年度处罚决定书载明的罚款和没收金额计，没收物品只计有估价的；"
            "无行政处罚职权的留空，有职权但没有罚没的填 0。"
        ),
    )
    # Today by default: what a 填报员's filing is dated, the one date he may give it
    # (columns.REGISTER.protected compares a new filing's date with this default).
    filed_date = models.DateField("填报日期", default=timezone.localdate)
    filer = models.CharField("填报人", max_length=50)
    published_date = models.DateField(
        "公开日期", null=True, blank=True, help_text="在政府网站或本单位网站公开本年度数据的日期"
    )
    # A CharField, not a URLField: rules.check decides what a link may be (http or https),
    # the same for forms and imports, with one Chinese message.
    link = models.CharField("公开网址", max_length=500, blank=True)

    # Derived by rules.derive() on every save, from the 年度 and the setting annual_data_due.
    filing_due = models.DateField("应报日期", null=True, blank=True, editable=False)
    late = models.BooleanField("逾期填报", default=False, editable=False)

    class Meta(RegisterRecord.Meta):
        verbose_name = "执法数据年报"
        verbose_name_plural = "执法数据年报"
        ordering = ["-filed_date", "-id"]
        constraints = [
            *RegisterRecord.Meta.constraints,
            # One filing a year: the write path names the existing one (filings.py); this
            # holds against two writers at once.
            models.UniqueConstraint(
                fields=["unit", "year"],
                name=ONE_A_YEAR,
                violation_error_message="本单位这一年度的执法数据已经填报，同一年度只能填报一次。",
            ),
        ]
        indexes = [
            # A unit's records newest first: a subtree's list page takes each unit's first page.
            models.Index(fields=["unit", "-filed_date", "-id"], name="annual_data_unit_filed"),
        ]

    def __str__(self):
        return f"{self.year}年度执法数据"

    def get_constraints(self):
        """The constraints validation asks, but one filing a year: the write path's look-up
        (filings.refuse_second_filing) refuses a second filing naming the first, beside any
        other fault of the form, where the constraint's validation would stop a form at its
        first step with a message naming none."""
        return [
            (model, [c for c in constraints if c.name != ONE_A_YEAR])
            for model, constraints in super().get_constraints()
        ]
