"""The board's reminder of the 法律顾问 (Register.alerts): 聘任期满 — an adviser whose
appointment ends within the warning window (a setting, 30 days by default), or has ended while
he is still on this year's list. rules.term_state in SQL, counted over the rows the reader may
see: one query for the settings and one for the lines shown, and a count only when there are
more than it shows."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from fazhi.core.alerts import LINES, Alert, AlertLine
from fazhi.core.models import RegisterSetting

from . import rules
from .models import LegalAdviser

REGISTER_NAME = "legal_adviser"
LABEL = "聘任期满的法律顾问"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def latest() -> Q:
    """The row is its adviser's latest: no row of a later year for the same owner, name,
    category and served unit (a renewal is entered as the later year's row). Names compare as
    stored: rules.derive squeezes the blanks out, as links._key does."""
    later = LegalAdviser.objects.filter(
        unit_id=OuterRef("unit_id"),
        name=OuterRef("name"),
        category=OuterRef("category"),
        served_unit_id=OuterRef("served_unit_id"),
        year__gt=OuterRef("year"),
    )
    return ~Q(Exists(later))


def term_ending(today: datetime.date, window: int) -> Q:
    """rules.term_state(...) != "" in SQL."""
    soon = Q(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=window))
    ended = Q(end_date__lt=today, year=today.year)
    return (soon | ended) & latest()


def _detail(record, today: datetime.date) -> str:
    if record.end_date < today:
        return f"已于{_date(record.end_date)}期满，仍在{today.year}年度名单中"
    days = (record.end_date - today).days
    return f"{_date(record.end_date)}期满（{'今天' if days == 0 else f'还有{days}日'}）"


def _served(record) -> str:
    return record.served_unit.name if record.served_unit_id else record.served_unit_code


def term_alerts(user, today: datetime.date) -> list[Alert]:
    window = rules.warning_days(RegisterSetting.objects.current())
    rows = (
        LegalAdviser.objects.visible_to(user)
        .filter(term_ending(today, window))
        .order_by("end_date", "id")
    )
    # One more than the lines shown: counted only when there are more than that.
    shown = list(
        rows.select_related("served_unit").only(
            "name", "category", "end_date", "served_unit_code", "served_unit", "served_unit__name"
        )[: LINES + 1]
    )
    count = len(shown) if len(shown) <= LINES else rows.count()
    lines = tuple(
        AlertLine(
            f"{r.name}（{r.get_category_display()}，{_served(r)}）",
            _detail(r, today),
            reverse(f"{REGISTER_NAME}:detail", args=[r.pk]),
        )
        for r in shown[:LINES]
    )
    label = f"{LABEL}（{window}日内期满或已期满）"
    return [Alert(label, count, lines, reverse(f"{REGISTER_NAME}:list"))]
