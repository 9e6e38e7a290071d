"""The case page with its delivery facts, a passed deadline and a suspension ground, in a real
browser at a desktop and a phone width: the facts wrap, none overflows its column."""

from datetime import date

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.roles import Role
from fazhi.reconsideration import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_case_page_at_desktop_and_phone_width(browser_page, tree, make_user, tmp_path):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")
    case = actions.register_case(
        officer,
        unit=tree["county"],
        number="古政复〔2024〕7号",
        applicant="张某",
        respondent="古丈县城市管理和综合执法局",
        act_type="coercion",
        received_date=date(2024, 3, 4),
    )
    for name, day, inputs in (
        ("notify_correction", date(2024, 3, 5), {}),
        (
            "correction_delivered",
            date(2024, 3, 7),
            {"delivery_method": "post", "recipient": "张某"},
        ),
        ("correction_done", date(2024, 3, 15), {}),
        ("accept", date(2024, 3, 18), {"procedure": "simplified"}),
        ("reply_notice", date(2024, 3, 19), {}),
        (
            "copy_delivered",
            date(2024, 3, 20),
            {"delivery_method": "direct", "recipient": "古丈县城市管理和综合执法局办公室"},
        ),
        ("convert", date(2024, 3, 25), {}),
        ("suspend", date(2024, 4, 1), {"suspension_ground": "1"}),
    ):
        actions.record_step(officer, case, name, day, **inputs)
    page = browser_page
    page.goto(page.base_url + "/")
    page.fill("#id_username", "fuyi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{page.base_url}/reconsideration/{case.pk}/")
        facts = page.inner_text("dl.facts")
        assert "2024-03-20，直接送达，受送达人：古丈县城市管理和综合执法局办公室" in facts
        assert "（一）申请人死亡，近亲属尚未确定是否参加" in facts
        assert "中止满六十日 2024-05-31 已届满" in facts  # 04-01 + 60
        page.select_option("#id_step", label="恢复审理")
        assert not page.is_visible("#id_recipient")
        # The facts wrap inside their column at both widths (the phone layout of the shell
        # itself, sidebar and two columns, is issue 19's).
        overflowing = page.evaluate(
            "[...document.querySelectorAll('dl.facts dd, ol.timeline li')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert overflowing == 0
        page.screenshot(path=tmp_path / f"case_{width}.png", full_page=True)
        assert (tmp_path / f"case_{width}.png").stat().st_size > 10_000
