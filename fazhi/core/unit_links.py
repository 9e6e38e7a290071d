"""A record that names another unit by its code (被评查单位, 督察对象, 被考核单位): the code as
written is kept, and the unit it names is looked up for many records at once, so that an import
costs one query whatever its length. Shared by 案卷评查, 法治督察 and 评议考核."""

from .errors import Problem
from .models import Unit


def resolve_named_units(
    records: list, *, code_field: str, unit_field: str, header: str, kind_problems
) -> list[tuple[object, Problem]]:
    """Set each record's `unit_field` from the code in `code_field`; return (record, Problem)
    for an unknown code, a unit `kind_problems(code, kind)` refuses (its first message), and a
    unit outside the owner's subtree, which the owner may not judge. Queries: one."""
    problems = []
    for record in records:
        setattr(record, code_field, (getattr(record, code_field) or "").strip())
    codes = {getattr(r, code_field) for r in records if getattr(r, code_field)}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        code = getattr(record, code_field)
        unit = units.get(code)
        setattr(record, unit_field, None)
        if unit is None:
            problems.append((record, Problem(header, f"找不到单位代码「{code}」")))
            continue
        wrong = kind_problems(code, unit.kind)
        if wrong:
            problems.append((record, Problem(header, wrong[0])))
        elif not unit.path.startswith(record.unit.path):
            message = f"「{unit.name}」不在「{record.unit.name}」的辖区内"
            problems.append((record, Problem(header, message)))
        else:
            setattr(record, unit_field, unit)
    return problems
