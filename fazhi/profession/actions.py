"""Every change to the three registers: one function per action, each through the one write
path (core.writes.save_record / update_record: scope, links, derived fields, checks, audit, one
transaction). A 执业状态 step is written with its StatusChange row in the record's transaction,
and the record's audit entry names it."""

import datetime

from django.db import transaction
from django.utils import timezone

from fazhi.core.errors import ActionRefused, RecordInvalid, StepRefused
from fazhi.core.text import text_problem
from fazhi.core.writes import lock, save_record, update_record

from . import links, rules
from .columns import ASSESSMENT_REGISTER, ORG_REGISTER, PRACTITIONER_REGISTER
from .models import (
    LegalPractitioner,
    LegalServiceOrg,
    PractitionerAssessment,
    StatusChange,
    StatusStep,
)


def register_org(actor, *, unit, **facts) -> LegalServiceOrg:
    record = LegalServiceOrg(unit=unit, **facts)
    return save_record(actor, ORG_REGISTER, record, note="登记法律服务机构")


def update_org(actor, record: LegalServiceOrg, **changes) -> LegalServiceOrg:
    return update_record(actor, ORG_REGISTER, record, changes, note="修改法律服务机构信息")


def register_practitioner(actor, *, unit, **facts) -> LegalPractitioner:
    record = LegalPractitioner(unit=unit, **facts)
    return save_record(actor, PRACTITIONER_REGISTER, record, note="登记法律服务人员")


def update_practitioner(actor, record: LegalPractitioner, **changes) -> LegalPractitioner:
    return update_record(actor, PRACTITIONER_REGISTER, record, changes, note="修改法律服务人员信息")


def register_assessment(actor, *, unit, **facts) -> PractitionerAssessment:
    record = PractitionerAssessment(unit=unit, **facts)
    return save_record(actor, ASSESSMENT_REGISTER, record, note="登记年度考核")


def update_assessment(actor, record: PractitionerAssessment, **changes) -> PractitionerAssessment:
    return update_record(actor, ASSESSMENT_REGISTER, record, changes, note="修改年度考核")


# What matching an assessment to its subject sets (links.resolve_assessments).
MATCH_FIELDS = ("org", "practitioner", "unmatched")


def rematch_assessment(actor, record: PractitionerAssessment) -> PractitionerAssessment:
    """重新匹配: look the assessment's subject up again by its number, as when it was entered —
    for a row kept 未匹配 whose org or practitioner has been registered since. An edit that
    changes nothing of the number does not look it up (core.writes: links are resolved only
    when the fields they come from change), so this is its own act, audited."""
    with transaction.atomic():
        lock(record)
        problems = [problem for _, problem in links.resolve_assessments(actor, [record])]
        if problems:
            raise RecordInvalid(problems)
        found = "已匹配" if not record.unmatched else "仍未匹配"
        return save_record(
            actor,
            ASSESSMENT_REGISTER,
            record,
            note=f"重新匹配考核对象：{found}",
            effect=MATCH_FIELDS,
        )


def _register_of(record):
    return ORG_REGISTER if isinstance(record, LegalServiceOrg) else PRACTITIONER_REGISTER


def _text(value, label: str, limit: int) -> str:
    """A step's free text (事由, 文号), stripped; refused in Chinese when too long or carrying a
    character no text may carry, before anything is written."""
    text = str(value or "").strip()
    if len(text) > limit:
        raise ActionRefused(f"{label}最多 {limit} 个字。")
    problem = text_problem(text, label)
    if problem:
        raise ActionRefused(problem)
    return text


def take_step(
    actor,
    record: LegalServiceOrg | LegalPractitioner,
    step: str,
    day: datetime.date,
    *,
    reason: str = "",
    document_number: str = "",
    today: datetime.date | None = None,
):
    """停止执业, 恢复执业, 注销 or 吊销 of an org or a practitioner on `day`, for `reason` (and
    under 文号 where one was given): the record's status as the step's effect, and the step
    kept as a StatusChange, in one transaction."""
    today = today or timezone.localdate()
    reason = _text(reason, "事由", rules.REASON_LIMIT)
    document_number = _text(document_number, "文号", rules.DOCUMENT_LIMIT)
    register = _register_of(record)
    with transaction.atomic():
        lock(record)
        try:
            rules.apply_step(
                record, step, day, today, reason=reason, document_number=document_number
            )
        except StepRefused as refusal:
            raise ActionRefused(str(refusal)) from None
        subject = "org" if register is ORG_REGISTER else "practitioner"
        StatusChange.objects.create(
            **{subject: record},
            step=step,
            date=day,
            reason=reason,
            document_number=document_number,
            recorded_by=actor,
        )
        label = StatusStep(step).label
        note = f"{label}：日期 {day.isoformat()}，事由：{reason}"
        if document_number:
            note += f"，文号：{document_number}"
        return save_record(actor, register, record, note=note, effect=rules.STATUS_FIELDS)
