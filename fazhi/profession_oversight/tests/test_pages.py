"""The pages: a complaint's page (the roster's match, the complainant masked until a reason is
stated), the steps through the page; the 专项治理 pages — the list, entering and changing a
campaign (audited, refused in Chinese), a campaign's page with its orgs, which were checked,
findings and rectification on time, at a pinned cost; a check's page where the bureau adds a
finding and records its rectification. Every page strict HTML."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.rectification import Status
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import login_with_reason, strict
from fazhi.profession_oversight import actions
from fazhi.profession_oversight.models import Campaign, LegalServiceCheck

from .conftest import CAMPAIGN, FIRM, GRASSROOTS_OFFICE, LAWYER, NOTARY_OFFICE, UNKNOWN

D = datetime.date
pytestmark = pytest.mark.django_db


def url(name, *args, ns="legal_service_check"):
    return reverse(f"{ns}:{name}", args=args)


@pytest.fixture
def leader(tree, make_user):
    return make_user("lingdao", tree["county"], Role.LEADER)


def test_a_complaints_page_shows_the_match_and_masks_the_complainant(
    client, officer, complain, holders_roster
):
    matched, unknown = complain(1), complain(2, licence_number=UNKNOWN)
    page_url = url("detail", matched.pk, ns="legal_service_complaint")
    client.force_login(officer)
    page = strict(client.get(page_url))
    assert "名册：向明（古丈县正阳律师事务所）" in page
    assert "张**" in page and "张某某" not in page and "13800000000" not in page
    assert not AuditEntry.objects.filter(action=AuditAction.READ_SENSITIVE).exists()
    page = strict(client.get(url("detail", unknown.pk, ns="legal_service_complaint")))
    assert "未匹配：执业机构和人员名册中查不到" in page
    # Once he has said why, in full, and the reading is logged.
    login_with_reason(client, officer, "legal_service_complaint")
    page = strict(client.get(page_url))
    assert "张某某" in page and "13800000000" in page
    assert AuditEntry.objects.filter(
        action=AuditAction.READ_SENSITIVE, object_id=str(matched.pk)
    ).exists()


def test_a_step_through_the_page_and_its_refusal_in_chinese(client, officer, complain):
    record = complain(1)
    client.force_login(officer)
    step = url("step", record.pk, ns="legal_service_complaint")
    response = client.post(step, {"step": "accept", "day": "2024-03-08"}, follow=True)
    assert "已办理：受理" in strict(response)
    response = client.post(
        step, {"step": "not_accept", "day": "2024-03-09", "refusal_reason": "x"}, follow=True
    )
    assert "只有待受理的投诉才能作出受理或不予受理" in strict(response)
    response = client.post(
        step,
        {"step": "handle", "day": "2024-03-09", "finding": "partly", "disposal": "other"},
        follow=True,
    )
    assert "请先登记调查核查情况" in strict(response)
    record.refresh_from_db()
    assert (record.acceptance_date, record.handled_date) == (D(2024, 3, 8), None)


def test_the_campaign_is_entered_on_its_page_and_audited(client, officer, tree, holders_roster):
    client.force_login(officer)
    assert "尚未登记专项治理" in strict(client.get(url("campaigns")))
    create = url("create_campaign")
    form = strict(client.get(create))
    assert "覆盖机构许可证号" in form
    data = {
        "unit": tree["county"].pk,
        "name": CAMPAIGN,
        "start_date": "2024-04-01",
        "end_date": "2024-10-31",
        "licence_numbers": f"{FIRM}\n{LAWYER}\n{UNKNOWN}",
    }
    page = strict(client.post(create, data))
    assert f"「{LAWYER}」是律师「向明」的执业证号，不是机构" in page
    assert f"找不到执业许可证号为「{UNKNOWN}」的法律服务机构" in page
    assert not Campaign.objects.exists()
    data["licence_numbers"] = f"{FIRM}\n{NOTARY_OFFICE}、{GRASSROOTS_OFFICE}"
    response = client.post(create, data)
    campaign = Campaign.objects.get()
    assert response["Location"] == url("campaign", campaign.pk)
    assert campaign.licence_numbers == [FIRM, NOTARY_OFFICE, GRASSROOTS_OFFICE]
    entry = AuditEntry.objects.get(register="campaign", object_id=str(campaign.pk))
    assert (entry.action, entry.actor) == (AuditAction.CREATE, officer)

    edit = url("edit_campaign", campaign.pk)
    form = client.get(edit).context["form"]
    assert "unit" not in form.fields  # a campaign stays with its unit
    data = {name: form[name].value() for name in form.fields} | {"end_date": "2024-12-31"}
    assert client.post(edit, data)["Location"] == url("campaign", campaign.pk)
    campaign.refresh_from_db()
    assert campaign.end_date == D(2024, 12, 31)
    response = client.post(edit, data | {"end_date": "2024-03-01"})
    assert "结束日期不能早于开始日期" in strict(response)


def test_the_campaigns_page_shows_its_orgs_checked_and_rectified(
    client, officer, campaign, inspect, django_assert_max_num_queries
):
    first, second = inspect(
        1, FIRM, ("收费公示不规范", D(2024, 6, 30)), ("利益冲突审查记录缺失", D(2024, 7, 31))
    )
    inspect(2, NOTARY_OFFICE, day=D(2024, 6, 3))
    client.force_login(officer)
    actions.record_rectification(officer, first, D(2024, 6, 20), "已公示")
    page_url = url("campaign", campaign.pk)
    # The session, the user, his roles, the campaign, the roster's two, the one grouped count.
    with django_assert_max_num_queries(7):
        page = strict(client.get(page_url))
    assert "覆盖机构 3 家，已检查 2 家；发现问题 2 个，整改到位 1 个，其中按期 1 个" in page
    assert "超期未整改 1 个" in page  # 07-31 has long passed
    assert "古丈县正阳律师事务所" in page and "古阳镇法律服务所" in page
    assert "未检查" in page and url("check", second.pk) in page
    with django_assert_max_num_queries(4):  # the campaigns with their checks counted
        listing = strict(client.get(url("campaigns")))
    assert CAMPAIGN in listing and url("campaign", campaign.pk) in listing
    # More checks cost the page nothing more.
    inspect(3, GRASSROOTS_OFFICE, ("档案不全", D(2024, 9, 30)), day=D(2024, 9, 2))
    with django_assert_max_num_queries(7):
        strict(client.get(page_url))
    with django_assert_max_num_queries(4):  # the checks: one grouped query
        assert strict(client.get(url("checks"))).count(url("check", first.pk)) == 1


def test_the_leader_reads_the_campaigns_and_changes_nothing(client, leader, campaign):
    client.force_login(leader)
    page = strict(client.get(url("campaign", campaign.pk)))
    assert url("edit_campaign", campaign.pk) not in page
    assert url("create_campaign") not in strict(client.get(url("campaigns")))
    assert client.get(url("create_campaign")).status_code == 403
    assert client.get(url("edit_campaign", campaign.pk)).status_code == 403
    assert client.post(url("create_campaign"), {"name": "x"}).status_code == 403


def test_another_county_sees_no_campaign(client, tree, make_user, campaign):
    client.force_login(make_user("luxi", tree["sibling"], Role.LEGAL_SERVICES))
    assert CAMPAIGN not in strict(client.get(url("campaigns")))
    assert client.get(url("campaign", campaign.pk)).status_code == 404
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    assert client.get(url("campaigns")).status_code == 403


def test_the_bureau_adds_a_finding_and_records_its_rectification(
    client, officer, campaign, inspect
):
    (record,) = inspect(1, FIRM, ("收费公示不规范", D(2024, 6, 30)))
    client.force_login(officer)
    page = strict(client.get(url("check", record.pk)))
    assert "发现问题 1 个，待整改 1 个" in page and "古丈县正阳律师事务所" in page
    response = client.post(
        url("add_finding", record.pk),
        {"problems": "利益冲突审查记录缺失", "rectification_deadline": "2024-07-31"},
        follow=True,
    )
    assert "已登记发现的问题「古司查〔2024〕1号-2」" in strict(response)
    response = client.post(
        url("rectify", record.pk), {"day": "2024-06-20", "note": "已公示"}, follow=True
    )
    assert "已登记「古司查〔2024〕1号-1」整改完成" in strict(response)
    record.refresh_from_db()
    assert record.status == Status.RECTIFIED
    response = client.post(
        url("rectify", record.pk), {"day": "2024-06-21", "note": "再"}, follow=True
    )
    assert "该记录没有待整改的问题" in strict(response)
    listing = strict(client.get(url("checks")))
    assert "古司查〔2024〕1号" in listing and CAMPAIGN in listing
    edit = url("edit_check", record.pk)
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {"inspectors": "龙秀英、石某", "check_date": "2024-05-07"}
    assert client.post(edit, data).status_code == 302
    assert set(LegalServiceCheck.objects.values_list("inspectors", flat=True)) == {"龙秀英、石某"}


def test_the_check_list_links_the_checks_and_the_campaigns(client, officer, campaign):
    client.force_login(officer)
    page = strict(client.get(url("list")))
    assert url("checks") in page and url("campaigns") in page


def test_every_page_of_the_app_keeps_the_page_contract(
    client, officer, tree, campaign, inspect, complain
):
    """What the user reads is Chinese (a licence number's letters are marked translate="no"),
    units by their names, strict HTML: the pages of both registers, the checks, the campaigns,
    and the figures' drill-down of the orgs checked."""
    from fazhi.core.models import Unit
    from fazhi.portal.tests.page_contract import Contract

    (record,) = inspect(1, FIRM, ("收费公示不规范", D(2024, 6, 30)))
    (unmatched,) = inspect(2, UNKNOWN, campaign_name="")
    complaint = complain(1, subject_kind="law_firm", subject_name="正阳所", licence_number=FIRM)
    complained = complain(2, licence_number=UNKNOWN)
    login_with_reason(client, officer, "legal_service_complaint")
    contract = Contract(dict(Unit.objects.values_list("code", "name")))
    drill = reverse("indicators:records", args=["legal_service_check.organisations"])
    pages = [
        url("list"),
        url("create"),
        url("detail", record.pk),
        url("detail", unmatched.pk),
        url("edit", record.pk),
        url("checks"),
        url("check", record.pk),
        url("edit_check", record.pk),
        url("campaigns"),
        url("campaign", campaign.pk),
        url("create_campaign"),
        url("edit_campaign", campaign.pk),
        url("list", ns="legal_service_complaint"),
        url("create", ns="legal_service_complaint"),
        url("detail", complaint.pk, ns="legal_service_complaint"),
        url("detail", complained.pk, ns="legal_service_complaint"),
        url("edit", complaint.pk, ns="legal_service_complaint"),
        f"{drill}?year=2024",
    ]
    broken = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        problems, _ = contract.problems(response.content.decode())
        if problems:
            broken[page] = problems
    assert broken == {}
