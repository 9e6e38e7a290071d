"""Every change to a litigation case: one function per action, each through
core.writes.save_record (scope, derived deadlines, checks, audit, one transaction)."""

import datetime

from django.db import transaction

from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import REGISTER
from .models import LitigationCase


def register_case(actor, *, unit, **facts) -> LitigationCase:
    """登记: a suit the bureau was notified of, waiting for the defence."""
    facts.setdefault("officer", actor)
    case = LitigationCase(unit=unit, **facts)
    return save_record(actor, REGISTER, case, note="登记行政应诉案件")


@transaction.atomic
def record_step(
    actor,
    case: LitigationCase,
    step: str,
    day: datetime.date,
    *,
    judgment: str = "",
    closing_method: str = "",
    head_appeared: bool = False,
    head_name: str = "",
    head_title: str = "",
    head_spoke: bool = False,
) -> LitigationCase:
    """Take one step of the procedure (提交答辩, 开庭, 审结) in the order it allows."""
    lock(case)
    rules.apply_step(
        case,
        step,
        day,
        judgment=judgment,
        closing_method=closing_method,
        head_appeared=head_appeared,
        head_name=head_name,
        head_title=head_title,
        head_spoke=head_spoke,
    )
    return save_record(actor, REGISTER, case, note=f"办理：{rules.STEPS[step].label}")


def update_case(actor, case: LitigationCase, **changes) -> LitigationCase:
    """Correct a case's particulars; its steps change only through record_step. This is also
    how a concluded case whose 裁判结果 is 其他 gets the 结案方式 it was kept without."""
    return update_record(actor, REGISTER, case, changes, note="修改案件信息")
