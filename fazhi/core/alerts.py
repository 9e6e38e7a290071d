"""A register's reminders that are not a running deadline of one case: a 执法证 expiring within
60 days, a 年审 missed, a department's plan not filed by its date. The deadline board
(portal/board.py) shows them beside the deadlines, counted over what its reader may see.

A register declares `alerts(user, today) -> list[Alert]` (core.registers.Register.alerts); the
function reads through `visible_to(user)` like every read, and gives at most LINES lines of
each alert with the full count. This module is a leaf: it imports nothing of fazhi.
"""

from dataclasses import dataclass

# The lines of one alert the board shows; the rest are counted and reached through its url.
LINES = 10


@dataclass(frozen=True)
class AlertLine:
    text: str  # what the line is about: a record's number and name, or a unit's name
    detail: str = ""  # why it is listed: "2027年1月30日到期", "逾期12日"
    url: str = ""  # the record's page, when the line is a record


@dataclass(frozen=True)
class Alert:
    label: str  # "60日内到期的执法证"
    count: int  # all of them the reader may see, not only the lines shown
    lines: tuple[AlertLine, ...] = ()
    url: str = ""  # the register's list filtered to them, when a filter can say it

    @property
    def more(self) -> int:
        """How many are counted but not listed."""
        return max(self.count - len(self.lines), 0)
