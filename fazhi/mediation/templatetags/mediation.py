"""How pages show a case's 司法确认 window: the words of rules.WindowState.text with the date as
every page shows a deadline (core's deadline_date filter: 暂定 marked)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from fazhi.core.templatetags.fazhi import deadline_date

register = template.Library()


@register.filter
def window_text(state):
    """The window's words as safe markup, "—" when the case has none. The words are the rules'
    own constants; only the date carries markup, escaped here like any value."""
    words = state.text(lambda day: conditional_escape(deadline_date(day)))
    return mark_safe(words) if words else "—"
