"""The periods the figures page offers within a year: the whole year, a half-year, a quarter
(行政复议 is reported quarterly), a month, or the months from January to month N (累计, as the
monthly tables report a year so far). Pure: today is handed in, nothing is read from the
database.

A period is named in a URL by `year` and `period` (`year`, `h1` `h2`, `q1`…`q4`, `m1`…`m12`,
`c1`…`c12`); choose()
turns what a request asked for into the period shown, or a default with the reason in Chinese,
so a mistyped link shows figures of a period that exists instead of failing.
"""

import datetime
from dataclasses import dataclass

from .registry import Period

FIRST_YEAR = 2000
WHOLE_YEAR = "year"
HALVES = ("上半年", "下半年")
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
# period → its Chinese name, in the order the page offers them.
PERIODS: dict[str, str] = {
    WHOLE_YEAR: "全年",
    **{f"h{n}": name for n, name in enumerate(HALVES, 1)},
    **{f"q{n}": name for n, name in enumerate(QUARTERS, 1)},
    **{f"m{n}": f"{n}月" for n in range(1, 13)},
    # c1 is January alone, like m1; c12 the whole year: both are offered, as a monthly table's
    # 累计 column names them.
    **{f"c{n}": f"1月至{n}月累计" if n > 1 else "1月累计" for n in range(1, 13)},
}
# The months each kind of period spans: (first month, last month) of period number n.
SPANS = {
    "h": lambda n: (6 * n - 5, 6 * n),
    "q": lambda n: (3 * n - 2, 3 * n),
    "m": lambda n: (n, n),
    "c": lambda n: (1, n),
}
ECHOED = 20  # characters of a rejected value repeated in the message


class PeriodInvalid(ValueError):
    pass


def period_range(year: int, period: str) -> Period:
    """The first and last day (both included) of `period` in `year`."""
    if period not in PERIODS:
        raise PeriodInvalid(f"未知的统计期间「{period[:ECHOED]}」")
    if period == WHOLE_YEAR:
        return Period.year(year)
    first, last = SPANS[period[0]](int(period[1:]))
    return Period(Period.month(year, first).start, Period.month(year, last).end)


def period_label(year: int, period: str) -> str:
    """How the page and the workbook name it: 2024年度, 2024年第一季度, 2024年3月."""
    if period == WHOLE_YEAR:
        return f"{year}年度"
    return f"{year}年{PERIODS[period]}"


@dataclass(frozen=True)
class Chosen:
    """The period shown, and why it is not the one asked for (empty when it is)."""

    year: int
    period: str = WHOLE_YEAR
    problem: str = ""

    @property
    def range(self) -> Period:
        return period_range(self.year, self.period)

    @property
    def label(self) -> str:
        return period_label(self.year, self.period)

    @property
    def dates(self) -> str:
        """Its first and last day, for a period shorter than the year (a year says them)."""
        if self.period == WHOLE_YEAR:
            return ""
        found = self.range
        return f"{found.start:%Y-%m-%d} 至 {found.end:%Y-%m-%d}"

    def query(self) -> dict:
        return {"year": self.year, "period": self.period}


def choose(year_text, period_text, today: datetime.date) -> Chosen:
    """The period a request asked for (either part may be missing: this year, 全年), else a
    period that exists and has begun, with the reason."""
    year_text = (year_text or "").strip() or str(today.year)
    period = (period_text or "").strip() or WHOLE_YEAR
    this_year = Chosen(today.year)
    try:
        year = int(year_text)
    except ValueError:
        year = 0
    if year < FIRST_YEAR:
        return _instead(
            this_year,
            f"年度「{year_text[:ECHOED]}」不正确，应为{FIRST_YEAR}年至{today.year}年之间的年份",
        )
    if period not in PERIODS:
        return _instead(
            Chosen(min(year, today.year)),
            f"统计期间「{period[:ECHOED]}」不正确，应为全年、上半年、下半年、第一季度至第四季度、"
            "1月至12月或1月至N月累计",
        )
    # A later year is not made into dates (99999 is no date at all), nor echoed whole.
    if year > today.year:
        short = len(year_text) <= ECHOED
        named = period_label(year, period) if short else f"{year_text[:ECHOED]}…年"
        return _instead(this_year, f"{named}尚未开始，还没有可统计的数据")
    if period_range(year, period).start > today:
        return _instead(this_year, f"{period_label(year, period)}尚未开始，还没有可统计的数据")
    return Chosen(year, period)


def _instead(shown: Chosen, reason: str) -> Chosen:
    return Chosen(shown.year, shown.period, f"{reason}。以下为{shown.label}的统计。")


# The page's select: the whole year alone, then the half-years, quarters, months and sums.
OPTION_GROUPS = (
    ("", ((WHOLE_YEAR, PERIODS[WHOLE_YEAR]),)),
    *(
        (group, tuple((key, name) for key, name in PERIODS.items() if key[0] == letter))
        for letter, group in (("h", "半年"), ("q", "季度"), ("m", "月份"), ("c", "累计"))
    ),
)
