from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

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
