"""The pure rules of both registers: periods across the 2024/2025 holidays, the 7-working-day
floor of a 重大行政决策, status, checks and steps."""

from datetime import date
from types import SimpleNamespace

import pytest

from fazhi.core.errors import StepRefused
from fazhi.legality import normative_rules, rules
from fazhi.legality.models import (
    FilingConclusion,
    FilingStatus,
    ReviewCategory,
    ReviewConclusion,
    ReviewStatus,
)


def review(**facts):
    values = dict(
        category=ReviewCategory.MAJOR_AGREEMENT,
        received_date=date(2024, 9, 27),
        opinion_date=None,
        conclusion="",
        special=False,
        review_days=None,
    )
    values.update(facts)
    record = SimpleNamespace(**values)
    return record


def document(**facts):
    values = dict(
        published_date=date(2024, 9, 1),
        filed_date=None,
        reviewed_date=None,
        conclusion="",
        planned_next_year=False,
        filing_days=None,
        review_days=None,
    )
    values.update(facts)
    return SimpleNamespace(**values)


def derived(record, settings=None):
    rules.derive(record, settings)
    return record


def test_default_period_is_15_working_days_across_national_day_2024():
    # 09-29 (调休 Sunday), 09-30, 10-08 … 10-11, 10-12 (调休 Saturday), 10-14 … 10-18,
    # 10-21 … 10-23: the 15th working day is 2024-10-23.
    record = derived(review())
    assert record.review_days == 15
    assert record.review_deadline == date(2024, 10, 23)
    assert (record.due_date, record.due_label) == (date(2024, 10, 23), rules.REVIEW)
    found = rules.deadlines(record)[rules.REVIEW]
    assert found.basis.startswith(rules.LOCAL_BASIS)


def test_major_decision_gets_at_least_7_working_days_across_spring_festival_2025():
    # received Friday 2025-01-24: 01-26 (调休 Sunday), 01-27, 02-05, 02-06, 02-07,
    # 02-08 (调休 Saturday), 02-10.
    settings = {"review_days": {ReviewCategory.MAJOR_DECISION: 7}}
    record = derived(
        review(category=ReviewCategory.MAJOR_DECISION, received_date=date(2025, 1, 24)), settings
    )
    assert record.review_deadline == date(2025, 2, 10)
    assert rules.deadlines(record)[rules.REVIEW].basis.startswith(rules.MAJOR_DECISION_BASIS)


def test_the_floor_holds_whatever_is_configured():
    assert rules.review_days(ReviewCategory.MAJOR_DECISION, {"major_decision": 5}) == 7
    assert rules.review_days(ReviewCategory.MAJOR_DECISION, {"major_decision": 20}) == 20
    assert rules.review_days(ReviewCategory.OTHER, {"other": 5}) == 5
    assert rules.review_days(ReviewCategory.OTHER) == 15


def test_configured_period_per_category():
    settings = {"review_days": {ReviewCategory.FUNDING_DOCUMENT: 5}}
    # received Monday 2024-12-30: 12-31, 01-02, 01-03, 01-06, 01-07 (01-01 is 元旦)
    record = derived(
        review(category=ReviewCategory.FUNDING_DOCUMENT, received_date=date(2024, 12, 30)),
        settings,
    )
    assert (record.review_days, record.review_deadline) == (5, date(2025, 1, 7))


def test_status_and_overdue():
    record = derived(review())
    assert record.status == ReviewStatus.IN_REVIEW
    assert not rules.is_overdue(record, date(2024, 10, 23))
    assert rules.is_overdue(record, date(2024, 10, 24))
    rules.apply_step(record, "issue", date(2024, 10, 25), conclusion=ReviewConclusion.LAWFUL)
    derived(record)
    assert record.status == ReviewStatus.ISSUED and record.due_date is None
    assert rules.issued_late(record) and rules.is_overdue(record, date(2024, 10, 25))
    on_time = derived(review(opinion_date=date(2024, 10, 23), conclusion="lawful"))
    assert not rules.issued_late(on_time)


def test_steps():
    record = derived(review())
    assert [s.key for s in rules.allowed_steps(record)] == ["issue", "return"]
    with pytest.raises(StepRefused, match="请选择审查结论"):
        rules.apply_step(record, "issue", date(2024, 10, 8))
    with pytest.raises(StepRefused, match="早于收文日期"):
        rules.apply_step(record, "return", date(2024, 9, 1))
    rules.apply_step(record, "return", date(2024, 10, 8))
    derived(record)
    assert (record.status, record.conclusion) == (ReviewStatus.RETURNED, "returned")
    assert rules.allowed_steps(record) == []
    with pytest.raises(StepRefused):
        rules.apply_step(record, "issue", date(2024, 10, 9), conclusion="lawful")


def test_checks():
    problems = rules.check(review(opinion_date=date(2024, 9, 1), conclusion=""))
    assert {p.header for p in problems} == {"出具意见日期", "审查结论"}
    assert [p.header for p in rules.check(review(conclusion="lawful"))] == ["出具意见日期"]
    assert rules.check(review(opinion_date=date(2024, 10, 8), conclusion="lawful")) == []


# --- normative_document ------------------------------------------------------------------


def nderived(record, settings=None):
    normative_rules.derive(record, settings)
    return record


def test_filing_period_ends_after_national_day_2024():
    # published 2024-09-01 + 30 days = 10-01 (国庆) → next working day 2024-10-08
    record = nderived(document())
    assert record.filing_deadline == date(2024, 10, 8)
    assert record.status == FilingStatus.AWAITING_FILING
    assert (record.due_date, record.due_label) == (date(2024, 10, 8), normative_rules.FILING)
    assert normative_rules.is_late_unfiled(record, date(2024, 10, 9))
    assert not normative_rules.is_late_unfiled(record, date(2024, 10, 8))


def test_review_period_ends_after_spring_festival_2025():
    # filed 2025-01-01 + 30 = 01-31 (春节) → 2025-02-05; filed 10-09 > 10-08: late
    record = nderived(document(published_date=date(2024, 9, 1), filed_date=date(2025, 1, 1)))
    assert record.review_deadline == date(2025, 2, 5)
    assert record.late_filed is True
    assert record.status == FilingStatus.IN_REVIEW
    assert record.due_label == normative_rules.REVIEW


def test_configured_periods():
    record = nderived(
        document(filed_date=date(2024, 9, 10)), {"filing_days": 15, "review_days": 60}
    )
    # 09-16 is a Monday (中秋 09-15..17: 09-17 holiday, 09-16 holiday) → 09-18
    assert record.filing_deadline == date(2024, 9, 18)
    assert record.filing_days == 15 and record.review_days == 60
    assert record.late_filed is False


def test_normative_steps_and_checks():
    record = nderived(document())
    assert [s.key for s in normative_rules.allowed_steps(record)] == ["file"]
    normative_rules.apply_step(record, "file", date(2024, 9, 20))
    nderived(record)
    assert [s.key for s in normative_rules.allowed_steps(record)] == ["review"]
    with pytest.raises(StepRefused, match="请选择审查结论"):
        normative_rules.apply_step(record, "review", date(2024, 10, 9))
    normative_rules.apply_step(record, "review", date(2024, 10, 9), conclusion="corrected")
    nderived(record)
    assert record.status == FilingStatus.REVIEWED and record.due_date is None
    assert record.conclusion == FilingConclusion.CORRECTED
    bad = document(filed_date=date(2024, 8, 1), reviewed_date=date(2024, 7, 1))
    headers = [p.header for p in normative_rules.check(bad)]
    assert headers == ["报送备案日期", "审查完成日期", "审查结论"]
    assert [p.header for p in normative_rules.check(document(reviewed_date=date(2024, 9, 2)))] == [
        "审查完成日期",
        "审查结论",
    ]
