"""The latest notices of refused duplicate registrations (core/duplicates.py) on a register's
list page, which core.register_views renders: a tag, so that the generic list view needs no
hook. Used as {% duplicate_notices register.name %} in the register's <register>_list.html."""

import datetime

from django import template
from django.utils import timezone

from fazhi.core.duplicates import GUARDS
from fazhi.core.models import DuplicateNotice
from fazhi.core.registers import get_register

register = template.Library()

# Recent enough to still need a look; older ones stay on the notices page.
RECENT = datetime.timedelta(days=30)
SHOWN = 5


@register.inclusion_tag("core/duplicate_notices_panel.html", takes_context=True)
def duplicate_notices(context, register_name: str):
    """The latest notices of the register the user may see (one query): those of his unit
    and below."""
    user = context["request"].user
    since = timezone.now() - RECENT
    notices = DuplicateNotice.objects.visible_to(user, register_name).filter(at__gte=since)
    rows = list(notices[: SHOWN + 1])
    return {
        "notices": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "register": get_register(register_name),
        "guard": GUARDS[register_name],
    }
