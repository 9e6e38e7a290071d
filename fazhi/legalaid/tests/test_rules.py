"""The deadlines of 法律援助法 (calendar days) and 公证法第三十条 (working days), status and
checks — pure, without a database."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.core.errors import StepRefused
from fazhi.legalaid import consultation_rules, notarization_rules, rules
from fazhi.legalaid.models import AidDecision, AidStatus, NotarizationStatus


def aid(**facts):
    values = dict(
        route="application",
        application_date=date(2024, 3, 4),
        decision_date=None,
        decision="",
        appointment_date=None,
        closed_date=None,
        recovered=None,
        lawyer="",
    )
    values.update(facts)
    return SimpleNamespace(**values)


def notary(**facts):
    values = dict(
        accepted_date=date(2024, 3, 4),
        issued_date=None,
        fee_due=None,
        fee_paid=None,
        waiver_reason="",
    )
    values.update(facts)
    return SimpleNamespace(**values)


def test_decision_is_due_in_seven_calendar_days_extended_past_national_day():
    # 2024-09-28 + 7 = 10-05, inside the National Day holiday → next working day 10-08.
    due = rules.decision_deadline(aid(application_date=date(2024, 9, 28)))
    assert due.date == date(2024, 10, 8)
    assert "第四十三条" in due.basis


def test_decision_on_an_ordinary_week_is_seven_calendar_days_not_working_days():
    # 2024-03-04 (Mon) + 7 = 03-11 (Mon); working days would give 03-13.
    assert rules.decision_deadline(aid()).date == date(2024, 3, 11)


def test_appointment_is_due_three_days_after_granting_across_new_year():
    record = aid(decision_date=date(2024, 12, 30), decision=AidDecision.GRANTED)
    due = rules.appointment_deadline(record)
    assert due.date == date(2025, 1, 2)
    assert "第四十三条" in due.basis
    assert rules.status(record) == AidStatus.AWAITING_APPOINTMENT
    assert rules.current_deadline(record).label == rules.APPOINTMENT


def test_a_notified_case_needs_no_decision_and_is_appointed_in_three_days_spring_festival():
    # Notice 2025-01-26 (a 调休 Sunday) + 3 = 01-29, Spring Festival → 2025-02-05.
    record = aid(route="notified_defence", application_date=date(2025, 1, 26))
    assert rules.decision_deadline(record) is None
    due = rules.appointment_deadline(record)
    assert due.date == date(2025, 2, 5)
    assert "第三十六条" in due.basis
    assert rules.status(record) == AidStatus.AWAITING_APPOINTMENT
    assert rules.check(aid(route="notified_agency", appointment_date=date(2024, 3, 5))) == []


def test_refused_and_withdrawn_applications_run_no_deadline():
    for decision in (AidDecision.REFUSED, AidDecision.WITHDRAWN):
        record = aid(decision_date=date(2024, 3, 6), decision=decision)
        assert rules.status(record) == AidStatus.NOT_GRANTED
        assert rules.current_deadline(record) is None


def test_derive_sets_the_running_deadline_and_overdue():
    record = aid(application_date=date(2024, 9, 28))
    rules.derive(record)
    assert (record.due_date, record.due_label) == (date(2024, 10, 8), rules.DECISION)
    assert rules.is_overdue(record, date(2024, 10, 9))
    assert not rules.is_overdue(record, date(2024, 10, 8))
    record.decision_date, record.decision = date(2024, 10, 10), AidDecision.GRANTED
    rules.derive(record)
    assert rules.decided_late(record)
    assert record.due_date == date(2024, 10, 14)  # 10-13 is a Sunday


def test_checks_name_their_columns():
    headers = {
        p.header
        for p in rules.check(
            aid(
                decision_date=date(2024, 3, 1),
                decision=AidDecision.REFUSED,
                appointment_date=date(2024, 3, 5),
                recovered=Decimal("100"),
            )
        )
    }
    assert headers == {"决定日期", "指派日期", "挽回经济损失（元）"}
    assert {p.header for p in rules.check(aid(decision=AidDecision.GRANTED))} == {"决定日期"}
    assert {p.header for p in rules.check(aid(closed_date=date(2024, 4, 1)))} == {"结案日期"}


def test_steps_follow_the_procedure():
    record = aid()
    assert [s.key for s in rules.allowed_steps(record)] == ["decide"]
    with pytest.raises(StepRefused):
        rules.apply_step(record, "appoint", date(2024, 3, 5))
    rules.apply_step(record, "decide", date(2024, 3, 6), decision=AidDecision.GRANTED)
    rules.apply_step(record, "appoint", date(2024, 3, 7), lawyer="李律师")
    rules.apply_step(record, "close", date(2024, 6, 1), recovered=Decimal("5000"))
    assert rules.status(record) == AidStatus.CLOSED and record.recovered == Decimal("5000")
    assert [text for _, text in rules.timeline(record)][-1] == "结案"


def test_certificate_within_fifteen_working_days_across_national_day():
    # 2024-09-20: 09-29 and 10-12 are 调休 working days, 10-01..07 holidays → 2024-10-16.
    due = notarization_rules.issue_deadline(notary(accepted_date=date(2024, 9, 20)))
    assert due.date == date(2024, 10, 16)
    assert "公证法第三十条" in due.basis


def test_certificate_within_fifteen_working_days_across_spring_festival_2025():
    due = notarization_rules.issue_deadline(notary(accepted_date=date(2025, 1, 20)))
    assert due.date == date(2025, 2, 14)


def test_a_fee_reduction_needs_its_reason_and_is_derived():
    record = notary(fee_due=Decimal("400"), fee_paid=Decimal("100"))
    assert [p.header for p in notarization_rules.check(record)] == ["减免原因"]
    record.waiver_reason = "legal_aid"
    assert notarization_rules.check(record) == []
    notarization_rules.derive(record)
    assert (record.waived_amount, record.fee_waived) == (Decimal("300"), True)
    assert record.status == NotarizationStatus.ACCEPTED
    full = notary(fee_due=Decimal("400"), fee_paid=Decimal("400"), waiver_reason="hardship")
    assert [p.header for p in notarization_rules.check(full)] == ["减免原因"]


def test_issuing_closes_the_deadline():
    record = notary()
    notarization_rules.apply_step(record, "issue", date(2024, 3, 10))
    notarization_rules.derive(record)
    assert record.status == NotarizationStatus.ISSUED and record.due_date is None
    with pytest.raises(StepRefused):
        notarization_rules.apply_step(record, "issue", date(2024, 3, 11))


def test_consultation_needs_at_least_one_person_time():
    assert consultation_rules.check(SimpleNamespace(person_times=0))[0].header == "咨询人次"
    assert consultation_rules.check(SimpleNamespace(person_times=3)) == []
