"""法治督察's figures (docs/domain/enforcement-supervision.md, rule_of_law_inspection).

The findings are one family (one GROUP BY over 整改状态, dated by the inspection's start); the
inspections and the units are distinct counts, one aggregate each; what is overdue or still
open is judged on the period's last day (or today, in a period not yet over), by the shared
rectification rule (core.rectification) in SQL.

"督促整改单位" here counts the units a 法治督察 found problems in; the annual report's "督促N家
单位…整改" line also counts those of 案卷评查 (enforcement.units_rectifying): the report
combines the two.
"""

from django.db.models import Q
from django.utils import timezone

from fazhi.core import rectification
from fazhi.core.rectification import Status
from fazhi.indicators.registry import Group, Indicator, Period, register_indicators

from .columns import REGISTER
from .models import RuleOfLawInspection

NAME = REGISTER.name
PREFIX = f"{NAME}."
INSPECTION_COLUMNS = ("inspection_number", "kind", "inspected_unit", "start_date", "end_date")
FINDING_COLUMNS = (
    "inspection_number",
    "inspected_unit",
    "problems",
    "rectification_deadline",
    "status",
)


def _records(units):
    return RuleOfLawInspection.objects.filter(unit__in=units)


def inspected_records(period: Period, units):
    """The records of the inspections begun in the period (with a finding or without)."""
    return _records(units).filter(start_date__range=(period.start, period.end))


def finding_records(period: Period, units):
    return inspected_records(period, units).filter(status__in=rectification.FOUND)


def on_time_records(period: Period, units):
    """Findings of the period's inspections rectified by their deadline."""
    return finding_records(period, units).filter(rectification.on_time_condition())


def _judged_on(period: Period):
    """The day a stock is judged on: the period's last, or today while it runs."""
    return min(period.end, timezone.localdate())


def open_records(period: Period, units):
    """Findings made by the period's end (the inspection begun by then) whose rectification
    was not recorded by then: still 整改中 on that day."""
    day = _judged_on(period)
    not_done = Q(rectified_date__isnull=True) | Q(rectified_date__gt=day)
    return _records(units).filter(not_done, status__in=rectification.FOUND, start_date__lte=day)


def overdue_records(period: Period, units):
    """Findings made by the period's end, past their 整改期限 and not rectified then."""
    day = _judged_on(period)
    return _records(units).filter(rectification.overdue_condition(day), start_date__lte=day)


def _inspections(records) -> int:
    """An inspection is one 督察编号 of one unit, however many findings it made."""
    return records.order_by().values("unit", "inspection_number").distinct().count()


def _units(records) -> int:
    return records.order_by().values("inspected_unit").distinct().count()


FINDINGS = Group(f"{PREFIX}records", inspected_records, ("status",), dated_by="start_date")

INDICATORS = (
    Indicator(
        key=f"{PREFIX}count",
        label="法治督察次数",
        unit="次",
        definition="督察开始日期在统计期间内的法治督察（含政治巡察+法治督察、专项督察），"
        "按督察编号计，不按发现的问题计。",
        register=NAME,
        records=inspected_records,
        value=_inspections,
        columns=INSPECTION_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}findings",
        label="法治督察发现问题",
        unit="个",
        definition="督察开始日期在统计期间内的法治督察发现的问题。",
        register=NAME,
        group=FINDINGS,
        match=(("status", rectification.FOUND),),
        columns=FINDING_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}rectified",
        label="法治督察问题整改到位",
        unit="个",
        definition="督察开始日期在统计期间内的法治督察发现、已登记整改完成的问题。",
        register=NAME,
        group=FINDINGS,
        match=(("status", (Status.RECTIFIED,)),),
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{PREFIX}rectified_on_time",
        label="法治督察问题按期整改到位",
        unit="个",
        definition="督察开始日期在统计期间内的法治督察发现、整改完成日期不晚于整改期限的问题。",
        register=NAME,
        records=on_time_records,
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{PREFIX}on_time_rate",
        label="法治督察问题按期整改率",
        unit="%",
        definition="按期整改到位的问题 ÷ 发现的问题（督察开始日期在统计期间内）。",
        register=NAME,
        numerator=f"{PREFIX}rectified_on_time",
        denominator=f"{PREFIX}findings",
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{PREFIX}units_urged",
        label="法治督察督促整改单位",
        unit="家",
        definition="督察开始日期在统计期间内的法治督察发现问题的督察对象（按单位计，不按问题计）。",
        register=NAME,
        records=finding_records,
        value=_units,
        columns=FINDING_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}units_rectifying",
        label="法治督察整改中单位",
        unit="家",
        definition="统计期末（期间未结束时为今天）仍有督察发现的问题未整改完成的督察对象"
        "（按单位计）。",
        register=NAME,
        records=open_records,
        value=_units,
        columns=FINDING_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}overdue",
        label="法治督察整改到期未完成",
        unit="个",
        definition="统计期末（期间未结束时为今天）已过整改期限、尚未整改完成的督察发现的问题。",
        register=NAME,
        records=overdue_records,
        columns=FINDING_COLUMNS,
    ),
)


def register():
    """Called once from OversightConfig.ready()."""
    register_indicators(*INDICATORS)
