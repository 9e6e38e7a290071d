"""The reconsideration pages: register a case, take its steps, find it in the list — and only
within the user's reach."""

import re
from datetime import date

import pytest
from django.utils import timezone

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.core.workdays import add_working_days
from fazhi.reconsideration import actions, rules
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, Status

ROLE = Role.RECONSIDERATION


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], ROLE, full_name="向红梅")


def new_case(actor, unit, number, received=date(2024, 3, 4), **facts):
    return actions.register_case(
        actor,
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        received_date=received,
        **facts,
    )


def test_officer_registers_a_case_and_sees_its_review_deadline(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/reconsideration/new/",
        {
            "unit": tree["county"].pk,
            "number": "古政复〔2024〕7号",
            "applicant": "李某",
            "respondent": "古丈县公安局",
            "act_type": "penalty",
            "received_date": "2024-02-05",
        },
    )
    case = ReconsiderationCase.objects.get(number="古政复〔2024〕7号")
    assert response.status_code == 302 and response["Location"] == f"/reconsideration/{case.pk}/"
    assert (case.review_deadline, case.officer, case.status) == (
        date(2024, 2, 18),
        officer,
        Status.PENDING_REVIEW,
    )
    page = client.get(f"/reconsideration/{case.pk}/").content.decode()
    assert "2024-02-18" in page and "行政复议法第三十条" in page
    entry = AuditEntry.objects.filter(register="reconsideration").latest("id")
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.CREATE,
        officer,
        str(case.pk),
    )


def test_steps_follow_the_law_and_a_refused_step_changes_nothing(client, tree, officer):
    client.force_login(officer)
    case = new_case(officer, tree["county"], "古政复〔2024〕2号")
    url = f"/reconsideration/{case.pk}/step/"
    response = client.post(url, {"step": "close", "day": "2024-03-05", "outcome": "upheld"})
    assert response.status_code == 302
    page = client.get(f"/reconsideration/{case.pk}/").content.decode()
    assert "不能“办结”" in page
    case.refresh_from_db()
    assert case.status == Status.PENDING_REVIEW

    client.post(url, {"step": "accept", "day": "2024-03-08", "procedure": "ordinary"})
    case.refresh_from_db()
    assert (case.status, case.accepted_date) == (Status.IN_REVIEW, date(2024, 3, 8))
    # Both run: the copy is to be sent within 7 working days (03-19), the decision within 60
    # days (05-07, a working day); the earlier is the one the lists show.
    assert (case.due_label, case.due_date) == ("答复通知期限", date(2024, 3, 19))
    assert [(d["label"], d["date"]) for d in case.running_deadlines] == [
        ("审理期限", "2024-05-07"),
        ("答复通知期限", "2024-03-19"),
    ]
    client.post(url, {"step": "close", "day": "2024-04-20", "outcome": "revoked"})
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_date) == (
        Status.CLOSED,
        Outcome.REVOKED,
        date(2024, 4, 20),
    )
    notes = list(
        AuditEntry.objects.filter(register="reconsideration", object_id=str(case.pk))
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["登记行政复议申请", "办理：受理", "办理：办结"]


def test_list_filters_sorts_and_flags_overdue(client, tree, officer):
    today = timezone.localdate()
    old = new_case(officer, tree["county"], "A-旧案", received=date(2024, 1, 8))
    recent = new_case(officer, tree["office"], "B-新案", received=today)
    closed = new_case(officer, tree["county"], "C-办结", received=date(2024, 1, 9))
    actions.record_step(officer, closed, "not_accept", date(2024, 1, 10))
    client.force_login(officer)

    def numbers(**params):
        return [c.number for c in client.get("/reconsideration/", params).context["page"]]

    assert numbers() == ["B-新案", "C-办结", "A-旧案"]
    assert numbers(sort="due") == ["A-旧案", "B-新案", "C-办结"]
    assert numbers(overdue="on") == ["A-旧案"]
    assert numbers(status="closed") == ["C-办结"]
    assert numbers(unit="433126-S01") == ["B-新案"]
    assert numbers(year=2024, sort="received_asc") == ["A-旧案", "C-办结"]
    assert numbers(q="新案") == ["B-新案"]
    page = client.get("/reconsideration/", {"overdue": "on"}).content.decode()
    assert re.search(r"超期 \d+ 天", page)
    assert recent.due_date == add_working_days(today, 5)
    assert old.status == Status.PENDING_REVIEW


def test_detail_shows_every_deadline_with_its_article(client, tree, officer):
    case = new_case(officer, tree["county"], "古政复〔2024〕9号", received=date(2024, 9, 27))
    actions.record_step(officer, case, "accept", date(2024, 10, 8), procedure="simplified")
    actions.record_step(officer, case, "reply_notice", date(2024, 10, 9))
    client.force_login(officer)
    page = client.get(f"/reconsideration/{case.pk}/").content.decode()
    for text in (
        "2024-10-10",
        "行政复议法第三十条",
        "行政复议法第五十四条",
        "行政复议法第六十二条第二款",
    ):
        assert text in page


def test_the_officer_is_chosen_among_those_who_work_the_register(client, tree, make_user, officer):
    case = new_case(officer, tree["county"], "古政复〔2024〕20号")
    colleague = make_user("colleague", tree["office"], ROLE, full_name="张桂兰")
    make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    make_user("mediator", tree["county"], Role.MEDIATION)
    make_user("stranger", tree["sibling"], ROLE)
    client.force_login(officer)
    field = client.get(f"/reconsideration/{case.pk}/edit/").context["form"].fields["officer"]
    assert set(field.queryset.values_list("username", flat=True)) == {"fuyi", "colleague"}
    response = client.post(
        f"/reconsideration/{case.pk}/edit/",
        {"number": case.number, "applicant": "张某", "respondent": "乙", "officer": colleague.pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.officer, case.respondent) == (colleague, "乙")


def test_a_step_applies_to_the_stored_case_not_to_a_stale_copy(tree, officer):
    case = new_case(officer, tree["county"], "古政复〔2024〕30号")
    first, second = (ReconsiderationCase.objects.get(pk=case.pk) for _ in range(2))
    actions.record_step(officer, first, "accept", date(2024, 3, 8))
    # The second officer's page still showed 待审查; his step is judged on what is stored.
    with pytest.raises(rules.StepRefused):
        actions.record_step(officer, second, "notify_correction", date(2024, 3, 8))
    stored = ReconsiderationCase.objects.get(pk=case.pk)
    assert (stored.status, stored.correction_notice_date) == (Status.IN_REVIEW, None)


def test_the_register_form_offers_the_bureau_and_its_sections_as_owner(client, tree, officer):
    client.force_login(officer)
    field = client.get("/reconsideration/new/").context["form"].fields["unit"]
    assert set(field.queryset.values_list("code", flat=True)) == {"433126", "433126-01"}
