"""The dashboard's dates, as pure functions (no database): which year it shows by default,
the months of a year, and the two dates of the annual 法治政府建设情况报告.

法治政府建设与责任落实督察工作规定 (厅字〔2019〕28号) 第二十四条、第二十五条: a department reports
the past year's 法治政府建设 to the Party committee and government before 1 March, and publishes
the report online before 1 April.
"""

import datetime
from dataclasses import dataclass

RULE = "《法治政府建设与责任落实督察工作规定》"
SOON_DAYS = 30  # a date this close (or passed) is shown as urgent


def default_year(today: datetime.date) -> int:
    """Until April the year that matters is the one just ended (its report is being written and
    published); from April on it is the current year."""
    return today.year - 1 if today.month < 4 else today.year


@dataclass(frozen=True)
class ReportDate:
    label: str  # what is due, in Chinese
    before: datetime.date  # the day it must be done before
    basis: str
    today: datetime.date

    @property
    def last_day(self) -> datetime.date:
        return self.before - datetime.timedelta(days=1)

    @property
    def days_left(self) -> int:
        """Days from today to the last allowed day: 0 on the last day, negative once missed."""
        return (self.last_day - self.today).days

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def urgent(self) -> bool:
        return self.days_left <= SOON_DAYS

    @property
    def state(self) -> str:
        if self.days_left < 0:
            return f"已过 {-self.days_left} 天"
        if self.days_left == 0:
            return "今天是最后一天"
        return f"还剩 {self.days_left} 天"


def report_year(today: datetime.date) -> int:
    """The year whose report is due next: last year's until its publication date (1 April)
    has passed, then this year's."""
    return default_year(today)


def report_dates(today: datetime.date) -> tuple[int, list[ReportDate]]:
    """The reported year and its two dates: 报送 before 1 March and 公开 before 1 April of the
    year after it."""
    year = report_year(today)
    following = year + 1
    return year, [
        ReportDate(
            f"{year}年度法治政府建设情况报告报送党委、政府",
            datetime.date(following, 3, 1),
            f"{RULE}：每年3月1日前报告上一年度法治政府建设情况",
            today,
        ),
        ReportDate(
            f"{year}年度法治政府建设情况报告向社会公开",
            datetime.date(following, 4, 1),
            f"{RULE}：每年4月1日前通过报刊、网站等新闻媒体向社会公开",
            today,
        ),
    ]
