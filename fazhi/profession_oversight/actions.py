"""Every change to 法律服务投诉 and 专项治理检查: one function per action, each through the one
write path (core.writes: scope, personal data, links, derived fields, checks, audit, one
transaction). The campaigns' own actions are campaigns.py's."""

import datetime

from django.db import transaction

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

from . import check_rules, rules
from .columns import CHECK_REGISTER, COMPLAINT_REGISTER
from .models import LegalServiceCheck, LegalServiceComplaint

# --- legal_service_complaint ---------------------------------------------------------------


def register_complaint(actor, *, unit, **facts) -> LegalServiceComplaint:
    """登记: a complaint received, waiting for the acceptance decision."""
    facts.setdefault("officer", actor)
    record = LegalServiceComplaint(unit=unit, **facts)
    return save_record(actor, COMPLAINT_REGISTER, record, note="登记法律服务投诉")


@transaction.atomic
def record_step(actor, record: LegalServiceComplaint, step: str, day: datetime.date, **inputs):
    """Take one step of the procedure (受理, 调查, 延期, 处理结果, 答复投诉人, 办结 …) in its
    order; a step's own inputs (理由, 核查情况, 核查结论 and 处理方式, 答复方式) go with it."""
    lock(record)
    rules.apply_step(record, step, day, **inputs)
    return save_record(actor, COMPLAINT_REGISTER, record, note=f"办理：{rules.STEPS[step].label}")


@transaction.atomic
def update_complaint(actor, record: LegalServiceComplaint, **changes) -> LegalServiceComplaint:
    """Correct a complaint's particulars; its procedure changes only through record_step."""
    return update_record(actor, COMPLAINT_REGISTER, record, changes, note="修改投诉信息")


# --- legal_service_check --------------------------------------------------------------------

# What the check's own edit changes, on every record of it at once.
CHECK_FIELDS = ("check_number", *check_rules.PARTICULARS)


def register_check(actor, *, unit, **facts) -> LegalServiceCheck:
    """登记: a check with its first finding (or none: it found nothing)."""
    facts.setdefault("officer", actor)
    record = LegalServiceCheck(unit=unit, **facts)
    return save_record(actor, CHECK_REGISTER, record, note="登记专项治理检查")


def update_finding(actor, record: LegalServiceCheck, **changes) -> LegalServiceCheck:
    """Correct one record's finding (the check's particulars: update_check)."""
    return update_record(actor, CHECK_REGISTER, record, changes, note="修改检查记录")


def check_records(record: LegalServiceCheck, *, for_update: bool = False):
    """The records of `record`'s check (its 检查编号 in its unit), oldest first."""
    records = LegalServiceCheck.objects.filter(
        unit_id=record.unit_id, check_number=record.check_number
    ).order_by("id")
    return records.select_for_update() if for_update else records


@transaction.atomic
def add_finding(
    actor,
    check: LegalServiceCheck,
    *,
    problems: str,
    rectification_deadline: datetime.date | None,
) -> LegalServiceCheck:
    """A finding of `check` (any of its records), with its deadline: the record the check was
    opened with takes it when it found nothing; otherwise a new record of the check, numbered
    after its others, states the same particulars. The check's records are locked first."""
    siblings = list(check_records(check, for_update=True).select_related("unit"))
    empty = next((r for r in siblings if not check_rules.needs_rectification(r)), None)
    finding = {"problems": problems, "rectification_deadline": rectification_deadline}
    if empty is not None:
        return update_record(actor, CHECK_REGISTER, empty, finding, note="登记检查发现的问题")
    first = siblings[0] if siblings else check
    prefix = f"{first.check_number}-"
    taken = set(
        LegalServiceCheck.objects.filter(
            unit_id=first.unit_id, number__startswith=prefix
        ).values_list("number", flat=True)
    )
    record = LegalServiceCheck(
        unit=first.unit,
        number=check_rules.next_number(first.check_number, taken),
        check_number=first.check_number,
        officer=actor,
        **check_rules.particulars(first),
        **finding,
    )
    return save_record(actor, CHECK_REGISTER, record, note="登记检查发现的问题")


@transaction.atomic
def update_check(actor, records, *, note: str = "修改检查信息", **changes) -> int:
    """Change the particulars of a check (`records`, all of its records) on every record at
    once, decided together so that the links' check sees them agree with each other. Returns
    how many records changed."""
    unknown = set(changes) - set(CHECK_FIELDS)
    if unknown:
        raise ValueError(f"not a check's particular: {sorted(unknown)}")
    writes = []
    for record in sorted(records, key=lambda r: r.pk):
        old = stored_copy(lock(record))
        for name, value in changes.items():
            setattr(record, name, value)
        writes.append(Write(record, old))
    prepare(actor, CHECK_REGISTER, writes)
    for write in writes:
        refuse(write)
    changed = [write for write in writes if not write.changes_nothing()]
    for write in changed:
        write.record.save()
        change_entry(actor, CHECK_REGISTER, write, note).save()
    if changed:
        unit_ids = {w.record.unit_id for w in changed} | {w.old.unit_id for w in changed}
        records_written.send(CHECK_REGISTER.name, unit_ids=unit_ids)
    return len(changed)


@transaction.atomic
def record_check_step(actor, record: LegalServiceCheck, step: str, day: datetime.date, **inputs):
    """整改完成 on `day`, with what the organisation did: the bureau records it."""
    lock(record)
    check_rules.apply_step(record, step, day, **inputs)
    return save_record(actor, CHECK_REGISTER, record, note=f"整改：{check_rules.STEPS[step].label}")


def record_rectification(
    actor, record: LegalServiceCheck, day: datetime.date, note: str
) -> LegalServiceCheck:
    return record_check_step(actor, record, check_rules.RECTIFY, day, rectification_note=note)
