"""The board's alerts and the figures, counted from records: cards expiring within the window,
年审 overdue, cards held by officers no longer in post or moved, 持证率 and the rest, the
training figures; each over what the reader may see."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.officers import actions
from fazhi.officers.alerts import officer_alerts
from fazhi.officers.models import Staffing, TrainingAttendance

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def roster(officer_of, supervisor, departments):
    """E02: a reviewed valid card, two expiring within 60 days, one expired not renewed, one
    with 年审 missed, one officer gone from his post with his card, an auxiliary without one;
    E01: one valid card."""
    today = timezone.localdate()
    made = {}
    made["fine"] = officer_of(card_issued_date=today.replace(year=today.year - 1, day=1))
    actions.change_card(supervisor, made["fine"], "reviewed", today, result="passed")
    made["soon1"] = officer_of(card_issued_date=ago(30), card_valid_until=ago(-10))
    made["soon2"] = officer_of(card_issued_date=ago(30), card_valid_until=ago(-59))
    made["expired"] = officer_of(card_issued_date=ago(2000))
    made["missed"] = officer_of(card_issued_date=ago(900))
    made["left"] = officer_of(card_issued_date=ago(30))
    actions.update_officer(supervisor, made["left"], in_post=False)
    made["aux"] = officer_of(staffing=Staffing.AUXILIARY, card_number="")
    made["police"] = officer_of(department="police", card_issued_date=ago(30))
    return made


def alerts_by_label(user):
    return {alert.label: alert for alert in officer_alerts(user, timezone.localdate())}


def test_the_board_lists_expiring_cards_missed_reviews_and_holders_out_of_post(roster, supervisor):
    alerts = alerts_by_label(supervisor)
    soon = alerts["60日内到期的执法证"]
    assert soon.count == 2
    assert [line.text for line in soon.lines] == [
        f"{roster['soon1'].name}（{roster['soon1'].card_number}）",
        f"{roster['soon2'].name}（{roster['soon2'].card_number}）",
    ]
    assert "到期" in soon.lines[0].detail and soon.lines[0].url.endswith(f"/{roster['soon1'].pk}/")
    missed = alerts["年审逾期的执法证"]
    assert {line.text.split("（")[0] for line in missed.lines} == {roster["missed"].name}
    held = alerts["非在岗人员持证（待注销）"]
    assert held.count == 1 and held.lines[0].detail == "已不在岗"


def test_a_moved_officer_with_his_card_is_listed_until_it_is_cancelled(
    roster, supervisor, departments
):
    moved = roster["police"]
    actions.update_officer(supervisor, moved, unit=departments["market"])
    held = alerts_by_label(supervisor)["非在岗人员持证（待注销）"]
    assert held.count == 2
    assert "已调离发证单位" in {line.detail for line in held.lines}
    actions.change_card(supervisor, moved, "cancelled", ago(0), reason="调动")
    assert alerts_by_label(supervisor)["非在岗人员持证（待注销）"].count == 1


def test_a_clerk_sees_the_alerts_of_his_own_department_only(roster, police_clerk):
    alerts = alerts_by_label(police_clerk)
    assert [alert.count for alert in alerts.values()] == [0, 0, 0]


def test_the_figures_count_the_records(roster, supervisor, tree):
    today = timezone.localdate()
    period = Period.year(today.year)
    keys = [
        "enforcement_officer.in_post",
        "enforcement_officer.certified",
        "enforcement_officer.certified_rate",
        "enforcement_officer.expiring_60d",
        "enforcement_officer.review_missed",
        "enforcement_officer.not_in_post",
        "enforcement_officer.expired_not_renewed",
    ]
    figures = compute(keys, period, tree["county"], user=supervisor)
    values = {key.split(".")[1]: figure.value for key, figure in figures.items()}
    # In post and in 编制: fine, soon1, soon2, expired, missed, police (not left, not aux).
    assert values["in_post"] == 6
    assert values["certified"] == 5
    rate = figures["enforcement_officer.certified_rate"]
    assert (rate.numerator, rate.denominator) == (5, 6)
    assert values["expiring_60d"] == 2
    assert values["review_missed"] == 1
    assert values["not_in_post"] == 1
    assert values["expired_not_renewed"] == 1
    drilled = records_for("enforcement_officer.expired_not_renewed", period, tree["county"])
    assert list(drilled) == [roster["expired"]]


def test_the_training_figures(roster, supervisor, tree, departments):
    today = timezone.localdate()
    fine = roster["fine"]
    for n, (hours, officer) in enumerate(((Decimal("40"), fine), (Decimal("25"), fine))):
        actions.register_attendance(
            supervisor,
            unit=departments["market"],
            number=f"PX-{n}",
            session_number=f"PX{n}",
            held_date=today.replace(month=1, day=1) if n else today,
            topic="行政执法培训",
            hours=hours,
            category="public",
            name=officer.name,
            id_number=officer.id_number,
        )
    actions.register_attendance(
        supervisor,
        unit=departments["market"],
        number="PX-X",
        session_number="PX9",
        held_date=today,
        topic="行政执法培训",
        hours=Decimal("6"),
        category="skills",
        name="外来人员",
        id_number="11010519491231002X",
    )
    assert TrainingAttendance.objects.filter(unmatched=True).count() == 1
    keys = [
        "enforcement_training.attendances",
        "enforcement_training.hours",
        "enforcement_training.unmatched",
        "enforcement_training.below_minimum",
    ]
    figures = compute(keys, Period.year(today.year), tree["county"], user=supervisor)
    values = {key.split(".")[1]: figure.value for key, figure in figures.items()}
    assert values["attendances"] == 3
    assert values["hours"] == Decimal("71")
    assert values["unmatched"] == 1
    # In post in 编制: fine (65 hours) meets 60; soon1, soon2, expired, missed, police do not.
    assert values["below_minimum"] == 5
