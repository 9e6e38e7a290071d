"""API tokens: only their digest stored, created and revoked by their owner, audited; the API
answers to a valid token only, never to a session."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.api import tokens
from fazhi.api.models import ApiToken
from fazhi.core.models import AuditAction, AuditEntry

from .conftest import ApiClient, sample_payload

pytestmark = pytest.mark.django_db

REGISTERS = "/api/registers"


@pytest.fixture
def officer(units, make_user):
    return make_user("gz_fy", units["county"], "reconsideration")


@pytest.fixture
def web(settings, officer):
    # The login steps (password, authenticator) are the security app's to test.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("RequiredStepsMiddleware")
    ]
    client = Client()
    client.force_login(officer)
    return client


def test_only_the_digest_is_stored_and_creation_is_audited(officer):
    token, secret = tokens.create_token(officer, officer, "县数据平台")
    assert secret.startswith(f"fz_{token.prefix}_")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(stored)
    entry = AuditEntry.objects.get(register="api_token", action=AuditAction.CREATE)
    assert entry.actor == officer and "县数据平台" in entry.note
    assert secret not in str(entry.after) and secret not in entry.note


def test_a_valid_token_authenticates_and_is_marked_used(officer):
    token, secret = tokens.create_token(officer, officer, "平台")
    response = ApiClient(secret).get(REGISTERS)
    assert response.status_code == 200
    assert [r["name"] for r in response.json()] == ["reconsideration", "litigation"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [None, "Bearer fz_00000000_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "fz_x"],
)
def test_no_or_unknown_token_gets_401_in_chinese(officer, header):
    client = Client()
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(REGISTERS, **extra)
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_gets_401_and_revoking_is_audited(officer):
    token, secret = tokens.create_token(officer, officer, "平台")
    api = ApiClient(secret)
    assert api.get(REGISTERS).status_code == 200
    tokens.revoke_token(officer, token)
    assert api.get(REGISTERS).status_code == 401
    entry = AuditEntry.objects.get(register="api_token", action=AuditAction.UPDATE)
    assert entry.actor == officer and "撤销" in entry.note


def test_a_token_stops_working_when_it_expires(officer, settings, client):
    settings.FAZHI_API_TOKEN_DAYS = 30
    token, secret = tokens.create_token(officer, officer, "平台")
    lifetime = token.expires_at - token.created_at
    assert datetime.timedelta(days=29, hours=23) < lifetime <= datetime.timedelta(days=30)
    api = ApiClient(secret)
    assert api.get(REGISTERS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert api.get(REGISTERS).status_code == 401
    client.force_login(officer)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "已过期" in page and "30 天后失效" in page


def test_the_token_of_a_deactivated_user_gets_401(officer):
    _, secret = tokens.create_token(officer, officer, "平台")
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert ApiClient(secret).get(REGISTERS).status_code == 401


def test_nobody_creates_or_revokes_another_users_token(officer, units, make_user):
    other = make_user("gz_other", units["county"], "reconsideration")
    with pytest.raises(tokens.ActionRefused):
        tokens.create_token(officer, other, "冒名")
    token, _ = tokens.create_token(other, other, "他的")
    with pytest.raises(tokens.ActionRefused):
        tokens.revoke_token(officer, token)
    token.refresh_from_db()
    assert not token.revoked


def test_a_session_is_not_a_credential_of_the_api(web):
    # Logged in on the web, but no token: the API does not ride on the session (no CSRF).
    assert web.get(REGISTERS).status_code == 401


def test_writes_need_no_csrf_token_but_a_bearer_token(officer):
    _, secret = tokens.create_token(officer, officer, "平台")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/registers/reconsideration/records",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422  # validated, not refused for CSRF


def test_the_page_shows_a_new_secret_once_and_revokes(web, officer):
    page = reverse("api_tokens")
    response = web.post(page, {"name": "县数据平台"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=officer)
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    assert ApiClient(secret).get(REGISTERS).status_code == 200
    again = web.get(page).content.decode()
    assert secret not in again and token.prefix in again

    response = web.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiClient(secret).get(REGISTERS).status_code == 401


def test_the_page_does_not_revoke_another_users_token(web, units, make_user):
    other = make_user("gz_other", units["county"], "reconsideration")
    token, secret = tokens.create_token(other, other, "他的")
    assert web.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiClient(secret).get(REGISTERS).status_code == 200


def test_the_command_creates_and_revokes_a_token(officer):
    out = StringIO()
    call_command("api_token", user="gz_fy", name="夜间同步", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()
    assert ApiClient(secret).get(REGISTERS).status_code == 200
    entry = AuditEntry.objects.get(register="api_token", action=AuditAction.CREATE)
    assert entry.channel == "cli" and entry.actor is None
    token = ApiToken.objects.get(user=officer)
    call_command("api_token", user="gz_fy", revoke=token.prefix, stdout=StringIO())
    assert ApiClient(secret).get(REGISTERS).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", user="nobody", name="x", stdout=StringIO())


def test_only_those_the_api_serves_get_a_token_and_its_menu(client, units, make_user):
    """Issue 19, defect 3: the three administrators hold no register and a 填报员 enters his
    unit's records by form or import; neither is offered 接口令牌, nor may make one."""
    clerk = make_user("tianbao", units["county"], "clerk")
    officer = make_user("fuyi", units["county"], "reconsideration")
    leader = make_user("lingdao", units["county"], "leader")
    for user in (clerk, make_user("xitong", units["county"], "system_admin")):
        with pytest.raises(tokens.ActionRefused, match="不需要接口令牌"):
            tokens.create_token(user, user, "平台")
        client.force_login(user)
        assert client.get(reverse("api_tokens")).status_code == 403
        assert "接口令牌" not in client.get("/").content.decode()
    assert not ApiToken.objects.exists()
    for user in (officer, leader):
        client.force_login(user)
        assert "接口令牌" in client.get("/").content.decode()
        assert client.get(reverse("api_tokens")).status_code == 200


def test_administrators_reach_no_register_through_the_api(client, units, make_user):
    for n, role in enumerate(["system_admin", "security_admin", "audit_admin"]):
        admin = make_user(f"admin{n}", units["county"], role)
        # A token the operator issued him at the command line, or made before the rule.
        _, secret = tokens.create_token(None, admin, "旧令牌")
        # He still sees it, to revoke it.
        client.force_login(admin)
        assert "旧令牌" in client.get(reverse("api_tokens")).content.decode()
        api = ApiClient(secret)
        assert api.get(REGISTERS).json() == []
        assert api.get("/api/registers/reconsideration/records").status_code == 403
        assert api.get("/api/indicators").json()["figures"] == []
        payload = sample_payload("reconsideration")
        response = api.post("/api/registers/reconsideration/records", payload)
        assert response.status_code == 403


BAD_NAMES = ["平台\x01名", "平台\ue001名", "\x7f", "tab\x0bname", "对接\x9f"]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_a_token_name_with_a_control_character_or_marker_is_refused(officer, bad):
    """Issue 15 point 9 (review r2): a token's name is shown on its owner's page and written
    into the audit log; a control character or fazhi's marker is refused, in Chinese."""
    entries = AuditEntry.objects.count()
    with pytest.raises(tokens.ActionRefused, match="令牌名称.*请删除后重新输入"):
        tokens.create_token(None, officer, bad)
    assert not ApiToken.objects.exists() and AuditEntry.objects.count() == entries


def test_the_page_refuses_a_bad_token_name_in_chinese_and_saves_nothing(web):
    entries = AuditEntry.objects.count()
    response = web.post(reverse("api_tokens"), {"name": "平台\x01\ue001名"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "「令牌名称」第 3 个字符是不可见的控制字符（U+0001），请删除后重新输入。" in page
    assert "fz_" not in page
    assert not ApiToken.objects.exists() and AuditEntry.objects.count() == entries
