"""The pages of the three registers: their procedures, a detail page's query count, the
board, and 受援人身份证号 masked for all but those who work legal aid (who are audit-logged).
What every register's pages keep (scope, list query counts) is test_register_contract.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason
from fazhi.legalaid import actions
from fazhi.legalaid.models import AidStatus, LegalAidCase, Notarization
from fazhi.portal.board import board_for

ROLE = Role.LEGAL_SERVICES
ID = "11010519491231002X"
MASK = "1101**********002X"


@pytest.fixture
def officer(tree, make_user):
    return make_user("yuanzhu", tree["county"], ROLE, full_name="彭丽")


@pytest.fixture
def leader(tree, make_user):
    return make_user("juzhang", tree["county"], Role.LEADER, full_name="向局长")


def new_case(actor, unit, number, applied=date(2024, 9, 28), **facts):
    facts.setdefault("category", "civil")
    facts.setdefault("id_number", ID)
    return actions.register_case(
        actor, unit=unit, number=number, recipient="张某某", application_date=applied, **facts
    )


def new_notarization(actor, unit, number, accepted=date(2024, 9, 20), **facts):
    return actions.register_notarization(
        actor, unit=unit, number=number, applicant="向某某", matter="inheritance",
        accepted_date=accepted, **facts,
    )  # fmt: skip


def sensitive_reads():
    return AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE, register="legal_aid")


def test_officer_registers_decides_appoints_and_closes(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/legal_aid/new/",
        {
            "unit": tree["county"].pk,
            "number": "古援〔2024〕1号",
            "recipient": "张某某",
            "id_number": ID,
            "category": "labour_arbitration",
            "route": "application",
            "migrant_worker": "on",
            "application_date": "2024-03-04",
        },
    )
    case = LegalAidCase.objects.get()
    assert response.status_code == 302 and case.decision_deadline == date(2024, 3, 11)
    for step in (
        {"step": "decide", "day": "2024-03-06", "decision": "granted"},
        {"step": "appoint", "day": "2024-03-07", "lawyer": "李律师"},
        {"step": "close", "day": "2024-06-20", "recovered": "36000"},
    ):
        client.post(f"/legal_aid/{case.pk}/step/", step)
    case.refresh_from_db()
    assert case.status == AidStatus.CLOSED and case.recovered == Decimal("36000")
    assert case.due_date is None and case.lawyer == "李律师"


def test_a_wrong_check_digit_is_refused_on_the_form(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/legal_aid/new/",
        {
            "unit": tree["county"].pk,
            "number": "古援〔2024〕2号",
            "recipient": "张某某",
            "id_number": "110105194912310021",
            "category": "civil",
            "route": "application",
            "application_date": "2024-03-04",
        },
    )
    assert response.status_code == 200 and not LegalAidCase.objects.exists()
    with pytest.raises(ValidationError):
        new_case(officer, tree["county"], "坏", id_number="110105194912310021")


def test_the_leader_sees_masks_in_list_and_detail_and_no_audit(client, tree, officer, leader):
    case = new_case(officer, tree["county"], "古援〔2024〕3号")
    client.force_login(leader)
    for url in ("/legal_aid/", f"/legal_aid/{case.pk}/"):
        page = client.get(url).content.decode()
        assert MASK in page and ID not in page
    assert not sensitive_reads().exists()


def test_the_officer_sees_the_number_and_each_view_is_audited(client, tree, officer):
    case = new_case(officer, tree["county"], "古援〔2024〕4号")
    new_case(officer, tree["county"], "古援〔2024〕5号", id_number="")
    login_with_reason(client, officer)
    detail = client.get(f"/legal_aid/{case.pk}/").content.decode()
    assert ID in detail and "张某某" in detail
    assert [(e.actor, e.object_id) for e in sensitive_reads()] == [(officer, str(case.pk))]
    assert ID in client.get("/legal_aid/").content.decode()
    # The list showed both recipients, one number: one entry naming both (issue 19, defect 6).
    listing = sensitive_reads().exclude(object_id=str(case.pk)).get()
    assert listing.after["显示记录数"] == 2 and "受援人、受援人身份证号" in listing.note
    assert ID in client.get(f"/legal_aid/{case.pk}/edit/").content.decode()
    assert sensitive_reads().filter(object_id=str(case.pk)).count() == 2


def test_detail_query_count(client, tree, officer, django_assert_max_num_queries):
    case = new_case(officer, tree["county"], "古援〔2024〕7号")
    client.force_login(officer)
    with django_assert_max_num_queries(11):
        assert client.get(f"/legal_aid/{case.pk}/").status_code == 200


def test_the_board_watches_legal_aid_and_notarization(tree, officer):
    new_case(officer, tree["county"], "超期决定", applied=date(2024, 9, 28))  # due 10-08
    new_notarization(officer, tree["county"], "临近出证", accepted=date(2024, 9, 20))  # 10-16
    sections, _ = board_for(officer, date(2024, 10, 14))
    by_register = {s.register.name: s for s in sections}
    assert [r.number for r in by_register["legal_aid"].overdue] == ["超期决定"]
    assert [r.number for r in by_register["notarization"].due_soon] == ["临近出证"]


def test_the_officers_export_page_shows_the_number(client, tree, officer):
    new_case(officer, tree["county"], "古援〔2024〕8号")
    client.force_login(officer)
    url = reverse("imports:export", args=["legal_aid", "csv"])
    assert "请说明导出事由" in client.get(url).content.decode()
    response = client.post(url, {"purpose": "办理具体业务"})
    assert ID in response.content.decode("utf-8-sig")


def test_the_leaders_export_page_is_masked(client, tree, officer, leader):
    new_case(officer, tree["county"], "古援〔2024〕9号")
    client.force_login(leader)
    text = client.get(reverse("imports:export", args=["legal_aid", "csv"])).content
    assert MASK in text.decode("utf-8-sig") and ID not in text.decode("utf-8-sig")


def test_notarization_and_consultation_pages(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/notarization/new/",
        {
            "unit": tree["county"].pk,
            "number": "（2024）湘古证字第1号",
            "applicant": "向某某",
            "matter": "inheritance",
            "accepted_date": "2024-09-20",
            "fee_due": "400",
            "fee_paid": "0",
            "waiver_reason": "legal_aid",
        },
    )
    assert response.status_code == 302
    record = Notarization.objects.get()
    assert record.issue_deadline == date(2024, 10, 16) and record.fee_waived
    client.post(f"/notarization/{record.pk}/step/", {"step": "issue", "day": "2024-10-10"})
    record.refresh_from_db()
    assert record.issued_date == date(2024, 10, 10) and record.due_date is None
    assert "公证法第三十条" in client.get(f"/notarization/{record.pk}/").content.decode()
    response = client.post(
        "/consultation/new/",
        {
            "unit": tree["office"].pk,
            "number": "古咨1",
            "consulted_date": "2024-03-04",
            "mode": "visit",
            "person_times": "0",
        },
    )
    assert response.status_code == 200  # 0 人次 refused
    data = {"unit": tree["office"].pk, "number": "古咨1", "consulted_date": "2024-03-04"}
    response = client.post("/consultation/new/", {**data, "person_times": "3"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "古阳镇司法所" in page and "古咨1" in page
