"""Every change to a 社区矫正对象 or an 教育帮扶活动: one function per action, each through
core.writes.save_record (scope, derived fields, checks, audit, one transaction)."""

from fazhi.core import duplicates
from fazhi.core.writes import save_record, update_record

from .columns import ACTIVITY_REGISTER, SUBJECT_REGISTER
from .models import CorrectionsActivity, CorrectionsSubject


# flushed: a refusal of a person under corrections elsewhere is audited and notified only
# after the refused transaction has rolled back, or the trace would go with it.
@duplicates.flushed
def register_subject(actor, *, unit, **facts) -> CorrectionsSubject:
    """入矫登记."""
    facts.setdefault("officer", actor)
    record = CorrectionsSubject(unit=unit, **facts)
    return save_record(actor, SUBJECT_REGISTER, record, note="登记社区矫正对象")


@duplicates.flushed  # as register_subject
def update_subject(actor, record: CorrectionsSubject, **changes) -> CorrectionsSubject:
    """Change a subject's facts: reporting, losing or regaining contact, 解除矫正 …"""
    if changes.get("office") is not None:
        # A form picks the office from a list; the register keeps it by its code (links.py).
        changes = {**changes, "office_code": changes["office"].code}
    return update_record(actor, SUBJECT_REGISTER, record, changes, note="修改社区矫正对象信息")


def register_activity(actor, *, unit, **facts) -> CorrectionsActivity:
    record = CorrectionsActivity(unit=unit, **facts)
    return save_record(actor, ACTIVITY_REGISTER, record, note="登记教育帮扶活动")


def update_activity(actor, record: CorrectionsActivity, **changes) -> CorrectionsActivity:
    return update_record(actor, ACTIVITY_REGISTER, record, changes, note="修改教育帮扶活动")
