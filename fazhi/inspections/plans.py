"""One 涉企检查计划 per department and year, refused by name: the plan register's `resolve`
hook (core.registers.Register.resolve), which the write path calls for all the writes of a
form, an API call or an import chunk at once, and again only when a plan's 所属单位 or 年度
changes (`links_from`).

The database's (unit, year) constraint holds against two writers at once, but an import writes
in bulk past the model's validation, where it would end as a database error; this refuses the
row first and names the plan already filed (or the other row of the file), so that the
填报员 opens that plan instead. Queries: one per LOOKUP_CHUNK units.
"""

from fazhi.core.errors import Problem

from .models import InspectionPlan
from .rules import FIRST_YEAR, LAST_YEAR

HEADER = "年度"
LOOKUP_CHUNK = 500


def refuse_second_plan(actor, records: list) -> list[tuple[object, Problem]]:
    keyed = [
        r
        for r in records
        if r.unit_id is not None and isinstance(r.year, int) and FIRST_YEAR <= r.year <= LAST_YEAR
    ]
    stored = _stored(keyed)
    problems, seen = [], {}
    for record in keyed:
        key = (record.unit_id, record.year)
        other = stored.get(key)
        # The same 编号 as the stored plan: the (unit, 编号) rule refuses it in its own words.
        if other is not None and other.pk != record.pk and other.number != record.number:
            problems.append((record, Problem(HEADER, _filed_already(record, other))))
        elif key in seen:
            message = (
                f"「{record.unit.name}」{record.year}年度的涉企检查计划在本次填报中出现了两次"
                f"（计划编号「{seen[key].number}」和「{record.number}」），"
                "每个部门每年只报备一份计划"
            )
            problems.append((record, Problem(HEADER, message)))
        else:
            seen[key] = record
    return problems


def _filed_already(record, other) -> str:
    return (
        f"「{record.unit.name}」{record.year}年度的涉企检查计划已经报备：计划编号「{other.number}」，"
        f"报备日期 {other.filed_date.isoformat()}。每个部门每年只报备一份计划，"
        "请打开已有的计划修改"
    )


def _stored(records: list) -> dict[tuple[int, int], InspectionPlan]:
    unit_ids = sorted({r.unit_id for r in records})
    years = sorted({r.year for r in records})
    found = {}
    for start in range(0, len(unit_ids), LOOKUP_CHUNK):
        query = InspectionPlan.objects.filter(
            unit_id__in=unit_ids[start : start + LOOKUP_CHUNK], year__in=years
        ).only("pk", "unit_id", "year", "number", "filed_date")
        found.update({(r.unit_id, r.year): r for r in query})
    return found
