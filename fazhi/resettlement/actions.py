"""Every change to an 安置帮教对象: one function per action, each through
core.writes.save_record (scope, derived 帮教期满日期, checks, uniqueness, audit, one
transaction)."""

from fazhi.core import duplicates
from fazhi.core.writes import save_record, update_record

from .columns import REGISTER
from .models import ResettlementSubject


# flushed: a refusal of a person on the register elsewhere is audited and notified only after
# the refused transaction has rolled back, or the trace would go with it.
@duplicates.flushed
def register_subject(actor, *, unit, corrections_subject=None, **facts) -> ResettlementSubject:
    """登记一名安置帮教对象; `corrections_subject` links the person's 社区矫正 record when he
    comes to the register on its release."""
    record = ResettlementSubject(unit=unit, corrections_subject=corrections_subject, **facts)
    note = "由社区矫正解除矫正转入安置帮教" if corrections_subject else "登记安置帮教对象"
    return save_record(actor, REGISTER, record, note=note)


@duplicates.flushed  # as register_subject
def update_subject(actor, record: ResettlementSubject, **changes) -> ResettlementSubject:
    # Every column, the owner unit too: the write checks the actor may change the record both
    # as stored and as it will be, so a record only moves within the actor's reach.
    return update_record(actor, REGISTER, record, changes, note="修改安置帮教对象")
