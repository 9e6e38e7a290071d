"""certified.valid_cards: which cards are valid on a date, for 涉企行政检查 — boundary dates,
history after a renewal, sanctions, the 年审 setting, and one query for many numbers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import RegisterSetting
from fazhi.officers import actions, certified, rules
from fazhi.officers.models import CardState, Certificate, CertificateEvent, EventKind

D = datetime.date
TODAY = D(2025, 6, 1)
pytestmark = pytest.mark.django_db


def test_a_card_is_valid_from_its_issue_date_through_its_last_day(officer_of):
    officer = officer_of()  # issued 2023-05-10, five years: to 2028-05-09
    number = officer.card_number
    assert officer.card_valid_until == D(2028, 5, 9)
    assert certified.valid_cards([number], D(2023, 5, 9)) == {}
    held = certified.valid_cards([number], D(2023, 5, 10))
    holder = certified.CardHolder(number, officer.pk, officer.name, officer.unit_id, True)
    assert held == {number: holder}
    assert number in certified.valid_cards([number], D(2028, 5, 9))
    assert certified.valid_cards([number], D(2028, 5, 10)) == {}


def test_numbers_are_normalised_and_many_are_answered_in_one_query(officer_of):
    first, second = officer_of(), officer_of()
    written = [
        " " + first.card_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
        second.card_number.lower(),
        "99999999",
        "",
    ]
    settings = rules.DEFAULT_SETTINGS
    with CaptureQueriesContext(connection) as queries:
        held = certified.valid_cards(written, D(2024, 1, 1), settings)
    assert set(held) == {first.card_number, second.card_number}
    assert len(queries) == 1
    assert certified.valid_cards([], D(2024, 1, 1)) == {}


def test_card_numbers_splits_a_cell():
    assert certified.card_numbers("43012345、43012346，43012347") == [
        "43012345",
        "43012346",
        "43012347",
    ]


def test_a_suspended_card_is_invalid_within_its_period_only(officer_of, supervisor):
    officer = officer_of()
    number = officer.card_number
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        D(2025, 3, 1),
        until=D(2025, 3, 31),
        reason="执法过错",
        document_number="古司〔2025〕3号",
        today=TODAY,
    )
    assert number in certified.valid_cards([number], D(2025, 2, 28))
    assert certified.valid_cards([number], D(2025, 3, 1)) == {}
    assert certified.valid_cards([number], D(2025, 3, 31)) == {}
    assert number in certified.valid_cards([number], D(2025, 4, 1))


def test_a_cancelled_card_is_valid_before_the_day_and_not_from_it(officer_of, supervisor):
    officer = officer_of()
    number = officer.card_number
    actions.change_card(
        supervisor, officer, EventKind.CANCELLED, D(2025, 1, 15), reason="调离", today=TODAY
    )
    assert number in certified.valid_cards([number], D(2025, 1, 14))
    assert certified.valid_cards([number], D(2025, 1, 15)) == {}


def test_a_renewal_keeps_the_old_card_for_its_own_days(officer_of, supervisor):
    officer = officer_of()
    old = officer.card_number
    actions.update_officer(
        supervisor,
        officer,
        card_number="43126020280001",
        card_issued_date=D(2025, 2, 1),
        card_valid_until=None,
    )
    new = "43126020280001"
    assert old in certified.valid_cards([old, new], D(2025, 1, 31))
    assert new not in certified.valid_cards([old, new], D(2025, 1, 31))
    assert set(certified.valid_cards([old, new], D(2025, 2, 1))) == {new}
    superseded = Certificate.objects.get(number=old)
    assert superseded.state == CardState.CANCELLED and superseded.ended_date == D(2025, 2, 1)
    assert CertificateEvent.objects.filter(
        certificate=superseded, kind=EventKind.CANCELLED, reason__contains=new
    ).exists()
    assert Certificate.objects.get(number=new).valid_until == D(2030, 1, 31)


def test_a_missed_review_invalidates_only_with_the_setting(officer_of, supervisor):
    officer = officer_of()  # issued 2023: 年审 due by 2024-04-30
    number = officer.card_number
    assert number in certified.valid_cards([number], D(2024, 5, 1))
    RegisterSetting.objects.create(key=rules.MISSED_REVIEW_INVALIDATES, value=rules.ON)
    assert certified.valid_cards([number], D(2024, 4, 30)) != {}
    assert certified.valid_cards([number], D(2024, 5, 1)) == {}
    actions.change_card(
        supervisor,
        officer,
        EventKind.REVIEWED,
        D(2024, 5, 10),
        result="passed",
        today=TODAY,
    )
    assert certified.valid_cards([number], D(2024, 5, 9)) == {}
    assert number in certified.valid_cards([number], D(2024, 5, 10))


def test_a_holder_says_whether_he_is_in_post_now(officer_of):
    officer = officer_of()
    number = officer.card_number
    assert certified.valid_cards([number], D(2024, 1, 1))[number].in_post is True
    actions.update_officer(None, officer, in_post=False)
    holder = certified.valid_cards([number], D(2024, 1, 1))[number]
    assert holder.in_post is False and holder.officer_id == officer.pk


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 11, 30),
        D(2024, 12, 1),
        D(2024, 12, 31),
        D(2025, 1, 31),
        D(2025, 2, 1),
        D(2025, 2, 28),
        D(2025, 3, 1),
        D(2025, 3, 5),
        D(2025, 3, 10),
        D(2025, 3, 11),
    ],
)
def test_the_figures_sql_judges_every_suspension_as_the_rules_do(officer_of, supervisor, day):
    """持证率's SQL (indicators.card_valid_on) and valid_cards agree on a card suspended twice:
    the older suspension still counts on its own days, and a 恢复 cuts only its own."""
    from fazhi.officers import indicators
    from fazhi.officers.models import EnforcementOfficer

    officer = officer_of(actor=supervisor)
    first = (D(2024, 12, 1), D(2025, 1, 31))
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        first[0],
        until=first[1],
        reason="违纪",
        today=TODAY,
    )
    officer.refresh_from_db()
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        D(2025, 3, 1),
        until=D(2025, 6, 30),
        reason="再次违纪",
        today=TODAY,
    )
    officer.refresh_from_db()
    actions.change_card(
        supervisor, officer, EventKind.RESTORED, D(2025, 3, 6), reason="恢复", today=TODAY
    )
    by_rules = officer.card_number in certified.valid_cards([officer.card_number], day)
    by_sql = EnforcementOfficer.objects.filter(indicators.card_valid_on(day)).exists()
    assert by_sql == by_rules
    suspended = first[0] <= day <= first[1] or D(2025, 3, 1) <= day <= D(2025, 3, 5)
    assert by_rules == (not suspended)


def test_the_yearly_rate_counts_a_card_suspended_at_years_end_as_not_valid(officer_of, supervisor):
    from fazhi.officers import measures

    officer = officer_of(actor=supervisor)
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        D(2024, 12, 1),
        until=D(2025, 1, 31),
        reason="违纪",
        today=TODAY,
    )
    officer.refresh_from_db()
    actions.change_card(
        supervisor,
        officer,
        EventKind.SUSPENDED,
        D(2025, 3, 1),
        until=D(2025, 3, 10),
        reason="再次违纪",
        today=TODAY,
    )
    assert certified.valid_cards([officer.card_number], D(2024, 12, 31)) == {}
    assert measures.certified_rate(2024, [officer.unit_id]) == {officer.unit_id: 0}
