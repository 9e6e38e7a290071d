"""Attacks on the API's authentication (issue 15, points 11 and 12).

11: a token made before its owner was given a role that needs two-factor login read personal
    data although he never enrolled. A token now reaches no further than its owner's session:
    a step he owes (his own password, an authenticator) or a locked account bars it too.
12: the OpenAPI document and the docs page answered without login. They need a session (the
    docs page) or a session or a token (the document).
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from fazhi.conftest import TOTP_SECRET, settle_security
from fazhi.core import actions as core_actions
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import AuditEntry
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import Role
from fazhi.security.models import SecurityState

from .conftest import ApiClient, sample_payload

pytestmark = pytest.mark.django_db

NAME = "corrections_subject"
LIST = f"/api/registers/{NAME}/records"
FIRST17 = "43312619800101001"
ID_NUMBER = FIRST17 + id_number_check_digit(FIRST17)


@pytest.fixture
def subject(units):
    from fazhi.api import records

    return records.create(
        None, REGISTERS[NAME], sample_payload(NAME, number="古矫2024001", id_number=ID_NUMBER)
    )


@pytest.fixture
def officer(units, make_user):
    """An officer whose first role needs no authenticator, so he made his token without one."""
    return make_user("gz_fy", units["county"], Role.RECONSIDERATION)


def _reads_in_full(api) -> bool:
    response = api.get(LIST, {"reason": "x"})
    return response.status_code == 200 and ID_NUMBER in response.content.decode()


# --- point 11 -----------------------------------------------------------------------------


def test_a_token_made_before_a_two_factor_role_reads_nothing_until_its_owner_enrols(
    units, officer, subject, make_user, api_for
):
    """The operator's grant (command line) revokes nothing, but the step still bars the token:
    it reaches no further than its owner's session."""
    api = api_for(officer)
    core_actions.grant_role(None, officer, Role.CORRECTIONS)
    assert not SecurityState.objects.get(user=officer).enrolled

    for path in (LIST, f"{LIST}/{subject.pk}", "/api/registers", "/api/indicators"):
        response = api.get(path, {"reason": "x"})
        assert response.status_code == 403, path
        body = response.json()
        assert "双因素认证" in body["detail"] and ID_NUMBER not in response.content.decode()
    response = api.post(LIST, sample_payload(NAME, number="古矫2024002"))
    assert response.status_code == 403
    assert REGISTERS[NAME].model.objects.count() == 1

    settle_security(officer, enrol=True)  # he enrols on the web: the token works again
    assert _reads_in_full(api)


def test_a_security_administrators_grant_revokes_the_tokens_made_before_it(
    units, officer, subject, make_user, api_for
):
    """A token made before the account became privileged — perhaps by whoever then knew its
    password — dies with the grant, and stays dead after the holder activates."""
    api = api_for(officer)
    assert api.get("/api/registers").status_code == 200
    security = make_user("anquan", units["county"], Role.SECURITY_ADMIN)
    grant = core_actions.grant_role(security, officer, Role.CORRECTIONS)
    assert grant.activation_code

    response = api.get(LIST, {"reason": "x"})
    assert response.status_code == 401 and ID_NUMBER not in response.content.decode()
    entry = AuditEntry.objects.get(note__contains="个有效接口令牌", object_id=str(officer.pk))
    assert entry.actor == security and "授予「社区矫正」" in entry.note and "1 个" in entry.note
    assert entry.after == {"active_api_tokens": 0}

    settle_security(officer, enrol=True)
    SecurityState.objects.filter(user=officer).update(activation_digest="")
    assert api.get(LIST, {"reason": "x"}).status_code == 401


def test_a_token_made_after_the_grant_is_refused_until_the_holder_activates(
    units, officer, subject, make_user
):
    security = make_user("anquan", units["county"], Role.SECURITY_ADMIN)
    core_actions.grant_role(security, officer, Role.CORRECTIONS)
    # Only the operator could make one now (the web's /api/ is barred at the enrolment step).
    _, secret = tokens.create_token(None, officer, "运维")
    # An authenticator alone is not the activation: enrolled, but the code still pending.
    SecurityState.objects.filter(user=officer).update(
        must_change_password=False, totp_secret=TOTP_SECRET, totp_confirmed_at=timezone.now()
    )
    assert SecurityState.objects.get(user=officer).activation_pending
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.get(LIST, {"reason": "x"})
    assert response.status_code == 403 and "激活码" in response.json()["detail"]
    assert ID_NUMBER not in response.content.decode()


def test_a_password_set_by_someone_else_revokes_the_tokens(units, officer, make_user, api_for):
    api = api_for(officer)
    admin = make_user("xitong", units["county"], Role.SYSTEM_ADMIN)
    core_actions.set_password(admin, officer, "Reset-by-admin-1")
    response = api.get("/api/registers")
    assert response.status_code == 401
    core_actions.set_password(officer, officer, "Neu-Passwort-2025")
    assert api.get("/api/registers").status_code == 401  # revoked for good
    entry = AuditEntry.objects.get(note__contains="个有效接口令牌", object_id=str(officer.pk))
    assert entry.actor == admin and "他人设置密码" in entry.note


def test_a_token_whose_owners_password_an_administrator_set_waits_for_his_own(
    units, officer, api_for
):
    """The operator (command line) is exempt from the revocation, not from the step; an
    administrator's reset revokes the token outright (the test above). The name is the one
    docs/security.md cites."""
    api = api_for(officer)
    core_actions.set_password(None, officer, "Reset-by-admin-1")
    response = api.get("/api/registers")
    assert response.status_code == 403
    assert "设置自己的新密码" in response.json()["detail"]
    core_actions.set_password(officer, officer, "Neu-Passwort-2025")
    assert api.get("/api/registers").status_code == 200


def test_a_token_of_a_locked_account_is_refused_until_the_lock_lifts(
    units, officer, subject, api_for
):
    api = api_for(officer)
    for _ in range(5):
        Client().post("/login/", {"username": "gz_fy", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    response = api.get("/api/registers")
    assert response.status_code == 403 and "锁定" in response.json()["detail"]
    # The cool-off passes: the token works again, as a login would.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert api.get("/api/registers").status_code == 200


def test_a_password_past_its_age_does_not_stop_a_token(units, officer, api_for):
    """Decided and documented: a token has its own expiry, and a system account's password is
    never changed by a person; only a password someone else set (or a missing authenticator)
    bars it."""
    api = api_for(officer)
    SecurityState.objects.filter(user=officer).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert api.get("/api/registers").status_code == 200


# --- point 12 -----------------------------------------------------------------------------


def test_the_openapi_document_and_docs_need_a_login(units, officer, api_for):
    stranger = Client()
    response = stranger.get("/api/openapi.json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "须先登录" in response.json()["detail"]
    assert "paths" not in response.json()
    response = stranger.get("/api/docs")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert ApiClient("fz_0000_not-a-token").get("/api/openapi.json").status_code == 401

    # A logged-in browser reads both (the docs page fetches the document with its cookie).
    web = Client()
    web.force_login(officer)
    assert web.get("/api/docs").status_code == 200
    assert "paths" in web.get("/api/openapi.json").json()
    # A client with a token reads the document.
    assert "paths" in api_for(officer).get("/api/openapi.json").json()


def test_the_document_refuses_the_token_of_an_owner_who_owes_a_step(units, officer, api_for):
    api = api_for(officer)
    SecurityState.objects.filter(user=officer).update(must_change_password=True)
    response = api.get("/api/openapi.json")
    assert response.status_code == 403 and "新密码" in response.json()["detail"]
