"""Every change to an officer, his cards and exams, and to a training attendance: one function
per action, each ending in core.writes.save_record / update_record (scope, derived fields,
checks, audit, one transaction). A change of a card or an exam is written in the officer's
transaction, and the officer's audit entry names it."""

import datetime

from django.db import transaction
from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.text import text_problem
from fazhi.core.writes import lock, save_record, update_record

from . import cards, rules
from .columns import OFFICER_REGISTER, TRAINING_REGISTER, current_settings
from .models import CertificateEvent, EnforcementOfficer, EventKind, Exam, TrainingAttendance
from .permissions import SANCTION


def register_officer(actor, *, unit, **facts) -> EnforcementOfficer:
    """登记 an officer on his department's roster, with his current card if he has one."""
    record = EnforcementOfficer(unit=unit, **facts)
    with cards.acting(actor):
        return save_record(actor, OFFICER_REGISTER, record, note="登记行政执法人员")


def update_officer(actor, record: EnforcementOfficer, **changes) -> EnforcementOfficer:
    """Change an officer's particulars: his post, 在岗, department, or a new card (换发)."""
    with cards.acting(actor):
        return update_record(actor, OFFICER_REGISTER, record, changes, note="修改行政执法人员信息")


def change_card(
    actor,
    officer: EnforcementOfficer,
    kind: str,
    day: datetime.date,
    *,
    reason: str = "",
    document_number: str = "",
    until: datetime.date | None = None,
    result: str = "",
    today: datetime.date | None = None,
) -> EnforcementOfficer:
    """暂扣 (with its end), 恢复, 注销, 吊销 or 年审 (with its result) of the officer's current
    card, on `day`, for `reason` (and under 文号 where one was given). 暂扣, 恢复 and 吊销 are the
    bureau's sanctions; a department records 注销 and 年审 of its own officers."""
    today = today or timezone.localdate()
    if kind in rules.SANCTIONS:
        permissions.require(SANCTION, actor)
    reason = _event_text(reason, "事由", 200)
    document_number = _event_text(document_number, "文号", 64)
    with transaction.atomic():
        lock(officer)
        card = cards.current_card(officer, lock=True)
        if card is None:
            raise ActionRefused("该人员没有登记执法证。")
        refusal = rules.event_refusal(
            card, kind, day, today, until=until, result=result, reason=reason
        )
        if refusal:
            raise ActionRefused(refusal)
        rules.apply_event(card, kind, day, until=until, result=result)
        card.save()
        CertificateEvent.objects.create(
            certificate=card,
            kind=kind,
            date=day,
            until=until if kind == EventKind.SUSPENDED else None,
            result=result if kind == EventKind.REVIEWED else "",
            reason=reason.strip(),
            document_number=document_number.strip(),
            recorded_by=actor,
        )
        officer.card_state = card.state
        officer.card_suspended_until = card.suspended_until
        officer.card_last_review = card.last_passed_review
        note = _event_note(card.number, kind, day, until, result, reason, document_number)
        with cards.acting(actor):
            return save_record(
                actor,
                OFFICER_REGISTER,
                officer,
                note=note,
                effect=("card_state", "card_suspended_until", "card_last_review"),
            )


def _event_text(value, label: str, limit: int) -> str:
    """A free text of a card's change (事由, 文号), stripped; refused in Chinese when too long
    or carrying a character no text may carry, before anything is written. Whether one is
    required is the rule's (rules.event_refusal)."""
    text = str(value or "").strip()
    if len(text) > limit:
        raise ActionRefused(f"{label}最多 {limit} 个字。")
    problem = text_problem(text, label)
    if problem:
        raise ActionRefused(problem)
    return text


def _event_note(number, kind, day, until, result, reason, document_number) -> str:
    label = EventKind(kind).label
    parts = [f"执法证{label}：证号 {number}，日期 {day.isoformat()}"]
    if until is not None and kind == EventKind.SUSPENDED:
        parts.append(f"暂扣至 {until.isoformat()}")
    if kind == EventKind.REVIEWED:
        parts.append("年审合格" if result == "passed" else "年审不合格")
    if reason.strip():
        parts.append(f"事由：{reason.strip()}")
    if document_number.strip():
        parts.append(f"文号：{document_number.strip()}")
    return "，".join(parts)


def record_exam(
    actor, officer: EnforcementOfficer, *, date: datetime.date, kind: str, score: int
) -> Exam:
    """A 行政执法资格考试 the officer sat: 合格 by the pass mark set now."""
    if date > timezone.localdate():
        raise ActionRefused("考试日期不能晚于今天。")
    if not 0 <= score <= 100:
        raise ActionRefused("成绩应在 0—100 之间。")
    passed = rules.exam_passed(score, current_settings())
    with transaction.atomic():
        lock(officer)
        exam = Exam.objects.create(
            officer=officer, date=date, kind=kind, score=score, passed=passed, recorded_by=actor
        )
        note = (
            f"登记执法资格考试：{exam.get_kind_display()}，{date.isoformat()}，"
            f"成绩 {score}，{'合格' if passed else '不合格'}"
        )
        save_record(actor, OFFICER_REGISTER, officer, note=note)
    return exam


def register_attendance(actor, *, unit, **facts) -> TrainingAttendance:
    record = TrainingAttendance(unit=unit, **facts)
    return save_record(actor, TRAINING_REGISTER, record, note="登记培训签到")


def update_attendance(actor, record: TrainingAttendance, **changes) -> TrainingAttendance:
    return update_record(actor, TRAINING_REGISTER, record, changes, note="修改培训签到")
