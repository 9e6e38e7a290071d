"""The shell on a phone (390 px) and on a desk (1366 px): on a phone the sidebar folds into the
topbar's 菜单 and no page of an officer's registers is wider than the screen; on a desk the
sidebar stays and the menu button is not shown. (Issue 19 goes through every page and role.)"""

import pytest
from django.urls import reverse

from fazhi.api.tests.conftest import sample_records, units  # noqa: F401  (fixtures)
from fazhi.conftest import browser_login
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import BUSINESS_ROLES

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
SHOTS = "/tmp/shots/lead"


def overflow(page) -> int:
    """How many pixels the page is wider than its window (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def test_on_a_phone_the_sidebar_is_a_menu_and_no_register_page_is_wider_than_the_screen(
    browser_page,
    units,  # noqa: F811
    sample_records,  # noqa: F811
    make_user,
):
    make_user("quanbu", units["county"], *sorted(BUSINESS_ROLES))
    page = browser_page
    page.set_viewport_size(PHONE)
    browser_login(page, "quanbu")
    assert not page.locator("nav.sidebar").is_visible()
    page.get_by_text("菜单", exact=True).click()
    assert page.locator("nav.sidebar").is_visible()
    page.screenshot(path=f"{SHOTS}/phone_menu_open.png")
    wide = {}
    for name, register in sorted(REGISTERS.items()):
        if not register.list_url:
            continue
        urls = [reverse(register.list_url)]
        if register.detail_url:
            urls.append(reverse(register.detail_url, args=[sample_records[name].pk]))
        for url in urls:
            page.goto(page.base_url + url)
            if overflow(page) > 0:
                wide[url] = overflow(page)
                page.screenshot(path=f"{SHOTS}/phone_wide_{name}.png", full_page=True)
    page.goto(page.base_url + "/")
    page.screenshot(path=f"{SHOTS}/phone_home.png", full_page=True)
    assert overflow(page) <= 0
    assert wide == {}


def test_on_a_desk_the_sidebar_stays_and_there_is_no_menu_button(browser_page, make_user, tree):
    make_user("fuyi", tree["county"], "reconsideration")
    page = browser_page
    page.set_viewport_size(DESK)
    browser_login(page, "fuyi")
    assert page.locator("nav.sidebar").is_visible()
    assert not page.get_by_text("菜单", exact=True).is_visible()
    page.screenshot(path=f"{SHOTS}/desk_home.png")
