"""The records behind the overdue figure in a real browser: a provisional deadline marked 暂定,
at a desktop and a phone width, without the page growing wider than the screen."""

import datetime
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.utils import timezone

from fazhi.conftest import browser_login
from fazhi.core import holidays
from fazhi.core.models import HolidayYear
from fazhi.core.roles import Role
from fazhi.reconsideration.tests.facts import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def shots() -> Path:
    """Where the screenshots go: FAZHI_SHOTS (to look at them), else a temporary directory."""
    directory = Path(os.environ.get("FAZHI_SHOTS", "/tmp/fazhi-shots-indicators"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_the_overdue_figures_records_mark_a_provisional_deadline(
    browser_page, tree, make_user, monkeypatch
):
    HolidayYear.objects.filter(year__gte=2027).delete()  # 2027 is not entered
    holidays.forget()
    make_case(
        tree["county"],
        "古政复〔2026〕8号",
        "2026-11-20",
        accepted="2026-11-25",
        reply_notice_date=datetime.date(2026, 11, 26),
    )
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    # The live server runs in this process: it is 2027-02-10, the 审理期限 2027-01-25 passed.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 2, 10))
    page = browser_page
    browser_login(page, "fuyi")
    page.goto(f"{page.base_url}/indicators/{quote('reconsideration.overdue')}/records/?year=2027")
    assert "超期未办结：1" in page.inner_text("h1")
    row = page.inner_text("table.grid tbody tr")
    assert "古政复〔2026〕8号" in row and "2027-01-25（暂定）" in row
    assert (
        page.get_attribute(".provisional", "title") == "该年度节假日安排尚未录入，按法定节假日暂定"
    )
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{size}: {wide} px wide"
        page.screenshot(path=shots() / f"overdue-records-{size}.png", full_page=True)
