"""The journey of a 执法监督 officer, in a real browser: import a review round from Excel through
the upload page, open a department's findings, record a rectification, and see 整改到位率
change on the figures page. Dates are today's, so the journey holds on any day."""

import datetime

import pytest
from django.utils import timezone

from fazhi.conftest import browser_login
from fazhi.core.roles import Role
from fazhi.enforcement.columns import REVIEW_REGISTER
from fazhi.enforcement.models import CaseFileReview, ReviewStatus
from fazhi.imports.tests.files import write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = "enforcement.rectified_rate"


def rate_cell(page):
    return page.locator(f'tr[data-key="{KEY}"] td.num').first


def open_figures(page):
    page.locator("nav.sidebar").get_by_role("link", name="统计指标", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "统计指标"


def test_import_round_rectify_and_see_the_rate(
    browser_page, tree, departments, make_user, tmp_path
):
    make_user("jiandu", tree["county"], Role.ENFORCEMENT, full_name="田监督")
    today = timezone.localdate()
    batch = f"{today.year}年县级评查"
    deadline = (today + datetime.timedelta(days=30)).isoformat()

    def row(number, dept, name, problems=""):
        return {
            "评查编号": number,
            "评查批次": batch,
            "被评查单位": dept,
            "案卷名称": name,
            "执法类别": "行政处罚",
            "评查日期": today.isoformat(),
            "得分": "80",
            "发现问题": problems,
            "整改期限": deadline if problems else "",
            "所属单位代码": "433126",
        }

    path = write_xlsx(
        tmp_path / "评查批次.xlsx",
        [
            row("J1", "433126-E01", "治安处罚案卷", "未告知陈述申辩权利"),
            row("J2", "433126-E01", "交通处罚案卷"),
            row("J3", "433126-E02", "食品处罚案卷", "证据目录不全"),
        ],
        REVIEW_REGISTER.headers,
    )
    page = browser_page
    # 执法监督 reads officers' ID numbers (issue 21): his login asks for the authenticator's code.
    browser_login(page, "jiandu")
    page.wait_for_url(page.base_url + "/")

    open_figures(page)
    assert "（0 / 0）" in rate_cell(page).inner_text()

    # 行政执法监督 › 案卷评查 → Excel 导入 → upload the round.
    page.locator("nav.sidebar").get_by_role("link", name="案卷评查", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "案卷评查"
    page.get_by_role("link", name="Excel 导入", exact=True).click()
    page.wait_for_load_state()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_load_state()
    assert "已导入" in page.inner_text(".messages")
    page.screenshot(path=tmp_path / "imported.png", full_page=True)

    # The round, grouped per department → 古丈县公安局's findings.
    page.goto(page.base_url + "/case_file_review/")
    page.get_by_role("link", name="按评查批次查看").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=batch, exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == batch
    page.get_by_role("link", name="古丈县公安局", exact=True).click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "古丈县公安局"
    finding = page.locator("table.findings tbody tr").filter(has_text="治安处罚案卷")
    assert "未告知陈述申辩权利" in finding.inner_text() and deadline in finding.inner_text()
    assert page.locator("table.findings tbody tr").count() == 1  # 交通处罚案卷 had no finding
    page.screenshot(path=tmp_path / "department.png", full_page=True)

    # Record the rectification, today.
    finding.get_by_role("button", name="登记整改完成").click()
    page.wait_for_load_state()
    assert "整改完成" in page.inner_text(".messages")
    assert "整改到位" in page.locator("table.findings tbody tr").first.inner_text()

    # The figures: 1 of 2 problem files rectified.
    open_figures(page)
    shown = rate_cell(page).inner_text()
    assert "50.00%" in shown and "（1 / 2）" in shown
    page.screenshot(path=tmp_path / "figures.png", full_page=True)

    done = CaseFileReview.objects.get(number="J1")
    assert (done.status, done.rectified_date) == (ReviewStatus.RECTIFIED, today)
