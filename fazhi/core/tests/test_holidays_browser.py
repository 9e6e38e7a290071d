"""The top unit's system administrator keeps the holiday calendar in a real browser: the
provisional year, entering it, the recomputation's progress and the moved case, at a
desktop and a phone width, without the page growing wider than the screen."""

import os
from pathlib import Path

import pytest

from fazhi.conftest import browser_login
from fazhi.core import holidays
from fazhi.core.roles import Role
from fazhi.reconsideration.tests.facts import accepted_late_in_2026

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
LINES = "\n".join(
    [
        "2027-01-01 放假 元旦",
        "2027-01-02 放假 元旦",
        "2027-01-03 放假 元旦",
        "2027-01-25 放假 特别放假日",
        *(f"2027-02-{day:02d} 放假 春节" for day in range(5, 12)),
        "2027-02-20 上班 春节",
    ]
)


def shots() -> Path:
    """Where the screenshots go: FAZHI_SHOTS (to look at them), else pytest's tmp."""
    directory = Path(os.environ.get("FAZHI_SHOTS", "/tmp/fazhi-shots-holidays"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def look(page, name):
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} at {size}: {wide} px wide"
        page.screenshot(path=shots() / f"{name}-{size}.png")
        page.screenshot(path=shots() / f"{name}-{size}-full.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_administrator_enters_2027_and_sees_the_moved_case(browser_page, tree, make_user):
    page = browser_page
    make_user("xitong", tree["province"], Role.SYSTEM_ADMIN, full_name="龙晓东")
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    accepted_late_in_2026(officer, tree["county"])

    browser_login(page, "xitong")
    page.click("nav.sidebar >> text=节假日安排")
    page.wait_for_load_state()
    assert "2026年" in page.inner_text("table")
    look(page, "holidays-list")

    page.fill("#holiday-year", "2027")
    page.click("text=打开")
    page.wait_for_load_state()
    assert "尚未录入" in page.inner_text("main")
    look(page, "holidays-2027-provisional")

    page.fill("#id_lines-days", LINES)
    page.fill("#id_lines-notice_number", "国办发明电〔2026〕12号")
    page.click("#lines-form button[type=submit]")
    page.wait_for_load_state()
    assert "已录入2027年节假日安排" in page.inner_text("main")
    assert "排队中" in page.inner_text("#recompute-progress")

    holidays.run_recompute(holidays.claim_recompute())  # the worker's part
    page.wait_for_selector("#moved", timeout=5000)  # the progress card polls and finishes
    assert "古政复〔2026〕31号" in page.inner_text("#moved")
    assert "2027-01-26" in page.inner_text("#moved")
    look(page, "holidays-2027-entered")
