"""Every change to an 安置帮教对象: one function per action, each through
core.registers.save_record (scope, derived 帮教期满日期, checks, uniqueness, audit, one
transaction)."""

from django.db import transaction

from fazhi.core.registers import apply_changes, save_record

from .columns import REGISTER
from .models import ResettlementSubject

# The owner unit may change too: save_record checks the actor may change the record both as
# stored and as it will be, so a record only moves within the actor's reach.
EDITABLE_FIELDS = tuple(c.field for c in REGISTER.columns)


def register_subject(actor, *, unit, corrections_subject=None, **facts) -> ResettlementSubject:
    """登记一名安置帮教对象; `corrections_subject` links the person's 社区矫正 record when he
    comes to the register on its release."""
    record = ResettlementSubject(unit=unit, corrections_subject=corrections_subject, **facts)
    note = "由社区矫正解除矫正转入安置帮教" if corrections_subject else "登记安置帮教对象"
    return save_record(actor, REGISTER, record, note=note)


@transaction.atomic
def update_subject(actor, record: ResettlementSubject, **changes) -> ResettlementSubject:
    apply_changes(record, changes, EDITABLE_FIELDS)
    return save_record(actor, REGISTER, record, note="修改安置帮教对象")
