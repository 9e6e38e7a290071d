"""法治督察's pages: the inspections, one inspection's page where 执法监督 adds findings and
corrects the particulars, and the inspected unit's 填报员 who sees only his unit's findings
and records their rectification there — every page strict HTML, every refusal in Chinese."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.rectification import Status
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.oversight.columns import REGISTER
from fazhi.oversight.models import RuleOfLawInspection

D = datetime.date
FIRST = ("行政执法公示信息更新不及时", D(2024, 7, 31))
SECOND = ("执法案卷归档不及时", D(2024, 8, 31))


def url(name, *args):
    return reverse(f"rule_of_law_inspection:{name}", args=args)


@pytest.fixture
def market(inspect):
    return inspect(1, "433126-E02", FIRST, SECOND)


@pytest.fixture
def police(inspect):
    return inspect(2, "433126-E01", FIRST, start=D(2024, 6, 3))


def test_the_inspections_page_counts_each_inspection(client, supervisor, market, police):
    client.force_login(supervisor)
    page = strict(client.get(url("inspections")))
    assert page.index("古法督〔2024〕2号") < page.index("古法督〔2024〕1号")  # newest first
    assert "古丈县市场监督管理局" in page and "古丈县公安局" in page
    assert url("inspection", market[0].pk) in page
    assert "古法督〔2024〕1号" not in strict(client.get(url("inspections"), {"year": "2023"}))
    # A year no date carries, or no year at all, shows every inspection rather than failing.
    for bad in ("99999999999999999999", "0", "abc", "²⁰²⁴", "-2024"):
        page = strict(client.get(url("inspections"), {"year": bad}))
        assert "古法督〔2024〕1号" in page and "古法督〔2024〕2号" in page


def test_the_supervisor_adds_a_finding_and_corrects_the_inspection(client, supervisor, market):
    client.force_login(supervisor)
    page = strict(client.get(url("inspection", market[1].pk)))
    assert "发现问题 2 个，待整改 2 个" in page and "添加发现的问题" in page
    response = client.post(
        url("add_finding", market[0].pk),
        {"problems": "执法全过程记录不完整", "rectification_deadline": "2024-09-30"},
        follow=True,
    )
    assert "已登记发现的问题「古法督〔2024〕1号-3」" in strict(response)
    added = RuleOfLawInspection.objects.get(number="古法督〔2024〕1号-3")
    assert (added.team, added.status, added.officer) == (
        market[0].team,
        Status.RECTIFYING,
        supervisor,
    )
    # Refused in Chinese, nothing added.
    response = client.post(url("add_finding", market[0].pk), {"problems": "x"}, follow=True)
    assert "整改期限" in strict(response) and RuleOfLawInspection.objects.count() == 3

    edit = url("edit_inspection", market[0].pk)
    form = client.get(edit).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {
        "team": "县委依法治县办第二督察组",
        "start_date": "2024-05-06",
        "end_date": "2024-05-20",
    }
    response = client.post(edit, data)
    assert response.status_code == 302
    assert set(RuleOfLawInspection.objects.values_list("team", "end_date")) == {
        ("县委依法治县办第二督察组", D(2024, 5, 20))
    }
    response = client.post(edit, data | {"end_date": "2024-05-01"})
    assert "督察结束日期不能早于督察开始日期" in strict(response)


def test_the_clerk_sees_his_units_findings_and_records_their_rectification(
    client, market_clerk, market, police
):
    client.force_login(market_clerk)
    listed = strict(client.get(url("list")))
    assert "古法督〔2024〕1号-1" in listed and "古法督〔2024〕2号" not in listed
    assert url("create") not in listed
    assert client.get(url("detail", police[0].pk)).status_code == 404
    assert client.get(url("inspection", police[0].pk)).status_code == 404

    page = strict(client.get(url("inspection", market[0].pk)))
    assert "登记整改完成" in page
    assert "添加发现的问题" not in page and "修改督察信息" not in page
    day = (timezone.localdate()).isoformat()
    response = client.post(url("rectify", market[0].pk), {"day": day, "note": ""}, follow=True)
    assert "整改情况" in strict(response)
    assert RuleOfLawInspection.objects.get(pk=market[0].pk).status == Status.RECTIFYING
    response = client.post(
        url("rectify", market[0].pk), {"day": "2024-07-20", "note": "已更新公示清单"}, follow=True
    )
    assert "已登记「古法督〔2024〕1号-1」整改完成" in strict(response)
    done = RuleOfLawInspection.objects.get(pk=market[0].pk)
    assert (done.status, done.rectified_date, done.rectification_note) == (
        Status.RECTIFIED,
        D(2024, 7, 20),
        "已更新公示清单",
    )
    entries = AuditEntry.objects.filter(register=REGISTER.name, object_id=str(done.pk))
    entry = entries.order_by("id").last()
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, market_clerk)

    # The findings are not his: the pages refuse him (403, with the rule's words), the other
    # unit's finding is out of reach (404), and nothing changes.
    for refused in (
        client.post(
            url("add_finding", market[0].pk),
            {"problems": "x", "rectification_deadline": "2024-09-30"},
        ),
        client.get(url("edit_inspection", market[0].pk)),
        client.get(url("edit", market[1].pk)),
        client.get(url("create")),
    ):
        assert refused.status_code == 403
    assert (
        client.post(url("rectify", police[0].pk), {"day": "2024-07-20", "note": "x"}).status_code
        == 404
    )
    assert RuleOfLawInspection.objects.count() == 3
    assert RuleOfLawInspection.objects.get(pk=police[0].pk).status == Status.RECTIFYING


def test_the_step_on_a_record_page_closes_the_finding(client, market_clerk, market):
    client.force_login(market_clerk)
    page = strict(client.get(url("detail", market[1].pk)))
    assert "整改情况" in page and "整改完成" in page
    response = client.post(
        url("step", market[1].pk),
        {"step": "rectify", "day": "2024-08-20", "rectification_note": "已补齐归档"},
        follow=True,
    )
    assert "已办理：整改完成" in strict(response)
    assert RuleOfLawInspection.objects.get(pk=market[1].pk).rectified_date == D(2024, 8, 20)


def test_the_leader_reads_the_inspection_and_changes_nothing(client, units, make_user, market):
    client.force_login(make_user("lingdao", units["county"], Role.LEADER))
    page = strict(client.get(url("inspection", market[0].pk)))
    assert "行政执法公示信息更新不及时" in page
    assert "登记整改完成" not in page and "添加发现的问题" not in page
    assert (
        client.post(url("rectify", market[0].pk), {"day": "2024-07-20", "note": "x"}).status_code
        == 404
    )
