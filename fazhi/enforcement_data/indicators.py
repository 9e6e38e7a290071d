"""执法数据年报's figures (docs/domain/enforcement-supervision.md) and its due-date setting.

A year's data belongs to its 年度, not to the day it was filed: the records of a period are the
filings of the years whose last day (31 December) lies in it, so the year 2024 counts 2024's
data, filed in 2025, and a month or quarter holds a year's data only in December. Filings are
one family (one GROUP BY over 逾期填报); each kind's total and the 罚没金额 are one sum each,
over the same records, an empty count (无此职权) adding nothing.
"""

import datetime
from decimal import Decimal

from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Group, Indicator, Period, register_indicators, sum_of

from . import columns, rules
from .models import AnnualData

REGISTER = columns.REGISTER.name
PREFIX = f"{REGISTER}."
FILING_COLUMNS = ("year", "filed_date", "filing_due", "late", "filer")

DUE = Setting(
    key=rules.DUE_SETTING,
    label="执法数据年报的填报期限",
    choices=tuple((value, rules.due_label(value)) for value in rules.DUE_CHOICES),
    default=rules.DEFAULT_DUE,
    help=(
        "各行政执法部门在此日期前填报并公开上一年度的行政执法数据；晚于此日期填报的记为逾期填报"
        "（广东、大同等地依国办发〔2018〕118号定为次年1月31日）。修改后，此后填报、修改或导入的"
        "记录按新期限判断；已有记录运行“重新计算期限”后更新。"
    ),
)


def years_ending_in(period: Period) -> list[int]:
    """The years whose 31 December lies in the period."""
    return [
        year
        for year in range(period.start.year, period.end.year + 1)
        if period.start <= datetime.date(year, 12, 31) <= period.end
    ]


def filings(period: Period, units):
    return AnnualData.objects.filter(unit__in=units, year__in=years_ending_in(period))


# "其他" alone would not say what is counted.
TOTAL_LABELS = {"other": "其他行政执法行为"}

FILINGS = Group(f"{PREFIX}filed", filings, ("late",))


def _total(field: str, label: str) -> Indicator:
    return Indicator(
        key=f"{PREFIX}{field}",
        label=f"{label}（执法数据年报）",
        unit="件",
        definition=(
            f"统计期间内结束的年度、各单位填报的{label}件数之和；"
            "填报“无此职权”（留空）的单位不计入。"
        ),
        register=REGISTER,
        records=filings,
        value=sum_of(field),
        columns=("year", field, "filed_date"),
    )


INDICATORS = (
    Indicator(
        key=f"{PREFIX}filed",
        label="填报执法数据的单位",
        unit="家",
        definition="统计期间内结束的年度已填报执法数据年报的单位（每个单位每年度一份）。",
        register=REGISTER,
        group=FILINGS,
        columns=FILING_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}late",
        label="逾期填报执法数据的单位",
        unit="家",
        definition="统计期间内结束的年度、晚于填报期限（执法数据年报的填报期限设置）填报的单位。",
        register=REGISTER,
        group=FILINGS,
        match=(("late", (True,)),),
        columns=FILING_COLUMNS,
    ),
    *(_total(field, TOTAL_LABELS.get(field, label)) for field, label in rules.KINDS),
    Indicator(
        key=f"{PREFIX}fines",
        label="罚没金额（执法数据年报）",
        unit="元",
        definition="统计期间内结束的年度、各单位填报的罚没金额之和；无行政处罚职权（留空）的不计入。",
        register=REGISTER,
        records=filings,
        value=sum_of("fines", Decimal("0.00")),
        columns=("year", "penalty", "fines", "filed_date"),
    ),
)


def register():
    """Called once from EnforcementDataConfig.ready()."""
    declare_settings(DUE)
    register_indicators(*INDICATORS)
