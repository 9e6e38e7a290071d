"""Working-day arithmetic on the State Council holiday calendar (法定节假日及调休安排).

Statutory deadlines count either working days (e.g. 行政复议法 acceptance review) or calendar days
and months (民事诉讼法第八十五条). Both depend on the yearly State Council notice, including the
调休 weekends that are working days, which the `chinese_calendar` package records.

Every function here refuses to answer for a year the calendar does not know: a silently wrong
deadline is worse than an error that tells the administrator to update the calendar.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS

__all__ = [
    "KNOWN_YEARS",
    "CalendarYearUnknown",
    "Deadline",
    "add_calendar_days",
    "add_months",
    "add_working_days",
    "is_working_day",
    "working_days_between",
]

# Derived from the package data, so upgrading chinesecalendar extends the range with no code change.
# chinese_calendar itself bounds its supported years by the holiday table, so we do the same.
KNOWN_YEARS = range(min(_HOLIDAYS).year, max(_HOLIDAYS).year + 1)

# The longest run of consecutive rest days in any State Council calendar is about ten days
# (Spring Festival 2020); this margin only exists to turn a data error into an exception.
_MAX_REST_RUN = 30


class CalendarYearUnknown(ValueError):
    """The holiday calendar has no data for the year of `day`."""

    def __init__(self, day: date):
        self.day = day
        self.known_years = KNOWN_YEARS
        super().__init__(
            f"日期 {day.isoformat()} 超出法定节假日日历的已知范围"
            f"（{KNOWN_YEARS.start}—{KNOWN_YEARS.stop - 1}年），无法计算工作日；"
            "请升级 chinesecalendar 或由管理员补充该年度节假日安排。"
        )


@dataclass(frozen=True)
class Deadline:
    """A computed date together with the legal provision it was computed under.

    `date` is None, and `problem` says why, when the calendar cannot give the date (a year
    whose holidays the State Council has not yet published): a case must stay workable then,
    and its page must say the deadline is unknown rather than guess.
    """

    date: date | None
    basis: str
    label: str = ""
    problem: str = ""

    def __str__(self) -> str:
        shown = self.date.isoformat() if self.date else "待定"
        if not self.basis:
            return shown
        return f"{shown}（{self.basis}）"


def date_of(found: Deadline | None) -> date | None:
    """The date of a deadline that may not apply (None) or may be unknown (date None)."""
    return found.date if found is not None else None


def deadline(label: str, basis: str, compute: Callable[[], date]) -> Deadline:
    """The deadline `compute()` gives, or an unknown one carrying the calendar's reason."""
    try:
        return Deadline(compute(), basis, label)
    except CalendarYearUnknown as unknown:
        return Deadline(None, basis, label, problem=str(unknown))
    except OverflowError:
        return Deadline(
            None, basis, label, problem="期限超出可计算的日期范围，请检查所填日期和天数。"
        )


def _as_date(value: date, name: str = "日期") -> date:
    # datetime is a subclass of date; an aware UTC datetime near midnight would land on the wrong
    # Chinese calendar day, so make the caller choose the local date explicitly.
    if isinstance(value, datetime.datetime):
        raise TypeError(
            f"{name}应为 date 类型而不是 datetime；请先转换为本地日期（如 timezone.localdate()）。"
        )
    if not isinstance(value, date):
        raise TypeError(f"{name}应为 date 类型，实际为 {type(value).__name__}。")
    return value


def _check_count(n: int, unit: str) -> int:
    # bool is an int subclass; True as "one day" is always a bug at the call site.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"期限的{unit}数应为整数，实际为 {n!r}。")
    if n < 1:
        raise ValueError(f"期限的{unit}数应至少为 1，实际为 {n}。")
    return n


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day, counting 调休 weekends as working days."""
    day = _as_date(day)
    if day.year not in KNOWN_YEARS:
        raise CalendarYearUnknown(day)
    return chinese_calendar.is_workday(day)


def _next_working_day_on_or_after(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    for offset in range(_MAX_REST_RUN + 1):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    raise RuntimeError(
        f"自 {day.isoformat()} 起连续 {_MAX_REST_RUN} 天均非工作日，节假日数据可能有误。"
    )


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start`; `start` itself is never counted."""
    start = _as_date(start, "起算日")
    n = _check_count(n, "工作日")
    limit = n * 3 + _MAX_REST_RUN
    counted = 0
    for offset in range(1, limit + 1):
        day = start + timedelta(days=offset)
        if is_working_day(day):
            counted += 1
            if counted == n:
                return day
    raise RuntimeError(
        f"自 {start.isoformat()} 起 {limit} 天内不足 {n} 个工作日，节假日数据可能有误。"
    )


def add_calendar_days(start: date, n: int) -> date:
    """End of an n-day period under 民事诉讼法第八十五条.

    The start day is not counted; a last day that falls on a statutory rest day is replaced by the
    first working day after it.
    """
    start = _as_date(start, "起算日")
    n = _check_count(n, "日")
    return _next_working_day_on_or_after(start + timedelta(days=n))


def add_months(start: date, n: int) -> date:
    """End of an n-month period: the same day of month n months later.

    A day that month lacks (31 January + 1 month) becomes its last day, and a last day on a rest
    day moves to the next working day, as for calendar-day periods.
    """
    start = _as_date(start, "起算日")
    n = _check_count(n, "月")
    month_index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    if year > date.max.year:
        raise ValueError(f"{start.isoformat()} 加 {n} 个月超出可表示的日期范围。")
    last_day_of_month = calendar.monthrange(year, month)[1]
    raw_end = date(year, month, min(start.day, last_day_of_month))
    return _next_working_day_on_or_after(raw_end)


def working_days_between(start: date, end: date) -> int:
    """Number of working days d with start < d <= end; 0 when end is not after start."""
    start = _as_date(start, "起始日")
    end = _as_date(end, "截止日")
    total = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            total += 1
        day += timedelta(days=1)
    return total
