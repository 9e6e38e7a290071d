"""The API's docs page renders in a real browser from the site's own files, under its CSP."""

import pytest

from fazhi.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_offline_under_the_csp(browser_page, tmp_path, tree, make_user):
    page = browser_page
    # The docs page and the document it fetches need a login (issue 15 point 12).
    make_user("gz_docs", tree["county"])
    browser_login(page, "gz_docs")
    assert "/login/" not in page.url
    outside, refused = [], []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((page.base_url, "data:"))
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(page.base_url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "法治工作管理系统接口" in page.inner_text(".swagger-ui .info .title")
    page.get_by_text("/api/registers/corrections_subject/records", exact=True).first.wait_for()
    page.screenshot(path=tmp_path / "docs.png", full_page=False)
    assert outside == []
    assert refused == []
