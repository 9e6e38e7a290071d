"""依法治县's rules, without a database: a meeting's lines, a task's status, its running
完成时限, overdue and on time, its checks, progress reports and 办结."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.committee import rules
from fazhi.committee.models import TaskStatus
from fazhi.core.errors import StepRefused
from fazhi.core.models import UnitKind

D = datetime.date


def task(**facts):
    values = {
        "year": 2024,
        "source": "plan",
        "source_meeting_number": "",
        "decision_item": None,
        "lead_unit_code": "433126-E02",
        "partner_codes": "",
        "assigned_date": D(2024, 2, 20),
        "deadline": D(2024, 6, 30),
        "closed_date": None,
        "completion_note": "",
        "close_requested": False,
        "latest_progress": "",
        "latest_progress_date": None,
        "status": "",
        "due_date": None,
        "due_label": "",
        "running_deadlines": [],
    }
    values.update(facts)
    return SimpleNamespace(**values)


def problems(record):
    return {(p.header, p.message) for p in rules.check_task(record)}


def test_a_meetings_lines_and_their_markers():
    text = (
        "1.印发工作要点\n\n  2、开展专项整治 \n（三）纳入考核\n(4)报告\n五、督察\n1.5万元奖励资金"
    )
    assert rules.lines(text)[1] == "2、开展专项整治"
    assert rules.decision_lines(text) == [
        "印发工作要点",
        "开展专项整治",
        "纳入考核",
        "报告",
        "督察",
        "1.5万元奖励资金",  # digits running on are the item's own
    ]
    meeting = SimpleNamespace(topics="甲\n乙\n\n", decisions=text, attendance=3)
    rules.derive_meeting(meeting)
    assert (meeting.topic_count, meeting.decision_count) == (2, 6)
    assert rules.check_meeting(meeting) == []


def test_a_task_runs_against_its_deadline_until_it_is_closed():
    open_task = task()
    rules.derive_task(open_task)
    assert open_task.status == TaskStatus.OPEN
    assert (open_task.due_date, open_task.due_label) == (D(2024, 6, 30), "完成时限")
    (running,) = open_task.running_deadlines
    assert running["basis"] == rules.DEADLINE_BASIS and running["provisional"] is False

    asked = task(close_requested=True)
    rules.derive_task(asked)
    assert asked.status == TaskStatus.REQUESTED and asked.due_date == D(2024, 6, 30)

    closed = task(closed_date=D(2024, 6, 20), completion_note="完成", close_requested=True)
    rules.derive_task(closed)
    assert closed.status == TaskStatus.CLOSED
    assert (closed.due_date, closed.due_label, closed.running_deadlines) == (None, "", [])


@pytest.mark.parametrize(
    ("closed", "today", "overdue", "on_time", "late"),
    [
        (None, D(2024, 6, 30), False, None, False),  # the day itself is not past
        (None, D(2024, 7, 1), True, None, True),
        (D(2024, 6, 30), D(2024, 9, 1), False, True, False),
        (D(2024, 7, 2), D(2024, 9, 1), False, False, True),
    ],
)
def test_overdue_on_time_and_late(closed, today, overdue, on_time, late):
    record = task(closed_date=closed, completion_note="完成" if closed else "")
    assert rules.is_overdue(record, today) is overdue
    assert rules.on_time(record) is on_time
    assert rules.late(record, today) is late


def test_overdue_on_a_day_counts_what_was_open_then():
    record = task(closed_date=D(2024, 8, 1), completion_note="完成")
    assert rules.overdue_on(record, D(2024, 7, 15))  # closed only later
    assert not rules.overdue_on(record, D(2024, 8, 1))
    assert not rules.overdue_on(task(), D(2024, 6, 30))
    assert not rules.overdue_on(task(assigned_date=D(2024, 7, 20)), D(2024, 7, 10))


def test_the_checks_in_chinese():
    assert problems(task()) == set()
    assert problems(task(year=1999)) == {("年度", "年度应在 2000—2100 之间")}
    assert ("完成时限", "完成时限不能早于2025年度（2025-01-01）") in problems(task(year=2025))
    assert ("完成时限", "完成时限不能早于交办日期") in problems(task(deadline=D(2024, 2, 1)))
    closed_early = task(closed_date=D(2024, 2, 1), completion_note="完成")
    assert ("办结日期", "办结日期不能早于交办日期") in problems(closed_early)
    assert problems(task(completion_note="完成")) == {
        ("完成情况", "未办结的任务不需要填写完成情况")
    }
    assert problems(task(closed_date=D(2024, 6, 1))) == {("完成情况", "已办结的任务须填写完成情况")}
    assert problems(task(source_meeting_number="古法委〔2024〕1号")) == {
        ("来源", "填写了来源会议编号的任务，来源应为“会议决定事项”")
    }
    assert problems(task(decision_item=2)) == {
        ("决定事项序号", "填写决定事项序号须同时填写来源会议编号")
    }
    assert problems(task(partner_codes="433126-E05、433126-E02")) == {
        ("配合单位", "配合单位不能包括牵头单位")
    }


def test_partner_codes_are_split_on_any_separator_each_once():
    assert rules.split_codes(" 433126-E05，433126-Z01、433126-E05;433126-01 ") == [
        "433126-E05",
        "433126-Z01",
        "433126-01",
    ]
    assert rules.join_codes(["a", "b"]) == "a、b"
    assert rules.split_codes("") == []


def test_who_may_lead_a_task():
    for kind in (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT, UnitKind.COUNTY):
        assert rules.unit_problems("x", kind) == []
    for kind in (UnitKind.JUDICIAL_OFFICE, UnitKind.MEDIATION_COMMITTEE):
        assert rules.unit_problems("x", kind)[0].startswith("单位「x」不是")


def test_a_progress_report_is_refused_in_chinese():
    today = D(2024, 5, 1)
    refusal = rules.progress_refusal
    assert refusal(task(), D(2024, 4, 30), "推进中", today) is None
    assert refusal(task(), D(2024, 5, 2), "推进中", today) == "进展日期不能晚于今天"
    assert refusal(task(), D(2024, 2, 19), "推进中", today) == "进展日期不能早于交办日期"
    assert refusal(task(), today, "  ", today) == "请填写进展情况"
    assert refusal(task(), today, "字" * 2001, today) == "进展情况最多 2000 个字"
    closed = task(closed_date=D(2024, 4, 1), completion_note="完成")
    assert refusal(closed, today, "推进中", today) == "该任务已办结，不能再填报进展"


def test_the_latest_report_by_date_is_the_tasks():
    record = task()
    assert rules.take_progress(record, D(2024, 4, 1), " 已完成方案 ", False)
    assert (record.latest_progress, record.latest_progress_date) == ("已完成方案", D(2024, 4, 1))
    assert rules.take_progress(record, D(2024, 5, 1), "已完成", True)
    assert record.close_requested
    # An earlier-dated report goes into the history only.
    assert not rules.take_progress(record, D(2024, 4, 15), "补报", False)
    assert (record.latest_progress, record.close_requested) == ("已完成", True)
    # A later report without the flag withdraws the request.
    assert rules.take_progress(record, D(2024, 5, 1), "还需补充材料", False)
    assert not record.close_requested


def test_closing_takes_the_day_and_what_was_achieved():
    record = task()
    assert [s.key for s in rules.allowed_steps(record)] == [rules.CLOSE]
    with pytest.raises(StepRefused, match="请填写完成情况"):
        rules.apply_step(record, rules.CLOSE, D(2024, 6, 1))
    with pytest.raises(StepRefused, match="办结日期不能早于交办日期"):
        rules.apply_step(record, rules.CLOSE, D(2024, 2, 1), completion_note="完成")
    rules.apply_step(record, rules.CLOSE, D(2024, 6, 1), completion_note=" 已完成 ")
    assert (record.closed_date, record.completion_note) == (D(2024, 6, 1), "已完成")
    assert rules.allowed_steps(record) == []
    with pytest.raises(StepRefused, match="该任务已办结"):
        rules.apply_step(record, rules.CLOSE, D(2024, 6, 2), completion_note="再次")
    assert [text for _, text in rules.timeline(record)] == ["交办", "办结"]
