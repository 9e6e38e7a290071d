"""The 以奖代补 journey in a real browser: a committee's 填报员 imports a month of cases through
the upload page, the township office submits the successful ones, the county approves them, and
the payout list's total is what the tiers say. Dates are recent, so it holds on any day."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.conftest import browser_login
from fazhi.core.roles import Role
from fazhi.imports.tests.files import write_xlsx
from fazhi.mediation import actions
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.models import MediationCase, SubsidyStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_submit_approve_and_pay(browser_page, tree, make_user, tmp_path):
    make_user("baiguo", tree["committee"], Role.CLERK, full_name="向填报")
    make_user("guyang", tree["office"], Role.MEDIATION, full_name="张司法")
    county = make_user("tiaojie", tree["county"], Role.MEDIATION, full_name="李调解")
    today = timezone.localdate()
    year = today.year
    actions.set_tier(county, year, "major", Decimal("500"))  # this year: 100 / 200 / 500

    def row(n, result, difficulty, days_ago):
        received = today - datetime.timedelta(days=days_ago + 3)
        closed = today - datetime.timedelta(days=days_ago)
        succeeded = result == "调解成功"
        return {
            "调解编号": f"白果{n}",
            "调解组织": "433126-S01-01",
            "受理日期": received.isoformat(),
            "纠纷类型": "邻里",
            "调解员": "向某",
            "调解结果": result,
            "协议形式": "书面协议" if succeeded else "",
            "结案日期": closed.isoformat(),
            "疑难程度": difficulty,
            "所属单位代码": "433126-S01-01",
        }

    rows = [
        row(1, "调解成功", "一般", 25),
        row(2, "调解成功", "一般", 20),
        row(3, "调解成功", "疑难", 15),
        row(4, "调解成功", "重大", 10),
        row(5, "调解不成", "一般", 5),
    ]
    path = write_xlsx(tmp_path / "本月调解.xlsx", rows, REGISTER.headers)
    expected = 100 + 100 + 200 + 500

    page = browser_page
    browser_login(page, "baiguo")
    page.goto(page.base_url + "/mediation/")
    assert page.inner_text("h1") == "人民调解"
    page.get_by_role("link", name="Excel 导入", exact=True).click()
    page.wait_for_load_state()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_load_state()
    assert "已导入" in page.inner_text(".messages")
    assert MediationCase.objects.filter(unit=tree["committee"]).count() == 5

    browser_login(page, "guyang")
    page.goto(page.base_url + "/mediation/subsidy/submit/")
    assert page.locator("#submit-cases tbody tr").count() == 4  # the successful ones
    page.locator("#submit-cases thead input[type=checkbox]").check()
    page.get_by_role("button", name="申报所选案件").click()
    page.wait_for_load_state()
    assert "已申报 4 件" in page.inner_text(".messages")

    browser_login(page, "tiaojie")
    page.goto(page.base_url + "/mediation/subsidy/review/")
    assert page.locator("#review-cases tbody tr").count() == 4
    page.locator("#review-cases thead input[type=checkbox]").check()
    page.get_by_role("button", name="审核通过所选案件").click()
    page.wait_for_load_state()
    assert "已审核通过 4 件" in page.inner_text(".messages")

    page.goto(page.base_url + f"/mediation/subsidy/payout/?year={year}")
    assert page.inner_text("#payout-cases") == "4"
    assert Decimal(page.inner_text("#payout-total")) == expected
    page.screenshot(path=tmp_path / "payout.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载发放名单").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    approved = MediationCase.objects.filter(subsidy_status=SubsidyStatus.APPROVED)
    assert approved.count() == 4
