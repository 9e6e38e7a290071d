"""The pages: an org's page with its practitioners, assessments and status history; the status
step posted from a record's page; the assessment list's 仅看未匹配; the 未按期考核名单 at a
pinned cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.core.tests.helpers import login_with_reason, strict
from fazhi.profession import actions
from fazhi.profession.models import PracticeStatus, StatusChange

D = datetime.date
pytestmark = pytest.mark.django_db
NAMES = ("legal_service_org", "legal_practitioner", "practitioner_assessment")


def test_an_orgs_page_lists_its_practitioners_assessments_and_history(
    client, keeper, org_of, person_of, assess
):
    firm = org_of(name="湘古律师事务所")
    lawyer = person_of(firm, name="向小梅")
    assess(firm, year=2024)
    client.post(
        reverse("legal_service_org:status", args=[firm.pk]),
        {"step": "suspend", "day": "2025-02-01", "reason": "停业整顿三个月", "document_number": ""},
    )
    login_with_reason(client, keeper, *NAMES)
    page = strict(client.get(reverse("legal_service_org:detail", args=[firm.pk])))
    assert "湘古律师事务所" in page and "向小梅" in page and "考核001" in page
    assert reverse("legal_practitioner:detail", args=[lawyer.pk]) in page
    assert "自登记以来一直执业" in page  # the anonymous post above changed nothing
    person_page = strict(client.get(reverse("legal_practitioner:detail", args=[lawyer.pk])))
    assert reverse("legal_service_org:detail", args=[firm.pk]) in person_page


def test_a_status_step_is_taken_from_the_records_page(client, keeper, leader, org_of, person_of):
    lawyer = person_of(org_of())
    detail = reverse("legal_practitioner:detail", args=[lawyer.pk])
    url = reverse("legal_practitioner:status", args=[lawyer.pk])
    login_with_reason(client, keeper, *NAMES)
    form = client.get(detail).context["step_form"]
    assert [key for key, _ in form.fields["step"].choices] == ["suspend", "cancel", "revoke"]

    response = client.post(
        url, {"step": "suspend", "day": "2025-02-01", "reason": "停止执业四个月"}, follow=True
    )
    page = strict(response)
    assert "已办理：停止执业。" in page and "停止执业四个月" in page
    lawyer.refresh_from_db()
    assert lawyer.status == PracticeStatus.SUSPENDED
    # A step the record does not allow now, and a step without its reason: said, not taken.
    response = client.post(
        url, {"step": "suspend", "day": "2025-03-01", "reason": "再次"}, follow=True
    )
    assert "不能“停止执业”：只有执业中的才能停止执业" in strict(response)
    response = client.post(url, {"step": "resume", "day": "2025-03-01", "reason": ""}, follow=True)
    assert "这个字段是必填项" in strict(response)
    response = client.post(url, {"step": "annul", "day": "2025-03-01", "reason": "x"}, follow=True)
    assert "请选择办理事项。" in strict(response)
    assert StatusChange.objects.count() == 1

    login_with_reason(client, leader, *NAMES)
    page = strict(client.get(detail))
    assert url not in page
    assert (
        client.post(url, {"step": "resume", "day": "2025-03-01", "reason": "期满"}).status_code
        == 404
    )
    assert StatusChange.objects.count() == 1


def test_the_assessment_list_shows_the_unmatched_alone(client, keeper, org_of, person_of, assess):
    lawyer = person_of(org_of())
    assess(lawyer)
    stranger = person_of(unit="sibling", lawyer_kind="public", name="外县律师")
    kept = assess(stranger)
    login_with_reason(client, keeper, *NAMES)
    response = client.get(reverse("practitioner_assessment:list"), {"unmatched": "on"})
    strict(response)
    assert list(response.context["page"]) == [kept]
    page = strict(client.get(reverse("practitioner_assessment:detail", args=[kept.pk])))
    assert "在本局登记的法律服务人员中找不到" in page


def test_the_unassessed_page_costs_as_much_for_many_as_for_few(
    client, keeper, leader, org_of, person_of, make_user, tree
):
    firm = org_of(licensed_date=D(2010, 1, 1))
    for _ in range(3):
        person_of(firm)
    url = reverse("practitioner_assessment:unassessed")
    login_with_reason(client, keeper, *NAMES)
    client.get(url)  # the session and the calendar read once

    def cost():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), strict(response), response

    few, page, response = cost()
    assert [len(s["records"]) for s in response.context["sections"]] == [1, 3]
    assert firm.name in page and "执业人员1" in page
    for _ in range(10):
        person_of(firm)
    many, _, response = cost()
    assert [len(s["records"]) for s in response.context["sections"]] == [1, 13]
    assert many == few <= 8

    # Whoever neither works nor reads the register is refused in Chinese.
    client.force_login(make_user("other", tree["county"], "enforcement"))
    assert client.get(url).status_code == 403


def test_an_assessment_entered_before_its_subject_is_rematched(
    client, keeper, leader, org_of, person_of
):
    early = actions.register_assessment(
        keeper,
        unit=keeper.unit,
        number="古律考2025-001",
        year=2025,
        subject_kind="practitioner",
        subject_number="14331201800000077",
        subject_name="后登记律师",
        result="competent",
        assessed_date=D(2026, 3, 10),
        assessor="湘西州律师协会",
    )
    assert early.unmatched
    lawyer = person_of(org_of(), number="14331201800000077", name="后登记律师")
    login_with_reason(client, keeper, *NAMES)
    # The practitioner's page lists it by his number already.
    page = strict(client.get(reverse("legal_practitioner:detail", args=[lawyer.pk])))
    assert "古律考2025-001" in page
    detail = reverse("practitioner_assessment:detail", args=[early.pk])
    rematch = reverse("practitioner_assessment:rematch", args=[early.pk])
    assert f'action="{rematch}"' in strict(client.get(detail))

    login_with_reason(client, leader, *NAMES)
    assert f'action="{rematch}"' not in strict(client.get(detail))
    assert client.post(rematch).status_code == 404

    login_with_reason(client, keeper, *NAMES)
    assert "已匹配考核对象。" in strict(client.post(rematch, follow=True))
    early.refresh_from_db()
    assert (early.unmatched, early.practitioner) == (False, lawyer)
    entry = AuditEntry.objects.filter(register="practitioner_assessment").latest("id")
    assert entry.note == "重新匹配考核对象：已匹配"
    assert client.get(rematch).status_code == 405
