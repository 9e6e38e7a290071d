"""系统维护 (the Django admin) in the site's look and in Chinese (issue 19, defect 5): the site's
top bar with its name and a way back to 首页, the administrator greeted by his real name, the
site's colours over the admin's own tables and forms, and no page wider than a phone."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from fazhi.conftest import browser_login
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.core.tests.test_phone_shell import DESK, PHONE, overflow
from fazhi.portal.tests.page_contract import Contract, _ReadText

SITE_NAME = "法治工作管理系统"
REAL_NAME = "王建国"
SHOTS = Path("/tmp/shots_admin")


def read(page: str) -> str:
    """What a user reads of the page (the page contract's reader)."""
    reader = _ReadText()
    reader.feed(page)
    return " ".join(reader.read)


def contract_problems(page: str, tree) -> list[str]:
    """The page contract's findings (portal/tests/page_contract.py): strict HTML, no English
    word, no unit shown by its code alone."""
    return Contract({unit.code: unit.name for unit in tree.values()}).problems(page)[0]


@pytest.fixture
def administrator(tree, make_user):
    return make_user("xitong", tree["county"], Role.SYSTEM_ADMIN, full_name=REAL_NAME)


@pytest.fixture
def pages(client, tree, administrator):
    """The admin's pages the administrator uses, after one change through it (so that its
    recent actions and the unit's history have an entry to show)."""
    client.force_login(administrator)
    section = tree["section"].pk
    changed = client.post(
        f"/admin/core/unit/{section}/change/",
        {"name": "行政复议与应诉股（改）", "kind": "section", "parent": tree["county"].pk},
    )
    assert changed.status_code == 302
    urls = {
        "index": "/admin/",
        "app": "/admin/core/",
        "changelist": "/admin/core/unit/",
        "search": "/admin/core/unit/?q=司法所",
        "change": f"/admin/core/unit/{section}/change/",
        "add": "/admin/core/unit/add/",
        "history": f"/admin/core/unit/{section}/history/",
    }
    return {name: strict(client.get(url)) for name, url in urls.items()}


def test_every_admin_page_wears_the_sites_top_bar_and_greets_by_real_name(pages):
    for name, page in pages.items():
        assert f'<span class="emblem">法</span>{SITE_NAME}</a>' in page, name
        assert f"欢迎，<strong>{REAL_NAME}</strong>" in page, name
        assert '<a href="/">首页</a>' in page, name
        assert '<link rel="stylesheet" href="/static/core/admin.css">' in page, name
        # One light look, as the site has: no dark theme and no switch to it.
        assert "dark_mode.css" not in page and "theme-toggle" not in page, name
        assert f"· 系统维护 · {SITE_NAME}</title>" in page or (
            f"<title>系统维护 · {SITE_NAME}</title>" in page
        ), name


def test_no_admin_page_says_django_or_english_or_the_login_name(pages, tree):
    for name, page in pages.items():
        text = read(page)
        assert "django" not in text.lower(), name
        assert contract_problems(page, tree) == [], name
        assert "xitong" not in text.lower(), name


def test_the_admins_own_titles_and_labels_read_as_the_site_writes(pages):
    assert f"<title>基础 · 系统维护 · {SITE_NAME}</title>" in pages["app"]
    assert "<h1>单位</h1>" in pages["changelist"]
    assert "<h1>修改单位</h1>" in pages["change"]
    assert '<label class="required" for="id_name">单位名称：</label>' in pages["change"]
    assert "<summary>按单位类别</summary>" in pages["changelist"]
    assert 'class="addlink">增加单位</a>' in pages["changelist"]
    assert "共 4 条" in pages["changelist"]
    # One 司法所 in his county's four units (the neighbouring county's is not his).
    assert '找到 1 条（<a href="?">共 4 条</a>）' in pages["search"]
    # The trail starts at 系统维护; 首页 is the site's own.
    assert '<div class="breadcrumbs">\n<a href="/admin/">系统维护</a>' in pages["change"]
    assert f"<td>{REAL_NAME}</td>" in pages["history"]


def test_a_form_with_errors_is_titled_in_chinese(client, administrator, tree):
    client.force_login(administrator)
    response = client.post("/admin/core/unit/add/", {"code": "", "name": "", "kind": ""})
    page = strict(response)
    assert f"<title>有误 · 增加单位 · 系统维护 · {SITE_NAME}</title>" in page
    assert contract_problems(page, tree) == []


def test_the_admin_stylesheet_gives_the_admin_the_sites_colours_without_fetching_anything():
    css = Path(finders.find("core/admin.css")).read_text()
    site = Path(finders.find("core/fazhi.css")).read_text()
    for brand in ("#1d4f91", "#163d70", "#b8312f"):
        assert brand in css and brand in site
    for variable in ("primary", "header-bg", "link-fg", "button-bg", "font-family-primary"):
        assert f"--{variable}:" in css
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


# In a browser ------------------------------------------------------------------------------

CONTROLS = "#content input:not([type=hidden]), #content select, #content .select2, #content a"


def beyond(page, selector: str, frame: str) -> list[str]:
    """The shown elements matching `selector` whose right edge passes `frame`'s."""
    return page.evaluate(
        """([selector, frame]) => {
            const edge = document.querySelector(frame).getBoundingClientRect().right;
            const shown = e => e.getClientRects().length > 0;
            return [...document.querySelectorAll(selector)]
                .filter(e => shown(e) && e.getBoundingClientRect().right > edge + 0.5)
                .map(e => e.outerHTML.slice(0, 80));
        }""",
        [selector, frame],
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_fits_a_phone_and_a_desk(browser_page, tree, administrator):
    page = browser_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser_login(page, "xitong")
    page.click("nav.sidebar >> text=系统维护")
    page.wait_for_load_state()
    urls = {
        "index": "/admin/",
        "changelist": "/admin/core/unit/",
        "change": f"/admin/core/unit/{tree['section'].pk}/change/",
    }
    for name, url in urls.items():
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        for size, viewport in (("desk", DESK), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=True)
            assert overflow(page) <= 0, (name, size, overflow(page))
            # Nothing of the top bar falls off the screen, no field or button off the card.
            assert beyond(page, ".topbar *", "body") == [], (name, size)
            assert beyond(page, CONTROLS, "#content") == [], (name, size)
        assert page.locator(".topbar .greeting").inner_text() == f"欢迎，{REAL_NAME}"
    assert refused == []


def test_a_unit_not_found_is_said_in_chinese(client, administrator, tree):
    """Django's own message read "ID为“…”的单位不存在" (review)."""
    client.force_login(administrator)
    response = client.get("/admin/core/unit/999999/change/", follow=True)
    page = strict(response)
    assert "找不到这个单位" in page and "ID" not in read(page)
    # A unit of the neighbouring county is not his either, and is not told apart.
    response = client.get(f"/admin/core/unit/{tree['sibling'].pk}/change/", follow=True)
    assert "找不到这个单位" in strict(response)
