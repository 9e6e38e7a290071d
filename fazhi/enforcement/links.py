"""被评查单位: the unit code as written → the 行政执法部门 it names, for many records at once.

The generic importer resolves only the owner unit (所属单位代码); this is the register's
`resolve` hook, used by the importer and the actions alike: one query for all codes.
"""

from fazhi.core.errors import Problem
from fazhi.core.models import Unit

from . import rules

HEADER = "被评查单位"


def resolve_reviewed_units(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `reviewed_unit` from `reviewed_unit_code`; return (record, Problem)
    for unknown codes, units that are not 行政执法部门 or lie outside the owner's subtree.
    Queries: one."""
    problems = []
    for record in records:
        record.reviewed_unit_code = (record.reviewed_unit_code or "").strip()
    codes = {r.reviewed_unit_code for r in records if r.reviewed_unit_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        code = record.reviewed_unit_code
        unit = units.get(code)
        record.reviewed_unit = None
        if unit is None:
            problems.append((record, Problem(HEADER, f"找不到单位代码「{code}」")))
            continue
        wrong = rules.unit_problems(code, unit.kind)
        if wrong:
            problems.append((record, Problem(HEADER, wrong[0])))
        elif not unit.path.startswith(record.unit.path):
            message = f"「{unit.name}」不在「{record.unit.name}」的辖区内"
            problems.append((record, Problem(HEADER, message)))
        else:
            record.reviewed_unit = unit
    return problems
