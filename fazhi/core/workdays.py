"""Working-day arithmetic on the State Council holiday calendar (法定节假日及调休安排).

Statutory deadlines count either working days (e.g. 行政复议法 acceptance review) or calendar days
and months (民事诉讼法第八十五条). Both depend on the yearly State Council notice, including the
调休 weekends that are working days.

Where a year's holidays come from, best first:
1. a year the bureau entered from the State Council notice (fazhi.core.holidays keeps them in
   the database and installs them here with `use_calendar`);
2. the `chinese_calendar` package, for the years it knows;
3. for a later year nobody has entered yet: the statutory holidays of 《全国年节及纪念日放假办法》
   (国务院令第795号, 2024 revision, in force 2025-01-01), with 补假 for a holiday on a weekend
   and no 调休. Dates computed from such a year are provisional (暂定): they are shown as such
   and become final when the year is entered.
A year before the calendar's first one cannot be computed at all: a silently wrong deadline is
worse than an error that says so.

This module is pure (no database): rules and their tests use it as it is.
"""

import calendar
import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from chinese_calendar.constants import Holiday as _PackageHoliday
from chinese_calendar.constants import holidays as _PACKAGE_HOLIDAYS
from chinese_calendar.constants import workdays as _PACKAGE_WORKDAYS

__all__ = [
    "PACKAGE_YEARS",
    "Calendar",
    "CalendarYearUnknown",
    "Deadline",
    "YearCalendar",
    "add_calendar_days",
    "add_months",
    "add_working_days",
    "current_calendar",
    "earliest",
    "is_provisional",
    "is_working_day",
    "package_calendar",
    "statutory_year",
    "use_calendar",
    "working_days_between",
]

# The years the chinese_calendar package knows; an upgrade of it extends them.
PACKAGE_YEARS = range(min(_PACKAGE_HOLIDAYS).year, max(_PACKAGE_HOLIDAYS).year + 1)
# 《全国年节及纪念日放假办法》 as revised by 国务院令第795号 applies from this year on; the
# provisional calendar is built from it only for years it governs.
STATUTORY_FROM = 2025
# The lunar library is reliable this far; a deadline past it is not a real case's.
STATUTORY_UNTIL = 2100

# The longest run of consecutive rest days in any State Council calendar is about ten days
# (Spring Festival 2020); this margin only exists to turn a data error into an exception.
_MAX_REST_RUN = 30
# How many period ends a calendar remembers before it starts again (a few MB at most).
PERIOD_MEMO = 200_000

REST, WORK = "rest", "work"
ARRANGEMENT_LABELS = {REST: "放假", WORK: "上班"}

HOLIDAY_NAMES = {
    _PackageHoliday.new_years_day.value: "元旦",
    _PackageHoliday.spring_festival.value: "春节",
    _PackageHoliday.tomb_sweeping_day.value: "清明节",
    _PackageHoliday.labour_day.value: "劳动节",
    _PackageHoliday.dragon_boat_festival.value: "端午节",
    _PackageHoliday.national_day.value: "国庆节",
    _PackageHoliday.mid_autumn_festival.value: "中秋节",
    _PackageHoliday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}


class CalendarYearUnknown(ValueError):
    """The holiday calendar cannot say whether a day of this year is a working day."""

    def __init__(self, day: date, first_year: int | None = None):
        self.day = day
        first = f"（最早为{first_year}年）" if first_year else ""
        super().__init__(
            f"日期 {day.isoformat()} 不在法定节假日日历可计算的范围内{first}，无法计算工作日；"
            "请检查所填日期。"
        )


@dataclass(frozen=True)
class YearCalendar:
    """One year's arrangement: the days off (放假, a holiday's weekend days included) and the
    weekend days that are working days (调休上班), each with the holiday's name."""

    year: int
    rest: dict  # date -> name
    work: dict  # date -> name
    provisional: bool = False
    source: str = ""

    def is_working_day(self, day: date) -> bool:
        if day in self.work:
            return True
        if day in self.rest:
            return False
        return day.weekday() < 5


@functools.cache
def statutory_year(year: int) -> YearCalendar:
    """The provisional arrangement of `year` from the statutory holidays alone (国务院令第795号
    第二条): 元旦 1 day, 春节 4 days (农历除夕至正月初三), 清明 1, 劳动节 2, 端午 1, 中秋 1,
    国庆 3; a holiday on a Saturday or Sunday is made up on the next working day (第六条,
    "适逢周六、周日，应当在工作日补假"); no 调休, which only the yearly notice can set.
    Lunar dates and the 清明 solar term come from lunar_python (no hand-made table)."""
    from lunar_python import Lunar

    def solar(lunar_day):
        s = lunar_day.getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    spring = solar(Lunar.fromYmd(year, 1, 1))
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    statutory = [(date(year, 1, 1), "元旦")]
    statutory += [(spring + timedelta(days=offset), "春节") for offset in range(-1, 3)]  # 除夕–初三
    statutory.append((date(qingming.getYear(), qingming.getMonth(), qingming.getDay()), "清明节"))
    statutory += [(date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    statutory.append((solar(Lunar.fromYmd(year, 5, 5)), "端午节"))
    statutory.append((solar(Lunar.fromYmd(year, 8, 15)), "中秋节"))
    statutory += [(date(year, 10, day), "国庆节") for day in (1, 2, 3)]
    # Every statutory day off is owed: one that falls on a weekend, or on another holiday (中秋
    # inside 国庆, as in 2020 and 2028), is made up on the next working day — the State Council
    # did so for the 2020 overlap (国办发明电〔2019〕16号: 10月1日至8日, eight days).
    rest, owed = {}, []
    for day, name in statutory:
        if day.year != year:
            continue
        if day in rest:
            rest[day] = f"{rest[day]}、{name}"
            owed.append((day, name))
            continue
        rest[day] = name
        if day.weekday() >= 5:
            owed.append((day, name))
    for day, name in sorted(owed):
        makeup = day + timedelta(days=1)
        while makeup.weekday() >= 5 or makeup in rest:
            makeup += timedelta(days=1)
        rest[makeup] = f"{name}（补假）"
    return YearCalendar(year, rest, {}, provisional=True, source="法定节假日（暂定）")


def _package_years() -> dict[int, YearCalendar]:
    years = {}
    for year in PACKAGE_YEARS:
        rest = {d: HOLIDAY_NAMES.get(n, n) for d, n in _PACKAGE_HOLIDAYS.items() if d.year == year}
        work = {d: HOLIDAY_NAMES.get(n, n) for d, n in _PACKAGE_WORKDAYS.items() if d.year == year}
        years[year] = YearCalendar(year, rest, work, source="chinesecalendar")
    return years


class Calendar:
    """The years known from a notice (entered or from the package), and the statutory rules
    for the years after them."""

    def __init__(self, years: dict[int, YearCalendar]):
        self.years = dict(years)
        self.first_year = min(self.years) if self.years else STATUTORY_FROM
        self._ends: dict[tuple, date] = {}

    def period_end(self, kind: str, start: date, n: int, count: Callable[[], date]) -> date:
        """The end of a period (`kind` of `n` from `start`) on this calendar, counted once:
        an import derives the same deadline from the same dates many thousand times. The
        memo lives as long as the calendar; a changed calendar is a new object. A period
        that cannot be counted raises each time (nothing is kept)."""
        key = (kind, start, n)
        found = self._ends.get(key)
        if found is None:
            if len(self._ends) >= PERIOD_MEMO:
                self._ends.clear()
            found = self._ends[key] = count()
        return found

    def year(self, year: int) -> YearCalendar:
        known = self.years.get(year)
        if known is not None:
            return known
        if STATUTORY_FROM <= year <= STATUTORY_UNTIL and year >= self.first_year:
            return statutory_year(year)
        raise CalendarYearUnknown(date(year, 1, 1), self.first_year)

    def is_working_day(self, day: date) -> bool:
        try:
            arrangement = self.year(day.year)
        except CalendarYearUnknown:
            raise CalendarYearUnknown(day, self.first_year) from None
        return arrangement.is_working_day(day)

    def is_provisional(self, day: date | None) -> bool:
        """Whether a date computed on this calendar may still move: its year has not been
        entered from a notice. Years are entered in order, so a deadline's own year decides:
        every day counted to reach it lies in that year or an earlier one."""
        return day is not None and day.year not in self.years

    def last_entered_year(self) -> int | None:
        return max(self.years) if self.years else None


@functools.cache
def package_calendar() -> Calendar:
    """The calendar of the chinese_calendar package alone: what the pure rules' tests use."""
    return Calendar(_package_years())


# Who supplies the calendar in use: the package's by default, the database's once
# fazhi.core.holidays has installed its loader (core's AppConfig.ready).
_provider: Callable[[], Calendar] = package_calendar


def use_calendar(provider: Callable[[], Calendar]) -> None:
    global _provider
    _provider = provider


def current_calendar() -> Calendar:
    return _provider()


def is_provisional(day: date | None) -> bool:
    """Whether a stored deadline `day` is provisional (暂定) on the calendar in use."""
    return current_calendar().is_provisional(day)


@dataclass(frozen=True)
class Deadline:
    """A computed date together with the legal provision it was computed under.

    `provisional` when the date was computed on a year nobody has entered from the State
    Council notice yet (暂定). `date` is None, and `problem` says why, only when the calendar
    cannot give a date at all: a case must stay workable then, and its page must say so.
    `awaiting` names the event the period runs from when that has not happened yet (送达).
    """

    date: date | None
    basis: str
    label: str = ""
    problem: str = ""
    provisional: bool = False
    awaiting: str = ""

    def __str__(self) -> str:
        if self.date:
            shown = self.date.isoformat() + ("（暂定）" if self.provisional else "")
        else:
            shown = f"待{self.awaiting}" if self.awaiting else "待定"
        if not self.basis:
            return shown
        return f"{shown}（{self.basis}）"


def date_of(found: Deadline | None) -> date | None:
    """The date of a deadline that may not apply (None) or may be unknown (date None)."""
    return found.date if found is not None else None


def earliest(deadlines: Iterable[Deadline | None]) -> Deadline | None:
    """The deadline a case is due by now, of those it runs against (None for one that does not
    apply): the earliest dated one, the first of them on a tie. One without a date (awaiting
    its start, or on a year that cannot be computed) cannot be set against a day, so it is the
    current one only when none has a date; None when nothing runs."""
    running = [found for found in deadlines if found is not None]
    dated = [found for found in running if found.date is not None]
    if dated:
        return min(dated, key=lambda found: found.date)
    return running[0] if running else None


def deadline(label: str, basis: str, compute: Callable[[], date]) -> Deadline:
    """The deadline `compute()` gives, or an unknown one carrying the calendar's reason."""
    try:
        found = compute()
    except CalendarYearUnknown as unknown:
        return Deadline(None, basis, label, problem=str(unknown))
    except OverflowError:
        return Deadline(
            None, basis, label, problem="期限超出可计算的日期范围，请检查所填日期和天数。"
        )
    except RuntimeError as broken:
        # A stored calendar with an impossible run of rest days: the case stays workable and
        # says why, rather than failing its save.
        return Deadline(None, basis, label, problem=str(broken))
    return Deadline(found, basis, label, provisional=is_provisional(found))


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
    return current_calendar().is_working_day(_as_date(day))


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
    return current_calendar().period_end("working", start, n, lambda: _nth_working_day(start, n))


def _nth_working_day(start: date, n: int) -> date:
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
    return current_calendar().period_end(
        "days", start, n, lambda: _next_working_day_on_or_after(start + timedelta(days=n))
    )


def add_months(start: date, n: int) -> date:
    """End of an n-month period: the same day of month n months later.

    A day that month lacks (31 January + 1 month) becomes its last day, and a last day on a rest
    day moves to the next working day, as for calendar-day periods.
    """
    start = _as_date(start, "起算日")
    n = _check_count(n, "月")
    return current_calendar().period_end("months", start, n, lambda: _month_end(start, n))


def _month_end(start: date, n: int) -> date:
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


def date_text(day: date | None) -> str:
    """A deadline as text (exports, the API's words, documents): "2027-01-25（暂定）"."""
    if day is None:
        return ""
    return day.isoformat() + ("（暂定）" if is_provisional(day) else "")
