"""The report's journey in a real browser: the 法治 officer opens the 2024 report, writes the
opening, follows a figure of the preview to the records behind it, and the leader submits it;
the downloaded .docx carries the figure and the prose."""

import datetime

import pytest

from fazhi.conftest import browser_login
from fazhi.core.roles import Role
from fazhi.indicators.registry import INDICATORS
from fazhi.publicity import actions as publicity
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.rendering import document_text
from fazhi.reports.tests.ready import complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_preview_follow_a_figure_and_submit(browser_page, tree, make_user, tmp_path):
    make_user("fazhi", tree["county"], Role.LEGALITY, Role.PUBLICITY, full_name="田晓峰")
    make_user("leader", tree["county"], Role.LEADER, full_name="彭志刚")
    for n in range(12):
        publicity.register_article(
            None, unit=tree["county"], number=f"稿{n}", published_date=datetime.date(2024, 4, 1),
            title=f"稿件{n}", platform="county",
        )  # fmt: skip
    page = browser_page
    browser_login(page, "fazhi")
    page.wait_for_url(page.base_url + "/")
    page.locator("nav.sidebar").get_by_role("link", name="年度报告").click()
    page.wait_for_load_state()
    page.select_option("#id_unit", label="古丈县司法局")
    page.fill("#id_year", "2024")
    page.get_by_role("button", name="建立年度报告").click()
    page.wait_for_load_state()
    assert "已建立" in page.inner_text(".messages")
    page.fill("textarea[aria-label='开篇（总体情况）']", "2024年，我局聚焦主责主业。")
    page.locator("form:has(textarea[aria-label='开篇（总体情况）']) button").click()
    page.wait_for_load_state()
    preview = page.inner_text(".doc-preview")
    assert "2024年，我局聚焦主责主业。" in preview and "发布信息稿件10余篇" in preview
    page.locator(".doc-preview a.figure", has_text="10余").click()
    page.wait_for_load_state()
    assert "/indicators/publicity.articles/records/" in page.url
    assert page.locator("table.grid tbody tr").count() == 12

    browser_login(page, "leader")
    page.wait_for_url(page.base_url + "/")
    report = AnnualReport.objects.get(unit=tree["county"], year=2024)
    page.goto(f"{page.base_url}/reports/{report.pk}/")
    page.get_by_role("link", name="报送（冻结数据）").click()
    page.wait_for_load_state()
    # The other officers have not written their parts: the confirmation names them.
    assert "「二、存在的不足和原因」尚未撰写" in page.inner_text("#missing")
    assert page.get_by_role("button", name="确认报送").count() == 0
    complete(report)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    articles = INDICATORS["publicity.articles"].label
    row = page.locator("table.frozen-figures tr", has_text=articles)
    assert row.locator("td.num").inner_text() == "12"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=tmp_path / "confirm_390.png", full_page=True)
    page.get_by_role("button", name="确认报送").click()
    page.wait_for_load_state()
    assert "已报送" in page.inner_text(".messages")
    page.fill("#id_reason", "第三部分须补充主要负责人述法情况。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#withdraw").screenshot(path=tmp_path / "withdraw_390.png")
    page.get_by_role("button", name="撤回报送").click()
    page.wait_for_load_state()
    assert "已撤回" in page.inner_text(".messages")
    assert "第三部分须补充主要负责人述法情况。" in page.inner_text("#submissions")
    page.set_viewport_size({"width": 1366, "height": 860})
    page.get_by_role("link", name="报送（冻结数据）").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="确认报送").click()
    page.wait_for_load_state()
    assert "没有变化" in page.inner_text("#resubmission")
    page.locator(".page-head").screenshot(path=tmp_path / "head.png")
    page.locator("#resubmission").screenshot(path=tmp_path / "resubmitted.png")
    page.locator("#submissions").screenshot(path=tmp_path / "submissions.png")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word 文档").click()
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    text = document_text(path.read_bytes())
    assert "发布信息稿件10余篇" in text and "2024年，我局聚焦主责主业。" in text
