"""The board's 部门法治政府建设年度报告 (core/alerts.py): from 1 January, the units whose report
of last year has not reached the bureau (逾期 once the 报送 due date has passed), and, once the
公开 due date has passed, the units whose report is not published; counted over what the reader
may see, each unit once whether or not the bureau has registered it.

Queries: the settings (one), the first lines of each alert (one each), and a count only when
there are more units than lines.
"""

from django.urls import reverse

from fazhi.core import alerts as board
from fazhi.core.models import RegisterSetting

from . import rules, status

LABEL = "部门法治政府建设年度报告"


def unsent(user, today) -> list[board.Alert]:
    settings = RegisterSetting.objects.current()
    # From 1 January the year just ended is the one whose reports are coming in.
    year = today.year - 1
    kinds = rules.reporting_kinds(settings)
    receive_due = rules.due_date(year, settings[rules.RECEIVE_DUE_SETTING])
    publish_due = rules.due_date(year, settings[rules.PUBLISH_DUE_SETTING])
    url = f"{reverse('department_report:status')}?year={year}"
    if today > receive_due:
        late = rules.days_overdue(receive_due, today)
        label = f"{LABEL}逾期未报送（{year}年度）"
        detail = f"应于{receive_due.isoformat()}前报送，已逾期{late}日"
    else:
        label = f"{LABEL}未报送（{year}年度）"
        detail = f"应于{receive_due.isoformat()}前报送"
    found = [_alert(status.unsent_units(user, year, kinds), label, detail, url)]
    if today > publish_due:
        late = rules.days_overdue(publish_due, today)
        found.append(
            _alert(
                status.unpublished_units(user, year, kinds),
                f"{LABEL}逾期未公开（{year}年度）",
                f"应于{publish_due.isoformat()}前向社会公开，已逾期{late}日",
                url,
            )
        )
    return found


def _alert(units, label: str, detail: str, url: str) -> board.Alert:
    shown = list(units.only("name")[: board.LINES + 1])
    count = len(shown) if len(shown) <= board.LINES else units.count()
    return board.Alert(
        label=label,
        count=count,
        lines=tuple(board.AlertLine(unit.name, detail) for unit in shown[: board.LINES]),
        url=url,
    )
