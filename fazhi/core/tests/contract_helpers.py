"""What the register contract suite (test_register_contract.py) needs to drive any register's
pages from its declaration alone: its sample row as stored values, as a form's POST data and as
the API's payload, its page URLs, and the strict HTML check every page must pass."""

import contextlib
import datetime
from decimal import Decimal

from django import forms
from django.urls import NoReverseMatch, reverse

from fazhi.api.tests.conftest import sample_payload
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.registers import Register


def id_number(n: int) -> str:
    """A valid 身份证号 (GB 11643 check digit) of someone born 1980-01-01 in 古丈县, the n-th."""
    first17 = f"43312619800101{n:03}"
    return first17 + id_number_check_digit(first17)


def variant_payload(register: Register, n: int) -> dict:
    """The register's sample as an API payload, made the n-th of its kind: its own number and,
    where the register holds a person once (社区矫正, 安置帮教), its own ID number; its own card
    number (执法人员) and year (a register of one record a unit and year)."""
    changes = {"number": f"{register.sample[register.number_column.header]}-{n}"}
    for column in register.columns:
        sample = register.sample.get(column.header)
        if column.field == "id_number" and sample:
            changes["id_number"] = id_number(n)
        if column.field == "card_number" and sample:  # a 执法证号 is one card's
            changes["card_number"] = f"{sample}{n:03}"
        if column.field == "year" and sample:  # one record a unit and year (年报, 计划, 考核)
            changes["year"] = int(sample) - n
    return sample_payload(register.name, **changes)


def sample_values(register: Register) -> dict:
    """The sample row's stored values by field (the unit as its code), as the import reads
    them: what every path that takes the sample must store."""
    return {
        column.field: column.parse(register.sample.get(column.header, ""))
        for column in register.columns
    }


def form_value(field: forms.Field, value):
    """`value` as a browser would send it for the form field, None for a field left out
    (an unticked box)."""
    if isinstance(field, forms.ModelChoiceField):
        return "" if value is None else field.prepare_value(value)
    if isinstance(field, forms.NullBooleanField):
        return {True: "true", False: "false"}.get(value, "unknown")
    if isinstance(field, forms.BooleanField) or isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(value, bool):
        # A yes/no select: the choice whose key reads as the value.
        keys = [str(key) for key, _ in getattr(field, "choices", ())]
        for key in (str(value), "1" if value else "0", "yes" if value else "no"):
            if key in keys:
                return key
        return str(value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def post_data(form: forms.BaseForm, values: dict) -> dict:
    """POST data of `form` carrying `values` (by field name) where it has them, and its own
    initial values elsewhere (an edit form's, the record's)."""
    data = {}
    for name, field in form.fields.items():
        value = values[name] if name in values else form[name].value()
        text = form_value(field, value)
        if text is not None:
            data[name] = text
    return data


def pages(register: Register, pk: int | None = None) -> dict[str, str]:
    """The register's page URLs (list, create and, given a record, detail, edit, step) that
    exist."""
    namespace = register.list_url.split(":")[0]
    found = {}
    for page in ("list", "create", "detail", "edit", "step"):
        needs_pk = page in ("detail", "edit", "step")
        if needs_pk and pk is None:
            continue
        with contextlib.suppress(NoReverseMatch):
            found[page] = reverse(f"{namespace}:{page}", kwargs={"pk": pk} if needs_pk else {})
    return found


LINK_SUFFIXES = ("_number", "_code")


def plain_text_field(register: Register, form: forms.BaseForm) -> str:
    """A free text particular the form takes: a text column, not the number, not a link to
    another record or unit (…_number, …_code: its change would be resolved against other
    records), nor an ID number (which has a form of its own); personal data only where the
    register has no other."""
    columns = {c.field: c for c in register.columns}
    found = [
        name
        for name, field in form.fields.items()
        if name in columns
        and columns[name].kind == "text"
        and name not in ("number", "id_number")
        and not name.endswith(LINK_SUFFIXES)
        and type(field) is forms.CharField
    ]
    found.sort(key=lambda name: name in register.sensitive)
    assert found, f"{register.name}: the form has no free text field"
    return found[0]
