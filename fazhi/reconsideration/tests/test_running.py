"""Every running deadline, delivery, 视为受理, 中止 grounds and 简易→普通, as pure rules on
hand-computed dates (no database).

Calendar facts (State Council notices): 2024 Qingming 04-04..04-06 off, Sunday 04-07 worked;
May Day 05-01..05-05 off, Sunday 04-28 and Saturday 05-11 worked; National Day 10-01..10-07
off, Sunday 09-29 and Saturday 10-12 worked.
"""

from datetime import date

import pytest

from fazhi.reconsideration import rules
from fazhi.reconsideration.models import (
    DeliveryMethod,
    Outcome,
    Procedure,
    ReconsiderationCase,
    ReviewResult,
    Status,
    SuspensionGround,
)
from fazhi.reconsideration.tests.facts import accepted, case


def labels(deadlines) -> list[str]:
    return [d.label for d in deadlines if d is not None]


def messages(facts) -> list[str]:
    return [f"{p.header}：{p.message}" for p in rules.check(facts)]


# --- every running deadline --------------------------------------------------------------


def test_an_accepted_case_runs_the_copy_and_the_decision_at_once():
    facts = accepted()
    assert labels(rules.running(facts)) == ["审理期限", "答复通知期限"]
    rules.derive(facts)
    # Copy within 7 working days of 03-08 (第四十八条): 03-11..03-15, 03-18, 03-19.
    # Decision: 03-08 + 60 = 05-07.
    assert [(d["label"], d["date"], d["basis"]) for d in facts.running_deadlines] == [
        ("审理期限", "2024-05-07", "行政复议法第六十二条第一款"),
        ("答复通知期限", "2024-03-19", "行政复议法第四十八条"),
    ]
    assert (facts.due_date, facts.due_label) == (date(2024, 3, 19), "答复通知期限")
    # The copy not sent by 03-19 makes the case overdue though its current step is 审理.
    assert not rules.is_overdue(facts, date(2024, 3, 19))
    assert rules.is_overdue(facts, date(2024, 3, 20))
    assert labels(rules.passed_deadlines(facts, date(2024, 3, 20))) == ["答复通知期限"]


def test_once_the_copy_is_sent_the_reply_waits_for_its_delivery():
    facts = accepted(reply_notice_date=date(2024, 3, 12))
    reply = rules.reply_deadline(facts)
    assert (reply.date, reply.awaiting, str(reply)) == (
        None,
        "送达",
        "待送达（行政复议法第四十八条）",
    )
    rules.derive(facts)
    assert [(d["label"], d["date"], d["awaiting"]) for d in facts.running_deadlines] == [
        ("审理期限", "2024-05-07", ""),
        ("答复期限", None, "送达"),
    ]
    # The dated one is the current one; one awaiting delivery is never overdue.
    assert (facts.due_date, facts.due_label) == (date(2024, 5, 7), "审理期限")
    assert facts.reply_deadline is None
    assert not rules.is_overdue(facts, date(2024, 5, 7))


def test_the_reply_runs_from_the_delivery_and_stops_when_it_arrives():
    facts = accepted(
        reply_notice_date=date(2024, 3, 12),
        copy_delivered_date=date(2024, 3, 14),
        copy_delivery_method=DeliveryMethod.POST,
        copy_recipient="古丈县市场监督管理局",
    )
    # 10 working days after the receipt on 03-14 (not after the sending on 03-12): 03-15,
    # 03-18..03-22, 03-25..03-28.
    assert rules.reply_deadline(facts).date == date(2024, 3, 28)
    rules.derive(facts)
    assert facts.reply_deadline == date(2024, 3, 28)
    assert (facts.due_date, facts.due_label) == (date(2024, 3, 28), "答复期限")
    assert rules.is_overdue(facts, date(2024, 3, 29))
    facts.reply_received_date = date(2024, 3, 27)
    assert labels(rules.running(facts)) == ["审理期限"]
    assert not rules.is_overdue(facts, date(2024, 3, 29))


def test_a_simplified_case_sends_in_three_and_replies_in_five_working_days():
    facts = accepted(procedure=Procedure.SIMPLIFIED)
    # 03-08 (Fri) + 3 working days: 03-11, 03-12, 03-13 (第五十四条).
    assert rules.copy_deadline(facts).date == date(2024, 3, 13)
    facts.reply_notice_date = date(2024, 3, 11)
    facts.copy_delivered_date = date(2024, 3, 11)
    facts.copy_delivery_method = DeliveryMethod.DIRECT
    # 03-12..03-15, 03-18.
    assert rules.reply_deadline(facts).date == date(2024, 3, 18)
    assert rules.reply_deadline(facts).basis == "行政复议法第五十四条"


def test_pending_review_runs_the_review_once_the_notice_of_correction_being_one_way_to_meet_it():
    facts = case()
    # Both fall on the same day (5 working days from receipt): one duty, one line on the board.
    assert labels(rules.running(facts)) == ["受理审查期限"]
    assert "补正通知期限" in rules.deadlines(facts)
    facts.review_result = ReviewResult.CORRECTION
    facts.correction_notice_date = date(2024, 3, 5)
    assert labels(rules.running(facts)) == ["补正期限"]
    facts.correction_done_date = date(2024, 3, 20)
    facts.review_result = ReviewResult.PENDING
    # After the correction only the review runs again (第三十一条第三款).
    assert labels(rules.running(facts)) == ["受理审查期限"]


def test_nothing_runs_on_a_closed_case():
    facts = accepted(closed_date=date(2024, 4, 1), outcome=Outcome.UPHELD)
    assert rules.running(facts) == []
    rules.derive(facts)
    assert facts.running_deadlines == [] and facts.due_date is None


# --- delivery ----------------------------------------------------------------------------


def notified(**facts) -> ReconsiderationCase:
    return case(
        review_result=ReviewResult.CORRECTION, correction_notice_date=date(2024, 3, 6), **facts
    )


def test_the_correction_period_waits_for_the_notices_delivery():
    facts = notified()
    due = rules.correction_deadline(facts)
    assert (due.date, str(due)) == (None, "待送达（行政复议法第三十一条第二款）")
    rules.derive(facts)
    assert facts.correction_deadline is None
    assert (facts.due_date, facts.due_label) == (None, "补正期限")
    assert [
        (d["label"], d["date"], d["basis"], d["awaiting"]) for d in facts.running_deadlines
    ] == [("补正期限", None, "行政复议法第三十一条第二款", "送达")]


def test_the_correction_period_runs_from_the_delivery_not_from_the_notice():
    # Written 03-06, received by post 03-11: 10 working days after 03-11 end 03-25.
    facts = notified(
        correction_delivered_date=date(2024, 3, 11),
        correction_delivery_method=DeliveryMethod.POST,
        correction_recipient="张某",
    )
    assert rules.correction_deadline(facts).date == date(2024, 3, 25)


def test_lapse_is_refused_without_delivery_and_within_the_period_accepted_the_day_after():
    facts = notified()
    assert "correction_lapsed" not in [s.key for s in rules.allowed_steps(facts)]
    with pytest.raises(rules.StepRefused, match="补正通知尚未送达"):
        rules.apply_step(facts, "correction_lapsed", date(2024, 4, 30))
    rules.apply_step(
        facts,
        "correction_delivered",
        date(2024, 3, 11),
        delivery_method=DeliveryMethod.POST,
        recipient="张某",
    )
    assert (facts.correction_delivery_method, facts.correction_recipient) == ("post", "张某")
    # The period's last day is 03-25: refused that day, taken on 03-26.
    with pytest.raises(rules.StepRefused, match="补正期限至 2024-03-25 才届满"):
        rules.apply_step(facts, "correction_lapsed", date(2024, 3, 25))
    rules.apply_step(facts, "correction_lapsed", date(2024, 3, 26))
    assert (facts.outcome, facts.closed_date) == (Outcome.ABANDONED, date(2024, 3, 26))
    assert rules.check(facts) == []


def test_a_row_that_says_abandoned_obeys_the_same_rule():
    lapsed = dict(
        review_result=ReviewResult.ABANDONED,
        correction_notice_date=date(2024, 3, 6),
        outcome=Outcome.ABANDONED,
    )
    undelivered = case(closed_date=date(2024, 4, 30), **lapsed)
    assert "补正通知送达日期：补正通知尚未送达，补正期限尚未起算，不能认定逾期未补正" in messages(
        undelivered
    )
    delivery = dict(
        correction_delivered_date=date(2024, 3, 11),
        correction_delivery_method=DeliveryMethod.POST,
        correction_recipient="张某",
    )
    on_last_day = case(closed_date=date(2024, 3, 25), **delivery, **lapsed)
    assert any("补正期限至 2024-03-25 才届满" in m for m in messages(on_last_day))
    assert rules.check(case(closed_date=date(2024, 3, 26), **delivery, **lapsed)) == []


def test_notice_delivery_is_deemed_thirty_days_after_publication():
    # 民事诉讼法第九十五条: published 03-11, delivered 04-10; 10 working days: 04-11, 04-12,
    # 04-15..04-19, 04-22..04-24.
    facts = notified(
        correction_delivered_date=date(2024, 3, 11),
        correction_delivery_method=DeliveryMethod.NOTICE,
        correction_recipient="张某",
    )
    assert rules.delivered_on(date(2024, 3, 11), DeliveryMethod.NOTICE) == date(2024, 4, 10)
    assert rules.correction_deadline(facts).date == date(2024, 4, 24)
    assert any("2024-04-10 视为送达" in text for _, text in rules.timeline(facts))


def test_delivery_steps_record_method_and_recipient_and_refuse_bad_input():
    facts = accepted()
    assert "copy_delivered" not in [s.key for s in rules.allowed_steps(facts)]
    rules.apply_step(facts, "reply_notice", date(2024, 3, 12))
    assert [s.key for s in rules.allowed_steps(facts)][:3] == [
        "copy_delivered",
        "reply_received",
        "extend",
    ]
    for method, recipient, refusal in (
        ("", "古丈县市场监督管理局", "请选择送达方式"),
        ("fax", "古丈县市场监督管理局", "请选择送达方式"),
        ("direct", "  ", "请填写受送达人"),
        ("direct", "古丈县\x07监督局", "「受送达人」第 4 个字符是不可见的控制字符"),
        ("direct", "局" * 201, "最多 200 个字"),
    ):
        with pytest.raises(rules.StepRefused, match=refusal):
            rules.apply_step(
                facts,
                "copy_delivered",
                date(2024, 3, 13),
                delivery_method=method,
                recipient=recipient,
            )
        assert facts.copy_delivered_date is None
    with pytest.raises(rules.StepRefused, match="早于"):
        rules.apply_step(
            facts, "copy_delivered", date(2024, 3, 11), delivery_method="direct", recipient="局"
        )
    rules.apply_step(
        facts,
        "copy_delivered",
        date(2024, 3, 13),
        delivery_method="left",
        recipient=" 古丈县市场监督管理局 ",
    )
    assert (facts.copy_delivered_date, facts.copy_delivery_method, facts.copy_recipient) == (
        date(2024, 3, 13),
        "left",
        "古丈县市场监督管理局",
    )
    with pytest.raises(rules.StepRefused, match="副本已登记送达"):
        rules.apply_step(
            facts, "copy_delivered", date(2024, 3, 14), delivery_method="post", recipient="局"
        )
    assert (date(2024, 3, 13), "副本送达（留置送达，受送达人：古丈县市场监督管理局）") in (
        rules.timeline(facts)
    )
    rules.apply_step(facts, "reply_received", date(2024, 3, 20))
    assert labels(rules.running(facts)) == ["审理期限"] and rules.check(facts) == []


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            dict(correction_delivered_date=date(2024, 3, 6), correction_delivery_method="post"),
            "补正通知送达日期：没有补正通知日期，不能填写补正通知送达日期",
        ),
        (
            dict(
                correction_notice_date=date(2024, 3, 6),
                correction_delivered_date=date(2024, 3, 5),
                correction_delivery_method="post",
                correction_recipient="张某",
            ),
            "补正通知送达日期：补正通知送达日期早于补正通知日期",
        ),
        (
            dict(correction_notice_date=date(2024, 3, 6), correction_recipient="张某"),
            "补正通知送达日期：填写了补正通知送达方式或受送达人，也须填写送达日期",
        ),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 8),
                reply_notice_date=date(2024, 3, 12),
                copy_delivered_date=date(2024, 3, 13),
                copy_recipient="古丈县市场监督管理局",
            ),
            "副本送达方式：填写了副本送达日期，也须填写送达方式",
        ),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 8),
                reply_notice_date=date(2024, 3, 12),
                copy_delivered_date=date(2024, 3, 13),
                copy_delivery_method="direct",
            ),
            "副本受送达人：填写了副本送达日期，也须填写受送达人",
        ),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 8),
                copy_delivered_date=date(2024, 3, 13),
                copy_delivery_method="direct",
                copy_recipient="古丈县市场监督管理局",
            ),
            "副本送达日期：没有答复通知日期，不能填写副本送达日期",
        ),
        (
            dict(
                review_result=ReviewResult.ACCEPTED,
                accepted_date=date(2024, 3, 8),
                reply_received_date=date(2024, 3, 13),
            ),
            "收到答复日期：没有答复通知日期，不能填写收到答复日期",
        ),
    ],
)
def test_delivery_facts_that_arrive_whole_are_checked(facts, expected):
    assert expected in messages(case(**facts))


# --- 视为受理 and decisions at the door, for rows that arrive whole --------------------------


def test_an_acceptance_recorded_after_the_review_period_counts_from_its_last_day():
    # Received 2024-09-27: the review period ends 10-10 (第三十条); a row saying 受理日期
    # 10-20 was accepted by law on 10-10 (第三十条第三款): 60 days to 12-09, not 12-19.
    facts = accepted(received_date=date(2024, 9, 27), accepted_date=date(2024, 10, 20))
    assert rules.acceptance_date(facts) == date(2024, 10, 10)
    rules.derive(facts)
    assert facts.decision_deadline == date(2024, 12, 9)
    # 7 working days from 10-10 for the copy: 10-11, 10-12 (Sat, worked), 10-14..10-18.
    assert rules.copy_deadline(facts).date == date(2024, 10, 18)
    assert (date(2024, 10, 10), "审查期限届满，依法视为受理（行政复议法第三十条第三款）") in (
        rules.timeline(facts)
    )
    assert rules.check(facts) == []
    in_time = accepted(received_date=date(2024, 9, 27), accepted_date=date(2024, 10, 9))
    assert rules.acceptance_date(in_time) == date(2024, 10, 9)


def test_a_decision_at_the_door_must_close_the_case():
    for result, label in (
        (ReviewResult.NOT_ACCEPTED, "不予受理"),
        (ReviewResult.ABANDONED, "逾期未补正"),
    ):
        facts = case(review_result=result, correction_notice_date=date(2024, 3, 5))
        assert (
            f"办结方式：审查结果为“{label}”的案件已经办结：办结方式须为“{label}”，"
            "并填写办结日期（作出决定或认定之日）"
        ) in messages(facts)


def test_no_refusal_of_acceptance_or_notice_of_correction_after_the_review_period():
    late_refusal = case(
        received_date=date(2024, 9, 27),
        review_result=ReviewResult.NOT_ACCEPTED,
        outcome=Outcome.NOT_ACCEPTED,
        closed_date=date(2024, 10, 11),
    )
    assert any("2024-10-10 届满，依法自该日起视为受理" in m for m in messages(late_refusal))
    late_refusal.closed_date = date(2024, 10, 10)
    assert rules.check(late_refusal) == []
    late_notice = case(
        received_date=date(2024, 9, 27),
        review_result=ReviewResult.CORRECTION,
        correction_notice_date=date(2024, 10, 11),
    )
    assert any(
        m.startswith("补正通知日期：审查期限已于 2024-10-10 届满") for m in messages(late_notice)
    )


# --- 中止 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ground", SuspensionGround.values)
def test_sixty_days_of_suspension_end_the_case_only_under_items_one_two_and_four(ground):
    facts = accepted(suspended_since=date(2024, 3, 20), suspension_ground=ground)
    limit = rules.suspension_limit(facts)
    if ground in ("1", "2", "4"):
        # 03-20 + 60 = 05-19 (Sunday) → 05-20.
        assert (limit.date, limit.basis) == (date(2024, 5, 20), "行政复议法第四十一条第五项")
        assert labels(rules.running(facts)) == ["中止满六十日"]
    else:
        assert limit is None
        assert labels(rules.running(facts)) == []
    assert rules.status(facts) == Status.SUSPENDED


def test_the_suspend_step_records_its_ground_and_keeps_it_after_resuming():
    facts = accepted()
    with pytest.raises(rules.StepRefused, match="中止的事由"):
        rules.apply_step(facts, "suspend", date(2024, 3, 20), suspension_ground="11")
    rules.apply_step(facts, "suspend", date(2024, 3, 20), suspension_ground="8")
    assert (facts.suspended_since, facts.suspension_ground) == (date(2024, 3, 20), "8")
    assert (
        date(2024, 3, 20),
        "中止（第三十九条第一款（八）需以其他案件审理结果为依据；尚未恢复）",
    ) in rules.timeline(facts)
    rules.apply_step(facts, "resume", date(2024, 4, 19))
    assert (facts.suspended_days, facts.suspension_ground) == (30, "8")


def test_a_suspension_recorded_without_ground_has_no_sixty_day_limit():
    facts = accepted(suspended_since=date(2024, 3, 20))
    assert rules.suspension_limit(facts) is None


# --- 简易程序 → 普通程序 -------------------------------------------------------------------


def test_a_simplified_case_converts_then_may_be_extended():
    facts = accepted(procedure=Procedure.SIMPLIFIED)
    # 03-08 + 30 = 04-07, a working Sunday (Qingming 调休).
    assert rules.decision_deadline(facts).date == date(2024, 4, 7)
    assert "extend" not in [s.key for s in rules.allowed_steps(facts)]
    with pytest.raises(rules.StepRefused, match="需先转为普通程序"):
        rules.apply_step(facts, "extend", date(2024, 3, 20))
    rules.apply_step(facts, "convert", date(2024, 3, 20))
    assert (facts.procedure, facts.converted_date) == (Procedure.ORDINARY, date(2024, 3, 20))
    assert "convert" not in [s.key for s in rules.allowed_steps(facts)]
    # Still from acceptance (the law does not restart it), now 60 days: 05-07.
    decision = rules.decision_deadline(facts)
    assert (decision.date, decision.basis) == (
        date(2024, 5, 7),
        "行政复议法第六十二条第一款、第五十五条",
    )
    rules.apply_step(facts, "extend", date(2024, 4, 1))
    assert rules.decision_deadline(facts).date == date(2024, 6, 6)  # + 30
    assert (date(2024, 3, 20), "转为普通程序（行政复议法第五十五条）") in rules.timeline(facts)
    assert rules.check(facts) == []


def test_an_ordinary_case_cannot_convert_and_the_facts_must_agree():
    facts = accepted()
    with pytest.raises(rules.StepRefused, match="只有适用简易程序的案件"):
        rules.apply_step(facts, "convert", date(2024, 3, 20))
    pending = case(converted_date=date(2024, 3, 20))
    assert "转为普通程序日期：只有已受理的案件才能转为普通程序" in messages(pending)
    still_simple = accepted(procedure=Procedure.SIMPLIFIED, converted_date=date(2024, 3, 20))
    assert "适用程序：已转为普通程序的案件，适用程序应为“普通程序”" in messages(still_simple)
    early = accepted(converted_date=date(2024, 3, 7))
    assert "转为普通程序日期：转为普通程序日期早于受理日期" in messages(early)
