"""Every change to a reconsideration case: one function per action, each through
core.writes.save_record (scope, derived deadlines, checks, audit, one transaction)."""

import datetime

from django.db import transaction

from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import REGISTER
from .models import ReconsiderationCase


def register_case(actor, *, unit, **facts) -> ReconsiderationCase:
    """登记: a new application, received and waiting for the acceptance review."""
    facts.setdefault("officer", actor)
    case = ReconsiderationCase(unit=unit, **facts)
    return save_record(actor, REGISTER, case, note="登记行政复议申请")


@transaction.atomic
def record_step(
    actor,
    case: ReconsiderationCase,
    step: str,
    day: datetime.date,
    *,
    outcome: str = "",
    procedure: str = "",
    delivery_method: str = "",
    recipient: str = "",
    suspension_ground: str = "",
    pre_acceptance_method: str = "",
) -> ReconsiderationCase:
    """Take one step of the procedure (受理, 通知补正, 送达, 受理前化解, 办结 …) in the order the
    law allows; a step's own inputs (送达方式 and 受送达人, 中止事由, 化解方式 …) go with it.
    “明确办结方式” is one too: the precise outcome of a case recorded before the law's
    outcomes were told apart, audited as every step is."""
    lock(case)
    rules.apply_step(
        case,
        step,
        day,
        outcome=outcome,
        procedure=procedure,
        delivery_method=delivery_method,
        recipient=recipient,
        suspension_ground=suspension_ground,
        pre_acceptance_method=pre_acceptance_method,
    )
    return save_record(actor, REGISTER, case, note=f"办理：{rules.STEPS[step].label}")


@transaction.atomic
def update_case(actor, case: ReconsiderationCase, **changes) -> ReconsiderationCase:
    """Correct a case's particulars; its steps change only through record_step."""
    return update_record(actor, REGISTER, case, changes, note="修改案件信息")
