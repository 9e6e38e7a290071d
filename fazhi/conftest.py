"""Shared fixtures: a small organisation tree of two sibling counties, and users in it."""

import pytest

from fazhi.core import actions
from fazhi.core.models import UnitKind

PASSWORD = "Fazhi-test-2024"


def _unit(code, name, kind, parent=None):
    return actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)


@pytest.fixture
def tree(db):
    """湖南 → 湘西州 → 古丈县 (a section, a 司法所 with a mediation committee) and 泸溪县."""
    units = {}
    units["province"] = _unit("43", "湖南省司法厅", UnitKind.PROVINCE)
    units["prefecture"] = _unit("4331", "湘西州司法局", UnitKind.PREFECTURE, units["province"])
    units["county"] = _unit("433126", "古丈县司法局", UnitKind.COUNTY, units["prefecture"])
    units["section"] = _unit("433126-01", "行政复议与应诉股", UnitKind.SECTION, units["county"])
    units["office"] = _unit("433126-S01", "古阳镇司法所", UnitKind.JUDICIAL_OFFICE, units["county"])
    units["committee"] = _unit(
        "433126-S01-01", "白果社区人民调解委员会", UnitKind.MEDIATION_COMMITTEE, units["office"]
    )
    units["sibling"] = _unit("433122", "泸溪县司法局", UnitKind.COUNTY, units["prefecture"])
    units["sibling_office"] = _unit(
        "433122-S01", "白沙镇司法所", UnitKind.JUDICIAL_OFFICE, units["sibling"]
    )
    return units


@pytest.fixture
def make_user(db):
    def make(username, unit, *roles, **fields):
        user = actions.create_user(None, username=username, unit=unit, password=PASSWORD, **fields)
        for role in roles:
            actions.grant_role(None, user, role)
        user.__dict__.pop("role_codes", None)
        return user

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium, pointed at the live test server.

    Skips with its reason where Chromium or Playwright is missing; CI sets
    FAZHI_REQUIRE_BROWSER=1 (after installing both), where a missing browser is a failure.
    """
    import os
    import shutil

    reason = None
    if not shutil.which(CHROMIUM):
        reason = f"浏览器测试跳过：未找到 {CHROMIUM}（apt-get install chromium fonts-noto-cjk）"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "浏览器测试跳过：未安装 playwright（pip install -e '.[dev]'）"
    if reason:
        if os.environ.get("FAZHI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard does not apply to them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        page.base_url = live_server.url
        try:
            yield page
        finally:
            browser.close()
