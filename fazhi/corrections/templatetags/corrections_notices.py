"""The notices of refused duplicate registrations (attempts.py) on the corrections list page,
which core.record_pages renders: a tag, so that the generic list view needs no hook."""

import datetime

from django import template
from django.utils import timezone

from fazhi.corrections.models import DuplicateNotice

register = template.Library()

# Recent enough to still need a look; older ones stay on the notices page.
RECENT = datetime.timedelta(days=30)
SHOWN = 5


@register.inclusion_tag("corrections/notices_panel.html", takes_context=True)
def duplicate_notices(context):
    """The latest notices the user may see (one query): those of his unit and below."""
    user = context["request"].user
    since = timezone.now() - RECENT
    rows = list(DuplicateNotice.objects.visible_to(user).filter(at__gte=since)[: SHOWN + 1])
    return {"notices": rows[:SHOWN], "more": len(rows) > SHOWN}
