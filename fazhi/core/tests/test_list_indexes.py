"""Every register keeps an index on (unit, its date newest first, id newest first).

A county's or a prefecture's list page shows its subtree's newest records. At millions of rows
the list's whole-table order (mediation's med_list_order) walks past other counties' records;
this index instead gives each unit of the subtree its own newest records, already in the list's
order, so a page is taken from the first few of each unit. Tested for each register in
REGISTERS, so that a register added later cannot forget it.
"""

import pytest
from django.db import connection

from fazhi.core.registers import REGISTERS


def list_index_fields(register) -> list[str]:
    """The fields the register's list-by-unit index must start with."""
    return ["unit", f"-{register.date_field}", "-id"]


def list_index(register):
    """The register model's declared index starting with the list's fields, or None."""
    wanted = list_index_fields(register)
    return next(
        (
            index
            for index in register.model._meta.indexes
            if list(index.fields[: len(wanted)]) == wanted
        ),
        None,
    )


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_each_register_declares_its_list_by_unit_index(name):
    register = REGISTERS[name]
    assert list_index(register) is not None, (
        f"{register.model.__name__} needs models.Index(fields={list_index_fields(register)}) "
        "in its Meta.indexes: a county's list page reads its units' newest records through it"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_each_register_list_by_unit_index_is_in_the_database(name):
    """The migrations built it, in the declared order (unit ascending, then newest first)."""
    register = REGISTERS[name]
    index = list_index(register)
    table = register.model._meta.db_table
    with connection.cursor() as cursor:
        built = connection.introspection.get_constraints(cursor, table)[index.name]
    unit = register.model._meta.get_field("unit").column
    date = register.model._meta.get_field(register.date_field).column
    assert built["index"] and built["columns"][:3] == [unit, date, "id"]
    assert built["orders"][:3] == ["ASC", "DESC", "DESC"]
