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
    CLERK = "clerk", "填报员"


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
    }
)


class GrantRefused(Exception):
    """A role grant or revocation that the 三员分立 rule forbids; the message is for the user."""


def check_grant(granter_roles: set[str], *, to_self: bool, holder_roles: set[str], role: str):
    """Raise GrantRefused unless a user holding `granter_roles` may grant `role`.

    三员分立 (GB/T 22239 and the 等保 practice): the security administrator assigns roles and
    is the only one who may create the other administrators; the system administrator runs
    accounts and units but grants business roles only; the audit administrator grants nothing.
    Nobody grants anything to himself, and an administrator holds no other role at all: not a
    second administrator role, and no business role (三员 see no business records).
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
        others = holder_roles - {role}
        if others:
            held = "、".join(Role(r).label for r in Role.values if r in others)
            raise GrantRefused(f"三员分立：该用户已有角色{held}，不能再兼任{label}。")
        return
    if not granter_roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
        raise GrantRefused("只有系统管理员或安全管理员可以授予角色。")
    admin = holder_roles & ADMIN_ROLES
    if admin:
        held = "、".join(Role(r).label for r in Role.values if r in admin)
        raise GrantRefused(f"三员分立：该用户是{held}，不能兼任业务角色「{label}」。")


def check_revoke(granter_roles: set[str], *, to_self: bool, role: str):
    """Revoking follows the granting rule: who may grant a role may take it back."""
    check_grant(granter_roles, to_self=to_self, holder_roles=set(), role=role)
