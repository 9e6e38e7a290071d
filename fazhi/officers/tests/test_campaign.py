"""申领换发: the cards due listed per department, applications recorded by the department, exams
and new cards read from the officers' records, progress per department; who may do what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry
from fazhi.core.tests.helpers import strict
from fazhi.officers import actions, campaign, rules
from fazhi.officers.models import EnforcementOfficer, RenewalEntry

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def due(officer_of, supervisor):
    """Two E02 cards and one E01 card expiring within the coming months, one E02 card not due,
    one due card of an officer no longer in post."""
    five = rules.add_years(timezone.localdate(), -5)
    made = {
        "a": officer_of(card_issued_date=five + datetime.timedelta(days=40)),
        "b": officer_of(card_issued_date=five + datetime.timedelta(days=90)),
        "police": officer_of(
            department="police", card_issued_date=five + datetime.timedelta(days=60)
        ),
        "later": officer_of(card_issued_date=ago(100)),
        "left": officer_of(card_issued_date=five + datetime.timedelta(days=50)),
    }
    actions.update_officer(supervisor, made["left"], in_post=False)
    return made


def test_opening_lists_the_due_cards_once(due, supervisor, tree):
    ends = timezone.localdate() + datetime.timedelta(days=200)
    made = campaign.open_campaign(supervisor, tree["county"], ends.year, ends)
    listed = set(made.entries.values_list("officer__name", flat=True))
    assert listed == {due["a"].name, due["b"].name, due["police"].name}
    again = campaign.open_campaign(supervisor, tree["county"], ends.year, ends)
    assert again.pk == made.pk and again.entries.count() == 3
    assert (
        AuditEntry.objects.filter(register="renewalcampaign", object_id=str(made.pk)).count() == 2
    )
    assert AuditEntry(register="renewalcampaign").register_label == "执法证申领换发"


def test_a_clerk_may_not_open_one(due, market_clerk, tree):
    with pytest.raises(ActionRefused):
        campaign.open_campaign(market_clerk, tree["county"], 2027, datetime.date(2027, 12, 31))


def test_progress_counts_applications_exams_and_new_cards_per_department(
    due, supervisor, market_clerk, tree
):
    ends = timezone.localdate() + datetime.timedelta(days=200)
    made = campaign.open_campaign(supervisor, tree["county"], ends.year, ends)
    ids = list(made.entries.values_list("pk", flat=True))
    # The clerk records his own department's holders only.
    assert campaign.record_applications(market_clerk, made, ids, ago(1)) == 2
    with pytest.raises(ActionRefused):
        campaign.record_applications(market_clerk, made, ids, ago(1))
    actions.record_exam(supervisor, due["a"], date=ago(0), kind="general", score=90)
    actions.update_officer(
        supervisor, due["a"], card_number="43126029990001", card_issued_date=ago(0)
    )
    officers = EnforcementOfficer.objects.visible_to(supervisor)
    rows = {row.unit.code: row for row in campaign.progress(made, officers, rules.DEFAULT_SETTINGS)}
    market, police = rows["433126-E02"], rows["433126-E01"]
    assert (market.due, market.applied, market.passed, market.issued) == (2, 2, 1, 1)
    assert (police.due, police.applied, police.passed, police.issued) == (1, 0, 0, 0)
    clerk_rows = campaign.progress(
        made, EnforcementOfficer.objects.visible_to(market_clerk), rules.DEFAULT_SETTINGS
    )
    assert [row.unit.code for row in clerk_rows] == ["433126-E02"]


def test_the_pages(client, due, supervisor, market_clerk, tree):
    client.force_login(supervisor)
    ends = timezone.localdate() + datetime.timedelta(days=200)
    response = client.post(
        reverse("enforcement_officer:renewal_open"),
        {"year": ends.year, "ends_on": ends.isoformat()},
        follow=True,
    )
    page = strict(response)
    assert "各单位进度" in page and due["police"].name in page
    made_pk = RenewalEntry.objects.first().campaign_id
    assert "开展申领换发" in strict(client.get(reverse("enforcement_officer:renewals")))
    client.force_login(market_clerk)
    page = strict(client.get(reverse("enforcement_officer:renewal", args=[made_pk])))
    assert due["a"].name in page and due["police"].name not in page
    assert "开展申领换发" not in strict(client.get(reverse("enforcement_officer:renewals")))
    entry = RenewalEntry.objects.get(officer=due["a"])
    response = client.post(
        reverse("enforcement_officer:renewal_applied", args=[made_pk]),
        {"entry": [entry.pk], "day": ago(0).isoformat()},
        follow=True,
    )
    assert "已登记 1 人申领换发" in strict(response)
    entry.refresh_from_db()
    assert entry.applied_date == ago(0)
