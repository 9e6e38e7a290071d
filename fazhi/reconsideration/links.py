"""被申请人单位代码: the code as written → the unit of the tree that is the respondent, for many
records at once (the register's `resolve` hook, used by the importer, the API and the pages
alike). The 被申请人类型 then follows from the unit's kind (rules.respondent_kind, in derive)."""

from fazhi.core.errors import Problem
from fazhi.core.models import BUREAUS, PATH_SEPARATOR, Unit

HEADER = "被申请人单位代码"


def _bureau_path(owner: Unit) -> str:
    """The path of the bureau whose area the owner's cases concern: the owner itself if it is
    a bureau, else the unit above it (a 内设机构's bureau), read from the path (no query)."""
    if owner.kind in BUREAUS:
        return owner.path
    parts = owner.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    if len(parts) < 2:
        return owner.path
    return PATH_SEPARATOR + PATH_SEPARATOR.join(parts[:-1]) + PATH_SEPARATOR


def resolve_respondents(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `respondent_unit` from `respondent_unit_code` (one query); refuse an
    unknown code and a unit outside the area of the bureau that owns the case."""
    problems = []
    for record in records:
        record.respondent_unit_code = (record.respondent_unit_code or "").strip()
    codes = {r.respondent_unit_code for r in records if r.respondent_unit_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        code = record.respondent_unit_code
        record.respondent_unit = None
        if not code:
            continue
        unit = units.get(code)
        if unit is None:
            problems.append((record, Problem(HEADER, f"找不到单位代码「{code}」")))
            continue
        area = _bureau_path(record.unit)
        if not unit.path.startswith(area):
            message = f"「{unit.name}」不在本案所属单位「{record.unit.name}」的辖区内"
            problems.append((record, Problem(HEADER, message)))
            continue
        record.respondent_unit = unit
    return problems
