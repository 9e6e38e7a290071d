"""Authentication through the real pages: forced password change, lockout, idle timeout,
logout, headers, and two-factor login with enrolment, recovery codes and reset."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from fazhi.conftest import PASSWORD, TOTP_SECRET, settle_security, two_factor_code
from fazhi.core import actions as core_actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.security import actions, policy
from fazhi.security.middleware import CONTENT_SECURITY_POLICY
from fazhi.security.models import RecoveryCode, SecurityState

NEW_PASSWORD = "Neu-Passwort-2025"


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


# 1. The password: set by its holder, changed at first login and every 90 days ----------------


def test_an_account_an_administrator_created_must_change_its_password_first(
    client, tree, make_user
):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    core_actions.create_user(admin, username="xinren", unit=tree["county"], password=PASSWORD)
    assert SecurityState.objects.get(user__username="xinren").must_change_password
    response = login(client, "xinren")
    assert response.status_code == 302
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0] == "/password/"
    assert "请先设置您自己的新密码" in page.content.decode()
    assert client.get("/reconsideration/").url == "/password/"  # every page, not just home
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == "/"
    assert logged_in(client)
    state = SecurityState.objects.get(user__username="xinren")
    assert not state.must_change_password
    assert timezone.now() - state.password_changed_at < datetime.timedelta(minutes=1)


def test_a_password_an_administrator_reset_must_be_changed_but_ones_own_not(
    client, tree, make_user
):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    core_actions.set_password(admin, officer, "Reset-by-admin-1")
    assert SecurityState.objects.get(user=officer).must_change_password
    core_actions.set_password(officer, officer, NEW_PASSWORD)
    assert not SecurityState.objects.get(user=officer).must_change_password


def test_the_new_password_must_meet_the_policy(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    login(client, "fuyi")
    for weak, message in [
        ("abcdefgh12", "四类中的 3 类"),
        ("Fuyi-2025-ok", "不能包含用户名"),
        ("Ab-1", "太短"),
    ]:
        response = client.post(
            "/password/", {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    officer = SecurityState.objects.get(user__username="fuyi").user
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_password_older_than_the_limit_must_be_changed(client, tree, make_user, settings):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    SecurityState.objects.filter(user=officer).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    login(client, "fuyi")
    assert client.get("/").url == "/password/"
    settings.FAZHI_PASSWORD_MAX_AGE_DAYS = 120
    other = Client()
    login(other, "fuyi")
    assert logged_in(other)


# 2. Lockout: 5 failures lock the account and, separately, the address, for 15 minutes -------


def test_five_failures_lock_the_account_even_with_the_right_password(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    for n in range(5):
        # From five different addresses: the account's own count locks it.
        response = login(client, "fuyi", "wrong-Password-1", ip=f"10.0.1.{n}")
    response = login(client, "fuyi", ip="10.0.2.1")
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15 分钟" in page
    assert not logged_in(client)
    # The fifth failure locks; each refused attempt while locked is logged again.
    entry = AuditEntry.objects.filter(note__contains="已被锁定").earliest("id")
    assert entry.action == AuditAction.LOGIN_FAILED and entry.actor_username == "fuyi"


def test_five_failures_from_one_address_lock_the_address_for_every_account(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    for n in range(5):
        login(client, f"guess{n}", "wrong-Password-1", ip="10.0.3.3")
    assert login(client, "fuyi", ip="10.0.3.3").status_code == 429
    assert login(Client(), "fuyi", ip="10.0.3.4").status_code == 302  # another address may


def test_a_successful_login_clears_the_count(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    for _ in range(4):
        login(client, "fuyi", "wrong-Password-1")
    assert login(client, "fuyi").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        login(client, "fuyi", "wrong-Password-1")
    assert login(client, "fuyi").status_code == 302
    assert not AccessAttempt.objects.filter(username="fuyi").exists()


def test_the_lock_lifts_after_the_cool_off(client, tree, make_user, settings):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    for _ in range(5):
        login(client, "fuyi", "wrong-Password-1")
    assert login(client, "fuyi").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert login(client, "fuyi").status_code == 302


# 3. The session: idle timeout, logout, headers ----------------------------------------------


def test_a_session_idle_for_thirty_minutes_is_ended(client, tree, make_user, monkeypatch):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    login(client, "fuyi")
    assert logged_in(client)
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60)
    assert logged_in(client)  # 29 minutes: still on, and the clock restarts
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60 + 31 * 60)
    response = client.get("/reconsideration/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert "超过 30 分钟未操作" in client.get(response.url).content.decode()


def test_logout_ends_the_session_on_the_server(tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    browser = Client()
    login(browser, "fuyi")
    cookie = browser.cookies["sessionid"].value
    assert Session.objects.filter(session_key=cookie).exists()
    browser.post("/logout/")
    assert not Session.objects.filter(session_key=cookie).exists()
    thief = Client()
    thief.cookies["sessionid"] = cookie  # the old cookie, kept by someone
    response = thief.get("/reconsideration/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_every_page_carries_the_csp_and_personal_pages_are_not_cached(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    anonymous = client.get("/login/")
    assert anonymous["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    login(client, "fuyi")
    page = client.get("/reconsideration/")
    assert page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "no-store" in page["Cache-Control"]


def test_the_admin_sites_own_login_form_is_not_a_way_in(client, tree, make_user):
    make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    response = client.post(
        "/admin/login/", {"username": "xitong", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.url.startswith("/login/")
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


# 4. Two-factor login ----------------------------------------------------------------------


def test_an_enrolled_user_is_not_logged_in_by_the_password_alone(client, tree, make_user):
    admin = make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    assert actions.state_of(admin).enrolled  # make_user enrols administrators
    response = login(client, "anquan")
    assert response.url == "/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/users/").url.startswith("/login/")
    assert "动态口令" in client.get("/login/code/").content.decode()
    response = client.post("/login/code/", {"code": two_factor_code("anquan")})
    assert response.url == "/"
    assert client.get("/users/").status_code == 200


def test_a_code_is_accepted_once(client, tree, make_user):
    make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    code = two_factor_code("anquan")
    login(client, "anquan")
    client.post("/login/code/", {"code": code})
    assert logged_in(client)
    replay = Client()
    login(replay, "anquan")
    response = replay.post("/login/code/", {"code": code})
    assert response.status_code == 200 and "不正确" in response.content.decode()
    assert "_auth_user_id" not in replay.session


def test_wrong_codes_count_toward_the_lockout(client, tree, make_user):
    make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    login(client, "anquan")
    for _ in range(4):
        response = client.post("/login/code/", {"code": "000000"})
        assert response.status_code == 200
    response = client.post("/login/code/", {"code": "000001"})
    assert response.status_code == 429
    response = client.post("/login/code/", {"code": two_factor_code("anquan")})
    assert response.status_code == 429  # even the right code, while locked
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="anquan")


def test_a_pending_login_lapses_after_five_minutes(client, tree, make_user, monkeypatch):
    make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    login(client, "anquan")
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 301)
    response = client.post("/login/code/", {"code": two_factor_code("anquan")})
    assert response.url == "/login/"
    assert "_auth_user_id" not in client.session


def test_an_administrator_must_enrol_before_anything_else(client, tree, make_user):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    SecurityState.objects.filter(user=admin).update(totp_secret="", totp_confirmed_at=None)
    response = login(client, "xitong")
    assert response.url == "/"  # no authenticator yet: logged in, but only to enrol
    for page in ("/", "/users/", "/units/", "/admin/"):
        assert client.get(page).url == "/security/two-factor/enrol/"
    page = client.get("/security/two-factor/enrol/").content.decode()
    assert "绑定手机验证器" in page and 'src="/security/two-factor/qr.svg"' in page
    secret = SecurityState.objects.get(user=admin).totp_secret
    assert secret.replace(" ", "")[:4] in page
    qr = client.get("/security/two-factor/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert client.get("/security/two-factor/enrol/").status_code == 200  # same secret on reload
    assert SecurityState.objects.get(user=admin).totp_secret == secret

    wrong = client.post("/security/two-factor/enrol/", {"code": "123456"})
    assert "动态口令不正确" in wrong.content.decode()
    step = policy.time_step(timezone.now())
    response = client.post(
        "/security/two-factor/enrol/", {"code": policy.code_for_step(secret, step)}
    )
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    assert client.get("/users/").status_code == 200  # enrolled: the rest is open
    state = SecurityState.objects.get(user=admin)
    assert state.enrolled and state.totp_last_step == step
    stored = list(RecoveryCode.objects.filter(state=state).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_ENROL, object_id=str(admin.pk))
    assert entry.after == {"two_factor": "已启用"} and entry.actor == admin
    assert client.get("/security/two-factor/qr.svg").status_code == 404  # no secret shown again


def test_the_secret_is_stored_encrypted(tree, make_user):
    make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM security_securitystate")
        (stored,) = cursor.fetchone()
    assert stored and TOTP_SECRET not in stored


def test_an_officer_without_personal_data_may_but_need_not_enrol(client, tree, make_user):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    assert login(client, "fuyi").url == "/"
    assert logged_in(client)
    page = client.get("/security/two-factor/").content.decode()
    assert "可选择启用" in page
    assert client.get("/security/two-factor/enrol/").status_code == 200


def test_a_corrections_officer_must_enrol(client, tree, make_user):
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    assert actions.requires_two_factor(officer)
    SecurityState.objects.filter(user=officer).update(totp_secret="", totp_confirmed_at=None)
    login(client, "jiaozheng")
    assert client.get("/corrections/").url == "/security/two-factor/enrol/"


def test_a_recovery_code_logs_in_once_and_is_logged(client, tree, make_user):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    SecurityState.objects.filter(user=admin).update(totp_secret="", totp_confirmed_at=None)
    actions.begin_enrolment(admin)
    secret = SecurityState.objects.get(user=admin).totp_secret
    codes = actions.confirm_enrolment(
        admin, policy.code_for_step(secret, policy.time_step(timezone.now()))
    )
    login(client, "xitong")
    response = client.post("/login/code/", {"code": codes[3].upper()}, follow=True)
    assert "还剩 9 个" in response.content.decode()
    assert logged_in(client)
    entry = AuditEntry.objects.filter(note__startswith="使用恢复码").get()
    assert entry.actor == admin and entry.action == AuditAction.RECOVERY_CODE_LOGIN
    again = Client()
    login(again, "xitong")
    assert "不正确" in again.post("/login/code/", {"code": codes[3]}).content.decode()
    assert "_auth_user_id" not in again.session


def test_the_security_administrator_resets_a_lost_authenticator(client, tree, make_user):
    security = make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    officer = make_user("jiaozheng", tree["office"], Role.CORRECTIONS)
    client.force_login(security)
    page = client.get(f"/security/users/{officer.pk}/two-factor/").content.decode()
    assert "已启用" in page
    response = client.post(f"/security/users/{officer.pk}/two-factor/")
    state = SecurityState.objects.get(user=officer)
    assert not state.enrolled and not state.recovery_codes.exists()
    # 社区矫正 reads personal data: he enrols again only with the activation code shown once
    # to the security administrator (security.actions, activation).
    assert state.activation_pending and "激活码" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_RESET, object_id=str(officer.pk))
    assert entry.actor == security and entry.after["two_factor"] == "待激活"
    other = Client()
    assert login(other, "jiaozheng").url == "/"  # no code asked: he must enrol again
    assert other.get("/corrections/").url == "/security/two-factor/enrol/"
    assert "输入激活码" in other.get("/security/two-factor/enrol/").content.decode()


def test_a_reset_of_an_account_without_personal_data_needs_no_activation(client, tree, make_user):
    security = make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    settle_security(officer, enrol=True)
    client.force_login(security)
    response = client.post(f"/security/users/{officer.pk}/two-factor/")
    assert response.status_code == 302
    state = SecurityState.objects.get(user=officer)
    assert not state.enrolled and not state.activation_pending
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_RESET, object_id=str(officer.pk))
    assert entry.after == {"two_factor": "已重置"}


def test_nobody_else_resets_two_factor_login(client, tree, make_user):
    security = make_user("anquan", tree["county"], Role.SECURITY_ADMIN)
    system = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    auditor = make_user("shenji", tree["county"], Role.AUDIT_ADMIN)
    stranger = make_user("luxi", tree["sibling"], Role.CORRECTIONS)
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    for actor in (system, auditor):
        client.force_login(actor)
        assert client.post(f"/security/users/{officer.pk}/two-factor/").status_code == 403
    with pytest.raises(ActionRefused, match="自己"):
        actions.reset_two_factor(security, security)
    with pytest.raises(ActionRefused, match="管辖范围"):
        actions.reset_two_factor(security, stranger)
    assert all(actions.state_of(u).enrolled for u in (security, officer, stranger))


def test_a_session_that_owes_a_step_gets_no_api_answer(client, tree, make_user):
    admin = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    settle_security(admin, enrol=False)
    client.force_login(admin)
    response = client.get("/api/anything")
    assert response.status_code == 403
    assert "双因素认证" in response.content.decode()
