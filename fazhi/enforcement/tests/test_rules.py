"""案卷评查's pure rules: 等次 from 得分 with the thresholds, rectification, checks."""

import datetime

import pytest

from fazhi.core.models import Unit, UnitKind
from fazhi.enforcement import rules
from fazhi.enforcement.models import CaseFileReview, Grade, ReviewStatus

D = datetime.date


def make(**facts):
    values = {"number": "1", "batch": "2024年县级评查", "review_date": D(2024, 6, 12)}
    values.update(facts)
    return CaseFileReview(**values)


@pytest.mark.parametrize(
    "score, grade",
    [(100, Grade.EXCELLENT), (90, Grade.EXCELLENT), (89, Grade.PASS), (60, Grade.PASS)]
    + [(59, Grade.FAIL), (0, Grade.FAIL), (None, "")],
)
def test_default_thresholds(score, grade):
    assert rules.grade_for(score) == grade
    review = make(score=score)
    rules.derive(review, {})
    assert review.grade == grade


def test_changed_setting_moves_the_grade():
    settings = {rules.EXCELLENT_SETTING: "85", rules.PASS_SETTING: "70"}
    assert rules.thresholds(settings) == (85, 70)
    for score, grade in ((86, Grade.EXCELLENT), (84, Grade.PASS), (65, Grade.FAIL)):
        review = make(score=score)
        rules.derive(review, settings)
        assert review.grade == grade


def test_grade_entered_without_score_stays():
    review = make(score=None, grade=Grade.PASS)
    rules.derive(review, {})
    assert review.grade == Grade.PASS


def test_problem_file_runs_the_rectification_deadline_until_done():
    review = make(problems="未告知权利", rectification_deadline=D(2024, 7, 12))
    rules.derive(review, {})
    assert review.status == ReviewStatus.RECTIFYING
    assert (review.due_date, review.due_label) == (D(2024, 7, 12), rules.RECTIFICATION)
    assert rules.is_overdue(review, D(2024, 7, 13))
    assert not rules.is_overdue(review, D(2024, 7, 12))
    rules.apply_step(review, rules.RECTIFY, D(2024, 7, 1))
    rules.derive(review, {})
    assert review.status == ReviewStatus.RECTIFIED
    assert (review.due_date, review.due_label) == (None, "")
    assert rules.allowed_steps(review) == []


def test_file_without_problems_needs_nothing():
    review = make(problems="  ")
    rules.derive(review, {})
    assert review.status == ReviewStatus.NO_PROBLEM
    assert review.due_label == "" and rules.deadlines(review) == {}
    with pytest.raises(rules.StepRefused):
        rules.apply_step(review, rules.RECTIFY, D(2024, 7, 1))


def headers(review):
    return [p.header for p in rules.check(review)]


def test_checks():
    assert headers(make(score=101)) == ["得分"]
    assert headers(make(problems="x")) == ["整改期限"]
    assert headers(make(rectified_date=D(2024, 7, 1))) == ["整改完成日期"]
    assert headers(make(rectification_deadline=D(2024, 7, 1))) == ["整改期限"]
    early = make(problems="x", rectification_deadline=D(2024, 6, 1), rectified_date=D(2024, 6, 1))
    assert headers(early) == ["整改期限", "整改完成日期"]
    fine = make(score=90, problems="x", rectification_deadline=D(2024, 7, 12))
    assert headers(fine) == []


def test_reviewed_unit_must_be_an_enforcement_department():
    review = make(reviewed_unit=Unit(code="433126-S01", kind=UnitKind.JUDICIAL_OFFICE))
    assert [p.message for p in rules.check(review)] == ["单位「433126-S01」不是行政执法部门"]
    review.reviewed_unit = Unit(code="433126-E01", kind=UnitKind.ENFORCEMENT_DEPARTMENT)
    assert rules.check(review) == []
