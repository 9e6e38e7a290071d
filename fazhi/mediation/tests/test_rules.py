"""The pure rules: checks of mediation.md, the 司法确认 window, tiers."""

import datetime
from decimal import Decimal

from fazhi.mediation import rules
from fazhi.mediation.models import MediationCase

D = datetime.date


def case(**facts):
    values = {
        "received_date": D(2024, 3, 1),
        "dispute_type": "neighbour",
        "status": "succeeded",
        "agreement_form": "written",
        "closed_date": D(2024, 3, 10),
    }
    values.update(facts)
    return MediationCase(**values)


def headers(found):
    return {p.header for p in found}


def test_success_needs_closing_date_and_agreement_form():
    assert rules.check(case()) == []
    assert headers(rules.check(case(closed_date=None, agreement_form=""))) == {
        "结案日期",
        "协议形式",
    }


def test_only_successful_cases_pass_subsidy_review_or_go_to_court():
    found = rules.check(
        case(
            status="failed",
            agreement_form="",
            subsidy_status="approved",
            judicial_confirmation=True,
        )
    )
    assert headers(found) == {"以奖代补审核", "是否申请司法确认"}


def test_closing_before_receipt_is_refused():
    assert headers(rules.check(case(closed_date=D(2024, 2, 1)))) == {"结案日期"}


def test_confirmation_window_is_30_calendar_days_under_article_33():
    found = rules.confirmation_deadline(case())
    assert found.date == D(2024, 4, 9)  # 3-10 + 30 days, a Tuesday
    assert "第三十三条" in found.basis
    # ending on a Saturday moves to the next working day (民事诉讼法 第八十五条)
    assert rules.confirmation_deadline(case(closed_date=D(2024, 5, 4))).date == D(2024, 6, 3)


def test_window_only_for_written_agreements_and_closes_once_applied():
    assert rules.confirmation_deadline(case(agreement_form="oral")) is None
    assert rules.current_deadline(case(judicial_confirmation=True)) is None
    done = case()
    rules.derive(done, {})
    assert (done.due_date, done.due_label) == (D(2024, 4, 9), rules.CONFIRMATION)
    assert rules.window_open(done, D(2024, 4, 9)) and not rules.window_open(done, D(2024, 4, 10))


def test_tier_of_a_year_else_default():
    tiers = {(2025, "major"): Decimal("500")}
    assert rules.tier_amount(tiers, 2025, "major") == Decimal("500")
    assert rules.tier_amount(tiers, 2024, "major") == Decimal("300")
    assert rules.tier_amount({}, 2024, "difficult") == Decimal("200")


def test_imported_approved_case_takes_its_years_tier():
    approved = case(subsidy_status="approved", difficulty="difficult")
    rules.derive(approved, {rules.TIERS_SETTING: {(2024, "difficult"): Decimal("250")}})
    assert (approved.subsidy_year, approved.subsidy_amount) == (2024, Decimal("250"))
