from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from fazhi.core.workdays import is_provisional

register = template.Library()


@register.filter
def absolute(value):
    return abs(value)


@register.simple_tag
def record_link(register_decl, record):
    """A record's number, linked to its page when its register has one."""
    try:
        url = reverse(register_decl.detail_url, args=[record.pk])
    except NoReverseMatch:
        return record.number
    return format_html('<a href="{}">{}</a>', url, record.number)


@register.filter
def deadline_date(value):
    """A stored deadline as every page shows it: its date, marked 暂定 while the year it falls
    in has not been entered from the State Council notice (core.workdays.is_provisional)."""
    if not value:
        return ""
    if is_provisional(value):
        return format_html(
            '{}<span class="provisional" title="{}">（暂定）</span>',
            value.isoformat(),
            "该年度节假日安排尚未录入，按法定节假日暂定",
        )
    return value.isoformat()


@register.filter
def iso_date(value):
    """A date as the lists show it (2024-05-01), "" for none: what `date:"Y-m-d"` gives, without
    its formatter's cost on every cell of a 50-row list."""
    return value.isoformat() if value else ""
