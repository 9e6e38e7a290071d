"""Pages and scoping: a committee's 填报员 sees and enters only his committee's cases; the
township office sees all its committees; a sibling committee and county see nothing of them;
the 以奖代补 pages; query counts pinned."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.imports.tests.files import xlsx_bytes
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.models import MediationCase
from fazhi.mediation.tests.forms import case_form


@pytest.fixture
def cases(mediate):
    return {
        "b1": mediate("白果1"),
        "b2": mediate("白果2", difficulty="major"),
        "h1": mediate("河西1", "hexi"),
        "s1": mediate("白沙1", "sibling"),
    }


def listed(client, **params):
    return client.get(reverse("mediation:list"), params).content.decode()


def test_committee_clerk_sees_only_his_committee(client, clerk, cases):
    client.force_login(clerk)
    page = listed(client)
    assert "白果1" in page and "河西1" not in page and "白沙1" not in page
    assert client.get(reverse("mediation:detail", args=[cases["h1"].pk])).status_code == 404
    assert client.get(reverse("mediation:detail", args=[cases["b1"].pk])).status_code == 200


def test_committee_clerk_enters_a_case_for_his_committee_only(client, clerk, committees):
    client.force_login(clerk)
    form = client.get(reverse("mediation:create")).content.decode()
    assert "白果社区人民调解委员会" in form and "河西村" not in form
    # The committee is chosen once, by name, never typed as a code (issue 19, defect 4).
    assert 'name="committee_code"' not in form and "调解组织代码" not in form
    data = case_form(committees["baiguo"], "白果3")
    response = client.post(reverse("mediation:create"), data)
    assert response.status_code == 302
    case = MediationCase.objects.get(number="白果3")
    assert case.committee == committees["baiguo"]
    assert case.officer == clerk  # whoever registers a case is its 承办人 (issue 19, defect 4)
    other = dict(data, unit=committees["hexi"].pk, number="河西9")
    page = client.post(reverse("mediation:create"), other).content.decode()
    assert not MediationCase.objects.filter(number="河西9").exists()
    assert "errorlist" in page or "选择一个有效的选项" in page


def test_sibling_committee_clerk_cannot_see_or_edit(client, hexi_clerk, cases):
    client.force_login(hexi_clerk)
    page = listed(client)
    assert "河西1" in page and "白果1" not in page
    assert client.get(reverse("mediation:edit", args=[cases["b1"].pk])).status_code == 404


def test_township_office_sees_all_its_committees(client, office, cases):
    client.force_login(office)
    page = listed(client)
    assert "白果1" in page and "河西1" in page and "白沙1" not in page


def test_list_query_count_does_not_grow_with_records(client, office, cases, mediate):
    client.force_login(office)
    listed(client)
    with CaptureQueriesContext(connection) as few:
        listed(client)
    for n in range(5):
        mediate(f"多{n}", "hexi")
    with CaptureQueriesContext(connection) as many:
        listed(client)
    assert len(many) == len(few)


def test_subsidy_pages_round_trip(client, office, county, cases):
    client.force_login(office)
    page = client.get(reverse("mediation:subsidy_submit"), {"year": 2024}).content.decode()
    assert "白果1" in page and "白沙1" not in page
    ids = [cases["b1"].pk, cases["b2"].pk, cases["s1"].pk]  # the sibling's is out of reach
    client.post(reverse("mediation:subsidy_do"), {"year": 2024, "case": ids})
    assert MediationCase.objects.filter(subsidy_status="submitted").count() == 2
    assert client.get(reverse("mediation:subsidy_review")).status_code == 403

    client.force_login(county)
    assert client.get(reverse("mediation:subsidy_submit")).status_code == 403
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("mediation:subsidy_review")).content.decode()
    assert "白果1" in page and "白果2" in page
    assert len(queries) <= 8
    client.post(reverse("mediation:subsidy_reject", args=[cases["b2"].pk]), {"reason": "材料不全"})
    client.post(reverse("mediation:subsidy_approve"), {"case": [cases["b1"].pk]})
    page = client.get(reverse("mediation:subsidy_payout"), {"year": 2024}).content.decode()
    assert 'id="payout-cases">1<' in page and 'id="payout-total">100' in page
    response = client.get(reverse("mediation:subsidy_payout_xlsx"), {"year": 2024})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(note="以奖代补审核不通过：材料不全").exists()


def test_tiers_page_sets_a_tier_only_for_the_county(client, office, county):
    client.force_login(office)
    url = reverse("mediation:subsidy_tiers")
    data = {"year": 2025, "difficulty": "major", "amount": "500"}
    assert client.post(url, data).status_code == 403
    client.force_login(county)
    client.post(url, data)
    page = client.get(url, {"year": 2025}).content.decode()
    assert "500" in page


def test_figures_page_shows_that_the_types_sum_to_received(client, office, cases):
    client.force_login(office)
    url = reverse("indicators:figures")
    page = client.get(url, {"year": 2024, "unit": "433126-S01"}).content.decode()
    assert 'data-whole="mediation.received"' in page
    line = page[page.find('data-whole="mediation.received"') :][:300]
    assert "15 项分类之和 3" in line and "✓" in line


def test_clerk_cannot_approve_his_own_subsidy_by_import(client, clerk, cases):
    row = {h: "" for h in REGISTER.headers}
    row.update(
        调解编号="白果1",
        调解组织="433126-S01-01",
        受理日期="2024-03-01",
        纠纷类型="邻里",
        调解结果="调解成功",
        协议形式="书面协议",
        结案日期="2024-03-10",
        以奖代补审核="审核通过",
        所属单位代码="433126-S01-01",
    )
    upload = io.BytesIO(xlsx_bytes([row], REGISTER.headers))
    upload.name = "调解.xlsx"
    client.force_login(clerk)
    page = client.post(reverse("imports:upload", args=["mediation"]), {"file": upload})
    assert "不能通过导入修改" in page.content.decode()
    assert MediationCase.objects.get(pk=cases["b1"].pk).subsidy_status == "none"


def test_an_open_confirmation_window_is_on_the_board_and_a_lapsed_one_is_not_overdue(
    mediate, county
):
    import datetime

    from fazhi.mediation.columns import REGISTER as MEDIATION
    from fazhi.portal.board import board_for

    open_window = mediate("窗口内", closed_date=datetime.date(2024, 3, 10))  # ends 2024-04-09
    mediate(
        "已过期", received_date=datetime.date(2024, 1, 2), closed_date=datetime.date(2024, 1, 5)
    )  # its window ended 2024-02-04
    sections, _ = board_for(county, datetime.date(2024, 4, 5))
    (section,) = [s for s in sections if s.register is MEDIATION]
    # (a board line is the record, or a (record, deadline) line holding it)
    soon = [getattr(line, "record", line).number for line in section.due_soon]
    assert soon == [open_window.number]
    assert section.overdue == []
    assert [c["running"] for c in section.counts] == [1]
