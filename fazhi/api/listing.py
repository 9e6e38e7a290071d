"""Which records a list shows: the web list's own rule, read from the same declaration.

The API must not grow a second idea of scope or search: it starts from `visible_to` (the one
access rule) and searches the register's declared search fields through the same
core.personal.search_condition as the web list, so whatever the list page would find (and
would refuse to search — a person's name for someone who sees only masks) the API finds and
refuses alike.
"""

from fazhi.core import personal
from fazhi.core.registers import Register
from fazhi.core.roles import VIEW


def records_for(user, register: Register, action: str = VIEW):
    return register.model.objects.visible_to(user, action).select_related("unit")


def search(user, register: Register, records, text: str):
    """`records` narrowed by the search box's text as the register's web list narrows them."""
    text = (text or "").strip()
    if not text:
        return records
    return records.filter(personal.search_condition(user, register, text))


def search_notice(user, register: Register, text: str) -> str:
    """What the web list would say under this search when it leaves the personal fields out
    (the reader has not stated his reason, or sees masks only); "" otherwise."""
    if not (text or "").strip():
        return ""
    return personal.search_notice(user, register)


def ordered(register: Register, records):
    """Newest first by the register's own date, then by id: a stable order for paging."""
    return records.order_by(f"-{register.date_field}", "-id")
