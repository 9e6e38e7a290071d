"""报告单位: the unit code as written → the unit it names, which must be one that reports
(rules.reporting_kinds, from the setting) within the owner's area; and one report per unit and
year, refused by name. For many records at once: the register's `resolve` hook, used by the
importer, the API and the actions, and asked again only when the owner, the 报告年度 or the
报告单位 changes (`links_from`): a step never re-links.

The database's (报告单位, 报告年度) constraint holds against two writers at once, but can only
say "already registered"; this says which record is there, so that the officer opens it.
"""

from fazhi.core.errors import Problem
from fazhi.core.models import RegisterSetting
from fazhi.core.unit_links import resolve_named_units

from . import rules
from .models import DepartmentReport

HEADER = "报告单位"
YEAR_HEADER = "报告年度"
LOOKUP_CHUNK = 500


def resolve(actor, records: list) -> list[tuple[object, Problem]]:
    """Set each record's `reporting_unit` from its code, then refuse a second report of a unit
    and year. Queries: three (the settings, the units, the stored reports)."""
    kinds = rules.reporting_kinds(RegisterSetting.objects.current())
    problems = resolve_named_units(
        records,
        code_field="reporting_unit_code",
        unit_field="reporting_unit",
        header=HEADER,
        kind_problems=lambda code, kind: rules.unit_problems(code, kind, kinds),
    )
    failed = {id(record) for record, _ in problems}
    return problems + refuse_second_report([r for r in records if id(r) not in failed])


def refuse_second_report(records: list) -> list[tuple[object, Problem]]:
    keyed = [r for r in records if r.reporting_unit_id is not None and rules.year_is_valid(r.year)]
    stored = _stored(keyed)
    problems, seen = [], {}
    for record in keyed:
        key = (record.reporting_unit_id, record.year)
        other = stored.get(key)
        # The same 编号 in the same unit as the stored one: the (unit, 编号) rule refuses it
        # in its own words.
        same_number = (
            other is not None and other.unit_id == record.unit_id and other.number == record.number
        )
        if other is not None and other.pk != record.pk and not same_number:
            problems.append((record, Problem(YEAR_HEADER, _registered_already(record, other))))
        elif key in seen:
            message = (
                f"「{record.reporting_unit.name}」{record.year}年度的报告在本次登记中出现了两次"
                f"（登记编号「{seen[key].number}」和「{record.number}」），每个单位每年度只登记一份"
            )
            problems.append((record, Problem(YEAR_HEADER, message)))
        else:
            seen[key] = record
    return problems


def _registered_already(record, other) -> str:
    received = f"，{other.received_date.isoformat()}报送" if other.received_date is not None else ""
    return (
        f"「{record.reporting_unit.name}」{record.year}年度的法治政府建设年度报告已经登记："
        f"登记编号「{other.number}」{received}。每个单位每年度只登记一份，请打开已有的记录修改"
    )


def _stored(records: list) -> dict[tuple[int, int], DepartmentReport]:
    unit_ids = sorted({r.reporting_unit_id for r in records})
    years = sorted({r.year for r in records})
    found = {}
    for start in range(0, len(unit_ids), LOOKUP_CHUNK):
        query = DepartmentReport.objects.filter(
            reporting_unit_id__in=unit_ids[start : start + LOOKUP_CHUNK], year__in=years
        ).only("pk", "unit_id", "reporting_unit_id", "year", "number", "received_date")
        found.update({(r.reporting_unit_id, r.year): r for r in query})
    return found
