"""The board's 未报执法数据 (core/alerts.py): the departments with no filing of last year's data
once its due date has passed, counted over what the reader may see.

Queries: the settings (one), the first lines (one), and the count only when there are more
departments than lines.
"""

from django.urls import reverse

from fazhi.core import alerts as board
from fazhi.core.models import RegisterSetting

from . import rules, status

LABEL = "未报执法数据"


def unfiled(user, today) -> list[board.Alert]:
    month_day = RegisterSetting.objects.current()[rules.DUE_SETTING]
    year, due = rules.last_year_due(today, month_day)
    if today <= due:
        return []
    missing = status.unfiled_units(user, year)
    shown = list(missing.only("name")[: board.LINES + 1])
    count = len(shown) if len(shown) <= board.LINES else missing.count()
    late = rules.days_overdue(due, today)
    detail = f"{year}年度数据应于{due.isoformat()}前填报，已逾期{late}日"
    url = f"{reverse('enforcement_annual_data:status')}?year={year}"
    return [
        board.Alert(
            label=f"{LABEL}（{year}年度）",
            count=count,
            lines=tuple(board.AlertLine(unit.name, detail) for unit in shown[: board.LINES]),
            url=url,
        )
    ]
