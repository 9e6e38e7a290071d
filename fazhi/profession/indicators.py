"""法律服务队伍: the settings of the 年度考核 deadlines and the figures (docs/domain/
legal-services.md). Stocks are judged on the period's last day (today while it runs); flows
by their own date in the period."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Value
from django.utils import timezone

from fazhi.core.models import RegisterSetting
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Group, Indicator, Period, breakdown, register_indicators

from . import queries, rules
from .models import (
    ENDED_STATUSES,
    AssessmentResult,
    LawyerKind,
    LegalPractitioner,
    LegalServiceOrg,
    OrgKind,
    PractitionerAssessment,
    PractitionerKind,
)

ORG = "legal_service_org"
PRACTITIONER = "legal_practitioner"
ASSESSMENT = "practitioner_assessment"

# --- settings ------------------------------------------------------------------------------

MONTH_DAYS = tuple(
    (f"{m:02}-{d:02}", f"次年{m}月{d}日")
    for m, d in ((3, 31), (4, 30), (5, 31), (6, 30), (9, 30), (12, 31))
)
NO_SOURCE = "未找到全国统一的完成时限，默认次年5月31日（各地通知多以此为限），请按本省通知设置。"
DEADLINE_HELP = {
    OrgKind.LAW_FIRM: (
        "律师事务所年度检查考核由设区的市级司法行政机关组织（《律师事务所管理办法》第六十五条）；"
        "律师事务所于每年一季度报送上一年度执业情况报告（第五十九条）。完成时限无全国统一规定，"
        "默认次年5月31日（如上海崇明2025年为4月1日至5月31日），请按本省通知设置。"
    ),
    PractitionerKind.LAWYER: (
        "律师事务所应于每年一季度将律师执业考核结果随年度执业情况报告报送"
        "（《律师事务所管理办法》第五十九条；律师法第二十四条），故默认次年3月31日。"
    ),
    OrgKind.NOTARY_OFFICE: "《公证机构年度考核办法（试行）》（司发通〔2007〕67号）未见完成日期；"
    + NO_SOURCE,
    PractitionerKind.NOTARY: NO_SOURCE,
    OrgKind.GRASSROOTS_OFFICE: "浙江等地规定次年5月31日前完成；" + NO_SOURCE,
    PractitionerKind.GRASSROOTS_WORKER: "浙江等地规定次年5月31日前完成；" + NO_SOURCE,
}
KIND_LABELS = rules.KIND_LABELS

SETTINGS = tuple(
    Setting(
        rules.deadline_key(kind),
        f"{KIND_LABELS[kind]}年度考核完成时限",
        MONTH_DAYS,
        rules.DEFAULTS[rules.deadline_key(kind)],
        help=DEADLINE_HELP[kind],
    )
    for _subject, kind in rules.DEADLINE_KINDS
)

# --- figures -------------------------------------------------------------------------------

ORG_COLUMNS = ("name", "kind", "licensed_date", "status")
# The 执业机构 as written: the drill-down reads no org per row.
PRACTITIONER_COLUMNS = ("name", "kind", "lawyer_kind", "org_number", "licensed_date", "status")
ASSESSMENT_COLUMNS = ("year", "subject_kind", "subject_name", "result", "assessed_date")
POPULATION = "unit_population"


def reference_day(period: Period) -> datetime.date:
    """The day a stock is judged on: the period's end, or today while the period runs."""
    return min(period.end, timezone.localdate())


def _settings() -> dict:
    return rules.settings_from(RegisterSetting.objects.current())


def orgs_held(period: Period, units):
    return LegalServiceOrg.objects.filter(unit__in=units).filter(
        queries.held_on(reference_day(period))
    )


def orgs_new(period: Period, units):
    return LegalServiceOrg.objects.filter(
        unit__in=units, licensed_date__range=(period.start, period.end)
    )


def orgs_ended(period: Period, units):
    return LegalServiceOrg.objects.filter(
        unit__in=units, status__in=ENDED_STATUSES, status_date__range=(period.start, period.end)
    )


def practitioners_held(period: Period, units):
    return LegalPractitioner.objects.filter(unit__in=units).filter(
        queries.held_on(reference_day(period))
    )


def lawyers_held(period: Period, units):
    return practitioners_held(period, units).filter(kind=PractitionerKind.LAWYER)


def practitioners_new(period: Period, units):
    return LegalPractitioner.objects.filter(
        unit__in=units, licensed_date__range=(period.start, period.end)
    )


def practitioners_ended(period: Period, units):
    return LegalPractitioner.objects.filter(
        unit__in=units, status__in=ENDED_STATUSES, status_date__range=(period.start, period.end)
    )


def assessments(period: Period, units):
    return PractitionerAssessment.objects.filter(
        unit__in=units, assessed_date__range=(period.start, period.end)
    )


def _live_count(records) -> int:
    """A count computed live, never from the yearly rollups: it reads another register's
    records (the assessments) or the settings, whose changes do not mark this one's rollups."""
    return records.count()


def orgs_unassessed(period: Period, units):
    records = LegalServiceOrg.objects.filter(unit__in=units)
    return queries.not_assessed(records, reference_day(period), _settings())


def practitioners_unassessed(period: Period, units):
    records = LegalPractitioner.objects.filter(unit__in=units)
    return queries.not_assessed(records, reference_day(period), _settings())


def subtree_population(units) -> int | None:
    """常住人口 of the unit whose subtree `units` is: its path is a prefix of every other's,
    so it sorts first. None where it is not entered."""
    return units.order_by("path").values_list("population", flat=True).first()


def _practising_of(kind: str):
    def records(period: Period, units):
        population = subtree_population(units)
        found = LegalPractitioner.objects.filter(unit__in=units, kind=kind)
        # The denominator travels with the records to `per_10000` (the registry hands a value
        # function the records alone); the drill-down lists the practitioners counted.
        return queries.practising_on(found, reference_day(period)).annotate(
            **{POPULATION: Value(population)}
        )

    return records


def per_10000(records) -> Decimal | None:
    """Practitioners per 10,000 residents, to two decimals; None (shown “—”) where some are
    counted but the unit's 常住人口 is not entered: no figure rather than one divided by a
    guess. None counted is 0 whatever the population."""
    counted = records.count()
    if not counted:
        return Decimal("0.00")
    annotation = records.query.annotations.get(POPULATION)
    population = getattr(annotation, "value", None)
    if not population:
        return None
    rate = Decimal(counted) * 10000 / Decimal(population)
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


ORGS_HELD = Group(f"{ORG}.held", orgs_held, ("kind",), parts_sum_to_whole=True)
ORGS_NEW = Group(
    f"{ORG}.new", orgs_new, ("kind",), parts_sum_to_whole=True, dated_by="licensed_date"
)
ORGS_ENDED = Group(
    f"{ORG}.ended", orgs_ended, ("kind",), parts_sum_to_whole=True, dated_by="status_date"
)
PRACTITIONERS_HELD = Group(
    f"{PRACTITIONER}.held", practitioners_held, ("kind",), parts_sum_to_whole=True
)
LAWYERS_HELD = Group(
    f"{PRACTITIONER}.lawyers", lawyers_held, ("lawyer_kind",), parts_sum_to_whole=True
)
PRACTITIONERS_NEW = Group(
    f"{PRACTITIONER}.new",
    practitioners_new,
    ("kind",),
    parts_sum_to_whole=True,
    dated_by="licensed_date",
)
PRACTITIONERS_ENDED = Group(
    f"{PRACTITIONER}.ended",
    practitioners_ended,
    ("kind",),
    parts_sum_to_whole=True,
    dated_by="status_date",
)
ASSESSED = Group(
    f"{ASSESSMENT}.assessed",
    assessments,
    ("result",),
    parts_sum_to_whole=True,
    dated_by="assessed_date",
)

HELD_AT = "统计期末（本期未结束时为今天）"


def _family(
    group: Group,
    whole_label: str,
    unit: str,
    definition: str,
    register: str,
    field,
    choices,
    part_label: str,
    part_definition: str,
    columns,
) -> tuple[Indicator, ...]:
    whole = Indicator(
        key=group.key,
        label=whole_label,
        unit=unit,
        definition=definition,
        register=register,
        group=group,
        columns=columns,
    )
    parts = breakdown(
        group.key,
        choices,
        field=field,
        group=group,
        label=part_label,
        unit=unit,
        definition=part_definition,
        register=register,
        columns=columns,
    )
    return (whole, *parts)


HELD_MEANS = "执业许可证或执业证已颁发、尚未注销或吊销（含停止执业期间）"

FIGURES = (
    *_family(
        ORGS_HELD,
        "法律服务机构数",
        "家",
        f"{HELD_AT}{HELD_MEANS}的法律服务机构。",
        ORG,
        "kind",
        OrgKind.choices,
        "{label}数",
        f"{HELD_AT}{HELD_MEANS}的{{label}}。",
        ORG_COLUMNS,
    ),
    *_family(
        ORGS_NEW,
        "新设立的法律服务机构",
        "家",
        "设立日期（执业许可证发证日期）在统计期间内的法律服务机构。",
        ORG,
        "kind",
        OrgKind.choices,
        "新设立的{label}",
        "设立日期在统计期间内的{label}。",
        ORG_COLUMNS,
    ),
    *_family(
        ORGS_ENDED,
        "注销或吊销的法律服务机构",
        "家",
        "注销或吊销日期在统计期间内的法律服务机构。",
        ORG,
        "kind",
        OrgKind.choices,
        "注销或吊销的{label}",
        "注销或吊销日期在统计期间内的{label}。",
        ORG_COLUMNS,
    ),
    *_family(
        PRACTITIONERS_HELD,
        "法律服务人员数",
        "人",
        f"{HELD_AT}{HELD_MEANS}的律师、公证员和基层法律服务工作者。",
        PRACTITIONER,
        "kind",
        PractitionerKind.choices,
        "{label}人数",
        f"{HELD_AT}{HELD_MEANS}的{{label}}。",
        PRACTITIONER_COLUMNS,
    ),
    *_family(
        LAWYERS_HELD,
        "律师人数（按律师类别）",
        "人",
        f"{HELD_AT}{HELD_MEANS}的律师，按律师类别分列。",
        PRACTITIONER,
        "lawyer_kind",
        LawyerKind.choices,
        "{label}律师人数",
        f"{HELD_AT}{HELD_MEANS}的{{label}}律师。",
        PRACTITIONER_COLUMNS,
    ),
    *_family(
        PRACTITIONERS_NEW,
        "新发证的法律服务人员",
        "人",
        "执业证发证日期在统计期间内的法律服务人员。",
        PRACTITIONER,
        "kind",
        PractitionerKind.choices,
        "新发证的{label}",
        "执业证发证日期在统计期间内的{label}。",
        PRACTITIONER_COLUMNS,
    ),
    *_family(
        PRACTITIONERS_ENDED,
        "注销或吊销执业证的法律服务人员",
        "人",
        "执业证注销或吊销日期在统计期间内的法律服务人员。",
        PRACTITIONER,
        "kind",
        PractitionerKind.choices,
        "注销或吊销执业证的{label}",
        "执业证注销或吊销日期在统计期间内的{label}。",
        PRACTITIONER_COLUMNS,
    ),
    *(
        Indicator(
            key=f"{PRACTITIONER}.per_10000.{label}",
            label=f"每万人{label}数",
            unit="人/万人",
            definition=(
                f"{HELD_AT}处于执业状态（不含停止执业、注销、吊销）的本单位及下级单位{label}人数"
                "÷本单位辖区常住人口×10000，保留两位小数；本单位未填写常住人口的，不计算此项（显示“—”），无此类人员的为0。"
            ),
            register=PRACTITIONER,
            records=_practising_of(kind),
            value=per_10000,
            columns=PRACTITIONER_COLUMNS,
        )
        for kind, label in PractitionerKind.choices
    ),
    *_family(
        ASSESSED,
        "年度考核人次",
        "人次",
        "考核日期在统计期间内登记的年度考核（机构和人员），按考核结果分列。",
        ASSESSMENT,
        "result",
        AssessmentResult.choices,
        "考核结果为{label}的",
        "考核日期在统计期间内、考核结果为{label}的年度考核。",
        ASSESSMENT_COLUMNS,
    ),
    Indicator(
        key=f"{ASSESSMENT}.unmatched",
        label="未匹配的年度考核",
        unit="人次",
        definition="考核日期在统计期间内、执业证号或许可证号在本局登记簿中找不到的年度考核。",
        register=ASSESSMENT,
        records=lambda period, units: assessments(period, units).filter(unmatched=True),
        columns=(*ASSESSMENT_COLUMNS, "subject_number"),
        dated_by="assessed_date",
    ),
    Indicator(
        key=f"{ORG}.unassessed",
        label="未按期考核的法律服务机构",
        unit="家",
        definition=(
            f"{HELD_AT}处于执业状态、在考核年度年底前已设立，却没有该年度考核记录的法律服务机构。"
            "考核年度为已过完成时限（设置项，默认次年5月31日）的最近一个年度。"
        ),
        register=ORG,
        records=orgs_unassessed,
        value=_live_count,
        columns=ORG_COLUMNS,
    ),
    Indicator(
        key=f"{PRACTITIONER}.unassessed",
        label="未按期考核的法律服务人员",
        unit="人",
        definition=(
            f"{HELD_AT}处于执业状态、在考核年度年底前已发证，却没有该年度考核记录的法律服务人员。"
            "考核年度为已过完成时限（设置项，律师默认次年3月31日，其他默认次年5月31日）的最近一个年度。"
        ),
        register=PRACTITIONER,
        records=practitioners_unassessed,
        value=_live_count,
        columns=PRACTITIONER_COLUMNS,
    ),
)


def register():
    """Called once from ProfessionConfig.ready()."""
    declare_settings(*SETTINGS)
    register_indicators(*FIGURES)
