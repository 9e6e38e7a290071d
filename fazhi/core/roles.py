"""Roles and the 三员分立 rule of who may grant which role.

Roles are code, not data: a register names the role that works it, and the rules below are
pure functions so they are tested without a database.
"""

from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    LEADER = "leader", "局领导"
    RECONSIDERATION = "reconsideration", "复议应诉"
    LEGALITY = "legality", "合法性审查"
    ENFORCEMENT = "enforcement", "执法监督"
    LEGAL_SERVICES = "legal_services", "公共法律服务"
    MEDIATION = "mediation", "人民调解"
    CORRECTIONS = "corrections", "社区矫正"
    RESETTLEMENT = "resettlement", "安置帮教"
    PUBLICITY = "publicity", "普法宣传"
    # 依法治县办: the office of the county's rule-of-law committee (its meetings, the tasks of
    # its 工作要点, the departments' 法治政府建设年度报告) and the government's 法律顾问.
    RULE_OF_LAW = "rule_of_law", "依法治县"
    CLERK = "clerk", "填报员"


# What a role's holder does with a register's records: read them, or change them. The one access
# rule (core/access.py) answers for each; pages, the API and figures name the one they need.
VIEW = "view"
CHANGE = "change"

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(
    {
        Role.RECONSIDERATION,
        Role.LEGALITY,
        Role.ENFORCEMENT,
        Role.LEGAL_SERVICES,
        Role.MEDIATION,
        Role.CORRECTIONS,
        Role.RESETTLEMENT,
        Role.PUBLICITY,
        Role.RULE_OF_LAW,
    }
)


class GrantRefused(Exception):
    """A role grant or revocation that the 三员分立 rule forbids; the message is for the user."""


def check_grant(
    granter_roles: set[str],
    *,
    to_self: bool,
    holder_roles: set[str],
    role: str,
    personal_data_roles: frozenset[str] = frozenset(),
    knows_password: bool = False,
    password_set_by_holder: bool = False,
):
    """Raise GrantRefused unless a user holding `granter_roles` may grant `role`.

    三员分立 (GB/T 22239-2019 8.1.4.2, 8.1.5 and the 等保 practice): the system administrator
    runs accounts and units, the security administrator runs authorisations, the audit
    administrator grants nothing. Nobody grants anything to himself, and an administrator holds
    no other role at all: not a second administrator role, and no business role (三员 see no
    business records).

    A privileged role — an administrator role, or one of `personal_data_roles` (the roles that
    read a register's personal data in full, computed from the registers by the caller) — is
    granted by the security administrator only, and never by one who `knows_password`: who
    created the account or ever set its password. Otherwise one person could make a stand-in
    account, give it the right to read every ID number, log in as it and read them.

    Nor is it granted to an account whose current password someone else set (a new account, a
    reset) until `password_set_by_holder`: its holder logged in and replaced it. Otherwise the
    system administrator creates the account, a security administrator grants the role, and
    before the real holder ever logs in the system administrator does, with the first password,
    changes it, enrols his own authenticator and reads the data. The default is the refusal, so
    that a caller who forgets to say grants nothing privileged.
    """
    if role not in Role.values:
        raise GrantRefused(f"未知角色：{role}")
    label = Role(role).label
    if to_self:
        raise GrantRefused(f"不能给自己授予角色「{label}」。")
    if Role.AUDIT_ADMIN in granter_roles and not granter_roles & {
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
    }:
        raise GrantRefused("审计管理员只能查阅审计日志，不能授予角色。")
    if role in ADMIN_ROLES:
        if Role.SECURITY_ADMIN not in granter_roles:
            raise GrantRefused(f"只有安全管理员可以授予「{label}」。")
        _refuse_if_password_known(label, knows_password)
        _refuse_unless_holder_set_password(label, password_set_by_holder)
        others = holder_roles - {role}
        if others:
            held = "、".join(Role(r).label for r in Role.values if r in others)
            raise GrantRefused(f"三员分立：该用户已有角色{held}，不能再兼任{label}。")
        return
    if not granter_roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
        raise GrantRefused("只有系统管理员或安全管理员可以授予角色。")
    if role in personal_data_roles:
        if Role.SECURITY_ADMIN not in granter_roles:
            raise GrantRefused(
                f"三员分立：「{label}」可以查看个人敏感信息，只有安全管理员可以授予"
                "（系统管理员管理账号，安全管理员管理授权）。"
            )
        _refuse_if_password_known(label, knows_password)
        _refuse_unless_holder_set_password(label, password_set_by_holder)
    admin = holder_roles & ADMIN_ROLES
    if admin:
        held = "、".join(Role(r).label for r in Role.values if r in admin)
        raise GrantRefused(f"三员分立：该用户是{held}，不能兼任业务角色「{label}」。")


def _refuse_if_password_known(label: str, knows_password: bool):
    if knows_password:
        raise GrantRefused(
            f"三员分立：您创建了该账号或设置过它的密码，不能再授予它「{label}」，"
            "请由另一名安全管理员授予。"
        )


def _refuse_unless_holder_set_password(label: str, password_set_by_holder: bool):
    if not password_set_by_holder:
        raise GrantRefused(
            f"该账号尚未由本人登录并修改初始口令（或管理员重置的口令），不能授予「{label}」"
            "（可查看个人敏感信息或管理员的角色）。请待本人登录并设置自己的密码后再授予。"
        )


def sensitive_roles(registers) -> frozenset[str]:
    """The roles that read personal data in full: each register that declares personal fields
    (Register.sensitive) is worked by its register_role, who sees them unmasked. Privileged
    under 三员分立 (check_grant's `personal_data_roles`) and bound to two-factor login."""
    return frozenset(r.register_role for r in registers if r.sensitive)


def is_privileged(role: str, personal_data_roles: frozenset[str]) -> bool:
    """Whether `role` is one whose grantor must never know the holder's password."""
    return role in ADMIN_ROLES or role in personal_data_roles


def check_password_setter(granted_privileged: set[str]):
    """Raise GrantRefused if whoever would set another user's password granted that user a
    privileged role he still holds (`granted_privileged`): the same separation as
    check_grant's, in the other order (grant first, then learn the password)."""
    if granted_privileged:
        held = "、".join(Role(r).label for r in Role.values if r in granted_privileged)
        raise GrantRefused(
            f"三员分立：您授予了该用户「{held}」，不能再设置它的密码，"
            "请由系统管理员（管理员账号由另一名安全管理员）设置。"
        )


def check_reset(held_privileged: set[str], *, holder_enrolled: bool):
    """Raise GrantRefused if someone other than the holder would set the password of an account
    that holds privileged roles (`held_privileged`) but whose holder has not yet enrolled an
    authenticator. The reset forces a change at the next login, but whoever set the password
    logs in first, "changes it himself" and enrols his own authenticator: the forced change
    cannot tell him from the holder. Once the holder has enrolled, a reset alone opens nothing
    (the authenticator is still his), so the reset is allowed."""
    if held_privileged and not holder_enrolled:
        held = "、".join(Role(r).label for r in Role.values if r in held_privileged)
        raise GrantRefused(
            f"该账号持有「{held}」（可查看个人敏感信息或管理员的角色），本人尚未绑定手机验证器，"
            "此时由他人设置密码，设置者即可冒用该账号。请先由安全管理员撤销这些角色，"
            "重置密码并由本人登录修改后再重新授予。"
        )


def check_two_factor_reset(held_privileged: set[str], *, password_set_by_holder: bool):
    """Raise GrantRefused if the security administrator would clear the authenticator of an
    account that holds privileged roles while its current password is one someone else set:
    check_reset in the other order (the system administrator resets the password of an
    enrolled account, which is allowed, then the authenticator is cleared, and whoever set the
    password logs in first and enrols his own)."""
    if held_privileged and not password_set_by_holder:
        held = "、".join(Role(r).label for r in Role.values if r in held_privileged)
        raise GrantRefused(
            f"该账号持有「{held}」（可查看个人敏感信息或管理员的角色），其密码由他人设置、"
            "尚未由本人登录修改，此时重置双因素认证，设置密码者即可冒用该账号。"
            "请待本人登录并修改密码后再重置，或先由安全管理员撤销这些角色。"
        )


def check_revoke(
    granter_roles: set[str],
    *,
    to_self: bool,
    role: str,
    personal_data_roles: frozenset[str] = frozenset(),
):
    """Revoking follows the granting rule: who may grant a role may take it back. (Who knows
    the password, and who set it, do not matter here: taking a right away never opens data.)"""
    check_grant(
        granter_roles,
        to_self=to_self,
        holder_roles=set(),
        role=role,
        personal_data_roles=personal_data_roles,
        password_set_by_holder=True,
    )
