"""A result's links, for many records at once (the register's `resolve`, used by the importer
and the actions alike): the 被考核单位 from its code, the bureau's scheme of the year, and the
rule of one result per department and year. Queries: three, whatever the number of records."""

from django.db.models import Q

from fazhi.core.errors import Problem
from fazhi.core.unit_links import resolve_named_units

from . import rules
from .models import EnforcementEvaluation, EvaluationScheme

HEADER = "被考核单位"


def resolve(actor, records: list) -> list[tuple[object, Problem]]:
    problems = []
    for record in records:
        record.evaluated_unit_code = (record.evaluated_unit_code or "").strip()
        if record.pk is not None:
            # Called when 被考核单位, 考核年度 or 所属单位 changes (Register.links_from): the
            # values computed were another department's or year's, so the data items show
            # 未计算 and the result is not confirmed until 重新计算.
            record.measured, record.measured_at = {}, None
    problems += _departments(records)
    _schemes(records)
    problems += _one_per_year(records)
    return problems


def _departments(records) -> list:
    """Each record's `evaluated_unit` from its code: a 行政执法部门 within the owner's area."""
    return resolve_named_units(
        records,
        code_field="evaluated_unit_code",
        unit_field="evaluated_unit",
        header=HEADER,
        kind_problems=rules.unit_problems,
    )


def _schemes(records) -> None:
    """The scheme the owner set for the year; none yet is no problem (it is set later)."""
    owners = {r.unit_id for r in records}
    years = {r.year for r in records if r.year}
    schemes = {
        (s.unit_id, s.year): s
        for s in EvaluationScheme.objects.filter(unit_id__in=owners, year__in=years)
    }
    for record in records:
        record.scheme = schemes.get((record.unit_id, record.year))


def _one_per_year(records) -> list:
    """One result per department and year in an owner's register: neither another stored
    one nor another row of the same file."""
    keyed = [r for r in records if r.evaluated_unit_id and r.year]
    if not keyed:
        return []
    condition = Q(
        unit_id__in={r.unit_id for r in keyed},
        year__in={r.year for r in keyed},
        evaluated_unit_code__in={r.evaluated_unit_code for r in keyed},
    )
    stored = {}
    for pk, unit_id, year, code, number in EnforcementEvaluation.objects.filter(
        condition
    ).values_list("pk", "unit_id", "year", "evaluated_unit_code", "number"):
        stored.setdefault((unit_id, year, code), []).append((pk, number))
    problems, seen = [], {}
    for record in keyed:
        key = (record.unit_id, record.year, record.evaluated_unit_code)
        others = [number for pk, number in stored.get(key, ()) if pk != record.pk]
        earlier = seen.get(key)
        if others or (earlier is not None and earlier is not record):
            number = others[0] if others else earlier.number
            message = (
                f"「{record.evaluated_unit.name}」{record.year}年度已有评议考核记录（{number}），"
                "每个部门每年只考核一次"
            )
            problems.append((record, Problem(HEADER, message)))
        seen.setdefault(key, record)
    return problems
