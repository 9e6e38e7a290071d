"""Every change to a 法律援助案件, a 法律咨询 or a 公证: one function per action, each through
core.writes.save_record (scope, derived deadlines, checks, audit, one transaction)."""

import datetime

from django.db import transaction

from fazhi.core.writes import lock, save_record, update_record

from . import notarization_rules, rules
from .columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from .models import Consultation, LegalAidCase, Notarization


def register_case(actor, *, unit, **facts) -> LegalAidCase:
    """收到法律援助申请（或通知辩护、通知代理的通知）."""
    facts.setdefault("officer", actor)
    record = LegalAidCase(unit=unit, **facts)
    return save_record(actor, LEGAL_AID_REGISTER, record, note="登记法律援助案件")


@transaction.atomic
def record_step(actor, record: LegalAidCase, step: str, day: datetime.date, **inputs):
    """作出决定, 指派 or 结案."""
    lock(record)
    rules.apply_step(record, step, day, **inputs)
    return save_record(actor, LEGAL_AID_REGISTER, record, note=f"办理：{rules.STEPS[step].label}")


def update_case(actor, record: LegalAidCase, **changes) -> LegalAidCase:
    return update_record(actor, LEGAL_AID_REGISTER, record, changes, note="修改案件信息")


def register_consultation(actor, *, unit, **facts) -> Consultation:
    record = Consultation(unit=unit, **facts)
    return save_record(actor, CONSULTATION_REGISTER, record, note="登记法律咨询")


def update_consultation(actor, record: Consultation, **changes) -> Consultation:
    return update_record(actor, CONSULTATION_REGISTER, record, changes, note="修改法律咨询")


def register_notarization(actor, *, unit, **facts) -> Notarization:
    """受理公证申请."""
    facts.setdefault("officer", actor)
    record = Notarization(unit=unit, **facts)
    return save_record(actor, NOTARIZATION_REGISTER, record, note="受理公证")


@transaction.atomic
def record_notarization_step(actor, record: Notarization, step: str, day: datetime.date):
    """出具公证书."""
    lock(record)
    notarization_rules.apply_step(record, step, day)
    note = f"办理：{notarization_rules.STEPS[step].label}"
    return save_record(actor, NOTARIZATION_REGISTER, record, note=note)


def update_notarization(actor, record: Notarization, **changes) -> Notarization:
    return update_record(actor, NOTARIZATION_REGISTER, record, changes, note="修改公证信息")
