"""法治督察's pure rules: the rectification through the shared rule, the checks, the closing
step with its 整改情况, the particulars one inspection's records share, the next number."""

import datetime

import pytest

from fazhi.core.models import Unit, UnitKind
from fazhi.core.rectification import Status
from fazhi.oversight import rules
from fazhi.oversight.models import RuleOfLawInspection

D = datetime.date


def make(**facts):
    values = {
        "number": "古法督〔2024〕1号-1",
        "inspection_number": "古法督〔2024〕1号",
        "kind": "rule_of_law",
        "inspected_unit_code": "433126-E02",
        "start_date": D(2024, 5, 6),
        "end_date": D(2024, 5, 17),
        "team": "第一督察组",
    }
    values.update(facts)
    return RuleOfLawInspection(**values)


def test_a_finding_runs_its_deadline_until_rectified():
    record = make(problems="公示不及时", rectification_deadline=D(2024, 7, 31))
    rules.derive(record, {})
    assert record.status == Status.RECTIFYING
    assert (record.due_date, record.due_label) == (D(2024, 7, 31), "整改期限")
    assert record.running_deadlines[0]["basis"] == rules.RECTIFICATION_BASIS
    assert rules.is_overdue(record, D(2024, 8, 1))
    assert [s.key for s in rules.allowed_steps(record)] == [rules.RECTIFY]
    rules.apply_step(record, rules.RECTIFY, D(2024, 7, 20), rectification_note=" 已更新清单 ")
    rules.derive(record, {})
    assert (record.status, record.rectified_date) == (Status.RECTIFIED, D(2024, 7, 20))
    assert record.rectification_note == "已更新清单"
    assert (record.due_date, record.due_label, record.running_deadlines) == (None, "", [])
    assert rules.allowed_steps(record) == []


def test_closing_needs_what_was_done_and_a_day_after_the_start():
    record = make(problems="公示不及时", rectification_deadline=D(2024, 7, 31))
    rules.derive(record, {})
    with pytest.raises(rules.StepRefused, match="请填写整改情况"):
        rules.apply_step(record, rules.RECTIFY, D(2024, 7, 20), rectification_note="  ")
    with pytest.raises(rules.StepRefused, match="整改完成日期不能早于督察开始日期"):
        rules.apply_step(record, rules.RECTIFY, D(2024, 5, 1), rectification_note="已整改")
    assert record.rectified_date is None


def test_an_inspection_that_found_nothing_needs_no_rectification():
    record = make()
    rules.derive(record, {})
    assert record.status == Status.NO_PROBLEM and record.due_label == ""
    with pytest.raises(rules.StepRefused, match="该记录没有待整改的问题"):
        rules.apply_step(record, rules.RECTIFY, D(2024, 7, 1), rectification_note="x")


def headers(record):
    return [p.header for p in rules.check(record)]


def test_checks():
    assert headers(make()) == []
    assert headers(make(end_date=D(2024, 5, 1))) == ["督察结束日期"]
    assert headers(make(problems="x")) == ["整改期限"]
    assert headers(make(rectification_deadline=D(2024, 7, 1))) == ["整改期限"]
    assert headers(make(rectification_note="已整改")) == ["整改情况"]
    early = make(problems="x", rectification_deadline=D(2024, 5, 1), rectified_date=D(2024, 5, 2))
    assert headers(early) == ["整改期限", "整改完成日期"]
    messages = [p.message for p in rules.check(early)]
    assert messages == ["整改期限不能早于督察开始日期", "整改完成日期不能早于督察开始日期"]


@pytest.mark.parametrize(
    "kind, refused",
    [
        (UnitKind.ENFORCEMENT_DEPARTMENT, False),
        (UnitKind.TOWNSHIP_GOVERNMENT, False),
        (UnitKind.JUDICIAL_OFFICE, True),
        (UnitKind.COUNTY, True),
    ],
)
def test_the_inspected_unit_is_a_department_or_a_township(kind, refused):
    record = make(inspected_unit=Unit(code="433126-X", kind=kind))
    expected = ["单位「433126-X」不是行政执法部门或乡镇人民政府"] if refused else []
    assert [p.message for p in rules.check(record)] == expected


def test_records_of_one_inspection_share_its_particulars():
    one, two = make(), make(number="古法督〔2024〕1号-2", problems="另一个问题")
    assert rules.disagreement(one, two) == []  # the finding is each record's own
    two.team, two.end_date = "第二督察组", D(2024, 5, 20)
    assert rules.disagreement(one, two) == ["督察结束日期", "督察组"]
    message = rules.disagreement_message("古法督〔2024〕1号", ["督察组"])
    assert "督察编号「古法督〔2024〕1号」" in message and "督察组" in message


def test_the_next_number_follows_the_inspection_number():
    prefix = "古法督〔2024〕1号"
    assert rules.next_number(prefix, set()) == f"{prefix}-1"
    assert rules.next_number(prefix, {f"{prefix}-1", f"{prefix}-2"}) == f"{prefix}-3"
    assert rules.next_number(prefix, {f"{prefix}-1", f"{prefix}-3"}) == f"{prefix}-2"


def test_timeline():
    record = make(problems="x", rectification_deadline=D(2024, 7, 1), rectified_date=D(2024, 6, 20))
    assert [text for _, text in rules.timeline(record)] == [
        "督察开始（第一督察组）",
        "督察结束",
        "整改完成",
    ]
