"""执法数据年报: when a year's data is due, whether a filing was late, what a department has
filed and not filed, and the consistency of one filing (pure: no database).

Sources (docs/domain/enforcement-supervision.md, enforcement_annual_data): each department
publishes its previous year's data by 31 January (广东/大同 under 国办发〔2018〕118号 ◐; a
setting, `annual_data_due`); a department without a power says so and one with the power but
no cases enters 0 (广东 ◐); the counting rules are help text, not enforced.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from fazhi.core.errors import Problem

FIRST_YEAR, LAST_YEAR = 2000, 2100

# The six kinds of enforcement act counted, in the order of the form and the file.
KINDS = (
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("inspection", "行政检查"),
    ("expropriation", "行政征收征用"),
    ("other", "其他"),
)
FINES = "fines"
NO_POWER_TEXT = "无此职权"

# --- the due date -------------------------------------------------------------------------

DUE_SETTING = "enforcement_annual_data.due"
DEFAULT_DUE = "01-31"
# Month-days of the following year a province may set; none is 29 February.
DUE_CHOICES = ("01-15", "01-20", "01-31", "02-15", "02-28", "03-15", "03-31")


def due_label(month_day: str) -> str:
    month, day = (int(part) for part in month_day.split("-"))
    return f"次年{month}月{day}日"


def due_date(year: int, month_day: str = DEFAULT_DUE) -> datetime.date:
    """The last day to file `year`'s data: the set month-day of the following year."""
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, day)


def is_late(filed: datetime.date, year: int, month_day: str = DEFAULT_DUE) -> bool:
    """Filed after the due day; on the due day itself is on time."""
    return filed > due_date(year, month_day)


def year_is_valid(year) -> bool:
    return isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR


def derive(record, settings: dict) -> None:
    """Set the stored 应报日期 and 逾期填报 from the 年度, the 填报日期 and the setting."""
    month_day = settings.get(DUE_SETTING, DEFAULT_DUE)
    if not year_is_valid(record.year):
        record.filing_due, record.late = None, False  # check() says what is wrong
        return
    record.filing_due = due_date(record.year, month_day)
    record.late = record.filed_date is not None and record.filed_date > record.filing_due


def last_year_due(today: datetime.date, month_day: str = DEFAULT_DUE) -> tuple[int, datetime.date]:
    """The year whose data the board watches now (last year) and its due date."""
    year = today.year - 1
    return year, due_date(year, month_day)


# --- what a count shows -----------------------------------------------------------------------


def power_text(value) -> str:
    """A count or amount as the pages show it: empty is 无此职权, never 0."""
    if value is None:
        return NO_POWER_TEXT
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


@dataclass(frozen=True)
class Total:
    """A kind's total over the filings: the sum of those with the power (None when no filing
    has it), and how many filings have it."""

    value: int | Decimal | None
    with_power: int

    @property
    def shown(self) -> str:
        return "—" if self.value is None else power_text(self.value)


def totals(records) -> dict[str, Total]:
    """Each kind's total, and the 罚没金额's, over the filings: an empty count (无此职权) adds
    nothing and is not counted as having the power."""
    found = {}
    for field in (*(name for name, _ in KINDS), FINES):
        values = [getattr(record, field) for record in records]
        held = [value for value in values if value is not None]
        found[field] = Total(sum(held) if held else None, len(held))
    return found


# --- who filed ----------------------------------------------------------------------------------

ON_TIME, LATE, WAITING, MISSING = "on_time", "late", "waiting", "missing"
STATE_LABELS = {
    ON_TIME: "按时填报",
    LATE: "逾期填报",
    WAITING: "尚未填报",
    MISSING: "逾期未报",
}


def filing_state(record, due: datetime.date, today: datetime.date) -> str:
    """A department's state for a year: its filing on time or late, or none yet (before the
    due date passes) or none at all (after)."""
    if record is not None:
        return LATE if record.late else ON_TIME
    return MISSING if today > due else WAITING


def days_overdue(due: datetime.date, today: datetime.date) -> int:
    return max((today - due).days, 0)


# --- consistency of one filing ------------------------------------------------------------------

_LINK = URLValidator(schemes=["http", "https"])


def is_web_link(text: str) -> bool:
    try:
        _LINK(text)
    except ValidationError:
        return False
    return True


def check(record) -> list[Problem]:
    problems = []
    if not year_is_valid(record.year):
        problems.append(Problem("年度", f"年度应在 {FIRST_YEAR}—{LAST_YEAR} 之间"))
        return problems
    year_end = datetime.date(record.year, 12, 31)
    for field, header in (("filed_date", "填报日期"), ("published_date", "公开日期")):
        day = getattr(record, field)
        if day is not None and day <= year_end:
            problems.append(
                Problem(
                    header,
                    f"{record.year}年度到12月31日才结束，"
                    f"{header}应在{record.year + 1}年1月1日或以后（填写的是{day.isoformat()}）",
                )
            )
    problems += _fines_problems(record)
    if record.link and not is_web_link(record.link):
        problems.append(
            Problem("公开网址", f"「{record.link}」不是有效的网址，应以 http:// 或 https:// 开头")
        )
    if record.link and record.published_date is None:
        problems.append(Problem("公开日期", "填写了公开网址，请同时填写公开日期"))
    return problems


def _fines_problems(record) -> list[Problem]:
    """罚没 comes from 行政处罚 decisions (罚款、没收违法所得、没收非法财物 are penalties,
    行政处罚法 第九条), so 罚没金额 follows the 行政处罚 count: empty with it, 0 when it is 0."""
    fines, penalty = record.fines, record.penalty
    if fines is not None and fines < 0:
        return [Problem("罚没金额（元）", "罚没金额不能为负数")]
    if penalty is None and fines is not None:
        return [Problem("罚没金额（元）", "行政处罚留空（无此职权）的，罚没金额也应留空")]
    if penalty is not None and fines is None:
        return [Problem("罚没金额（元）", "有行政处罚职权的，请填写罚没金额（没有罚没的填 0）")]
    if penalty == 0 and fines:
        return [Problem("罚没金额（元）", "行政处罚为 0 件的，罚没金额应为 0")]
    return []
