"""A person logs in with a real browser and reaches the home page."""

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_reaches_the_home_page_with_the_users_unit(browser_page, tree, make_user, tmp_path):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="王复议")
    page = browser_page
    page.goto(page.base_url + "/")
    assert page.url.startswith(page.base_url + "/login/")  # every page needs a login
    page.fill("#id_username", "fuyi")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text("main")

    page.fill("#id_username", "fuyi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert page.inner_text("h1") == "工作台"
    assert "古丈县司法局" in page.inner_text(".topbar")
    assert "王复议" in page.inner_text(".topbar")
    tiles = page.locator(".tile-title").all_inner_texts()
    # His own lines only (issue 19, defect 3): 复议 and 应诉, not 社区矫正.
    assert tiles == ["行政复议", "行政应诉"]
    assert "我的业务" in page.locator(".tile.mine").first.inner_text()
    page.screenshot(path=tmp_path / "home.png", full_page=True)
    assert (tmp_path / "home.png").stat().st_size > 10_000

    page.click("text=组织机构")
    assert "古阳镇司法所" in page.inner_text("table")
    assert "泸溪县司法局" not in page.inner_text("table")
    page.screenshot(path=tmp_path / "units.png", full_page=True)

    actions = list(
        AuditEntry.objects.filter(actor_username="fuyi")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN]
