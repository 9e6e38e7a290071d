"""HTML written in Python where a template per item cost more than the page around it (a list's
rows and its filters' options): each value escaped as the template engine escapes it."""

import html

from django.utils.safestring import SafeData, mark_safe


def escaped(value) -> str:
    """A value as the template engine writes it: markup already safe as it is, anything else
    escaped (what django.utils.html.escape does, without its lazy-string wrapper, which cost
    more than the escaping itself on every cell)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def html_attributes(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: ` name="value"`, a bare ` name` for True, nothing
    for False."""
    return mark_safe(
        "".join(
            f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )
