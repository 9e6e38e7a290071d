"""The 帮教期, registered-on-a-day and the checks: pure, no database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.errors import Problem
from fazhi.resettlement import rules
from fazhi.resettlement.models import ResettlementSubject

PRISON, CORRECTIONS = "prison_release", "corrections_ended"


def subject(**fields) -> ResettlementSubject:
    values = {"kind": PRISON, "release_date": date(2024, 3, 5), "status": "registered"}
    values.update(fields)
    record = ResettlementSubject(**values)
    rules.derive(record, {})
    return record


def test_the_period_is_five_years_after_prison_and_three_after_corrections():
    assert rules.period_end(date(2024, 3, 5), PRISON, {}) == date(2029, 3, 5)
    assert rules.period_end(date(2024, 3, 5), CORRECTIONS, {}) == date(2027, 3, 5)


def test_the_periods_follow_the_settings():
    settings = {"period_years": {PRISON: 3, CORRECTIONS: 2}}
    assert rules.period_end(date(2024, 3, 5), PRISON, settings) == date(2027, 3, 5)
    assert rules.period_end(date(2024, 3, 5), CORRECTIONS, settings) == date(2026, 3, 5)


def test_29_february_ends_on_28_february_in_a_common_year():
    assert rules.period_end(date(2024, 2, 29), PRISON, {}) == date(2029, 2, 28)
    assert rules.period_end(date(2024, 2, 29), CORRECTIONS, {}) == date(2027, 2, 28)
    leap = {"period_years": {PRISON: 4}}
    assert rules.period_end(date(2024, 2, 29), PRISON, leap) == date(2028, 2, 29)


def test_no_period_without_a_date_or_a_kind():
    assert rules.period_end(None, PRISON, {}) is None
    assert rules.period_end(date(2024, 3, 5), "", {}) is None


def test_derive_sets_the_period_end_and_upper_cases_the_check_character():
    record = subject(kind=CORRECTIONS, id_number=" 11010519491231002x ")
    assert record.period_end == date(2027, 3, 5)
    assert record.id_number == "11010519491231002X"


def test_registered_on_a_day_follows_the_dates_not_the_status():
    record = subject(status="period_ended")  # 2024-03-05 .. 2029-03-05
    assert not rules.registered_on(record, date(2024, 3, 4))
    assert rules.registered_on(record, date(2024, 3, 5))
    assert rules.registered_on(record, date(2029, 3, 5))  # the last day of the period
    assert not rules.registered_on(record, date(2029, 3, 6))
    ended = subject(status="moved_away", ended_date=date(2025, 1, 10))
    assert rules.registered_on(ended, date(2025, 1, 9))
    assert not rules.registered_on(ended, date(2025, 1, 10))  # off the register that day


@pytest.mark.parametrize("status,label", [("reoffended", "重新犯罪"), ("died", "死亡"),
                                          ("moved_away", "迁出")])  # fmt: skip
def test_an_ending_status_needs_its_date(status, label):
    assert rules.check(subject(status=status)) == [
        Problem("终止日期", f"状态为“{label}”时必须填写终止日期")
    ]
    assert rules.check(subject(status=status, ended_date=date(2024, 8, 1))) == []


def test_the_end_cannot_precede_the_release():
    record = subject(status="reoffended", ended_date=date(2024, 3, 4))
    assert rules.check(record) == [
        Problem("终止日期", "终止日期 2024-03-04 不能早于释放或解矫日期 2024-03-05")
    ]
    assert rules.check(subject(status="died", ended_date=date(2024, 3, 5))) == []


def test_a_registered_subject_has_no_end_date():
    assert rules.check(subject(ended_date=date(2024, 8, 1))) == [
        Problem("终止日期", "状态为“在册”时不能填写终止日期")
    ]


def test_the_handover_may_precede_the_release_and_corrections_need_nothing_more():
    record = subject(escorted=True, key_subject=True, handover_date=date(2024, 3, 1))
    assert rules.check(record) == []
    assert rules.check(subject(kind=CORRECTIONS)) == []
    assert rules.check(subject(status="period_ended")) == []


def test_the_id_number_passes_the_gb_11643_check_digit():
    field = ResettlementSubject._meta.get_field("id_number")
    field.run_validators("11010519491231002X")
    with pytest.raises(ValidationError) as refused:
        field.run_validators("110105194912310021")
    assert "校验位错误" in refused.value.messages[0]
