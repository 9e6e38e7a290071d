"""The board's reminder (Register.alerts): 未按期考核 — orgs and practitioners in 执业, licensed
before last year's end, with no 年度考核 of last year once their kind's deadline has passed.
Counted over what the reader may see, in two queries per register (the count and the lines)."""

import datetime

from django.urls import reverse

from fazhi.core.alerts import LINES, Alert, AlertLine
from fazhi.core.models import RegisterSetting

from . import queries, rules
from .models import LegalPractitioner, LegalServiceOrg

UNASSESSED_PAGE = "practitioner_assessment:unassessed"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _settings() -> dict:
    return rules.settings_from(RegisterSetting.objects.current())


def _overdue_text(record, today: datetime.date, settings: dict) -> str:
    year = rules.watched_year(record.kind, today, settings)
    due = rules.assessment_due(record.kind, year, settings)
    return f"{record.get_kind_display()}，{year}年度考核应于{_date(due)}前完成"


def _alert(model, register: str, label: str, user, today: datetime.date) -> Alert:
    settings = _settings()
    late = queries.not_assessed(model.objects.visible_to(user), today, settings)
    count = late.count()
    lines = tuple(
        AlertLine(
            f"{record.name}（{record.number}）",
            _overdue_text(record, today, settings),
            reverse(f"{register}:detail", args=[record.pk]),
        )
        for record in late.order_by("kind", "number").only("name", "number", "kind")[:LINES]
    )
    return Alert(label, count, lines, reverse(UNASSESSED_PAGE) if count else "")


def org_alerts(user, today: datetime.date) -> list[Alert]:
    return [_alert(LegalServiceOrg, "legal_service_org", "未按期考核的法律服务机构", user, today)]


def practitioner_alerts(user, today: datetime.date) -> list[Alert]:
    return [
        _alert(LegalPractitioner, "legal_practitioner", "未按期考核的法律服务人员", user, today)
    ]
