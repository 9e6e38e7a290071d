"""One filing per department and year, refused by name: the register's `resolve` hook
(core.registers.Register.resolve), which the write path calls for all the writes of a form, an
API call or an import chunk at once, and again only when a record's 所属单位 or 年度 changes
(`links_from`).

The database's (unit, year) constraint holds against two writers at once, but can only say
"already filed"; this says which filing is there, so that the 填报员 opens it instead. Queries:
one per LOOKUP_CHUNK units.
"""

from fazhi.core.errors import Problem

from .models import AnnualData
from .rules import year_is_valid

HEADER = "年度"
LOOKUP_CHUNK = 500


def refuse_second_filing(actor, records: list) -> list[tuple[object, Problem]]:
    keyed = [r for r in records if r.unit_id is not None and year_is_valid(r.year)]
    stored = _stored(keyed)
    problems, seen = [], {}
    for record in keyed:
        key = (record.unit_id, record.year)
        other = stored.get(key)
        # The same 编号 as the stored one: the (unit, 编号) rule refuses it in its own words.
        if other is not None and other.pk != record.pk and other.number != record.number:
            problems.append((record, Problem(HEADER, _filed_already(record, other))))
        elif key in seen:
            message = (
                f"「{record.unit.name}」{record.year}年度的执法数据在本次填报中出现了两次"
                f"（编号「{seen[key].number}」和「{record.number}」），同一年度只能填报一次"
            )
            problems.append((record, Problem(HEADER, message)))
        else:
            seen[key] = record
    return problems


def _filed_already(record, other) -> str:
    return (
        f"「{record.unit.name}」{record.year}年度的执法数据已经填报：编号「{other.number}」，"
        f"{other.filed_date.isoformat()} 由{other.filer}填报。同一年度只能填报一次，"
        "请打开已有的记录修改"
    )


def _stored(records: list) -> dict[tuple[int, int], AnnualData]:
    unit_ids = sorted({r.unit_id for r in records})
    years = sorted({r.year for r in records})
    found = {}
    for start in range(0, len(unit_ids), LOOKUP_CHUNK):
        query = AnnualData.objects.filter(
            unit_id__in=unit_ids[start : start + LOOKUP_CHUNK], year__in=years
        ).only("pk", "unit_id", "year", "number", "filed_date", "filer")
        found.update({(r.unit_id, r.year): r for r in query})
    return found
