"""The board's reminders of the roster (Register.alerts): cards expiring within the warning
window, 年审 overdue, and cards still held by officers no longer in post or moved to another
department. Each is counted over the officers the reader may see, in two queries (the count and
the lines shown)."""

import datetime

from django.db.models import F, Q
from django.urls import reverse

from fazhi.core.alerts import LINES, Alert, AlertLine
from fazhi.core.models import RegisterSetting

from . import rules
from .models import HELD_STATES, Certificate, EnforcementOfficer

REGISTER_NAME = "enforcement_officer"


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _detail_url(pk) -> str:
    return reverse(f"{REGISTER_NAME}:detail", args=[pk])


def in_force(today: datetime.date) -> Q:
    """The current card is held and not expired on `today` (暂扣 included)."""
    return Q(card_state__in=HELD_STATES, card_valid_until__gte=today, card_issued_date__lte=today)


def expiring(today: datetime.date, settings: dict) -> Q:
    window = today + datetime.timedelta(days=settings["expiry_warning_days"])
    return in_force(today) & Q(card_valid_until__lte=window)


def review_overdue(today: datetime.date, settings: dict) -> Q:
    """年审逾期 of the current card on `today` (rules.roster_review_overdue in SQL)."""
    if not settings["review_required"]:
        return Q(pk__in=[])
    due = rules.review_due_on(today.year, settings)
    year = today.year if today > due else today.year - 1
    return (
        in_force(today)
        & Q(card_issued_date__year__lt=year)
        & (Q(card_last_review=None) | Q(card_last_review__year__lt=year))
    )


def not_in_post_cards(today: datetime.date) -> Q:
    """Cards (Certificate) still held by an officer not in post, or moved from the department
    the card was issued for."""
    return Q(state__in=HELD_STATES, valid_until__gte=today) & (
        Q(officer__in_post=False) | ~Q(unit_id=F("officer__unit_id"))
    )


def officer_alerts(user, today: datetime.date) -> list[Alert]:
    settings = rules.settings_from(RegisterSetting.objects.current())
    officers = EnforcementOfficer.objects.visible_to(user)
    list_url = reverse(f"{REGISTER_NAME}:list")
    alerts = []
    window = settings["expiry_warning_days"]
    soon = officers.filter(expiring(today, settings)).order_by("card_valid_until", "id")
    alerts.append(
        Alert(
            f"{window}日内到期的执法证",
            soon.count(),
            tuple(
                AlertLine(
                    f"{o.name}（{o.card_number}）",
                    f"{_date(o.card_valid_until)}到期",
                    _detail_url(o.pk),
                )
                for o in soon.only("name", "card_number", "card_valid_until")[:LINES]
            ),
            list_url,
        )
    )
    late = officers.filter(review_overdue(today, settings)).order_by("card_issued_date", "id")
    alerts.append(
        Alert(
            "年审逾期的执法证",
            late.count(),
            tuple(
                AlertLine(
                    f"{o.name}（{o.card_number}）",
                    "最近年审：" + (_date(o.card_last_review) if o.card_last_review else "无"),
                    _detail_url(o.pk),
                )
                for o in late.only("name", "card_number", "card_last_review")[:LINES]
            ),
            list_url,
        )
    )
    held = (
        Certificate.objects.filter(officer__in=officers)
        .filter(not_in_post_cards(today))
        .order_by("officer_id", "id")
    )
    alerts.append(
        Alert(
            "非在岗人员持证（待注销）",
            held.count(),
            tuple(
                AlertLine(
                    f"{card.officer.name}（{card.number}）",
                    "已不在岗" if not card.officer.in_post else "已调离发证单位",
                    _detail_url(card.officer_id),
                )
                for card in held.select_related("officer").only(
                    "number", "officer__name", "officer__in_post"
                )[:LINES]
            ),
            list_url,
        )
    )
    return alerts
