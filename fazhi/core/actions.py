"""Every change to units, users and roles: one function per action, one transaction each, the
audit entry written inside it. Views and commands call these and nothing else to change data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal

from . import audit, locks
from .errors import ActionRefused
from .models import AuditAction, AuditEntry, Unit, User, UserRole, unit_path, validate_unit_code
from .registers import REGISTERS
from .roles import (
    GrantRefused,
    Role,
    check_grant,
    check_password_setter,
    check_reset,
    check_revoke,
    is_privileged,
    sensitive_roles,
)
from .text import refuse_bad_characters

UNIT_FIELDS = ["code", "name", "kind", "parent", "population"]
USER_FIELDS = ["username", "full_name", "unit", "phone", "id_number", "is_active"]

# Sent inside the move's transaction with unit_id, old_path and new_path, so that whatever is
# kept per subtree (indicators/rollups.py) follows the unit to its new ancestors.
subtree_moved = Signal()
# Sent inside the transaction, with actor, user and why, when what guards an account changes
# under it (someone else sets its password, a privileged role is granted, its second factor is
# reset): whatever credentials were made before that moment — perhaps by whoever then knew the
# password — must not outlive it. The API revokes its tokens (api/apps.py); core knows nothing
# of the API.
account_guard_changed = Signal()


@dataclass(frozen=True)
class LoginSecurity:
    """What the account actions need of the login's security (fazhi.security, an app built on
    core, which installs it with use_login_security from its AppConfig.ready()): 三员分立 here
    depends on how far an account's holder has taken it over, and granting a privileged role
    restarts the account from an activation code.

    - state_of(user): the account's stored security state (must_change_password, enrolled,
      activation_pending, activation_issued_by_id), or None for an account without one (new);
    - activate_after_grant(actor, user, role_label): inside the grant's transaction, clear the
      account's authenticator and issue its activation code, returned in clear to be shown
      once to `actor` (None: nothing to show).
    """

    state_of: Callable[[User], object | None]
    activate_after_grant: Callable[[object, User, str], str | None]


_login_security: LoginSecurity | None = None


def use_login_security(security: LoginSecurity) -> None:
    global _login_security
    _login_security = security


def _security() -> LoginSecurity:
    # Refuse rather than act without it: no grant would then restart the account.
    if _login_security is None:
        raise ImproperlyConfigured(
            "core.actions has no LoginSecurity: fazhi.security installs it in its ready()"
        )
    return _login_security


def _refuse_bad_text(**labelled):
    """Names and other short texts of accounts and units carry no control characters nor
    fazhi's markers (core/text.py): they are shown on every page and written to exports."""
    for label, text in labelled.items():
        refuse_bad_characters(text or "", label)


def _require_account_admin(actor, unit: Unit | None):
    if actor is None:  # command line, run by the machine's operator
        return
    if not actor.has_role(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        raise ActionRefused("只有系统管理员或安全管理员可以管理用户。")
    if unit is not None and not unit.is_within(actor.unit):
        raise ActionRefused(f"「{unit}」不在您所属单位的管辖范围内。")


def _require_admin_account_keeper(actor, user: User):
    """An administrator's account is kept by the security administrator only, so the system
    administrator cannot disable, move or take over the two who watch him (三员分立)."""
    if actor is None or actor.pk == user.pk:
        return
    if user.is_admin_role and not actor.has_role(Role.SECURITY_ADMIN):
        raise ActionRefused("三员分立：管理员账号只能由安全管理员维护。")


def _require_unit_admin(actor, unit: Unit | None):
    if actor is None:
        return
    if not actor.has_role(Role.SYSTEM_ADMIN):
        raise ActionRefused("只有系统管理员可以维护单位。")
    if unit is None or not unit.is_within(actor.unit):
        raise ActionRefused("只能在您所属单位之下维护单位。")


_KEEP = object()


@transaction.atomic
def save_unit(
    actor, *, code: str, name: str, kind: str, parent: Unit | None, population=_KEEP
) -> Unit:
    """Create the unit with this code, or update its name, kind and parent, and its 常住人口
    when given (a unit file without that column keeps what the administrator entered)."""
    validate_unit_code(code)
    _refuse_bad_text(单位名称=name)
    stored_parent = list(Unit.objects.filter(code=code).values_list("parent_id", flat=True))
    if stored_parent and stored_parent[0] != (parent.pk if parent else None):
        locks.hold(locks.SUBTREE_TOTALS)  # a move: before any unit row is locked (core/locks.py)
    if parent is not None:
        # The caller's copy may predate a move of one of its ancestors earlier in this
        # transaction; the path must be the one in the database now.
        parent.refresh_from_db(fields=["path"])
    unit = Unit.objects.select_for_update().filter(code=code).first()
    _require_unit_admin(actor, parent if unit is None else unit)
    if unit is not None and unit.parent_id != (parent.pk if parent else None):
        _require_unit_admin(actor, parent)
    if parent is not None and unit is not None and parent.is_within(unit):
        raise ActionRefused(f"不能把单位「{unit}」移到它自己的下级「{parent}」之下。")
    new_path = unit_path(parent.path if parent else "", code)
    if unit is None:
        unit = Unit(code=code, name=name, kind=kind, parent=parent, path=new_path)
        if population is not _KEEP:
            unit.population = population
        unit.full_clean()
        unit.save()
        audit.record(actor, AuditAction.CREATE, unit, after=audit.snapshot(unit, UNIT_FIELDS))
        return unit
    before = audit.snapshot(unit, UNIT_FIELDS)
    old_path = unit.path
    unit.name, unit.kind, unit.parent = name, kind, parent
    if population is not _KEEP:
        unit.population = population
    unit.full_clean(exclude=["path"])
    unit.save()
    if new_path != old_path:
        move_subtree(old_path, new_path)
        subtree_moved.send(Unit, unit_id=unit.pk, old_path=old_path, new_path=new_path)
        unit.refresh_from_db()
    after = audit.snapshot(unit, UNIT_FIELDS)
    if after != before:
        audit.record(actor, AuditAction.UPDATE, unit, before=before, after=after)
    return unit


def move_subtree(old_path: str, new_path: str):
    """Rewrite the path of a unit and everything below it in one UPDATE."""
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))
    )


@transaction.atomic
def create_user(
    actor,
    *,
    username: str,
    unit: Unit,
    password: str,
    full_name: str = "",
    phone: str = "",
    id_number: str = "",
) -> User:
    _require_account_admin(actor, unit)
    _refuse_bad_text(用户名=username, 姓名=full_name, 联系电话=phone)
    if User.objects.filter(username=username).exists():
        raise ActionRefused(f"用户名「{username}」已存在。")
    user = User(username=username, unit=unit, full_name=full_name, phone=phone)
    user.id_number = id_number
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(actor, AuditAction.CREATE, user, after=audit.snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def update_user(actor, user: User, **changes) -> User:
    """Change an account's name, unit, contact data or active flag."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"unknown user fields {unknown}")
    _require_account_admin(actor, user.unit)
    _require_admin_account_keeper(actor, user)
    if "unit" in changes:
        _require_account_admin(actor, changes["unit"])
    if actor is not None and actor.pk == user.pk and changes.get("is_active") is False:
        raise ActionRefused("不能停用自己的账号。")
    labels = {"username": "用户名", "full_name": "姓名", "phone": "联系电话"}
    _refuse_bad_text(**{labels[name]: changes[name] for name in labels if name in changes})
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    after = audit.snapshot(user, USER_FIELDS)
    if after != before:
        audit.record(actor, AuditAction.UPDATE, user, before=before, after=after)
    return user


def personal_data_roles() -> frozenset[str]:
    """The roles that read a register's personal data in full: the same set that must log in
    with two factors (security.policy), from the registers' own declarations."""
    return sensitive_roles(REGISTERS.values())


def knows_password(actor, user: User) -> bool:
    """Whether `actor` created `user`'s account or ever set its password, from the audit log
    (the one complete record of it). Ever, not only last: one who made the account could log
    in as it and "change his own password" to one he chose, so a later change by "the holder"
    does not prove the creator no longer knows it."""
    if actor is None or actor.pk == user.pk:
        return False
    return AuditEntry.objects.filter(
        register=User._meta.model_name,
        object_id=str(user.pk),
        actor=actor,
        action__in=[AuditAction.CREATE, AuditAction.SET_PASSWORD],
    ).exists()


def _refuse_granter_setting_password(actor, user: User):
    """三员分立 in the other order: who gave an account a privileged role (an administrator
    role, or one that reads personal data) never learns its password by setting it."""
    if actor is None or actor.pk == user.pk:
        return
    privileged = personal_data_roles()
    granted = {
        role
        for role in user.role_grants.filter(granted_by=actor).values_list("role", flat=True)
        if is_privileged(role, privileged)
    }
    try:
        check_password_setter(granted)
    except GrantRefused as refusal:
        raise ActionRefused(str(refusal)) from refusal


def lock_account(user: User):
    """A reset and a grant of the same account take turns: each decides on the other's result
    (who set the password, which roles are held), so neither may pass on a state the other is
    changing at that moment."""
    User.objects.select_for_update().filter(pk=user.pk).exists()


def _security_state(user: User):
    return _security().state_of(user)


def password_set_by_holder(user: User) -> bool:
    """Whether the account's current password is one its holder set himself: he logged in and
    replaced the one someone else set (at creation or a reset). SecurityState's
    must_change_password is exactly that fact, kept from the audit entry of every password
    change (security.receivers) and enforced at login; an account without a state is new."""
    state = _security_state(user)
    return state is not None and not state.must_change_password


def held_privileged_roles(user: User) -> set[str]:
    """The administrator roles and the roles reading personal data that `user` holds now."""
    privileged = personal_data_roles()
    roles = user.role_grants.values_list("role", flat=True)
    return {role for role in roles if is_privileged(role, privileged)}


def _refuse_reset_before_enrolment(actor, user: User):
    """A reset of an account with a privileged role, before its holder enrolled an
    authenticator, would hand the whole account to whoever set the password (roles.check_reset).
    The operator (actor None) is exempt: he sets up accounts from the machine, the demo's too."""
    if actor is None or actor.pk == user.pk:
        return
    held = held_privileged_roles(user)
    if not held:
        return
    state = _security_state(user)
    try:
        check_reset(held, holder_enrolled=state is not None and state.enrolled)
    except GrantRefused as refusal:
        raise ActionRefused(str(refusal)) from refusal


def _refuse_activation_issuer(actor, user: User):
    """The security administrator may set passwords too (_require_account_admin). Who issued
    the account's pending activation code (security.actions) has seen it: were he to set the
    password as well, he would hold both halves of the account before its holder activated
    it. A spent or replaced code opens nothing, so only the pending one counts."""
    if actor is None or actor.pk == user.pk:
        return
    state = _security_state(user)
    if state is not None and state.activation_pending and state.activation_issued_by_id == actor.pk:
        raise ActionRefused(
            "三员分立：您签发了该账号的激活码，本人凭激活码完成绑定之前，不能再设置它的密码，"
            "请由系统管理员设置。"
        )


@transaction.atomic
def set_password(actor, user: User, password: str):
    if actor is None or actor.pk != user.pk:
        _require_account_admin(actor, user.unit)
        _require_admin_account_keeper(actor, user)
        lock_account(user)
        _refuse_granter_setting_password(actor, user)
        _refuse_reset_before_enrolment(actor, user)
        _refuse_activation_issuer(actor, user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, AuditAction.SET_PASSWORD, user)
    if actor is not None and actor.pk != user.pk:
        # Someone else now knows the password: a token made before (perhaps by one who knew
        # an earlier password and logged in as the account) must not outlive this moment.
        # The operator is exempt: he keeps system accounts' tokens, and the demo resets its
        # accounts on every `make run`.
        account_guard_changed.send(User, actor=actor, user=user, why="他人设置密码")


def _actor_roles(actor) -> set[str]:
    # The command line acts as the machine's operator, who set the system up: it may create
    # the first administrators, which nobody inside the system could yet.
    return {Role.SECURITY_ADMIN} if actor is None else actor.role_codes


@transaction.atomic
def grant_role(actor, user: User, role: str) -> UserRole:
    lock_account(user)
    holder = set(user.role_grants.values_list("role", flat=True))
    if role in holder:
        grant = user.role_grants.get(role=role)
        grant.activation_code = None  # nothing granted, nothing to activate
        return grant
    try:
        check_grant(
            _actor_roles(actor),
            to_self=actor is not None and actor.pk == user.pk,
            holder_roles=holder,
            role=role,
            personal_data_roles=personal_data_roles(),
            knows_password=knows_password(actor, user),
            # The operator (command line, the demo) sets accounts up before anyone logs in.
            password_set_by_holder=actor is None or password_set_by_holder(user),
        )
    except GrantRefused as refusal:
        raise ActionRefused(str(refusal)) from refusal
    _require_account_admin(actor, user.unit)
    grant = UserRole.objects.create(user=user, role=role, granted_by=actor)
    user.__dict__.pop("role_codes", None)
    audit.record(
        actor,
        AuditAction.GRANT_ROLE,
        user,
        before={"roles": sorted(holder)},
        after={"roles": sorted(holder | {role})},
        note=f"授予角色：{Role(role).label}",
    )
    # The one-time activation code for the security administrator to hand to the holder, in
    # clear this once; None when the role is not privileged or the operator granted it.
    grant.activation_code = None
    if actor is not None and is_privileged(role, personal_data_roles()):
        # Everything the holder could present may have been set by the account's creator (he
        # may have logged in as it, replaced the first password and enrolled his own
        # authenticator): the account starts again from a secret only the granter has seen —
        # authenticator cleared, tokens revoked, sessions ended (security.actions).
        grant.activation_code = _security().activate_after_grant(actor, user, Role(role).label)
    return grant


@transaction.atomic
def revoke_role(actor, user: User, role: str):
    holder = set(user.role_grants.values_list("role", flat=True))
    if role not in holder:
        return
    try:
        check_revoke(
            _actor_roles(actor),
            to_self=actor is not None and actor.pk == user.pk,
            role=role,
            personal_data_roles=personal_data_roles(),
        )
    except GrantRefused as refusal:
        raise ActionRefused(str(refusal)) from refusal
    _require_account_admin(actor, user.unit)
    user.role_grants.filter(role=role).delete()
    user.__dict__.pop("role_codes", None)
    audit.record(
        actor,
        AuditAction.REVOKE_ROLE,
        user,
        before={"roles": sorted(holder)},
        after={"roles": sorted(holder - {role})},
        note=f"撤销角色：{Role(role).label}",
    )


def validation_messages(error: ValidationError) -> list[str]:
    """A ValidationError's messages, flat, for showing to a user."""
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)
