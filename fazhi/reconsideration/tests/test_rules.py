"""行政复议 deadlines and steps, as pure rules, on hand-computed dates (no database).

Calendar facts used below (State Council notices):
- 2024 Spring Festival: 02-10..02-17 off; Sundays 02-04 and 02-18 worked.
- 2024 National Day: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked.
- 2025 Spring Festival: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked.
- 2025 National Day and Mid-Autumn: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 worked.
"""

from datetime import date

import pytest

from fazhi.reconsideration import rules
from fazhi.reconsideration.models import (
    DeliveryMethod,
    Outcome,
    Procedure,
    ReviewResult,
    Status,
    SuspensionGround,
)
from fazhi.reconsideration.tests.facts import case


def test_review_deadline_spans_the_2024_spring_festival_to_a_working_sunday():
    deadline = rules.review_deadline(case(received_date=date(2024, 2, 5)))
    assert deadline.date == date(2024, 2, 18)
    assert deadline.basis == "行政复议法第三十条"


def test_review_deadline_spans_the_2024_national_day():
    # 09-29 (Sunday, worked) is day 1; 09-30 day 2; 10-08, 10-09, 10-10 days 3-5.
    assert rules.review_deadline(case(received_date=date(2024, 9, 27))).date == date(2024, 10, 10)


def test_review_runs_again_from_the_day_the_correction_arrived():
    facts = case(
        received_date=date(2025, 1, 20),
        review_result=ReviewResult.PENDING,
        correction_notice_date=date(2025, 1, 22),
        correction_done_date=date(2025, 1, 24),
    )
    # After 01-24 (Fri): 01-26 (Sun, worked) 1, 01-27 2, holiday to 02-04, 02-05 3, 02-06 4,
    # 02-07 5.
    assert rules.review_deadline(facts).date == date(2025, 2, 7)


def test_correction_period_is_ten_working_days_across_the_2025_spring_festival():
    facts = case(
        received_date=date(2025, 1, 20),
        review_result=ReviewResult.CORRECTION,
        correction_notice_date=date(2025, 1, 22),
        correction_delivered_date=date(2025, 1, 22),
        correction_delivery_method=DeliveryMethod.DIRECT,
        correction_recipient="张某",
    )
    # delivered 01-22: 01-23 1, 01-24 2, 01-26 (Sun, worked) 3, 01-27 4, [01-28..02-04 off],
    # 02-05 5, 02-06 6, 02-07 7, 02-08 (Sat, worked) 8, 02-10 9, 02-11 10.
    deadline = rules.correction_deadline(facts)
    assert deadline.date == date(2025, 2, 11)
    assert deadline.basis == "行政复议法第三十一条第二款"
    # The notice itself was due 5 working days after receipt: 01-21..01-24, then 01-26 (Sun).
    assert rules.correction_notice_deadline(facts).date == date(2025, 1, 26)


def test_copy_and_reply_periods_ordinary_and_simplified():
    delivered = dict(
        received_date=date(2025, 9, 22),
        review_result=ReviewResult.ACCEPTED,
        accepted_date=date(2025, 9, 26),
        reply_notice_date=date(2025, 9, 30),
        copy_delivered_date=date(2025, 9, 30),
    )
    ordinary = case(copy_delivery_method=DeliveryMethod.DIRECT, **delivered)
    # Copy: after 09-26 (Fri): 09-28 (Sun, worked) 1, 09-29 2, 09-30 3, [10-01..10-08 off],
    # 10-09 4, 10-10 5, 10-11 (Sat, worked) 6, 10-13 7.
    assert rules.copy_deadline(ordinary).date == date(2025, 10, 13)
    assert rules.copy_deadline(ordinary).basis == "行政复议法第四十八条"
    # Reply, from the delivery: after 09-30: 10-09 1, 10-10 2, 10-11 3, 10-13 4 … 10-17 8,
    # 10-20 9, 10-21 10.
    assert rules.reply_deadline(ordinary).date == date(2025, 10, 21)
    simplified = case(
        procedure=Procedure.SIMPLIFIED, copy_delivery_method=DeliveryMethod.ELECTRONIC, **delivered
    )
    assert rules.copy_deadline(simplified).date == date(2025, 9, 30)
    assert rules.copy_deadline(simplified).basis == "行政复议法第五十四条"
    # After 09-30: 10-09 1, 10-10 2, 10-11 (Sat, worked) 3, 10-13 4, 10-14 5.
    assert rules.reply_deadline(simplified).date == date(2025, 10, 14)


def test_decision_period_ordinary_simplified_extended_and_suspended():
    accepted = dict(review_result=ReviewResult.ACCEPTED, accepted_date=date(2024, 3, 1))
    # 03-01 + 60 days = 04-30 (Tue), a working day (2024 May Day holiday starts 05-01).
    ordinary = rules.decision_deadline(case(**accepted))
    assert (ordinary.date, ordinary.basis) == (date(2024, 4, 30), "行政复议法第六十二条第一款")
    # + 30 extension = 05-30 (Thu).
    assert rules.decision_deadline(case(extended=True, **accepted)).date == date(2024, 5, 30)
    # + 12 days suspended = 05-12 (a Sunday; but 2024-05-11 Sat was a 调休 working day and
    # 05-12 is not) → moves to Monday 05-13.
    assert rules.decision_deadline(case(suspended_days=12, **accepted)).date == date(2024, 5, 13)
    simple = rules.decision_deadline(case(procedure=Procedure.SIMPLIFIED, **accepted))
    # 03-01 + 30 = 03-31, a Sunday → Monday 04-01.
    assert (simple.date, simple.basis) == (date(2024, 4, 1), "行政复议法第六十二条第二款")


def test_decision_period_ending_in_national_day_moves_to_the_first_working_day():
    # Accepted 2024-08-09: + 60 = 10-08, which is a working day → stays.
    accepted = dict(received_date=date(2024, 8, 1), review_result=ReviewResult.ACCEPTED)
    facts = case(accepted_date=date(2024, 8, 9), **accepted)
    assert rules.decision_deadline(facts).date == date(2024, 10, 8)
    # Accepted 2024-08-03: + 60 = 10-02, holiday → 10-08.
    facts = case(accepted_date=date(2024, 8, 3), **accepted)
    assert rules.decision_deadline(facts).date == date(2024, 10, 8)


def test_a_deadline_in_a_year_not_yet_entered_is_provisional_not_unknown():
    # Issue 16: received 2026-11-20, accepted 11-25; the 60th day is Sunday 2027-01-24, and
    # no notice for 2027 is known, so the statutory holidays give Monday 01-25, 暂定.
    facts = case(
        received_date=date(2026, 11, 20),
        review_result=ReviewResult.ACCEPTED,
        accepted_date=date(2026, 11, 25),
    )
    decision = rules.decision_deadline(facts)
    assert (decision.date, decision.provisional) == (date(2027, 1, 25), True)
    assert str(decision).startswith("2027-01-25（暂定）")
    rules.derive(facts)
    assert facts.decision_deadline == date(2027, 1, 25)
    assert rules.is_overdue(facts, date(2027, 1, 26))
    assert rules.review_deadline(facts).provisional is False


def test_status_and_the_deadline_being_watched():
    fresh = case()
    assert rules.status(fresh) == Status.PENDING_REVIEW
    assert rules.current_deadline(fresh).label == "受理审查期限"
    notified = case(review_result=ReviewResult.CORRECTION, correction_notice_date=date(2024, 3, 5))
    assert rules.status(notified) == Status.AWAITING_CORRECTION
    assert rules.current_deadline(notified).label == "补正期限"
    accepted = case(review_result=ReviewResult.ACCEPTED, accepted_date=date(2024, 3, 6))
    # Two run at once; the earlier is the copy to be sent (7 working days, 03-15).
    assert rules.current_deadline(accepted).label == "答复通知期限"
    suspended = case(
        review_result=ReviewResult.ACCEPTED,
        accepted_date=date(2024, 3, 6),
        suspended_since=date(2024, 3, 20),
        suspension_ground=SuspensionGround.DEATH,
    )
    assert rules.status(suspended) == Status.SUSPENDED
    assert rules.current_deadline(suspended).basis == "行政复议法第四十一条第五项"
    closed = case(
        review_result=ReviewResult.ACCEPTED,
        accepted_date=date(2024, 3, 6),
        closed_date=date(2024, 4, 1),
        outcome=Outcome.UPHELD,
    )
    assert rules.status(closed) == Status.CLOSED
    assert rules.current_deadline(closed) is None
    assert not rules.is_overdue(closed, date(2030, 1, 1))
    # Overdue once the copy was not sent in time, before the decision period ends.
    assert not rules.is_overdue(accepted, date(2024, 3, 15))
    assert rules.is_overdue(accepted, date(2024, 3, 16))
    accepted.reply_notice_date = date(2024, 3, 8)  # sent; its delivery not recorded yet
    assert not rules.is_overdue(accepted, date(2024, 5, 5))
    assert rules.is_overdue(accepted, date(2024, 5, 10))  # decision due 05-06 (05-05 Sun)


def test_derive_stores_every_deadline_and_the_current_one():
    facts = case(received_date=date(2024, 2, 5))
    rules.derive(facts)
    assert facts.review_deadline == date(2024, 2, 18)
    assert (facts.due_date, facts.due_label) == (date(2024, 2, 18), "受理审查期限")
    assert facts.decision_deadline is None and facts.status == Status.PENDING_REVIEW


@pytest.mark.parametrize(
    ("facts", "header", "fragment"),
    [
        (
            dict(
                closed_date=date(2024, 3, 1),
                outcome=Outcome.NOT_ACCEPTED,
                review_result=ReviewResult.NOT_ACCEPTED,
            ),
            "办结日期",
            "早于收到申请日期",
        ),
        (dict(accepted_date=date(2024, 3, 6)), "受理日期", "只有审查结果为“受理”"),
        (dict(review_result=ReviewResult.ACCEPTED), "受理日期", "必须填写受理日期"),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 6),
                outcome=Outcome.NOT_ACCEPTED,
                closed_date=date(2024, 3, 8),
            ),
            "办结方式",
            "不予受理",
        ),
        (dict(review_result=ReviewResult.ABANDONED), "审查结果", "通知补正之后"),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 6),
                outcome=Outcome.UPHELD,
            ),
            "办结日期",
            "也须填写办结日期",
        ),
        (
            dict(
                review_result=ReviewResult.PENDING,
                outcome=Outcome.UPHELD,
                closed_date=date(2024, 3, 8),
            ),
            "办结方式",
            "只能用于已受理",
        ),
        (
            dict(
                procedure=Procedure.SIMPLIFIED,
                extended=True,
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 6),
            ),
            "是否延期",
            "简易程序",
        ),
        (dict(sued=True), "是否提起行政诉讼", "办结后"),
    ],
)
def test_consistency_checks_name_the_column_and_the_reason(facts, header, fragment):
    problems = rules.check(case(**facts))
    assert any(p.header == header and fragment in p.message for p in problems), problems


def test_a_consistent_closed_case_passes_every_check():
    facts = case(
        review_result=ReviewResult.ACCEPTED,
        accepted_date=date(2024, 3, 6),
        reply_notice_date=date(2024, 3, 8),
        closed_date=date(2024, 4, 20),
        outcome=Outcome.REVOKED,
        sued=True,
    )
    assert rules.check(facts) == []


def steps(facts):
    return [s.key for s in rules.allowed_steps(facts)]


def test_the_order_of_steps_the_law_allows():
    facts = case(received_date=date(2024, 3, 4))
    before_acceptance = "resolve_before_acceptance"
    assert steps(facts) == ["accept", "not_accept", "notify_correction", before_acceptance]
    rules.apply_step(facts, "notify_correction", date(2024, 3, 6))
    # 逾期未补正 waits for the notice's delivery
    assert steps(facts) == ["correction_delivered", "correction_done", before_acceptance]
    rules.apply_step(
        facts, "correction_delivered", date(2024, 3, 7), delivery_method="post", recipient="张某"
    )
    assert steps(facts) == ["correction_done", "correction_lapsed", before_acceptance]
    with pytest.raises(rules.StepRefused, match="期限内不能认定逾期未补正"):
        rules.apply_step(facts, "correction_lapsed", date(2024, 3, 15))
    rules.apply_step(facts, "correction_done", date(2024, 3, 12))
    assert "notify_correction" not in steps(facts)  # one notice only (第三十一条)
    with pytest.raises(rules.StepRefused, match="早于"):
        rules.apply_step(facts, "accept", date(2024, 3, 11))
    rules.apply_step(facts, "accept", date(2024, 3, 14), procedure=Procedure.ORDINARY)
    assert steps(facts) == ["reply_notice", "extend", "suspend", "close"]
    with pytest.raises(rules.StepRefused, match="中止的事由"):
        rules.apply_step(facts, "suspend", date(2024, 4, 1))
    rules.apply_step(facts, "suspend", date(2024, 4, 1), suspension_ground="6")
    assert steps(facts) == ["resume", "close"]
    with pytest.raises(rules.StepRefused, match="中止期间"):
        rules.apply_step(facts, "extend", date(2024, 4, 2))
    rules.apply_step(facts, "resume", date(2024, 4, 11))
    assert facts.suspended_days == 10 and facts.suspended_since is None
    rules.apply_step(facts, "extend", date(2024, 4, 12))
    with pytest.raises(rules.StepRefused, match="只能延长一次"):
        rules.apply_step(facts, "extend", date(2024, 4, 13))
    # 03-14 + 60 + 30 + 10 = 06-22 (Sat) → 06-24 (Mon).
    assert rules.decision_deadline(facts).date == date(2024, 6, 24)
    with pytest.raises(rules.StepRefused, match="办结方式"):
        rules.apply_step(facts, "close", date(2024, 5, 20), outcome=Outcome.NOT_ACCEPTED)
    rules.apply_step(facts, "close", date(2024, 5, 20), outcome=Outcome.VARIED)
    assert rules.status(facts) == Status.CLOSED
    assert steps(facts) == ["sued"]
    rules.apply_step(facts, "sued", date(2024, 6, 1))
    assert steps(facts) == [] and rules.check(facts) == []


def test_not_accepting_closes_the_case_with_that_outcome():
    facts = case()
    rules.apply_step(facts, "not_accept", date(2024, 3, 8))
    assert (facts.outcome, facts.closed_date) == (Outcome.NOT_ACCEPTED, date(2024, 3, 8))
    assert rules.check(facts) == []
    with pytest.raises(rules.StepRefused, match="已办结"):
        rules.apply_step(facts, "accept", date(2024, 3, 9))


def test_lapsed_correction_closes_as_abandoned_after_the_period():
    facts = case(received_date=date(2024, 3, 4))
    rules.apply_step(facts, "notify_correction", date(2024, 3, 6))
    rules.apply_step(
        facts, "correction_delivered", date(2024, 3, 6), delivery_method="direct", recipient="张某"
    )
    # 10 working days after 03-06 end 03-20; the day after is the first lapsed day.
    rules.apply_step(facts, "correction_lapsed", date(2024, 3, 21))
    assert (facts.review_result, facts.outcome) == (ReviewResult.ABANDONED, Outcome.ABANDONED)
    assert rules.check(facts) == []


def test_timeline_lists_the_steps_in_order():
    facts = case(received_date=date(2024, 3, 4))
    rules.apply_step(facts, "accept", date(2024, 3, 8))
    rules.apply_step(facts, "close", date(2024, 4, 8), outcome=Outcome.WITHDRAWN)
    assert rules.timeline(facts) == [
        (date(2024, 3, 4), "收到申请"),
        (date(2024, 3, 8), "受理"),
        (date(2024, 4, 8), "办结（撤回终止）"),
    ]


def test_past_the_review_period_the_case_is_deemed_accepted_on_its_last_day():
    # received 2024-09-27: the review period ends 2024-10-10 (第三十条)
    late = case(received_date=date(2024, 9, 27))
    for step in ("not_accept", "notify_correction"):
        with pytest.raises(rules.StepRefused, match="视为受理"):
            rules.apply_step(late, step, date(2024, 10, 11))
    rules.apply_step(late, "accept", date(2024, 10, 21))
    # deemed accepted on 10-10 (第三十条第三款): 60 days run from then, to 12-09 (a Monday)
    assert late.accepted_date == date(2024, 10, 10)
    assert rules.decision_deadline(late).date == date(2024, 12, 9)
    in_time = case(received_date=date(2024, 9, 27))
    rules.apply_step(in_time, "accept", date(2024, 10, 9))
    assert in_time.accepted_date == date(2024, 10, 9)
