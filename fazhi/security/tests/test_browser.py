"""In a real browser: an administrator is made to enrol an authenticator at first login, and
the main pages run under the Content-Security-Policy without a single violation, leaving no
personal data in the browser's storage."""

import datetime

import pyotp
import pytest
from django.utils import timezone

from fazhi.conftest import PASSWORD, browser_login, settle_security, two_factor_code
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.roles import Role
from fazhi.corrections import actions as corrections
from fazhi.reconsideration import actions as reconsideration
from fazhi.security.models import SecurityState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENROL_SHOT = "/tmp/h1-enrol.png"


def test_an_administrator_enrols_at_first_login_and_then_logs_in_with_a_code(
    browser_page, tree, make_user, tmp_path
):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN, full_name="张卫东")
    settle_security(admin, enrol=False)  # a new administrator, no authenticator yet
    page = browser_page
    problems = _watch_console(page)
    browser_login(page, "xitong")
    page.goto(page.base_url + "/units/")  # anything else: sent to enrol first
    assert page.url.endswith("/security/two-factor/enrol/")
    assert "绑定手机验证器" in page.inner_text("h1")
    assert "须使用“密码 + 动态口令”两种方式登录" in page.inner_text("main")
    qr_loaded = page.evaluate(
        "() => { const i = document.querySelector('img.qr-code');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert qr_loaded
    page.screenshot(path=ENROL_SHOT, full_page=True)
    page.screenshot(path=tmp_path / "enrol.png", full_page=True)

    secret = page.inner_text("code.secret").replace(" ", "")
    assert secret == SecurityState.objects.get(user=admin).totp_secret
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=tmp_path / "recovery.png", full_page=True)
    page.click("text=我已保存，进入系统")
    page.wait_for_url(page.base_url + "/")
    page.click("button:has-text('退出')")
    page.wait_for_url("**/login/")

    page.fill("#id_username", "xitong")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login/code/")
    assert "动态口令" in page.inner_text("main")
    page.fill("#id_code", two_factor_code("xitong"))
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/security/two-factor/")
    assert "已启用" in page.inner_text("main") and "剩余恢复码 10 个" in page.inner_text("main")
    assert problems == []  # the enrolment pages and the QR code obey the CSP


def _watch_console(page):
    problems = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append((page.url, text))

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append((page.url, str(error))))
    return problems


def _subject(officer, tree):
    today = timezone.localdate()
    first17 = "43312619850505123"
    return corrections.register_subject(
        officer, unit=tree["office"], office=tree["office"], number="古矫2024001", name="龙某",
        id_number=first17 + id_number_check_digit(first17), category="probation",
        judgment_effective_date=today - datetime.timedelta(days=20),
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=300),
    )  # fmt: skip


def test_the_main_pages_obey_the_csp_and_leave_nothing_in_browser_storage(
    browser_page, tree, make_user, tmp_path
):
    officer = make_user(
        "jiaozheng", tree["county"], Role.RECONSIDERATION, Role.CORRECTIONS, full_name="石建华"
    )
    make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    case = reconsideration.register_case(
        officer, unit=tree["county"], number="古政复〔2024〕1号", applicant="张某",
        respondent="古丈县市场监督管理局", received_date=datetime.date(2024, 3, 4),
    )  # fmt: skip
    subject = _subject(officer, tree)
    page = browser_page
    problems = _watch_console(page)

    browser_login(page, "jiaozheng")
    page.wait_for_url(page.base_url + "/")
    officer_pages = [
        "/",
        "/reconsideration/",
        f"/reconsideration/{case.pk}/",
        "/dashboard/",
        "/indicators/",
        "/reports/",
        "/registers/reconsideration/import/",
        f"/corrections/{subject.pk}/",
        f"/corrections/{subject.pk}/person/",
    ]
    for url in officer_pages:
        response = page.goto(page.base_url + url)
        assert response.status == 200, url
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        page.wait_for_load_state("networkidle")
    page.screenshot(path=tmp_path / "subject.png", full_page=True)
    # 残余信息保护: the subject's page has put nothing in the browser's storage.
    storage = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert storage == [[], []]

    browser_login(page, "xitong")
    page.wait_for_url(page.base_url + "/")
    for url in ["/admin/", "/admin/core/unit/", "/users/", "/units/"]:
        response = page.goto(page.base_url + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    assert problems == []


SHOTS = "/tmp/shots/act"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def _shoot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 860})


def test_a_granted_officer_activates_with_the_code_the_security_administrator_saw_once(
    browser_page, tree, make_user
):
    """The activation journey (issue 15 point 5, review r2): the grant shows the code once to
    the security administrator; the holder, logging in, is asked for it before any QR code."""
    make_user("anquan", tree["county"], Role.SECURITY_ADMIN, full_name="安全员")
    holder = make_user("wangwu", tree["county"], Role.RECONSIDERATION, full_name="王五")
    page = browser_page
    problems = _watch_console(page)
    browser_login(page, "anquan")
    page.goto(f"{page.base_url}/users/{holder.pk}/")
    page.locator("tr", has_text="社区矫正").locator("button").click()
    page.wait_for_load_state()
    code = page.inner_text(".activation-code code")
    assert len(code) == 9 and "只显示这一次" in page.inner_text("main")
    _shoot(page, "grant-code")

    browser_login(page, "wangwu")
    page.goto(page.base_url + "/legality/")
    assert page.url.endswith("/security/two-factor/enrol/")
    assert "输入激活码" in page.inner_text("h1")
    assert page.locator("img.qr-code").count() == 0  # no secret before the code
    page.fill("#id_activation_code", "ABCD-EFGH")
    page.click("main button[type=submit]")
    assert "激活码不正确" in page.inner_text("main")
    _shoot(page, "enrol-code")
    page.fill("#id_activation_code", code.lower())
    page.click("main button[type=submit]")
    page.wait_for_url("**/security/two-factor/enrol/")
    assert "激活码正确" in page.inner_text("main")
    _shoot(page, "enrol-qr")
    secret = page.inner_text("code.secret").replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    assert len(page.locator("ul.recovery-codes code").all_inner_texts()) == 10
    assert not SecurityState.objects.get(user=holder).activation_pending
    assert problems == []
