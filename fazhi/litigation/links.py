"""关联复议案件编号 → the reconsideration case it names.

The Excel column and the forms carry the number (`reconsideration_number`); the foreign key
`reconsideration` is resolved from it here, for web forms, actions and the importer alike, so a
number means the same case whichever way it came in. It needs the database, so it is not in
rules.py; it costs a fixed number of queries however many records are resolved.
"""

from collections import defaultdict

from django.db.models import Q

from fazhi.core.errors import Problem
from fazhi.core.models import PATH_SEPARATOR, Unit, UnitKind
from fazhi.reconsideration.models import ReconsiderationCase

HEADER = "关联复议案件编号"
# Numbers looked up per query: far below every database's limit on bound parameters.
LOOKUP_CHUNK = 500


def resolve_links(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `reconsideration` from its `reconsideration_number`; return the
    records whose number names no case, or more than one, each with its Problem.

    A number names the case of that number in the record's own unit; failing that, the one
    case of that number anywhere in the county the record's unit belongs to (a suit against a
    department often follows a reconsideration decided by the county's bureau). Above county
    level, the record's own subtree. Only cases the actor may see count, so nobody links to a
    case he could not open; `actor` None (the command line) sees every case.

    Queries: one for the counties, then one per LOOKUP_CHUNK distinct numbers.
    """
    linking = []
    for record in records:
        record.reconsideration_number = (record.reconsideration_number or "").strip()
        if not record.reconsideration_number:
            record.reconsideration = None
        elif not _link_current(record):
            linking.append(record)
    if not linking:
        return []
    areas = _county_paths({record.unit for record in linking})
    found = _cases_by_number(
        actor, {r.reconsideration_number for r in linking}, set(areas.values())
    )
    problems = []
    for record in linking:
        number, area = record.reconsideration_number, areas[record.unit_id]
        in_area = [case for case in found[number] if case.unit.path.startswith(area)]
        chosen = [case for case in in_area if case.unit_id == record.unit_id] or in_area
        if len(chosen) == 1:
            record.reconsideration = chosen[0]
            continue
        record.reconsideration = None
        if chosen:
            units = "、".join(sorted({case.unit.name for case in chosen}))
            message = f"关联复议案件编号「{number}」对应多件复议案件（{units}），无法确定关联哪一件"
        else:
            message = f"找不到编号为「{number}」的行政复议案件"
        problems.append((record, Problem(HEADER, message)))
    return problems


def _link_current(record) -> bool:
    """Whether the record's link still names the case its number names. Such a link is kept:
    the writer may not see a case linked by a colleague with a wider reach, and that link is
    not his to break by correcting the plaintiff's name or re-importing the row. (Compared with
    the linked case itself, as a form or a file has already written the number onto it.)"""
    if record.reconsideration_id is None:
        return False
    return record.reconsideration.number == record.reconsideration_number


def _county_paths(units: set[Unit]) -> dict[int, str]:
    """Unit id → the path of the county it belongs to (its own path above county level)."""
    chains = {unit.pk: unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) for unit in units}
    codes = {code for chain in chains.values() for code in chain}
    counties = dict(
        Unit.objects.filter(code__in=codes, kind=UnitKind.COUNTY).values_list("code", "path")
    )
    paths = {}
    for unit in units:
        county = next((c for c in reversed(chains[unit.pk]) if c in counties), None)
        paths[unit.pk] = counties[county] if county else unit.path
    return paths


def _cases_by_number(actor, numbers: set[str], areas: set[str]) -> dict[str, list]:
    cases = ReconsiderationCase.objects.all()
    if actor is not None:
        cases = ReconsiderationCase.objects.visible_to(actor)
    within = Q()
    for path in _outermost(areas):
        within |= Q(unit__path__startswith=path)
    found = defaultdict(list)
    ordered = sorted(numbers)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        for case in cases.filter(within, number__in=chunk).select_related("unit"):
            found[case.number].append(case)
    return found


def _outermost(paths: set[str]) -> list[str]:
    """The paths not inside another of them: the fewest LIKE clauses covering them all."""
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
