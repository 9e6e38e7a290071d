"""How long personal data is kept (个人信息保护法 第四十七条): a register that holds it names the
date its business ends (解除矫正, 帮教终止, 结案) and a retention period after that date. Once the
period is over, a record is kept for storage only: the one access rule (`visible_to`) no longer
returns it, so no list, page, export, search, API call or reader's figure shows it. The annual
reports already made keep their frozen figures, and a report computed for the unit (no reader)
still counts it, so history does not change. It leaves storage only by an authorised deletion
(`manage.py purge_expired`).

The periods are the bureau's decision, not a statute's: each register declares a default, and
FAZHI_RETENTION_YEARS ("corrections_subject=10,legal_aid=15") overrides it.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .registers import register_of


def configured_years() -> dict[str, int]:
    """FAZHI_RETENTION_YEARS, parsed: register name → years."""
    found = {}
    for item in str(getattr(settings, "FAZHI_RETENTION_YEARS", "") or "").split(","):
        name, _, years = item.partition("=")
        if name.strip() and years.strip().isdigit():
            found[name.strip()] = int(years)
    return found


def years_for(register_name: str, default: int | None) -> int | None:
    return configured_years().get(register_name, default)


def cutoff(years: int, today: datetime.date) -> datetime.date:
    """The day `years` before today (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def expiry_of(model, today: datetime.date | None = None) -> tuple[str, datetime.date] | None:
    """(the field holding the day the business ended, the day before which it is kept for
    storage only), or None where `model` keeps nothing for storage only."""
    register = register_of(model)
    if register is None or not register.ended_field:
        return None
    ended_field = register.ended_field
    years = years_for(register.name, register.retention_years)
    if not years:
        return None
    return ended_field, cutoff(years, today or timezone.localdate())


def expired(model, today: datetime.date | None = None) -> Q | None:
    """The records of `model` kept for storage only today, or None where nothing expires."""
    found = expiry_of(model, today)
    if found is None:
        return None
    ended_field, before = found
    return Q(**{f"{ended_field}__lt": before})


def is_expired(record, today: datetime.date | None = None) -> bool:
    """Whether this one record is kept for storage only today (as `expired` selects)."""
    found = expiry_of(type(record), today)
    if found is None:
        return False
    ended_field, before = found
    ended = getattr(record, ended_field)
    return ended is not None and ended < before
