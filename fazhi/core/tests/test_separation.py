"""三员分立 as a whole: no one grants himself a role he lacks, the three administrators' powers
do not overlap, and no role alone can both act and erase (or hide) the trace of it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core import actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, AuditLogIsAppendOnly, UserRole
from fazhi.core.roles import ADMIN_ROLES, GrantRefused, Role, check_grant
from fazhi.security import actions as security_actions

SYS, SEC, AUD = Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN
roles = st.sampled_from(Role.values)
role_sets = st.sets(roles, max_size=4)


@given(granter=role_sets, holder=role_sets, role=roles)
def test_nobody_ever_grants_himself_anything(granter, holder, role):
    with pytest.raises(GrantRefused):
        check_grant(granter, to_self=True, holder_roles=holder, role=role)


@given(granter=role_sets, holder=role_sets, role=roles, own=st.booleans())
def test_only_the_security_administrator_makes_administrators(granter, holder, role, own):
    try:
        check_grant(
            granter, to_self=False, holder_roles=holder, role=role, password_set_by_holder=own
        )
    except GrantRefused:
        return
    # Whatever the rule lets through obeys the separation:
    assert granter & {SYS, SEC}
    if role in ADMIN_ROLES:
        assert SEC in granter and holder <= {role}  # an administrator holds nothing else
        assert own  # and only once its holder replaced the password someone else set
    else:
        assert not holder & ADMIN_ROLES  # and no business role goes to an administrator


@given(holder=role_sets, role=roles)
def test_the_audit_administrator_grants_nothing(holder, role):
    with pytest.raises(GrantRefused):
        check_grant({AUD}, to_self=False, holder_roles=holder, role=role)


@pytest.fixture
def three(tree, make_user):
    return {
        SYS: make_user("xitong", tree["county"], SYS),
        SEC: make_user("anquan", tree["county"], SEC),
        AUD: make_user("shenji", tree["county"], AUD),
    }


def test_no_administrator_grants_himself_any_role_through_the_page(client, three):
    for admin in three.values():
        held = set(admin.role_codes)
        client.force_login(admin)
        for role in Role.values:
            client.post(f"/users/{admin.pk}/", {"op": "grant", "role": role})
        assert set(UserRole.objects.filter(user=admin).values_list("role", flat=True)) == held
    assert not AuditEntry.objects.filter(action=AuditAction.GRANT_ROLE, actor__in=three.values())


def test_the_three_pages_are_disjoint(client, three):
    """Accounts and roles: system and security administrators; the audit log: the auditor only;
    resetting an authenticator: the security administrator only; the unit tree (admin site):
    the system administrator only."""
    officer_pk = three[SYS].pk
    expected = {
        "/users/": {SYS: 200, SEC: 200, AUD: 403},
        "/audit/": {SYS: 403, SEC: 403, AUD: 200},
        f"/security/users/{officer_pk}/two-factor/": {SYS: 403, SEC: 200, AUD: 403},
    }
    for url, by_role in expected.items():
        for role, status in by_role.items():
            client.force_login(three[role])
            assert client.get(url).status_code == status, (url, role)
    client.force_login(three[SYS])
    assert client.get("/admin/").status_code == 200
    for role in (SEC, AUD):
        client.force_login(three[role])
        assert client.get("/admin/").status_code == 302


def test_no_one_erases_the_trace(three, tree, make_user):
    """The log is append-only for everyone, and what the security administrator does to an
    account (roles, authenticator) is written to the log he cannot read but the auditor can."""
    officer = make_user("jiaozheng", tree["county"], Role.CORRECTIONS)
    actions.grant_role(three[SEC], officer, Role.RESETTLEMENT)
    security_actions.reset_two_factor(three[SEC], officer)
    trail = AuditEntry.objects.filter(actor=three[SEC], object_id=str(officer.pk))
    assert {e.action for e in trail} == {AuditAction.GRANT_ROLE, AuditAction.TWO_FACTOR_RESET}
    for entry in trail:
        with pytest.raises(AuditLogIsAppendOnly):
            entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        trail.delete()
    assert set(AuditEntry.objects.visible_to(three[AUD])) >= set(trail)
    assert not AuditEntry.objects.visible_to(three[SEC]).exists()
    assert not AuditEntry.objects.visible_to(three[SYS]).exists()


def test_the_system_administrator_cannot_take_over_another_administrator(three):
    """Neither by a new password nor by clearing the authenticator, the second factor that
    would still stand between him and the account."""
    for target in (three[SEC], three[AUD]):
        with pytest.raises(ActionRefused):
            actions.set_password(three[SYS], target, "Taken-over-2024")
        with pytest.raises(ActionRefused):
            security_actions.reset_two_factor(three[SYS], target)
        assert security_actions.state_of(target).enrolled
