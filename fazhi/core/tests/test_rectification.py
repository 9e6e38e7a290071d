"""The shared rectification rule (core/rectification.py), pure: status, running deadline,
overdue on a day, closed on time, the consistency checks and the closing step."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core import rectification, steps
from fazhi.core.errors import StepRefused
from fazhi.core.rectification import Status

D = datetime.date
BASIS = "整改通知书确定的整改期限"
DEADLINE, REVIEWED = D(2024, 7, 12), D(2024, 6, 12)


def finding(problems="证据目录不完整", deadline=DEADLINE, rectified=None):
    return SimpleNamespace(
        problems=problems, rectification_deadline=deadline, rectified_date=rectified
    )


@pytest.mark.parametrize(
    "record, expected",
    [
        (finding(), Status.RECTIFYING),
        (finding(rectified=D(2024, 7, 1)), Status.RECTIFIED),
        (finding(problems=""), Status.NO_PROBLEM),
        (finding(problems=" \n "), Status.NO_PROBLEM),  # blanks are no finding
        (finding(problems=None), Status.NO_PROBLEM),
    ],
)
def test_status_follows_the_finding_and_its_completion(record, expected):
    assert rectification.status(record) == expected
    assert Status(expected).label in ("无需整改", "整改中", "整改到位")


def test_the_deadline_runs_while_the_rectification_is_open():
    (running,) = rectification.running(finding(), BASIS)
    assert (running.date, running.label, running.basis) == (D(2024, 7, 12), "整改期限", BASIS)
    # A date the bureau set is a fact: never 暂定 whatever the holiday calendar.
    assert not running.provisional
    assert rectification.running(finding(rectified=D(2024, 7, 1)), BASIS) == []
    assert rectification.running(finding(problems=""), BASIS) == []
    assert rectification.deadlines(finding(problems=""), BASIS) == {}
    closed = rectification.deadlines(finding(rectified=D(2024, 7, 1)), BASIS)
    assert closed["整改期限"].date == D(2024, 7, 12)


def test_overdue_now_and_on_a_past_day():
    open_ = finding()
    assert not rectification.is_overdue(open_, D(2024, 7, 12))  # the deadline's own day
    assert rectification.is_overdue(open_, D(2024, 7, 13))
    late = finding(rectified=D(2024, 8, 20))
    assert not rectification.is_overdue(late, D(2024, 9, 1))  # closed: not overdue now
    # ... but on 2024-08-01 it was: completed only later.
    assert rectification.overdue_on(late, D(2024, 8, 1))
    assert not rectification.overdue_on(late, D(2024, 8, 20))
    assert not rectification.overdue_on(late, D(2024, 7, 12))
    assert not rectification.overdue_on(finding(problems=""), D(2030, 1, 1))
    assert not rectification.overdue_on(finding(deadline=None), D(2030, 1, 1))


def test_closed_on_time():
    assert rectification.on_time(finding(rectified=D(2024, 7, 12))) is True
    assert rectification.on_time(finding(rectified=D(2024, 7, 13))) is False
    assert rectification.on_time(finding()) is None  # still open
    assert rectification.on_time(finding(problems="", deadline=None)) is None


def test_late_is_closed_after_the_deadline_or_open_past_it():
    today = D(2024, 9, 1)
    assert rectification.late(finding(rectified=D(2024, 7, 13)), today)
    assert not rectification.late(finding(rectified=D(2024, 7, 12)), today)
    assert rectification.late(finding(), today)
    assert not rectification.late(finding(), D(2024, 7, 12))
    assert not rectification.late(finding(problems="", deadline=None), today)


def test_the_sql_conditions_name_the_same_fields():
    overdue = str(rectification.overdue_condition(D(2024, 8, 1)))
    for name in ("status__in", "rectification_deadline__lt", "rectified_date__gt"):
        assert name in overdue
    assert "rectified_date__lte" in str(rectification.on_time_condition())


def messages(record, start=REVIEWED):
    found = rectification.problems(record, subject="案卷", start=start, start_label="评查日期")
    return [(p.header, p.message) for p in found]


def test_consistency_checks_in_the_registers_words():
    assert messages(finding()) == []
    assert messages(finding(problems="", deadline=None, rectified=D(2024, 7, 1))) == [
        ("整改完成日期", "未填写发现问题的案卷不需要整改")
    ]
    assert messages(finding(problems="")) == [("整改期限", "未填写发现问题的案卷不需要整改期限")]
    assert messages(finding(deadline=None)) == [("整改期限", "发现问题的案卷须填写整改期限")]
    early = finding(deadline=D(2024, 6, 1), rectified=D(2024, 6, 1))
    assert messages(early) == [
        ("整改期限", "整改期限不能早于评查日期"),
        ("整改完成日期", "整改完成日期不能早于评查日期"),
    ]
    assert messages(early, start=None) == []


def test_the_closing_step():
    step = rectification.rectify_step("该案卷没有待整改的问题")
    found = steps.by_key(step)
    floor = rectification.not_before(lambda record: D(2024, 6, 12), "评查日期")
    record = finding()
    assert steps.allowed(found, record) == [step]
    with pytest.raises(StepRefused, match="整改完成日期不能早于评查日期"):
        steps.take(found, record, rectification.RECTIFY, D(2024, 6, 1), too_early=floor)
    steps.take(found, record, rectification.RECTIFY, D(2024, 7, 1), too_early=floor)
    assert record.rectified_date == D(2024, 7, 1)
    assert rectification.status(record) == Status.RECTIFIED
    assert steps.allowed(found, record) == []
    with pytest.raises(StepRefused, match="该案卷没有待整改的问题"):
        steps.take(found, record, rectification.RECTIFY, D(2024, 7, 2), wording=steps.ALONE)
