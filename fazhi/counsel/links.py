"""服务单位: the unit code as written → the unit it names (core.unit_links); and one row an
adviser, category, served unit and year, refused by name. The category is part of it: the
bureau's own 公职律师 may also sit on the county government's 法律顾问团, served under the
bureau's code as well — two rows, one of each. For many records at once: the register's
`resolve` hook, called by the importer, the API and the pages for all their writes together,
and again only when a field the links come from changes (Register.links_from).

The database's constraint holds against two writers at once but would say only "already
there"; this names the row there, so that the officer opens it instead. Queries: two (the
units, then the rows of the same units, years and served units).
"""

from fazhi.core.errors import Problem
from fazhi.core.unit_links import resolve_named_units

from . import rules
from .models import LegalAdviser

HEADER = "服务单位"
DUPLICATE_HEADER = "姓名"


def resolve(actor, records: list) -> list[tuple[object, Problem]]:
    problems = resolve_named_units(
        records,
        code_field="served_unit_code",
        unit_field="served_unit",
        header=HEADER,
        kind_problems=rules.served_unit_problems,
    )
    failed = {id(record) for record, _ in problems}
    return problems + refuse_second_row([r for r in records if id(r) not in failed])


def _key(record) -> tuple:
    return (
        record.unit_id,
        record.year,
        record.category,
        record.served_unit_id,
        rules.squeeze(record.name),
    )


def refuse_second_row(records: list) -> list[tuple[object, Problem]]:
    """Each record naming an adviser, category, served unit and year that a stored row (another one)
    or an earlier record of these already names."""
    keyed = [
        r
        for r in records
        if r.unit_id is not None
        and r.served_unit_id is not None
        and isinstance(r.year, int)
        and rules.squeeze(r.name)
    ]
    if not keyed:
        return []
    stored = {}
    query = LegalAdviser.objects.filter(
        unit_id__in={r.unit_id for r in keyed},
        year__in={r.year for r in keyed},
        served_unit_id__in={r.served_unit_id for r in keyed},
    ).only("pk", "unit_id", "year", "category", "served_unit_id", "name", "number")
    for other in query:
        stored.setdefault(_key(other), []).append(other)
    problems, seen = [], {}
    for record in keyed:
        key = _key(record)
        others = [o for o in stored.get(key, ()) if o.pk != record.pk]
        # The same 登记编号 as the stored row: the (unit, 编号) rule refuses it in its own words.
        other = next((o for o in others if o.number != record.number), None)
        if other is not None and not any(o.number == record.number for o in others):
            problems.append((record, Problem(DUPLICATE_HEADER, _there_already(record, other))))
        elif key in seen:
            message = (
                f"「{record.name}」{record.year}年度作为{record.get_category_display()}"
                f"在「{record.served_unit.name}」的记录在本次登记中出现了两次"
                f"（登记编号「{seen[key].number}」和「{record.number}」），"
                "同一人同一年度在同一服务单位只登记一条"
            )
            problems.append((record, Problem(DUPLICATE_HEADER, message)))
        else:
            seen[key] = record
    return problems


def _there_already(record, other) -> str:
    return (
        f"「{record.name}」{record.year}年度作为{record.get_category_display()}"
        f"在「{record.served_unit.name}」已有登记："
        f"登记编号「{other.number}」。同一人同一年度在同一服务单位只登记一条，"
        "请打开已有的记录修改"
    )
