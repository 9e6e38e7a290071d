"""评议考核's figures (docs/domain/enforcement-supervision.md): the results confirmed for the
years that end in the period — a year's evaluation is a figure of that year, whenever it was
held — counted by 等次 in one GROUP BY, and their average total.

A result still being scored is not a figure: its total may yet change.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg

from fazhi.indicators.registry import Group, Indicator, Period, breakdown, register_indicators

from .columns import REGISTER
from .models import EnforcementEvaluation, Grade, Status

NAME = REGISTER.name
PREFIX = f"{NAME}."
COLUMNS = ("year", "evaluated_unit", "total", "grade", "confirmed_date")


def years_ending_in(period: Period) -> list[int]:
    """The years whose last day lies in the period: a year's results belong to its end."""
    return [
        year
        for year in range(period.start.year, period.end.year + 1)
        if period.start <= datetime.date(year, 12, 31) <= period.end
    ]


def confirmed_records(period: Period, units):
    return EnforcementEvaluation.objects.filter(
        unit__in=units, status=Status.CONFIRMED, year__in=years_ending_in(period)
    )


def _average(records) -> Decimal:
    """The average total, to the cent; 0 when no result is confirmed."""
    found = records.aggregate(average=Avg("total"))["average"]
    if found is None:
        return Decimal("0")
    return Decimal(str(found)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


SCORED = Group(f"{PREFIX}units_scored", confirmed_records, ("grade",))

INDICATORS = (
    Indicator(
        key=f"{PREFIX}units_scored",
        label="参加评议考核的部门",
        unit="家",
        definition="考核年度在统计期间内结束、考核结果已确定的行政执法部门。",
        register=NAME,
        group=SCORED,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}average_score",
        label="评议考核平均分",
        unit="分",
        definition="考核年度在统计期间内结束、已确定的考核结果的总分平均数（没有结果时为 0）。",
        register=NAME,
        records=confirmed_records,
        value=_average,
        columns=COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}by_grade",
        Grade.choices,
        field="grade",
        group=SCORED,
        label="评议考核（{label}）",
        unit="家",
        definition="考核年度在统计期间内结束、考核结果已确定且等次为“{label}”的行政执法部门。",
        register=NAME,
        columns=COLUMNS,
    ),
)


def register():
    """Called once from EvaluationConfig.ready()."""
    register_indicators(*INDICATORS)
