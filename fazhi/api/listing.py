"""Which records a list shows: the web list's own rule, found from the web pages themselves.

The API must not grow a second idea of scope or search: it starts from `visible_to` (the one
access rule) and hands the search text to the register's web list filter, so whatever the
list page would find (and would refuse to search — a person's name for someone who sees only
masks) the API finds and refuses alike.
"""

import functools
import importlib

from django.apps import apps
from django.utils import timezone

from fazhi.core import personal
from fazhi.core.models import Unit
from fazhi.core.record_pages import RecordFilter, RecordPages
from fazhi.core.register_views import RegisterPages
from fazhi.core.registers import REGISTERS, Register
from fazhi.core.roles import VIEW


@functools.cache
def web_pages(name: str):
    """The RegisterPages or RecordPages serving register `name` on the web, or None."""
    register = REGISTERS[name]
    app = apps.get_containing_app_config(register.model.__module__)
    for module_name in (f"{app.name}.views",):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        for value in vars(module).values():
            if isinstance(value, RecordPages | RegisterPages) and value.register is register:
                return value
    return None


def records_for(user, register: Register, action: str = VIEW):
    pages = web_pages(register.name)
    if pages is not None:
        return pages._records(user, action)
    return register.model.objects.visible_to(user, action).select_related("unit")


def search(user, register: Register, records, text: str):
    """`records` narrowed by the search box's text as the register's web list narrows them."""
    text = (text or "").strip()
    if not text:
        return records
    pages = web_pages(register.name)
    units = Unit.objects.none()  # the unit filter is not offered through `q`
    if isinstance(pages, RecordPages):
        form = RecordFilter({"q": text}, units=units, choice_fields=[])
        if form.is_valid():
            return pages.filter_records(form, records, user)
        return records.none()
    if isinstance(pages, RegisterPages):
        status = register.model._meta.get_field("status").choices
        form = pages.list_filter({"q": text}, units=units, status_choices=status)
        if form.is_valid():
            return form.apply(records, timezone.localdate(), user=user, register=register)
        return records.none()
    return records.filter(number__icontains=text)


def search_notice(user, register: Register, text: str) -> str:
    """What the web list would say under this search when it leaves the personal fields out
    (the reader has not stated his reason, or sees masks only); "" otherwise."""
    if not (text or "").strip():
        return ""
    pages = web_pages(register.name)
    if isinstance(pages, RecordPages):
        return personal.search_notice(
            user, register, pages.search_fields, hook_label=pages.search_hook_label
        )
    if isinstance(pages, RegisterPages):
        return personal.search_notice(user, register, pages.list_filter.search_fields)
    return ""


def ordered(register: Register, records):
    """Newest first by the register's own date, then by id: a stable order for paging."""
    return records.order_by(f"-{register.date_field}", "-id")
