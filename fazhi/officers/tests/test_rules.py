"""The roster's rules, without a database: card numbers, validity on a date, 年审, the checks."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.officers import rules
from fazhi.officers.models import CardState, EnforcementOfficer, Staffing, TrainingCategory

D = datetime.date
SETTINGS = rules.DEFAULT_SETTINGS


def card(**facts):
    values = {
        "issued_date": D(2023, 5, 10),
        "valid_until": D(2028, 5, 9),
        "state": CardState.VALID,
        "suspensions": [],
        "ended_date": None,
        "passed_reviews": [],
    }
    values.update(facts)
    return SimpleNamespace(**values)


def officer(**facts):
    values = {
        "name": "张三",
        "staffing": Staffing.ADMINISTRATIVE,
        "card_number": "43126020240001",
        "card_issuer": "湖南省人民政府",
        "card_issued_date": D(2024, 3, 1),
        "card_valid_until": None,
        "card_state": "",
    }
    values.update(facts)
    return EnforcementOfficer(**values)


# --- card numbers --------------------------------------------------------------------------


def test_a_card_number_is_normalised_from_full_width_and_lower_case():
    assert rules.normalise_card_number("  ４３０１２３４５ab ") == "43012345AB"


def test_a_cell_of_card_numbers_splits_on_every_separator_and_keeps_each_once_in_order():
    text = "43012345、43012346，43012347;43012348；43012349 43012350\n43012345,４３０１２３４６"
    assert rules.card_numbers(text) == [
        "43012345",
        "43012346",
        "43012347",
        "43012348",
        "43012349",
        "43012350",
    ]
    assert rules.card_numbers("") == []
    assert rules.card_numbers(" 、，") == []


def test_a_card_number_of_other_characters_is_a_problem():
    assert rules.card_number_problem("43012345") == ""
    assert "格式不正确" in rules.card_number_problem("43/012")
    assert "格式不正确" in rules.card_number_problem("12")


# --- validity ------------------------------------------------------------------------------


def test_valid_until_defaults_to_the_issue_date_plus_the_years_less_a_day():
    assert rules.default_valid_until(D(2023, 5, 10), 5) == D(2028, 5, 9)
    assert rules.default_valid_until(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert rules.default_valid_until(D(2024, 1, 1), 5) == D(2028, 12, 31)


def test_a_card_is_valid_from_its_issue_date_to_its_last_day_inclusive():
    c = card()
    assert not rules.valid_on(c, D(2023, 5, 9), SETTINGS)
    assert rules.state_on(c, D(2023, 5, 9)) == rules.NOT_YET
    assert rules.valid_on(c, D(2023, 5, 10), SETTINGS)
    assert rules.valid_on(c, D(2028, 5, 9), SETTINGS)
    assert not rules.valid_on(c, D(2028, 5, 10), SETTINGS)
    assert rules.state_on(c, D(2028, 5, 10)) == rules.EXPIRED


def test_a_suspension_covers_its_first_and_last_day_only():
    c = card(suspensions=[["2024-03-01", "2024-03-31"]], state=CardState.SUSPENDED)
    assert rules.valid_on(c, D(2024, 2, 29), SETTINGS)
    assert not rules.valid_on(c, D(2024, 3, 1), SETTINGS)
    assert rules.state_on(c, D(2024, 3, 31)) == CardState.SUSPENDED
    # The period over, the card is valid again, restored or not.
    assert rules.valid_on(c, D(2024, 4, 1), SETTINGS)


def test_a_cancelled_card_is_invalid_from_the_day_it_was_cancelled():
    c = card(state=CardState.CANCELLED, ended_date=D(2025, 1, 15))
    assert rules.valid_on(c, D(2025, 1, 14), SETTINGS)
    assert not rules.valid_on(c, D(2025, 1, 15), SETTINGS)
    assert rules.state_on(c, D(2025, 1, 15)) == CardState.CANCELLED
    revoked = card(state=CardState.REVOKED, ended_date=D(2025, 1, 15))
    assert rules.state_on(revoked, D(2026, 1, 1)) == CardState.REVOKED


def test_the_first_annual_review_is_due_the_year_after_issue_by_the_due_day():
    c = card()  # issued 2023-05-10
    assert not rules.review_overdue_on(c, D(2024, 4, 30), SETTINGS)
    assert rules.review_overdue_on(c, D(2024, 5, 1), SETTINGS)
    # Still overdue the next year before its own due day, until a review is passed.
    assert rules.review_overdue_on(c, D(2025, 3, 1), SETTINGS)
    reviewed = card(passed_reviews=["2024-04-20"])
    assert not rules.review_overdue_on(reviewed, D(2024, 5, 1), SETTINGS)
    assert not rules.review_overdue_on(reviewed, D(2025, 4, 30), SETTINGS)
    assert rules.review_overdue_on(reviewed, D(2025, 5, 1), SETTINGS)
    # A late review clears the year it was due, from its own date.
    late = card(passed_reviews=["2024-06-10"])
    assert rules.review_overdue_on(late, D(2024, 6, 9), SETTINGS)
    assert not rules.review_overdue_on(late, D(2024, 6, 10), SETTINGS)


def test_a_missed_review_invalidates_the_card_only_where_the_setting_says_so():
    c = card()
    day = D(2024, 6, 1)
    assert rules.valid_on(c, day, SETTINGS)
    strict = rules.settings_from({rules.MISSED_REVIEW_INVALIDATES: rules.ON})
    assert not rules.valid_on(c, day, strict)
    no_review = rules.settings_from({rules.REVIEW_REQUIRED: rules.OFF})
    assert not rules.review_overdue_on(c, day, no_review)


def test_the_due_day_is_a_setting():
    settings = rules.settings_from({rules.REVIEW_DUE: "03-31"})
    assert rules.review_overdue_on(card(), D(2024, 4, 1), settings)


def test_expiring_within_the_warning_window():
    c = card(valid_until=D(2024, 7, 1))
    assert rules.expiring_within(c, D(2024, 5, 2), SETTINGS)
    assert not rules.expiring_within(c, D(2024, 5, 1), SETTINGS)
    assert not rules.expiring_within(c, D(2024, 7, 2), SETTINGS)  # expired, not expiring


def test_the_renewal_window_opens_months_before_expiry():
    assert rules.renewal_opens(D(2028, 5, 9), SETTINGS) == D(2027, 11, 9)
    assert rules.renewal_opens(D(2028, 8, 31), SETTINGS) == D(2028, 2, 29)


# --- the roster's record -------------------------------------------------------------------


def test_derive_fills_the_end_date_and_the_state_of_a_new_card():
    record = officer(card_number=" ４３１２６０２０２４０００１ ")
    rules.derive(record, SETTINGS)
    assert record.card_number == "43126020240001"
    assert record.card_valid_until == D(2029, 2, 28)
    assert record.card_state == CardState.VALID


def test_an_imported_end_date_wins():
    record = officer(card_valid_until=D(2027, 10, 31))
    rules.derive(record, SETTINGS)
    assert record.card_valid_until == D(2027, 10, 31)


def test_without_a_card_there_is_no_state():
    record = officer(card_number="", card_issuer="", card_issued_date=None, card_state="valid")
    rules.derive(record, SETTINGS)
    assert record.card_state == ""
    assert rules.check(record) == []


@pytest.mark.parametrize("staffing", [Staffing.AUXILIARY, Staffing.OTHER])
def test_only_established_staff_may_hold_a_card(staffing):
    record = officer(staffing=staffing)
    rules.derive(record, SETTINGS)
    problems = rules.check(record)
    assert [p.header for p in problems] == ["编制类型"]
    assert "只有在编人员" in problems[0].message
    assert Staffing(staffing).label in problems[0].message


@pytest.mark.parametrize("staffing", [Staffing.ADMINISTRATIVE, Staffing.INSTITUTIONAL])
def test_established_staff_hold_one(staffing):
    record = officer(staffing=staffing)
    rules.derive(record, SETTINGS)
    assert rules.check(record) == []


def test_an_auxiliary_may_keep_a_cancelled_card_in_his_record():
    record = officer(staffing=Staffing.AUXILIARY, card_state=CardState.CANCELLED)
    rules.derive(record, SETTINGS)
    assert rules.check(record) == []


def test_a_card_needs_its_issue_date_and_its_dates_in_order():
    record = officer(card_issued_date=None)
    assert [p.header for p in rules.check(record)] == ["发证日期"]
    record = officer(card_valid_until=D(2020, 1, 1))
    assert [p.header for p in rules.check(record)] == ["有效期至"]
    record = officer(card_number="")
    assert [p.header for p in rules.check(record)] == ["执法证号"]


def test_the_roster_state_of_today():
    record = officer(card_valid_until=D(2029, 2, 28), card_state=CardState.VALID)
    assert rules.roster_state(record, D(2024, 6, 1)) == CardState.VALID
    assert rules.roster_state(record, D(2029, 3, 1)) == rules.EXPIRED
    record.card_state, record.card_suspended_until = CardState.SUSPENDED, D(2024, 6, 30)
    assert rules.roster_state(record, D(2024, 6, 30)) == CardState.SUSPENDED
    assert rules.roster_state(record, D(2024, 7, 1)) == CardState.VALID
    assert rules.roster_state(officer(card_number=""), D(2024, 6, 1)) == rules.NO_CARD


def test_the_roster_review_overdue_follows_the_last_passed_review():
    record = officer(card_valid_until=D(2029, 2, 28), card_state=CardState.VALID)
    assert not rules.roster_review_overdue(record, D(2025, 4, 30), SETTINGS)
    assert rules.roster_review_overdue(record, D(2025, 5, 1), SETTINGS)
    record.card_last_review = D(2025, 4, 1)
    assert not rules.roster_review_overdue(record, D(2025, 5, 1), SETTINGS)


def test_not_in_post_holders():
    assert rules.not_in_post_holder(False, False, CardState.VALID)
    assert rules.not_in_post_holder(True, True, CardState.SUSPENDED)
    assert not rules.not_in_post_holder(True, False, CardState.VALID)
    assert not rules.not_in_post_holder(False, False, CardState.CANCELLED)


# --- a card's changes ----------------------------------------------------------------------

TODAY = D(2025, 6, 1)


def test_a_suspension_needs_its_end_and_a_reason_and_a_valid_card():
    c = card()
    assert rules.event_refusal(c, "suspended", D(2025, 5, 1), TODAY, reason="违纪") == (
        "请填写暂扣截止日期，且不早于暂扣日期。"
    )
    assert (
        rules.event_refusal(c, "suspended", D(2025, 5, 1), TODAY, until=D(2025, 7, 1))
        == "请写明事由。"
    )
    assert (
        rules.event_refusal(c, "suspended", D(2025, 5, 1), TODAY, until=D(2025, 7, 1), reason="x")
        == ""
    )
    assert "晚于今天" in rules.event_refusal(c, "cancelled", D(2025, 6, 2), TODAY, reason="x")
    assert "早于发证日期" in rules.event_refusal(c, "cancelled", D(2023, 5, 9), TODAY, reason="x")


def test_suspend_then_restore_records_the_period_as_it_was():
    c = card(suspended_from=None, suspended_until=None)
    rules.apply_event(c, "suspended", D(2025, 5, 1), until=D(2025, 7, 31))
    assert c.state == CardState.SUSPENDED
    assert not rules.valid_on(c, D(2025, 5, 20), SETTINGS)
    assert "不是有效状态" in rules.event_refusal(
        c, "suspended", D(2025, 5, 20), TODAY, until=D(2025, 8, 1), reason="x"
    )
    assert rules.event_refusal(c, "restored", D(2025, 5, 21), TODAY, reason="期满前恢复") == ""
    rules.apply_event(c, "restored", D(2025, 5, 21))
    assert c.state == CardState.VALID
    assert c.suspensions == [["2025-05-01", "2025-05-20"]]
    assert not rules.valid_on(c, D(2025, 5, 20), SETTINGS)
    assert rules.valid_on(c, D(2025, 5, 21), SETTINGS)
    assert rules.event_refusal(c, "restored", D(2025, 5, 22), TODAY, reason="x") == (
        "该执法证未被暂扣，无需恢复。"
    )


def test_an_ended_card_takes_no_further_change():
    c = card()
    rules.apply_event(c, "cancelled", D(2025, 1, 15))
    assert c.state == CardState.CANCELLED and c.ended_date == D(2025, 1, 15)
    refusal = rules.event_refusal(c, "reviewed", D(2025, 2, 1), TODAY, result="passed")
    assert "已注销" in refusal


def test_a_passed_review_is_kept_and_a_failed_one_needs_a_reason():
    c = card(last_passed_review=None)
    assert rules.event_refusal(c, "reviewed", D(2025, 4, 1), TODAY) == "请选择年审结果。"
    assert rules.event_refusal(c, "reviewed", D(2025, 4, 1), TODAY, result="passed") == ""
    assert rules.event_refusal(c, "reviewed", D(2025, 4, 1), TODAY, result="failed") == (
        "请写明事由。"
    )
    rules.apply_event(c, "reviewed", D(2025, 4, 1), result="passed")
    assert c.passed_reviews == ["2025-04-01"] and c.last_passed_review == D(2025, 4, 1)
    rules.apply_event(c, "reviewed", D(2024, 4, 1), result="failed")
    assert c.passed_reviews == ["2025-04-01"]


# --- exams and training ---------------------------------------------------------------------


def test_the_pass_mark_is_a_setting():
    assert rules.exam_passed(60, SETTINGS)
    assert not rules.exam_passed(59, SETTINGS)
    assert not rules.exam_passed(60, rules.settings_from({rules.EXAM_PASS_SCORE: "70"}))


def test_hours_roll_up_by_category_and_fall_short_only_of_the_minimums_set():
    rows = [
        SimpleNamespace(category=TrainingCategory.PUBLIC, hours=Decimal("20")),
        SimpleNamespace(category=TrainingCategory.PROFESSIONAL, hours=Decimal("12.5")),
        SimpleNamespace(category=TrainingCategory.PUBLIC, hours=Decimal("8")),
    ]
    totals = rules.hours_by_category(rows)
    assert totals[TrainingCategory.PUBLIC] == 28
    assert totals[""] == Decimal("40.5")
    short = rules.hours_shortfalls(totals, SETTINGS)
    assert [(s.label, s.missing) for s in short] == [("年度培训总学时", Decimal("19.5"))]
    split = rules.settings_from({rules.MIN_HOURS_PUBLIC: "20", rules.MIN_HOURS_PROFESSIONAL: "20"})
    assert [s.label for s in rules.hours_shortfalls(totals, split)] == [
        "年度培训总学时",
        "专业法律知识学时",
    ]
