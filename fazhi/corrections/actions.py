"""Every change to a 社区矫正对象 or an 教育帮扶活动: one function per action, each through
core.registers.save_record (scope, derived fields, checks, audit, one transaction)."""

from django.db import transaction

from fazhi.core import duplicates
from fazhi.core.errors import RecordInvalid
from fazhi.core.registers import apply_changes, save_record

from . import links
from .columns import ACTIVITY_REGISTER, SUBJECT_REGISTER
from .models import CorrectionsActivity, CorrectionsSubject

SUBJECT_FIELDS = tuple(c.field for c in SUBJECT_REGISTER.columns) + ("office", "officer")
ACTIVITY_FIELDS = tuple(c.field for c in ACTIVITY_REGISTER.columns)


def _resolved(actor, record):
    """The office named by its code, and no second open term of the same person."""
    if record.office is not None and not record.office_code:
        record.office_code = record.office.code
    problems = [problem for _, problem in links.resolve_subjects(actor, [record])]
    if problems:
        raise RecordInvalid(problems)
    return record


# flushed: a refusal of a person under corrections elsewhere is audited and notified only
# after the refused transaction has rolled back, or the trace would go with it.
@duplicates.flushed
def register_subject(actor, *, unit, **facts) -> CorrectionsSubject:
    """入矫登记."""
    facts.setdefault("officer", actor)
    record = _resolved(actor, CorrectionsSubject(unit=unit, **facts))
    return save_record(actor, SUBJECT_REGISTER, record, note="登记社区矫正对象")


@duplicates.flushed  # as register_subject
def update_subject(actor, record: CorrectionsSubject, **changes) -> CorrectionsSubject:
    """Change a subject's facts: reporting, losing or regaining contact, 解除矫正 …"""
    apply_changes(record, changes, SUBJECT_FIELDS)
    if "office" in changes and changes["office"] is not None:
        record.office_code = changes["office"].code
    return save_record(
        actor, SUBJECT_REGISTER, _resolved(actor, record), note="修改社区矫正对象信息"
    )


def register_activity(actor, *, unit, **facts) -> CorrectionsActivity:
    record = CorrectionsActivity(unit=unit, **facts)
    return save_record(actor, ACTIVITY_REGISTER, record, note="登记教育帮扶活动")


@transaction.atomic
def update_activity(actor, record: CorrectionsActivity, **changes) -> CorrectionsActivity:
    apply_changes(record, changes, ACTIVITY_FIELDS)
    return save_record(actor, ACTIVITY_REGISTER, record, note="修改教育帮扶活动")
