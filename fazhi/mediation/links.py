"""调解组织: the code as written → the 人民调解委员会, for many records at once (the register's
`resolve` hook, used by the importer and the actions alike). Who submits and who reviews
以奖代补 is permissions.py."""

from fazhi.core.errors import Problem
from fazhi.core.models import Unit, UnitKind

HEADER = "调解组织"


def resolve_committees(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `committee` from `committee_code` (one query); refuse unknown codes and
    committees outside the owner's subtree."""
    problems = []
    for record in records:
        record.committee_code = (record.committee_code or "").strip()
    codes = {r.committee_code for r in records if r.committee_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        code = record.committee_code
        unit = units.get(code)
        record.committee = None
        if unit is None:
            problems.append((record, Problem(HEADER, f"找不到单位代码「{code}」")))
        elif unit.kind != UnitKind.MEDIATION_COMMITTEE:
            problems.append((record, Problem(HEADER, f"单位「{code}」不是人民调解委员会")))
        elif not unit.path.startswith(record.unit.path):
            message = f"「{unit.name}」不在「{record.unit.name}」的辖区内"
            problems.append((record, Problem(HEADER, message)))
        else:
            record.committee = unit
    return problems
