"""Issue 15 point 10: the admin site's own password change set a password past the audited
action (no audit entry, no password_changed_at). Every password change goes through
core.actions.set_password: the admin's page sends its user to the site's own."""

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.security.models import SecurityState

NEW_PASSWORD = "Neu-Passwort-2025"


@pytest.fixture
def admin(client, tree, make_user):
    user = make_user("xitong", tree["county"], Role.SYSTEM_ADMIN)
    client.force_login(user)
    return user


def test_the_admin_sites_password_change_changes_nothing(client, admin):
    changed_at = SecurityState.objects.get(user=admin).password_changed_at
    entries = AuditEntry.objects.count()
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == "/password/"
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD) and not admin.check_password(NEW_PASSWORD)
    assert SecurityState.objects.get(user=admin).password_changed_at == changed_at
    assert AuditEntry.objects.count() == entries
    assert client.get("/admin/password_change/done/").url == "/password/"


def test_the_admin_sites_links_lead_to_the_audited_page(client, admin):
    assert client.get("/admin/password_change/").url == "/password/"
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action=AuditAction.SET_PASSWORD, object_id=str(admin.pk))
    assert entry.actor == admin
    state = SecurityState.objects.get(user=admin)
    assert not state.must_change_password and state.password_changed_at is not None


def test_there_is_no_password_reset_page(client, admin):
    """No view sets a password by e-mailed link past the audited action."""
    client.logout()
    for url in ("/admin/password_reset/", "/password_reset/", "/password-reset/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404 or response.redirect_chain[-1][0].startswith(
            "/login/"
        ), url
