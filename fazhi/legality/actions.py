"""Every change to a 合法性审查 or a 规范性文件: one function per action, each through
core.writes.save_record (scope, derived deadlines, checks, audit, one transaction)."""

import datetime

from django.db import transaction

from fazhi.core.writes import lock, save_record, update_record

from . import normative_rules, rules
from .columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from .models import LegalityReview, NormativeDocument


def register_case(actor, *, unit, **facts) -> LegalityReview:
    """收文: a document or agreement received for legality review."""
    facts.setdefault("officer", actor)
    record = LegalityReview(unit=unit, **facts)
    return save_record(actor, REVIEW_REGISTER, record, note="登记合法性审查")


@transaction.atomic
def record_step(
    actor, record: LegalityReview, step: str, day: datetime.date, *, conclusion: str = ""
) -> LegalityReview:
    """出具意见 or 退回."""
    lock(record)
    rules.apply_step(record, step, day, conclusion=conclusion)
    return save_record(actor, REVIEW_REGISTER, record, note=f"办理：{rules.STEPS[step].label}")


def update_case(actor, record: LegalityReview, **changes) -> LegalityReview:
    return update_record(actor, REVIEW_REGISTER, record, changes, note="修改审查信息")


def register_document(actor, *, unit, **facts) -> NormativeDocument:
    """登记 a normative document as published, waiting for its filing."""
    facts.setdefault("officer", actor)
    record = NormativeDocument(unit=unit, **facts)
    return save_record(actor, NORMATIVE_REGISTER, record, note="登记规范性文件")


@transaction.atomic
def record_document_step(
    actor, record: NormativeDocument, step: str, day: datetime.date, *, conclusion: str = ""
) -> NormativeDocument:
    """报送备案 or 审查完成."""
    lock(record)
    normative_rules.apply_step(record, step, day, conclusion=conclusion)
    note = f"办理：{normative_rules.STEPS[step].label}"
    return save_record(actor, NORMATIVE_REGISTER, record, note=note)


def update_document(actor, record: NormativeDocument, **changes) -> NormativeDocument:
    return update_record(actor, NORMATIVE_REGISTER, record, changes, note="修改文件信息")
