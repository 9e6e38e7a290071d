"""涉企行政检查's figures (docs/domain/enforcement-supervision.md) and its settings: the plan's
due date, the frequency cap and the kinds it counts.

Inspections in the period are one family (one GROUP BY over 检查类别, 是否计划内 and the two
stored flags); 未经审批 is a count of its own. 超过频次上限的企业 is a distinct count over the
inspections of the (department, enterprise, year) whose counted inspections exceed the cap: it
depends on the settings at the time it is read, so it is computed live, never rolled up (its
value is no count or sum). Plans are counted by their 年度.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import ExtractYear

from fazhi.core.models import RegisterSetting
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import columns, rules
from .models import EnterpriseInspection, InspectionKind, InspectionPlan

PLANS = columns.PLAN_REGISTER.name
INSPECTIONS = columns.INSPECTION_REGISTER.name

# --- settings ---------------------------------------------------------------------------

PLAN_DUE = Setting(
    key=rules.PLAN_DUE_SETTING,
    label="涉企检查计划报备截止日期",
    choices=tuple((value, rules.due_label(value)) for value in rules.PLAN_DUE_CHOICES),
    default=rules.DEFAULT_PLAN_DUE,
    help=(
        "各部门每年向司法局报备本年度涉企行政检查计划的截止日期；湖南各县多为3月31日前"
        "（靖政办发〔2025〕8号等）。逾期报备和首页“未报备计划的部门”按此判断；修改只用于此后"
        "登记或修改的计划。"
    ),
)
CAP = Setting(
    key=rules.CAP_SETTING,
    label="涉企行政检查频次上限",
    choices=((rules.NO_CAP, "不限"), *((n, f"每年{n}次") for n in rules.CAP_CHOICES[1:])),
    default=rules.NO_CAP,
    help=(
        "同一行政执法部门每年对同一企业实施检查的最多次数。国办发〔2024〕54号要求主管部门"
        "公布年度检查频次上限，未规定全国统一数值，按本地公布的上限设置。超过上限的检查"
        "照常登记，计入“超过检查频次上限的企业”。"
    ),
)
CAP_KINDS = Setting(
    key=rules.CAP_KINDS_SETTING,
    label="计入检查频次上限的检查类别",
    choices=tuple((value, str(label)) for value, label in InspectionKind.choices),
    default=tuple(kind.value for kind in rules.DEFAULT_CAP_KINDS),
    help="司法部有关问题解答：日常检查、个案检查和专项检查计入，上级部署的专项检查不计入。",
)

# --- plans ------------------------------------------------------------------------------

PLAN_COLUMNS = ("year", "planned_count", "filed_date", "published_date", "filed_late")


def plan_records(period: Period, units):
    """Plans whose 年度 falls in the period."""
    return InspectionPlan.objects.filter(
        unit__in=units, year__range=(period.start.year, period.end.year)
    )


FILED = Group(f"{PLANS}.filed", plan_records, ("filed_late",))

# --- inspections ------------------------------------------------------------------------

# The enterprise by its name: a page shows a credit code only as a code (its record's page).
INSPECTION_COLUMNS = (
    "enterprise_name",
    "inspection_date",
    "kind",
    "planned",
    "result",
)
FLAGGED_COLUMNS = ("enterprise_name", "inspection_date", "officer_numbers")


def inspection_records(period: Period, units):
    return EnterpriseInspection.objects.filter(
        unit__in=units, inspection_date__range=(period.start, period.end)
    )


def without_approval_records(period: Period, units):
    return inspection_records(period, units).filter(approval_date__isnull=True)


def over_cap_records(period: Period, units):
    """The counted inspections in the period of each (department, enterprise, year) whose
    counted inspections that year, within the period or not, exceed the cap (settings)."""
    settings = RegisterSetting.objects.current()
    limit = rules.cap(settings)
    if limit is None:
        return EnterpriseInspection.objects.none()
    counted = EnterpriseInspection.objects.filter(kind__in=rules.counted_kinds(settings))
    same_year = (
        counted.filter(
            unit=OuterRef("unit"),
            uscc=OuterRef("uscc"),
            inspection_date__year=OuterRef("in_year"),
        )
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    over = (
        counted.filter(unit__in=units, inspection_date__range=(period.start, period.end))
        .annotate(in_year=ExtractYear("inspection_date"), that_year=Subquery(same_year))
        .filter(that_year__gt=limit)
        .values("pk")
    )
    return EnterpriseInspection.objects.filter(pk__in=over)


def _distinct_enterprises(records) -> int:
    return records.order_by().values("uscc").distinct().count()


CARRIED_OUT = Group(
    f"{INSPECTIONS}.count",
    inspection_records,
    ("kind", "planned", "short_of_officers", "code_unverified"),
    dated_by="inspection_date",
)

INDICATORS = (
    Indicator(
        key=f"{PLANS}.filed",
        label="报备涉企检查计划",
        unit="份",
        definition="年度在统计期间内、已向司法局报备的部门涉企行政检查计划。",
        register=PLANS,
        group=FILED,
        columns=PLAN_COLUMNS,
    ),
    Indicator(
        key=f"{PLANS}.late",
        label="逾期报备涉企检查计划",
        unit="份",
        definition="年度在统计期间内、报备日期晚于报备截止日期（设置）的涉企行政检查计划。",
        register=PLANS,
        group=FILED,
        match=(("filed_late", (True,)),),
        columns=PLAN_COLUMNS,
    ),
    Indicator(
        key=f"{PLANS}.planned_inspections",
        label="计划检查次数",
        unit="次",
        definition="年度在统计期间内的涉企行政检查计划所列计划检查次数之和。",
        register=PLANS,
        records=plan_records,
        value=sum_of("planned_count"),
        columns=PLAN_COLUMNS,
    ),
    Indicator(
        key=f"{INSPECTIONS}.count",
        label="涉企行政检查",
        unit="次",
        definition="检查日期在统计期间内的涉企行政检查（按部门查看即各部门检查次数）。",
        register=INSPECTIONS,
        group=CARRIED_OUT,
        columns=INSPECTION_COLUMNS,
    ),
    *breakdown(
        f"{INSPECTIONS}.by_kind",
        InspectionKind.choices,
        field="kind",
        group=CARRIED_OUT,
        label="涉企行政检查（{label}）",
        unit="次",
        definition="检查日期在统计期间内、检查类别为“{label}”的涉企行政检查。",
        register=INSPECTIONS,
        columns=INSPECTION_COLUMNS,
    ),
    Indicator(
        key=f"{INSPECTIONS}.unplanned",
        label="计划外涉企行政检查",
        unit="次",
        definition="检查日期在统计期间内、登记为不在年度检查计划内的涉企行政检查。",
        register=INSPECTIONS,
        group=CARRIED_OUT,
        match=(("planned", (False,)),),
        columns=INSPECTION_COLUMNS,
    ),
    Indicator(
        key=f"{INSPECTIONS}.uncertified",
        label="持证执法人员不足2名的检查",
        unit="次",
        definition=(
            "检查日期在统计期间内、在岗且检查当天持有本部门有效执法证的执法人员（联合检查的，"
            "各部门的均计入）少于2名的涉企行政检查"
            "（导入时保留并标记）。"
        ),
        register=INSPECTIONS,
        group=CARRIED_OUT,
        match=(("short_of_officers", (True,)),),
        columns=FLAGGED_COLUMNS,
    ),
    Indicator(
        key=f"{INSPECTIONS}.code_unverified",
        label="统一社会信用代码校验未通过的检查",
        unit="次",
        definition=(
            "检查日期在统计期间内、企业统一社会信用代码未通过校验码校验（国家标准《法人和其他组织统一社会信用代码编码规则》）的涉企行政检查"
            "（导入时保留并标记，待核实）。"
        ),
        register=INSPECTIONS,
        group=CARRIED_OUT,
        match=(("code_unverified", (True,)),),
        columns=FLAGGED_COLUMNS,
    ),
    Indicator(
        key=f"{INSPECTIONS}.without_approval",
        label="未填写审批日期的检查",
        unit="次",
        definition="检查日期在统计期间内、未登记审批日期的涉企行政检查。",
        register=INSPECTIONS,
        records=without_approval_records,
        columns=INSPECTION_COLUMNS,
        dated_by="inspection_date",
    ),
    Indicator(
        key=f"{INSPECTIONS}.enterprises_over_cap",
        label="超过检查频次上限的企业",
        unit="家",
        definition=(
            "同一部门当年对其实施的计入上限的检查（检查类别按设置）超过频次上限（设置）的企业，"
            "按企业计；明细列出这些企业在统计期间内的检查。未设置上限时为0。"
        ),
        register=INSPECTIONS,
        records=over_cap_records,
        value=_distinct_enterprises,
        columns=INSPECTION_COLUMNS,
    ),
)


def register():
    """Called once from InspectionsConfig.ready()."""
    declare_settings(PLAN_DUE, CAP, CAP_KINDS)
    register_indicators(*INDICATORS)
