"""Every change to 法治督察: one function per action, each through the one write path
(core.writes: scope, links, derived fields, checks, audit, one transaction).

Inspections and their findings are entered only by those who work the register (执法监督);
the inspected unit's 填报员 reaches the findings about his unit (clerk_unit_field) but records
only their rectification (`record_step` / `record_rectification`).
"""

import datetime

from django.db import transaction

from fazhi.core import permissions
from fazhi.core.writes import (
    Write,
    change_entry,
    lock,
    prepare,
    records_written,
    refuse,
    save_record,
    stored_copy,
    update_record,
)

from . import rules
from .columns import RECTIFICATION_FIELDS, REGISTER
from .models import RuleOfLawInspection
from .permissions import RULE

# What the inspection's own edit changes, on every record of it at once.
INSPECTION_FIELDS = ("inspection_number", *rules.PARTICULARS)


def register_inspection(actor, *, unit, **facts) -> RuleOfLawInspection:
    """登记: an inspection with its first finding (or none: it found nothing)."""
    permissions.require(RULE, actor)
    facts.setdefault("officer", actor)
    record = RuleOfLawInspection(unit=unit, **facts)
    return save_record(actor, REGISTER, record, note="登记法治督察")


def update_finding(actor, record: RuleOfLawInspection, **changes) -> RuleOfLawInspection:
    """Correct one record's particulars: not for 填报员."""
    permissions.require(RULE, actor)
    return update_record(actor, REGISTER, record, changes, note="修改法治督察记录")


def inspection_records(record: RuleOfLawInspection, *, for_update: bool = False):
    """The records of `record`'s inspection (its 督察编号 in its unit), oldest first."""
    records = RuleOfLawInspection.objects.filter(
        unit_id=record.unit_id, inspection_number=record.inspection_number
    ).order_by("id")
    return records.select_for_update() if for_update else records


@transaction.atomic
def add_finding(
    actor,
    inspection: RuleOfLawInspection,
    *,
    problems: str,
    rectification_deadline: datetime.date | None,
) -> RuleOfLawInspection:
    """A finding of `inspection` (any of its records), with its deadline. The record the
    inspection was opened with, when it found nothing, takes it; otherwise a new record of the
    inspection, numbered after its others (古法督〔2025〕1号-3), states the same particulars.
    The inspection's records are locked first: two officers adding findings at once number
    them one after the other."""
    permissions.require(RULE, actor)
    siblings = list(inspection_records(inspection, for_update=True).select_related("unit"))
    empty = next((r for r in siblings if not rules.needs_rectification(r)), None)
    finding = {"problems": problems, "rectification_deadline": rectification_deadline}
    if empty is not None:
        return update_record(actor, REGISTER, empty, finding, note="登记督察发现的问题")
    first = siblings[0] if siblings else inspection
    prefix = f"{first.inspection_number}-"
    taken = set(
        RuleOfLawInspection.objects.filter(
            unit_id=first.unit_id, number__startswith=prefix
        ).values_list("number", flat=True)
    )
    record = RuleOfLawInspection(
        unit=first.unit,
        number=rules.next_number(first.inspection_number, taken),
        inspection_number=first.inspection_number,
        officer=actor,
        **rules.particulars(first),
        **finding,
    )
    return save_record(actor, REGISTER, record, note="登记督察发现的问题")


@transaction.atomic
def update_inspection(actor, records, *, note: str = "修改督察信息", **changes) -> int:
    """Change the particulars of an inspection (`records`, all of its records) on every record
    at once: its records are decided together, so that the links' check sees them agree with
    each other rather than with what they said before. Returns how many records changed."""
    permissions.require(RULE, actor)
    unknown = set(changes) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"not an inspection's particular: {sorted(unknown)}")
    writes = []
    for record in sorted(records, key=lambda r: r.pk):
        old = stored_copy(lock(record))
        for name, value in changes.items():
            setattr(record, name, value)
        writes.append(Write(record, old))
    prepare(actor, REGISTER, writes)
    for write in writes:
        refuse(write)
    changed = [write for write in writes if not write.changes_nothing()]
    for write in changed:
        write.record.save()
        change_entry(actor, REGISTER, write, note).save()
    if changed:
        unit_ids = {w.record.unit_id for w in changed} | {w.old.unit_id for w in changed}
        records_written.send(REGISTER.name, unit_ids=unit_ids)
    return len(changed)


@transaction.atomic
def record_step(actor, record: RuleOfLawInspection, step: str, day: datetime.date, **inputs):
    """整改完成 on `day`, with what was done: open to the inspected unit's 填报员 as well."""
    lock(record)
    rules.apply_step(record, step, day, **inputs)
    return save_record(
        actor,
        REGISTER,
        record,
        note=f"整改：{rules.STEPS[step].label}",
        effect=RECTIFICATION_FIELDS,
    )


def record_rectification(
    actor, record: RuleOfLawInspection, day: datetime.date, note: str
) -> RuleOfLawInspection:
    return record_step(actor, record, rules.RECTIFY, day, rectification_note=note)
