"""三员分立: who may grant which role, in the rule, in the actions and through the pages."""

import pytest

from fazhi.core import actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, UserRole
from fazhi.core.roles import GrantRefused, Role, check_grant

SYS, SEC, AUD = Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN


def test_nobody_grants_himself_anything():
    for granter in ({SYS}, {SEC}):
        for role in Role.values:
            with pytest.raises(GrantRefused, match="自己"):
                check_grant(granter, to_self=True, holder_roles=set(), role=role)


def test_system_admin_grants_business_roles_but_no_admin_role():
    check_grant({SYS}, to_self=False, holder_roles=set(), role=Role.RECONSIDERATION)
    check_grant({SYS}, to_self=False, holder_roles=set(), role=Role.CLERK)
    for role in (SYS, SEC, AUD):
        with pytest.raises(GrantRefused, match="只有安全管理员"):
            check_grant({SYS}, to_self=False, holder_roles=set(), role=role)


def test_security_admin_grants_administrators_but_never_two_to_one_person():
    check_grant({SEC}, to_self=False, holder_roles=set(), role=AUD, password_set_by_holder=True)
    with pytest.raises(GrantRefused, match="三员分立"):
        check_grant({SEC}, to_self=False, holder_roles={SYS}, role=AUD, password_set_by_holder=True)


def test_a_privileged_role_waits_until_the_holder_set_his_own_password():
    """Issue 15 point 5: an administrator role or one that reads personal data goes only to an
    account whose holder replaced the password someone else set; other roles do not wait."""
    personal = frozenset({Role.CORRECTIONS})
    for role in (AUD, SYS, Role.CORRECTIONS):
        with pytest.raises(GrantRefused, match="尚未由本人登录并修改初始口令"):
            check_grant(
                {SEC}, to_self=False, holder_roles=set(), role=role, personal_data_roles=personal
            )
        check_grant(
            {SEC},
            to_self=False,
            holder_roles=set(),
            role=role,
            personal_data_roles=personal,
            password_set_by_holder=True,
        )
    check_grant(
        {SYS},
        to_self=False,
        holder_roles=set(),
        role=Role.RECONSIDERATION,
        personal_data_roles=personal,
    )


def test_audit_admin_grants_nothing():
    for role in (Role.LEADER, AUD, Role.CLERK):
        with pytest.raises(GrantRefused, match="审计管理员"):
            check_grant({AUD}, to_self=False, holder_roles=set(), role=role)


def test_business_users_grant_nothing():
    with pytest.raises(GrantRefused):
        check_grant({Role.LEADER}, to_self=False, holder_roles=set(), role=Role.CLERK)


def test_unknown_role_is_refused():
    with pytest.raises(GrantRefused, match="未知角色"):
        check_grant({SEC}, to_self=False, holder_roles=set(), role="superuser")


def test_system_admin_cannot_grant_himself_audit_rights(tree, make_user):
    admin = make_user("admin", tree["county"], SYS)
    with pytest.raises(ActionRefused):
        actions.grant_role(admin, admin, AUD)
    colleague = make_user("colleague", tree["county"])
    with pytest.raises(ActionRefused):
        actions.grant_role(admin, colleague, AUD)
    assert not UserRole.objects.filter(role=AUD).exists()


def test_grant_is_audited_and_refusal_changes_nothing(tree, make_user):
    security = make_user("security", tree["county"], SEC)
    officer = make_user("officer", tree["county"])
    entries_before = AuditEntry.objects.count()
    actions.grant_role(security, officer, Role.RECONSIDERATION)
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditAction.GRANT_ROLE
    assert entry.actor == security
    assert entry.after == {"roles": [Role.RECONSIDERATION]}
    assert AuditEntry.objects.count() == entries_before + 1
    with pytest.raises(ActionRefused):
        actions.grant_role(security, security, AUD)
    assert AuditEntry.objects.count() == entries_before + 1
    assert officer.role_codes == {Role.RECONSIDERATION}


def test_admin_of_one_county_cannot_manage_users_of_another(tree, make_user):
    admin = make_user("admin", tree["county"], SYS)
    stranger = make_user("stranger", tree["sibling"])
    with pytest.raises(ActionRefused, match="管辖范围"):
        actions.grant_role(admin, stranger, Role.LEADER)
    with pytest.raises(ActionRefused, match="管辖范围"):
        actions.create_user(admin, username="x", unit=tree["sibling"], password="Abcdef-12345")


def test_system_admin_cannot_grant_audit_rights_through_the_page(client, tree, make_user):
    admin = make_user("admin", tree["county"], SYS)
    client.force_login(admin)
    response = client.post(f"/users/{admin.pk}/", {"op": "grant", "role": AUD}, follow=True)
    assert "不能给自己授予" in response.content.decode()
    assert not UserRole.objects.filter(role=AUD).exists()


def test_system_admin_cannot_read_the_audit_log(client, tree, make_user):
    client.force_login(make_user("admin", tree["county"], SYS))
    assert client.get("/audit/").status_code == 403


def test_audit_admin_reads_the_log_and_nothing_else(client, tree, make_user):
    auditor = make_user("auditor", tree["county"], AUD)
    client.force_login(auditor)
    assert client.get("/audit/").status_code == 200
    assert client.get("/users/").status_code == 403
    assert client.get("/users/new/").status_code == 403
    assert client.get("/admin/").status_code == 302  # admin site refuses: back to its login
    other = make_user("other", tree["county"])
    response = client.post(f"/users/{other.pk}/", {"op": "grant", "role": Role.LEADER})
    assert response.status_code == 403
    assert not other.role_grants.exists()


def test_system_admin_cannot_move_a_unit_out_of_his_reach(tree, make_user):
    admin = make_user("admin", tree["county"], SYS)
    with pytest.raises(ActionRefused):
        actions.save_unit(
            admin,
            code="433126-S01",
            name="古阳镇司法所",
            kind="judicial_office",
            parent=tree["sibling"],
        )
    tree["office"].refresh_from_db()
    assert tree["office"].parent == tree["county"]
    assert tree["committee"].path.startswith(tree["county"].path)


def test_a_unit_with_an_unknown_kind_or_too_long_a_name_is_refused(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.save_unit(None, code="433126-99", name="x", kind="bureau", parent=tree["county"])
    with pytest.raises(ValidationError):
        actions.save_unit(None, code="433126-99", name="长" * 101, kind="section", parent=None)
    assert not tree["county"].children.filter(code="433126-99").exists()


def test_an_administrator_holds_no_business_role_and_the_reverse(tree, make_user):
    security = make_user("security", tree["county"], SEC)
    auditor = make_user("auditor", tree["county"], AUD)
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    with pytest.raises(ActionRefused, match="不能兼任业务角色"):
        actions.grant_role(security, auditor, Role.RECONSIDERATION)
    with pytest.raises(ActionRefused, match="不能再兼任"):
        actions.grant_role(security, officer, AUD)
    assert auditor.role_codes == {AUD} and officer.role_codes == {Role.RECONSIDERATION}


def test_the_system_admin_cannot_disable_or_take_over_the_other_administrators(tree, make_user):
    admin = make_user("admin", tree["county"], SYS)
    security = make_user("security", tree["county"], SEC)
    auditor = make_user("auditor", tree["county"], AUD)
    for target in (security, auditor):
        with pytest.raises(ActionRefused, match="只能由安全管理员维护"):
            actions.update_user(admin, target, is_active=False)
        with pytest.raises(ActionRefused, match="只能由安全管理员维护"):
            actions.set_password(admin, target, "Taken-over-2024")
        target.refresh_from_db()
        assert target.is_active and not target.check_password("Taken-over-2024")
    actions.update_user(security, auditor, full_name="王敏")  # the keeper of admin accounts
    officer = make_user("officer", tree["office"], Role.RECONSIDERATION)
    actions.update_user(admin, officer, is_active=False)  # ordinary accounts stay his
