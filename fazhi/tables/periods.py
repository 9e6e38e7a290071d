"""The periods a table reports (pure: today is handed in).

A 年报 reports a year, a 季报 a quarter, a 月报 a month; a column reports the period itself
(本期) or the year up to its end (本年累计). The periods and their dates are the figures
page's (indicators/periods.py); a cumulative period is its "c<n>" (1 January to the end of month
n).
"""

import datetime
from dataclasses import dataclass

from fazhi.indicators import periods
from fazhi.indicators.registry import Period

from .layout import CUMULATIVE, CURRENT, KIND_LABELS, MONTH, QUARTER, YEAR

QUARTERS = tuple(f"q{n}" for n in range(1, 5))
MONTHS = tuple(f"m{n}" for n in range(1, 13))
OFFERED = {YEAR: (periods.WHOLE_YEAR,), QUARTER: QUARTERS, MONTH: MONTHS}
KIND_WORDS = {YEAR: "全年", QUARTER: "第一季度至第四季度", MONTH: "1月至12月"}
ECHOED = periods.ECHOED


def last_month(period: str) -> int:
    """The number of the last month of a period: 12 for the year, 3 for q1, 5 for m5."""
    if period == periods.WHOLE_YEAR:
        return 12
    number = int(period[1:])
    return number * 3 if period.startswith("q") else number


def cumulative_code(period: str) -> str:
    """The figures page's name of 1 January to the end of `period` (c1–c12)."""
    return f"c{last_month(period)}"


def span_code(period: str, span: str) -> str:
    """The figures page's name of the dates a column of `span` reports when the table reports
    `period` (the year's 累计 is the year itself)."""
    if span != CUMULATIVE or period == periods.WHOLE_YEAR:
        return period
    return cumulative_code(period)


def span_range(year: int, period: str, span: str) -> Period:
    """The dates a column of `span` reports when the table reports `period` of `year`."""
    return periods.period_range(year, span_code(period, span))


@dataclass(frozen=True)
class Chosen:
    """The period a table shows, and why it is not the one asked for (empty when it is)."""

    kind: str
    year: int
    period: str
    problem: str = ""

    @property
    def label(self) -> str:
        return periods.period_label(self.year, self.period)

    def range(self, span: str = CURRENT) -> Period:
        return span_range(self.year, self.period, span)

    def dates(self, span: str = CURRENT) -> str:
        found = self.range(span)
        return f"{found.start:%Y-%m-%d} 至 {found.end:%Y-%m-%d}"

    def ended(self, today: datetime.date) -> bool:
        return self.range().end < today

    def query(self) -> dict:
        return {"year": self.year, "period": self.period}


def latest(kind: str, year: int, today: datetime.date) -> str:
    """The last period of the kind in `year` that has begun (the whole year's last otherwise)."""
    if year < today.year:
        return OFFERED[kind][-1]
    if kind == QUARTER:
        return f"q{(today.month - 1) // 3 + 1}"
    if kind == MONTH:
        return f"m{today.month}"
    return periods.WHOLE_YEAR


def choose(kind: str, year_text, period_text, today: datetime.date) -> Chosen:
    """The period a request asked for (either part may be missing: this year, its latest
    period of the table's kind that has begun), else such a period, with the reason."""
    year_text = (year_text or "").strip() or str(today.year)
    period = (period_text or "").strip()
    try:
        year = int(year_text)
    except ValueError:
        year = 0
    if year < periods.FIRST_YEAR or year > today.year:
        shown = year_text[:ECHOED] + ("…" if len(year_text) > ECHOED else "")
        if year > today.year:
            reason = f"{shown}年尚未开始，还没有可统计的数据"
        else:
            reason = f"年度「{shown}」不正确，应为{periods.FIRST_YEAR}年至{today.year}年之间的年份"
        return _instead(kind, today.year, today, reason)
    if not period:
        return Chosen(kind, year, latest(kind, year, today))
    if period not in OFFERED[kind]:
        reason = (
            f"统计期间「{period[:ECHOED]}」不正确，"
            f"{KIND_LABELS[kind]}的统计期间应为{KIND_WORDS[kind]}"
        )
        return _instead(kind, year, today, reason)
    if periods.period_range(year, period).start > today:
        reason = f"{periods.period_label(year, period)}尚未开始，还没有可统计的数据"
        return _instead(kind, year, today, reason)
    return Chosen(kind, year, period)


def _instead(kind: str, year: int, today: datetime.date, reason: str) -> Chosen:
    shown = Chosen(kind, year, latest(kind, year, today))
    return Chosen(kind, year, shown.period, f"{reason}。以下为{shown.label}的统计。")


def options(kind: str, year: int, today: datetime.date) -> list[tuple[str, str]]:
    """The periods of the kind in `year` that have begun, (code, name), for the page's select."""
    return [
        (code, periods.PERIODS[code])
        for code in OFFERED[kind]
        if periods.period_range(year, code).start <= today
    ]
