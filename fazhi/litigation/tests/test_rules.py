"""行政应诉 deadline, steps and checks, as pure rules, on hand-computed dates (no database).

Calendar facts used below (State Council notices):
- 2024 Spring Festival: 02-10..02-17 off; Sundays 02-04 and 02-18 worked.
- 2024 National Day: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked.
- 2025 Spring Festival: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked.
- 2025 National Day and Mid-Autumn: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 worked.
The answer period is 15 calendar days (行政诉讼法第六十七条): the day of receipt is not counted,
and a last day on a rest day moves to the next working day (民事诉讼法第八十五条).
"""

from datetime import date

import pytest

from fazhi.litigation import rules
from fazhi.litigation.models import ClosingMethod, Judgment, LitigationCase, Status


def case(**facts) -> LitigationCase:
    facts.setdefault("notice_received_date", date(2024, 3, 4))
    return LitigationCase(number="（2024）湘3101行初1号", **facts)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 09-20 + 15 = 10-05, inside the National Day holiday → 10-08, the first working day.
        (date(2024, 9, 20), date(2024, 10, 8)),
        # 09-27 + 15 = 10-12, a 调休 Saturday that is worked: the period ends on it.
        (date(2024, 9, 27), date(2024, 10, 12)),
        # 02-01 + 15 = 02-16, Spring Festival → 02-18, a Sunday that is worked.
        (date(2024, 2, 1), date(2024, 2, 18)),
        # 01-20 + 15 = 02-04, the last day of the Spring Festival → 02-05 (Wed).
        (date(2025, 1, 20), date(2025, 2, 5)),
        # 01-24 + 15 = 02-08, a worked Saturday: stays.
        (date(2025, 1, 24), date(2025, 2, 8)),
        # 09-20 + 15 = 10-05, inside the 2025 National Day holiday → 10-09 (Thu).
        (date(2025, 9, 20), date(2025, 10, 9)),
        # 09-13 + 15 = 09-28, a worked Sunday: stays.
        (date(2025, 9, 13), date(2025, 9, 28)),
        # 03-04 + 15 = 03-19 (Tue), an ordinary working day.
        (date(2024, 3, 4), date(2024, 3, 19)),
    ],
)
def test_answer_deadline_is_fifteen_calendar_days(received, due):
    deadline = rules.answer_deadline(case(notice_received_date=received))
    assert (deadline.date, deadline.basis, deadline.label) == (
        due,
        "行政诉讼法第六十七条",
        "答辩期限",
    )


def test_a_deadline_in_a_year_not_yet_entered_is_provisional():
    facts = case(notice_received_date=date(2026, 12, 28))
    answer = rules.answer_deadline(facts)  # 15 days later lies in 2027, not yet entered
    # 2027-01-12 is a Tuesday, and no statutory holiday.
    assert (answer.date, answer.provisional) == (date(2027, 1, 12), True)
    rules.derive(facts)
    assert (facts.answer_deadline, facts.due_date) == (date(2027, 1, 12), date(2027, 1, 12))
    assert rules.is_overdue(facts, date(2027, 6, 1))


def test_status_and_the_deadline_being_watched():
    fresh = case()
    assert rules.status(fresh) == Status.AWAITING_DEFENCE
    assert rules.current_deadline(fresh).date == date(2024, 3, 19)
    assert rules.is_overdue(fresh, date(2024, 3, 20))
    assert not rules.is_overdue(fresh, date(2024, 3, 19))
    answered = case(defence_date=date(2024, 3, 25))
    assert rules.status(answered) == Status.PENDING
    assert rules.current_deadline(answered) is None
    assert not rules.is_overdue(answered, date(2030, 1, 1))
    # Imported with its hearing held (the template has no 答辩提交日期): past the defence.
    heard = case(hearing_held=True, hearing_date=date(2024, 5, 8))
    assert rules.status(heard) == Status.PENDING
    concluded = case(concluded_date=date(2024, 3, 10), judgment=Judgment.WITHDRAWN)
    assert rules.status(concluded) == Status.CONCLUDED
    assert rules.current_deadline(concluded) is None
    # The deadline is still shown, though no longer watched.
    assert list(rules.deadlines(concluded)) == ["答辩期限"]


def test_derive_stores_the_deadline_and_the_current_one():
    facts = case(notice_received_date=date(2024, 9, 20))
    rules.derive(facts)
    assert facts.answer_deadline == date(2024, 10, 8)
    assert (facts.due_date, facts.due_label, facts.status) == (
        date(2024, 10, 8),
        "答辩期限",
        Status.AWAITING_DEFENCE,
    )
    facts.defence_date = date(2024, 9, 30)
    rules.derive(facts)
    assert (facts.answer_deadline, facts.due_date, facts.due_label, facts.status) == (
        date(2024, 10, 8),
        None,
        "",
        Status.PENDING,
    )


def test_derive_and_check_survive_a_missing_notice_date():
    facts = LitigationCase(number="X")
    rules.derive(facts)
    assert facts.answer_deadline is None and facts.due_date is None
    assert [(p.header, p.message) for p in rules.check(facts)] == [
        ("收到应诉通知日期", "必须填写收到应诉通知日期")
    ]


HEARD = dict(hearing_held=True, hearing_date=date(2024, 5, 8))


@pytest.mark.parametrize(
    ("facts", "header", "message"),
    [
        (
            dict(defence_date=date(2024, 3, 1)),
            "答辩提交日期",
            "2024-03-01 早于收到应诉通知日期 2024-03-04",
        ),
        (
            dict(hearing_held=True, hearing_date=date(2024, 3, 1)),
            "开庭日期",
            "2024-03-01 早于收到应诉通知日期 2024-03-04",
        ),
        (
            dict(concluded_date=date(2024, 3, 1), judgment=Judgment.WITHDRAWN),
            "审结日期",
            "2024-03-01 早于收到应诉通知日期 2024-03-04",
        ),
        (dict(judgment=Judgment.REVOKED), "审结日期", "填写了裁判结果，也须填写审结日期"),
        (dict(concluded_date=date(2024, 6, 1)), "裁判结果", "填写了审结日期，也须填写裁判结果"),
        (
            dict(hearing_date=date(2024, 5, 8)),
            "开庭日期",
            "只有是否开庭为“是”的案件才填写开庭日期",
        ),
        (dict(hearing_held=True), "开庭日期", "是否开庭为“是”时必须填写开庭日期"),
        (
            dict(head_appeared=True, head_name="李某"),
            "负责人是否出庭",
            "负责人出庭应诉须有开庭：是否开庭应为“是”",
        ),
        (
            dict(head_appeared=True, **HEARD),
            "出庭负责人",
            "负责人是否出庭为“是”时必须填写出庭负责人",
        ),
        (
            dict(head_name="李某", **HEARD),
            "出庭负责人",
            "负责人是否出庭为“否”时不填写出庭负责人",
        ),
        (
            dict(head_title="副局长", **HEARD),
            "出庭负责人职务",
            "负责人是否出庭为“否”时不填写出庭负责人职务",
        ),
        (
            dict(concluded_date=date(2024, 5, 7), judgment=Judgment.REVOKED, **HEARD),
            "审结日期",
            "审结日期早于开庭日期",
        ),
        (
            dict(
                defence_date=date(2024, 3, 18),
                concluded_date=date(2024, 3, 15),
                judgment=Judgment.WITHDRAWN,
            ),
            "审结日期",
            "审结日期早于答辩提交日期",
        ),
        (
            dict(concluded_date=date(2024, 6, 1), judgment=Judgment.OTHER),
            "结案方式",
            "裁判结果为“其他”的，须填写结案方式（判决、裁定、撤诉或调解）",
        ),
        (
            dict(closing_method=ClosingMethod.MEDIATED),
            "结案方式",
            "填写了结案方式，也须填写裁判结果和审结日期",
        ),
        (
            dict(head_spoke=True, **HEARD),
            "负责人是否出声",
            "负责人未出庭的，负责人是否出声应为“否”",
        ),
    ],
)
def test_each_check_names_the_column_and_the_reason(facts, header, message):
    problems = rules.check(case(**facts))
    assert [(p.header, p.message) for p in problems] == [(header, message)]


def test_a_consistent_concluded_case_passes_every_check():
    facts = case(
        defence_date=date(2024, 3, 15),
        hearing_held=True,
        hearing_date=date(2024, 5, 8),
        head_appeared=True,
        head_name="李某",
        head_title="副局长",
        concluded_date=date(2024, 6, 20),
        judgment=Judgment.CLAIMS_DISMISSED,
    )
    assert rules.check(facts) == []


def steps(facts):
    return [s.key for s in rules.allowed_steps(facts)]


def test_the_order_of_steps():
    facts = case(notice_received_date=date(2024, 3, 4))
    assert steps(facts) == ["defence", "conclude"]
    with pytest.raises(rules.StepRefused, match="请先登记提交答辩"):
        rules.apply_step(facts, "hearing", date(2024, 5, 8))
    with pytest.raises(rules.StepRefused, match="早于本案上一步骤的日期 2024-03-04"):
        rules.apply_step(facts, "defence", date(2024, 3, 1))
    rules.apply_step(facts, "defence", date(2024, 3, 15))
    assert steps(facts) == ["hearing", "conclude"]
    with pytest.raises(rules.StepRefused, match="只有待答辩的案件"):
        rules.apply_step(facts, "defence", date(2024, 3, 16))
    with pytest.raises(rules.StepRefused, match="请填写出庭负责人"):
        rules.apply_step(facts, "hearing", date(2024, 5, 8), head_appeared=True)
    with pytest.raises(rules.StepRefused, match="不填写出庭负责人"):
        rules.apply_step(facts, "hearing", date(2024, 5, 8), head_name="李某")
    rules.apply_step(
        facts,
        "hearing",
        date(2024, 5, 8),
        head_appeared=True,
        head_name=" 李某 ",
        head_title="副局长",
    )
    assert (facts.hearing_held, facts.hearing_date, facts.head_name) == (
        True,
        date(2024, 5, 8),
        "李某",
    )
    assert steps(facts) == ["conclude"]
    with pytest.raises(rules.StepRefused, match="请选择裁判结果"):
        rules.apply_step(facts, "conclude", date(2024, 6, 20), judgment="lost")
    with pytest.raises(rules.StepRefused, match="早于"):
        rules.apply_step(facts, "conclude", date(2024, 5, 7), judgment=Judgment.REVOKED)
    rules.apply_step(facts, "conclude", date(2024, 6, 20), judgment=Judgment.REVOKED)
    assert rules.status(facts) == Status.CONCLUDED
    assert steps(facts) == [] and rules.check(facts) == []
    with pytest.raises(rules.StepRefused, match="已审结"):
        rules.apply_step(facts, "conclude", date(2024, 6, 21), judgment=Judgment.REVOKED)


def test_a_suit_can_end_before_any_defence():
    facts = case()
    rules.apply_step(facts, "conclude", date(2024, 3, 8), judgment=Judgment.WITHDRAWN)
    assert rules.status(facts) == Status.CONCLUDED and rules.check(facts) == []


def test_a_hearing_without_the_head_records_no_names():
    facts = case(defence_date=date(2024, 3, 15))
    rules.apply_step(facts, "hearing", date(2024, 5, 8))
    assert (facts.hearing_held, facts.head_appeared, facts.head_name) == (True, False, "")
    assert rules.check(facts) == []


def test_timeline_lists_the_steps_in_order():
    facts = case(notice_received_date=date(2024, 9, 20))
    rules.apply_step(facts, "defence", date(2024, 10, 9))  # a day past 10-08
    rules.apply_step(
        facts, "hearing", date(2024, 10, 9), head_appeared=True, head_name="李某", head_title="局长"
    )
    rules.apply_step(facts, "conclude", date(2024, 11, 4), judgment=Judgment.CONFIRMED_ILLEGAL)
    assert rules.timeline(facts) == [
        (date(2024, 9, 20), "收到应诉通知"),
        (date(2024, 10, 9), "提交答辩（超过答辩期限）"),
        (date(2024, 10, 9), "开庭（局长李某出庭应诉）"),
        (date(2024, 11, 4), "审结（确认违法）"),
    ]


def test_the_answer_is_the_one_running_deadline_until_the_defence_and_derive_stores_it():
    """举证 and 答辩 are due within the same fifteen days (第六十七条): one deadline runs."""
    waiting = case()
    rules.derive(waiting)
    assert [d.label for d in rules.running(waiting)] == [rules.ANSWER]
    assert waiting.running_deadlines == [
        {
            "label": rules.ANSWER,
            "date": "2024-03-19",
            "basis": "行政诉讼法第六十七条",
            "awaiting": "",
            "provisional": False,
        }
    ]
    assert (waiting.due_label, waiting.due_date) == (rules.ANSWER, date(2024, 3, 19))
    assert not rules.is_overdue(waiting, date(2024, 3, 19))
    assert rules.is_overdue(waiting, date(2024, 3, 20))
    answered = case(defence_date=date(2024, 3, 25))
    rules.derive(answered)
    assert rules.running(answered) == [] and answered.running_deadlines == []
    assert not rules.is_overdue(answered, date(2025, 1, 1))


def test_an_answer_due_in_a_year_not_entered_is_provisional():
    # 2026-12-20 + 15 = 2027-01-04 (Mon) on the statutory holidays: 2027 is not in the package.
    found = rules.answer_deadline(case(notice_received_date=date(2026, 12, 20)))
    assert (found.date, found.provisional) == (date(2027, 1, 4), True)


# --- 结案方式 and 出庭出声 (issue 23) ---------------------------------------------------------

# The 结案方式 each 裁判结果 implies, written out by hand from 行政诉讼法 and the statistics'
# practice (docs/domain/litigation.md): the judgments of 第六十九条至第七十八条, 裁定驳回起诉,
# 撤诉 counted apart from the other 裁定, 调解; 其他 implies none.
IMPLIED = {
    "驳回诉讼请求": "判决",
    "撤销": "判决",
    "部分撤销": "判决",
    "确认违法": "判决",
    "确认无效": "判决",
    "责令履行": "判决",
    "变更": "判决",
    "给付或赔偿": "判决",
    "裁定驳回起诉": "裁定",
    "原告撤诉": "撤诉",
    "调解结案": "调解",
    "其他": "",
}


def test_every_result_implies_its_closing_method_but_other():
    assert {
        Judgment(j).label: (ClosingMethod(m).label if m else "")
        for j in Judgment.values
        for m in [rules.closing_of(j)]
    } == IMPLIED
    assert rules.closing_of("") == ""


@pytest.mark.parametrize("judgment", [j for j in Judgment.values if j != Judgment.OTHER])
def test_derive_sets_the_closing_method_a_result_implies_over_what_was_written(judgment):
    implied = {v: k for k, v in ClosingMethod.choices}[IMPLIED[Judgment(judgment).label]]
    for written in ("", *ClosingMethod.values):
        facts = case(concluded_date=date(2024, 6, 1), judgment=judgment, closing_method=written)
        rules.derive(facts)
        assert facts.closing_method == implied
        assert rules.check(facts) == []


def test_other_keeps_the_closing_method_entered_and_asks_for_one():
    facts = case(concluded_date=date(2024, 6, 1), judgment=Judgment.OTHER)
    rules.derive(facts)
    assert facts.closing_method == "" and rules.unresolved(facts)
    assert [p.header for p in rules.check(facts)] == ["结案方式"]
    facts.closing_method = ClosingMethod.RULING
    rules.derive(facts)
    assert facts.closing_method == ClosingMethod.RULING and rules.check(facts) == []
    assert not rules.unresolved(facts)
    # Not concluded: nothing to say, and derive writes none.
    pending = case()
    rules.derive(pending)
    assert pending.closing_method == "" and not rules.unresolved(pending)


def test_concluding_with_other_needs_the_closing_method():
    facts = case()
    with pytest.raises(rules.StepRefused, match="裁判结果为“其他”的，须填写结案方式"):
        rules.apply_step(facts, "conclude", date(2024, 3, 8), judgment=Judgment.OTHER)
    with pytest.raises(rules.StepRefused, match="请选择结案方式"):
        rules.apply_step(
            facts, "conclude", date(2024, 3, 8), judgment=Judgment.OTHER, closing_method="移送"
        )
    with pytest.raises(rules.StepRefused, match="裁判结果为“原告撤诉”的，结案方式应为“撤诉”"):
        rules.apply_step(
            facts,
            "conclude",
            date(2024, 3, 8),
            judgment=Judgment.WITHDRAWN,
            closing_method=ClosingMethod.RULING,
        )
    assert facts.concluded_date is None and facts.closing_method == ""
    rules.apply_step(
        facts, "conclude", date(2024, 3, 8), judgment=Judgment.OTHER, closing_method="ruling"
    )
    assert (facts.judgment, facts.closing_method) == (Judgment.OTHER, ClosingMethod.RULING)
    assert rules.timeline(facts)[-1] == (date(2024, 3, 8), "审结（其他，裁定结案）")
    withdrawn = case()
    rules.apply_step(withdrawn, "conclude", date(2024, 3, 8), judgment=Judgment.WITHDRAWN)
    assert withdrawn.closing_method == ClosingMethod.WITHDRAWN


def test_a_head_who_did_not_appear_did_not_speak():
    facts = case(defence_date=date(2024, 3, 15))
    with pytest.raises(rules.StepRefused, match="负责人未出庭的，不能登记负责人出声"):
        rules.apply_step(facts, "hearing", date(2024, 5, 8), head_spoke=True)
    assert not facts.hearing_held
    rules.apply_step(
        facts,
        "hearing",
        date(2024, 5, 8),
        head_appeared=True,
        head_name="李某",
        head_title="局长",
        head_spoke=True,
    )
    assert (facts.head_appeared, facts.head_spoke) == (True, True)
    assert rules.check(facts) == []
    assert rules.timeline(facts)[-1] == (date(2024, 5, 8), "开庭（局长李某出庭应诉并出声）")
