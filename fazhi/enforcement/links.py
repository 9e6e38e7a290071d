"""被评查单位: the unit code as written → the 行政执法部门 it names, for many records at once.

The generic importer resolves only the owner unit (所属单位代码); this is the register's
`resolve` hook, used by the importer and the actions alike: one query for all codes.
"""

from fazhi.core.errors import Problem
from fazhi.core.unit_links import resolve_named_units

from . import rules

HEADER = "被评查单位"


def resolve_reviewed_units(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `reviewed_unit` from `reviewed_unit_code`; return (record, Problem)
    for unknown codes, units that are not 行政执法部门 or lie outside the owner's subtree.
    Queries: one."""
    return resolve_named_units(
        records,
        code_field="reviewed_unit_code",
        unit_field="reviewed_unit",
        header=HEADER,
        kind_problems=rules.unit_problems,
    )
