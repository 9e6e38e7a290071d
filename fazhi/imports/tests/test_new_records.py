"""importer.NewRecords builds a new row's record as Model(**values) would, without __init__."""

import pytest

from fazhi.core.registers import REGISTERS
from fazhi.imports.importer import NewRecords


def attributes(record) -> dict:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_a_new_record_is_what_the_models_init_would_make(tree, name):
    model = REGISTERS[name].model
    values = {"unit": tree["county"], "number": "古001号"}
    built = NewRecords(model)(dict(values))
    expected = model(**values)
    assert type(built) is model and built.pk is None and built._state.adding
    assert attributes(built) == attributes(expected)
    assert built.unit is tree["county"]  # the relation as its descriptor sets it, cached
    # A callable default (a list, a dict) is made afresh for each record, never shared.
    other = NewRecords(model)(dict(values))
    for field in model._meta.concrete_fields:
        value = getattr(built, field.attname)
        if callable(field.default) and isinstance(value, list | dict):
            assert value is not getattr(other, field.attname)
