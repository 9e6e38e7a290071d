"""Every change to a litigation case: one function per action, each through
core.registers.save_record (scope, derived deadlines, checks, audit, one transaction)."""

import datetime

from django.db import transaction

from fazhi.core.errors import RecordInvalid
from fazhi.core.registers import apply_changes, lock, save_record

from . import rules
from .columns import REGISTER
from .links import resolve_links
from .models import LitigationCase

EDITABLE_FIELDS = (
    "number",
    "plaintiff",
    "defendant",
    "act_type",
    "instance",
    "court",
    "reconsideration_number",
    "officer",
)


def _link(actor, case: LitigationCase):
    """Resolve 关联复议案件编号 to its case, or refuse the record."""
    problems = resolve_links(actor, [case])
    if problems:
        raise RecordInvalid([problem for _, problem in problems])


def _link_outdated(case: LitigationCase) -> bool:
    """Whether the number no longer names the linked case. An unchanged link is kept: the
    editor may not see a case linked by a colleague with a wider reach, and that link is not
    his to break by correcting the plaintiff's name. (Compared with the linked case itself, as
    a ModelForm has already written the new number onto the instance.)"""
    number = (case.reconsideration_number or "").strip()
    if case.reconsideration_id is None:
        return bool(number)
    return case.reconsideration.number != number


@transaction.atomic
def register_case(actor, *, unit, **facts) -> LitigationCase:
    """登记: a suit the bureau was notified of, waiting for the defence."""
    facts.setdefault("officer", actor)
    case = LitigationCase(unit=unit, **facts)
    _link(actor, case)
    return save_record(actor, REGISTER, case, note="登记行政应诉案件")


@transaction.atomic
def record_step(
    actor,
    case: LitigationCase,
    step: str,
    day: datetime.date,
    *,
    judgment: str = "",
    head_appeared: bool = False,
    head_name: str = "",
    head_title: str = "",
) -> LitigationCase:
    """Take one step of the procedure (提交答辩, 开庭, 审结) in the order it allows."""
    lock(case)
    rules.apply_step(
        case,
        step,
        day,
        judgment=judgment,
        head_appeared=head_appeared,
        head_name=head_name,
        head_title=head_title,
    )
    return save_record(actor, REGISTER, case, note=f"办理：{rules.STEPS[step].label}")


@transaction.atomic
def update_case(actor, case: LitigationCase, **changes) -> LitigationCase:
    """Correct a case's particulars; its steps change only through record_step."""
    apply_changes(case, changes, EDITABLE_FIELDS)
    if _link_outdated(case):
        _link(actor, case)
    return save_record(actor, REGISTER, case, note="修改案件信息")
