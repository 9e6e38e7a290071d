"""The dashboard in a real browser: ECharts, served from our own static files, draws a canvas
in each chart, and the page runs no inline script."""

import shutil
from pathlib import Path

import pytest

from fazhi.conftest import browser_login

from .conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def test_the_charts_render(browser_page, records, county_leader, tmp_path):
    page = browser_page
    errors, requests, failed = [], [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    # The site has no favicon (not this page's business); anything else missing is.
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    browser_login(page, county_leader.username)
    page.goto(f"{page.base_url}/dashboard/?year={YEAR}&unit=433126")
    page.wait_for_selector("#chart-mediation canvas", timeout=10_000)
    for line in ("reconsideration", "mediation", "corrections"):
        canvas = page.locator(f"#chart-{line} canvas").first
        box = canvas.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 200, line
    # The chart drew something: its canvas is not blank.
    painted = page.evaluate(
        """() => {
            const c = document.querySelector('#chart-mediation canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; }
            return n;
        }"""
    )
    assert painted > 1000
    number = page.locator('.dash-number[data-key="mediation.received"] .dash-value')
    assert number.inner_text() == "3"
    assert "66.7%" in page.locator('[data-key="mediation.success_rate"]').inner_text()
    assert not errors, errors
    assert not failed, failed
    assert all(url.startswith(page.base_url) for url in requests), "no request leaves the server"
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SHOTS / "dashboard.png")
    page.locator('[data-line="reconsideration"]').screenshot(path=str(SHOTS / "dashboard-line.png"))


def test_the_comparison_page(browser_page, records, prefecture_leader, tmp_path):
    page = browser_page
    browser_login(page, prefecture_leader.username)
    page.goto(f"{page.base_url}/dashboard/compare/?year={YEAR}")
    total = page.locator('tr[data-unit="total"] td[data-key="mediation.received"]')
    assert total.inner_text() == "5"
    shot = tmp_path / "compare.png"
    page.screenshot(path=str(shot), full_page=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SHOTS / "compare.png")
