"""The roster's actions: a card kept as a Certificate with its history, each change of a card
recorded with date, reason and 文号 in the officer's audited write, exams, the rules refused
in Chinese, and who may do what."""

import datetime
import re

import pytest

from fazhi.core.errors import ActionRefused, RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.officers import actions
from fazhi.officers.models import (
    CardState,
    Certificate,
    CertificateEvent,
    EnforcementOfficer,
    EventKind,
    Exam,
    Staffing,
)

from .conftest import id_number

D = datetime.date
TODAY = D(2025, 6, 1)
pytestmark = pytest.mark.django_db


def entries_of(officer):
    return list(
        AuditEntry.objects.filter(
            register="enforcement_officer", object_id=str(officer.pk)
        ).order_by("id")
    )


def test_registering_an_officer_issues_his_card_with_its_first_event(officer_of, supervisor):
    officer = officer_of(actor=supervisor)
    card = Certificate.objects.get(officer=officer)
    assert (card.number, card.unit, card.state) == (
        officer.card_number,
        officer.unit,
        CardState.VALID,
    )
    assert card.valid_until == D(2028, 5, 9)
    (event,) = card.events.all()
    assert (event.kind, event.date, event.recorded_by) == (
        EventKind.ISSUED,
        D(2023, 5, 10),
        supervisor,
    )
    (entry,) = entries_of(officer)
    assert entry.action == AuditAction.CREATE and entry.actor == supervisor


def test_an_auxiliary_is_refused_a_card_in_chinese_and_nothing_is_written(officer_of):
    with pytest.raises(RecordInvalid) as refused:
        officer_of(staffing=Staffing.AUXILIARY)
    assert "只有在编人员" in str(refused.value)
    assert not EnforcementOfficer.objects.exists() and not Certificate.objects.exists()
    auxiliary = officer_of(staffing=Staffing.AUXILIARY, card_number="")
    assert auxiliary.card_state == "" and not Certificate.objects.exists()


def test_a_card_number_is_one_officers(officer_of):
    first = officer_of()
    with pytest.raises(RecordInvalid) as refused:
        officer_of(card_number=first.card_number.lower())
    assert "已登记在其他人员名下" in str(refused.value)


def test_a_person_is_in_post_on_one_roster_only(officer_of):
    first = officer_of(department="market")
    with pytest.raises(RecordInvalid) as refused:
        officer_of(department="police", id_number=first.id_number, card_number="")
    assert "已在其他单位在岗登记" in str(refused.value)
    # Once he has left the first post, the next department takes him.
    actions.update_officer(None, first, in_post=False)
    moved = officer_of(department="police", id_number=first.id_number, card_number="")
    assert moved.in_post


def test_each_change_of_a_card_is_an_event_and_named_by_the_officers_audit_entry(
    officer_of, supervisor
):
    officer = officer_of()
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        D(2025, 3, 1),
        until=D(2025, 8, 31),
        reason="执法过错责任追究",
        document_number="古司〔2025〕3号",
        today=TODAY,
    )
    officer.refresh_from_db()
    assert officer.card_state == CardState.SUSPENDED
    assert officer.card_suspended_until == D(2025, 8, 31)
    entry = entries_of(officer)[-1]
    assert entry.action == AuditAction.UPDATE and entry.actor == supervisor
    assert "执法证暂扣" in entry.note and "古司〔2025〕3号" in entry.note
    assert "执法过错责任追究" in entry.note and "2025-08-31" in entry.note
    assert (entry.before["card_state"], entry.after["card_state"]) == ("valid", "suspended")

    actions.change_card(
        supervisor, officer, EventKind.RESTORED, D(2025, 5, 1), reason="提前恢复", today=TODAY
    )
    card = Certificate.objects.get(officer=officer)
    assert card.state == CardState.VALID and card.suspensions == [["2025-03-01", "2025-04-30"]]
    kinds = list(CertificateEvent.objects.filter(certificate=card).values_list("kind", "reason"))
    assert kinds == [
        (EventKind.ISSUED, "登记执法证"),
        (EventKind.SUSPENDED, "执法过错责任追究"),
        (EventKind.RESTORED, "提前恢复"),
    ]


def test_a_refused_change_writes_nothing(officer_of, supervisor):
    officer = officer_of()
    before = entries_of(officer)
    with pytest.raises(ActionRefused, match="请写明事由"):
        actions.change_card(supervisor, officer, EventKind.CANCELLED, D(2025, 1, 1), today=TODAY)
    with pytest.raises(ActionRefused, match="未被暂扣"):
        actions.change_card(
            supervisor, officer, EventKind.RESTORED, D(2025, 1, 1), reason="x", today=TODAY
        )
    assert entries_of(officer) == before
    assert CertificateEvent.objects.count() == 1


def test_a_clerk_records_cancellation_and_review_of_his_own_officers_but_no_sanction(
    officer_of, market_clerk, police_clerk
):
    officer = officer_of(department="market")
    with pytest.raises(ActionRefused, match="执法监督人员办理"):
        actions.change_card(
            market_clerk,
            officer,
            EventKind.SUSPENDED,
            D(2025, 3, 1),
            until=D(2025, 4, 1),
            reason="x",
            today=TODAY,
        )
    with pytest.raises(ActionRefused):
        actions.change_card(
            police_clerk, officer, EventKind.REVIEWED, D(2025, 3, 1), result="passed", today=TODAY
        )
    assert CertificateEvent.objects.count() == 1
    actions.change_card(
        market_clerk, officer, EventKind.REVIEWED, D(2025, 3, 1), result="passed", today=TODAY
    )
    actions.change_card(
        market_clerk, officer, EventKind.CANCELLED, D(2025, 4, 1), reason="退休", today=TODAY
    )
    officer.refresh_from_db()
    assert officer.card_state == CardState.CANCELLED
    assert officer.card_last_review == D(2025, 3, 1)


def test_an_edit_changes_no_card_state_and_keeps_no_card_number_off_a_held_card(officer_of):
    officer = officer_of()
    with pytest.raises(RecordInvalid, match="证件状态不能在此修改"):
        actions.update_officer(None, officer, card_state=CardState.REVOKED)
    with pytest.raises(RecordInvalid, match="请先在人员页面办理注销"):
        actions.update_officer(None, officer, card_number="", card_issuer="", card_issued_date=None)


def test_a_correction_of_the_cards_dates_is_carried_to_the_card_with_its_event(officer_of):
    officer = officer_of()
    actions.update_officer(None, officer, card_valid_until=D(2027, 10, 31))
    card = Certificate.objects.get(officer=officer)
    assert card.valid_until == D(2027, 10, 31)
    assert card.events.filter(kind=EventKind.CORRECTED, reason="更正有效期至").exists()


def test_an_exam_is_passed_by_the_pass_mark_and_audited(officer_of, supervisor):
    officer = officer_of()
    exam = actions.record_exam(supervisor, officer, date=D(2023, 4, 1), kind="general", score=59)
    assert not exam.passed
    exam = actions.record_exam(supervisor, officer, date=D(2023, 4, 2), kind="special", score=60)
    assert exam.passed
    assert "成绩 60，合格" in entries_of(officer)[-1].note
    assert Exam.objects.filter(officer=officer).count() == 2


def test_a_clerk_of_another_department_cannot_record_an_exam(officer_of, police_clerk):
    officer = officer_of(department="market")
    with pytest.raises(ActionRefused):
        actions.record_exam(police_clerk, officer, date=D(2023, 4, 1), kind="general", score=80)
    assert not Exam.objects.exists()


def test_the_clerk_registers_officers_of_his_own_department_only(market_clerk, departments):
    facts = {
        "number": "RY1",
        "name": "李四",
        "id_number": id_number(90),
        "staffing": Staffing.INSTITUTIONAL,
    }
    with pytest.raises(ActionRefused):
        actions.register_officer(market_clerk, unit=departments["police"], **facts)
    officer = actions.register_officer(market_clerk, unit=departments["market"], **facts)
    assert officer.unit == departments["market"]


def test_the_clerk_enters_an_id_number_once_and_cannot_change_it(market_clerk, departments):
    """He writes the number of a new officer of his own department, but not over a stored one:
    he sees it masked, so a masked value typed back must not overwrite the real number."""
    officer = actions.register_officer(
        market_clerk,
        unit=departments["market"],
        number="RY2",
        name="王五",
        id_number=id_number(91),
        staffing=Staffing.INSTITUTIONAL,
    )
    with pytest.raises(ActionRefused, match="身份证号"):
        actions.update_officer(market_clerk, officer, id_number=id_number(92))
    officer.refresh_from_db()
    assert officer.id_number == id_number(91)


@pytest.mark.parametrize("blank", ["", None])
def test_a_blank_state_on_the_roster_keeps_the_cards_own(
    officer_of, supervisor, market_clerk, blank
):
    """A 填报员's edit that leaves 证件状态 blank must not undo the bureau's 吊销: the roster
    keeps the card's own state, and the card is untouched."""
    officer = officer_of(actor=supervisor, card_issued_date=D(2024, 1, 10))
    actions.change_card(supervisor, officer, EventKind.REVOKED, D(2025, 1, 5), reason="违法执法")
    officer.refresh_from_db()
    actions.update_officer(market_clerk, officer, card_state=blank or "", post="综合执法队")
    officer.refresh_from_db()
    card = Certificate.objects.get()
    assert officer.post == "综合执法队"
    assert officer.card_state == card.state == CardState.REVOKED
    assert card.ended_date == D(2025, 1, 5)


def test_a_blank_state_keeps_a_suspension_and_a_new_number_starts_valid(
    officer_of, supervisor, market_clerk
):
    officer = officer_of(actor=supervisor)
    actions.change_card(
        supervisor, officer, EventKind.SUSPENDED, D(2025, 3, 1), until=D(2025, 4, 30), reason="违纪"
    )
    officer.refresh_from_db()
    actions.update_officer(market_clerk, officer, card_state="")
    officer.refresh_from_db()
    assert officer.card_state == CardState.SUSPENDED
    # A new card (换发) with its state left blank is 有效, and the old one is 注销.
    actions.update_officer(
        market_clerk,
        officer,
        card_number="43126020259999",
        card_issued_date=D(2025, 5, 1),
        card_valid_until=None,
        card_state="",
    )
    officer.refresh_from_db()
    assert officer.card_state == CardState.VALID
    assert Certificate.objects.get(number="43126020259999").state == CardState.VALID


@pytest.mark.parametrize(
    "reason, document_number, said",
    [
        ("调离\x1b[31m", "古司发〔2025〕1号", "「事由」第 3 个字符是不可见的控制字符（U+001B）"),
        ("调离", "文\x07号", "「文号」第 2 个字符是不可见的控制字符（U+0007）"),
        ("调离", "号" * 65, "文号最多 64 个字"),
        ("理" * 201, "", "事由最多 200 个字"),
    ],
)
def test_a_cards_change_with_a_bad_reason_or_number_is_refused_and_writes_nothing(
    officer_of, supervisor, reason, document_number, said
):
    officer = officer_of(actor=supervisor)
    audited = AuditEntry.objects.count()
    with pytest.raises(ActionRefused, match=re.escape(said)):
        actions.change_card(
            supervisor,
            officer,
            EventKind.CANCELLED,
            D(2025, 1, 5),
            reason=reason,
            document_number=document_number,
            today=TODAY,
        )
    officer.refresh_from_db()
    assert officer.card_state == CardState.VALID
    assert Certificate.objects.get().state == CardState.VALID
    assert not CertificateEvent.objects.filter(kind=EventKind.CANCELLED).exists()
    assert AuditEntry.objects.count() == audited


def test_a_clerk_is_not_told_where_else_a_person_is_in_post(
    officer_of, police_clerk, supervisor, departments
):
    """Whether an ID number is in post in another department is not a 填报员's to learn; the
    执法监督 who reads every roster is told precisely."""
    first = officer_of(department="market")
    facts = {
        "number": "RY9",
        "name": "赵六",
        "id_number": first.id_number,
        "staffing": Staffing.ADMINISTRATIVE,
    }
    with pytest.raises(RecordInvalid) as refused:
        actions.register_officer(police_clerk, unit=departments["police"], **facts)
    said = str(refused.value)
    assert "该身份证号无法登记，请联系县司法局执法监督股核实" in said
    assert "在岗" not in said and "其他单位" not in said
    with pytest.raises(RecordInvalid) as refused:
        actions.register_officer(supervisor, unit=departments["police"], **facts)
    assert "已在其他单位在岗登记" in str(refused.value)
    assert EnforcementOfficer.objects.count() == 1
