"""督察对象: the unit code as written → the 行政执法部门 or 乡镇人民政府 it names; and the records
of one inspection (one 督察编号 in one unit) kept stating the same particulars. For many
records at once: the register's `resolve` hook, used by the importer, the API and the actions.
"""

from fazhi.core.errors import Problem
from fazhi.core.unit_links import resolve_named_units

from . import rules
from .models import RuleOfLawInspection

HEADER = "督察对象"


def resolve(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `inspected_unit` from its code, then check that the records of one
    inspection agree with each other and with those stored. Queries: two."""
    problems = resolve_inspected_units(records)
    failed = {id(record) for record, _ in problems}
    problems += disagreements([r for r in records if id(r) not in failed])
    return problems


def resolve_inspected_units(records: list) -> list[tuple[object, Problem]]:
    """Unknown codes, units of another kind, and units outside the owner's subtree are
    refused, each with its Chinese problem."""
    return resolve_named_units(
        records,
        code_field="inspected_unit_code",
        unit_field="inspected_unit",
        header=HEADER,
        kind_problems=rules.unit_problems,
    )


def disagreements(records: list) -> list[tuple[object, Problem]]:
    """Each record whose particulars differ from its inspection's: as stored (a record not
    among those written now), else as the first of these records states them. Written
    together (an import, the inspection's own edit), the records of an inspection change
    their particulars at once."""
    records = [r for r in records if r.inspection_number]
    if not records:
        return []
    writing = {r.pk for r in records if r.pk is not None}
    stored = (
        RuleOfLawInspection.objects.filter(
            unit_id__in={r.unit_id for r in records},
            inspection_number__in={r.inspection_number for r in records},
        )
        .only("pk", "unit_id", "inspection_number", *rules.PARTICULARS)
        .order_by("id")
    )
    reference = {}
    for other in stored:
        if other.pk not in writing:
            reference.setdefault((other.unit_id, other.inspection_number), other)
    problems = []
    for record in records:
        key = (record.unit_id, record.inspection_number)
        first = reference.setdefault(key, record)
        headers = rules.disagreement(record, first)
        if headers:
            message = rules.disagreement_message(record.inspection_number, headers)
            problems.append((record, Problem("督察编号", message)))
    return problems
