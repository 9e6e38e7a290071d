"""Every change to an 安置帮教对象: one function per action, each through
core.registers.save_record (scope, derived 帮教期满日期, checks, uniqueness, audit, one
transaction)."""

from fazhi.core import duplicates
from fazhi.core.errors import RecordInvalid
from fazhi.core.registers import apply_changes, save_record

from .columns import REGISTER, duplicate_problems
from .models import ResettlementSubject

# The owner unit may change too: save_record checks the actor may change the record both as
# stored and as it will be, so a record only moves within the actor's reach.
EDITABLE_FIELDS = tuple(c.field for c in REGISTER.columns)


def _checked(actor, record):
    """No second record 在册 of the same person, anywhere: the check names the other record
    only to those who may see it (core/duplicates.py). Asked only of a writer save_record would
    accept, and before save_record, whose constraint check would answer anyone."""
    duplicates.refuse_writer_first(actor, REGISTER, record)
    problems = [problem for _, problem in duplicate_problems(actor, [record])]
    if problems:
        raise RecordInvalid(problems)
    return record


# flushed: a refusal of a person on the register elsewhere is audited and notified only after
# the refused transaction has rolled back, or the trace would go with it.
@duplicates.flushed
def register_subject(actor, *, unit, corrections_subject=None, **facts) -> ResettlementSubject:
    """登记一名安置帮教对象; `corrections_subject` links the person's 社区矫正 record when he
    comes to the register on its release."""
    record = ResettlementSubject(unit=unit, corrections_subject=corrections_subject, **facts)
    note = "由社区矫正解除矫正转入安置帮教" if corrections_subject else "登记安置帮教对象"
    return save_record(actor, REGISTER, _checked(actor, record), note=note)


@duplicates.flushed  # as register_subject
def update_subject(actor, record: ResettlementSubject, **changes) -> ResettlementSubject:
    apply_changes(record, changes, EDITABLE_FIELDS)
    return save_record(actor, REGISTER, _checked(actor, record), note="修改安置帮教对象")
