"""Every change of a user's security state: one function each, one transaction, audited.

A password change itself is core.actions.set_password; its effect on the state (must change,
changed at) follows from the audit entry it writes (receivers.py), so that every way of setting
a password — the page, an administrator's reset, the command line — counts alike.

Activation (三员分立 at the moment an account becomes privileged). Everything the holder of an
account can present — its password, an authenticator — may have been set by whoever created
the account: the system administrator logs in as it, replaces the first password and enrols an
authenticator of his own before any role is granted, and the system cannot tell him from the
holder. So when a privileged role (an administrator role, or one that reads personal data) is
granted, or a privileged account's two-factor login is reset, the account starts again from a
secret only the security administrator has seen: its authenticator is cleared, its API tokens
revoked, its sessions ended, and a one-time activation code is issued, shown once to the
security administrator, who hands it to the holder in person. A new authenticator is enrolled
only with that code. The system administrator knows the password but never the code; the
security administrator knows the code but never the password (he may not set it while his code
is pending: core.actions.set_password). Until the code is used the account is held at the
enrolment step and its tokens are refused. The operator (actor None: the command line, the
demo) sets accounts up from the machine and is exempt, as from the other 三员分立 rules.
"""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.core import actions as core_actions
from fazhi.core import audit
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, User
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import GrantRefused, Role, check_two_factor_reset

from . import policy
from .models import RecoveryCode, SecurityState

PASSWORD = "password"
ENROL = "enrol"


class CodeRefused(Exception):
    """A two-factor code that is wrong, expired or already used; the message is for the user."""


class ActivationExpired(ActionRefused):
    """The right moment for a code has passed: the security administrator issues a new one.
    Not a failed login (nothing was guessed), so it does not count toward the lockout."""


def state_of(user: User) -> SecurityState:
    # A user without a state (an account made by no action, e.g. directly in a shell) is
    # treated as new: he sets his own password first.
    state, _ = SecurityState.objects.get_or_create(user=user)
    return state


def recorded_state(user: User) -> SecurityState | None:
    """The account's state as stored, or None for an account without one, which it does not
    make (unlike state_of): core.actions decides 三员分立 on it (LoginSecurity, apps.py)."""
    return SecurityState.objects.filter(user=user).first()


def requires_two_factor(user: User) -> bool:
    return policy.two_factor_required(user.role_codes, REGISTERS.values())


def required_steps(user: User, now=None) -> list[str]:
    """What the user must do before anything else: set his own password, then (if his roles
    need it) enrol an authenticator."""
    return _owed(user, state_of(user), now or timezone.now(), password_age=True)


def _owed(user: User, state: SecurityState, now, *, password_age: bool) -> list[str]:
    steps = []
    if state.must_change_password or (
        password_age
        and policy.password_expired(
            state.password_changed_at, now, settings.FAZHI_PASSWORD_MAX_AGE_DAYS
        )
    ):
        steps.append(PASSWORD)
    # A pending activation code means the authenticator, if any, is not yet the holder's
    # (only confirm_enrolment, with the code, ends it): the step stays owed.
    if (not state.enrolled or state.activation_pending) and requires_two_factor(user):
        steps.append(ENROL)
    return steps


TOKEN_REFUSALS = {
    PASSWORD: "该令牌所属账号的密码由管理员设置、尚未由本人修改，接口暂不可用："
    "请先登录网页设置自己的新密码。",
    ENROL: "该令牌所属账号的角色须使用双因素认证，但尚未绑定手机验证器，接口暂不可用："
    "请先登录网页完成绑定。",
}
TOKEN_LOCKED = "该令牌所属账号因连续登录失败已被锁定，接口暂不可用，请稍后再试。"
TOKEN_ACTIVATION = (
    "该令牌所属账号新获授予的角色尚未由本人凭激活码激活，接口暂不可用："
    "请本人登录网页，输入安全管理员当面交给的激活码并绑定手机验证器。"
)


def recent_failures(username):
    """The failed logins that count toward an account's lock now, as a subquery over
    `username` (an OuterRef): django-axes' per-username rule (AXES_FAILURE_LIMIT failures
    within AXES_COOLOFF_TIME), so that an API request pays no query of its own for it."""
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    total = attempts.order_by().values("username").annotate(n=Sum("failures_since_start"))
    return Coalesce(Subquery(total.values("n")[:1]), 0)


def token_refusal(user: User, *, failures: int, now=None) -> str | None:
    """Why a token of `user` may not be used now, in Chinese, or None. A token reaches no
    further than its owner's web session could (GB/T 22239 身份鉴别 d): the steps the
    session middleware enforces — a password someone else set, an authenticator his roles
    need — and the login's lock, all bar the token too. The age of the password does not:
    a token has its own expiry (FAZHI_API_TOKEN_DAYS), and a system account's password is
    never changed by a person (docs/security.md).

    `failures` comes from `recent_failures` in the token's own lookup; the user's security
    state is read from `user.security_state` when that lookup selected it."""
    try:
        state = user.security_state
    except SecurityState.DoesNotExist:
        state = state_of(user)
    owed = _owed(user, state, now or timezone.now(), password_age=False)
    if owed:
        # Granting revoked every token the account had; one made since, before the holder
        # activated, is refused with the step (_owed owes ENROL while a code is pending).
        if owed[0] == ENROL and state.activation_pending:
            return TOKEN_ACTIVATION
        return TOKEN_REFUSALS[owed[0]]
    if failures >= get_failure_limit(None, {"username": user.username}):
        return TOKEN_LOCKED
    return None


def _locked_state(user: User) -> SecurityState:
    state_of(user)
    return SecurityState.objects.select_for_update().get(user=user)


ACTIVATION_NEEDED = "请先输入安全管理员当面交给您的激活码。"


def _require_activation(state: SecurityState, activation: str | None):
    """With a code pending, only the session that presented it (and holds its marker) may see
    or confirm a secret: one who merely knows the password never sees the QR code."""
    if state.activation_pending and (not activation or activation != state.activation_marker):
        raise ActionRefused(ACTIVATION_NEEDED)


@transaction.atomic
def begin_enrolment(user: User, activation: str | None = None) -> str:
    """The secret the user is to load into his authenticator. It stays pending (not used for
    login) until he proves with a code that his app has it; asking again gives the same
    pending secret, so a reload of the page does not invalidate a scanned QR code.

    `activation` is the marker accept_activation_code gave the session, where a code is
    pending."""
    state = _locked_state(user)
    if state.enrolled:
        raise ActionRefused("已启用双因素认证。如需更换手机，请联系安全管理员重置。")
    _require_activation(state, activation)
    if not state.totp_secret:
        state.totp_secret = policy.new_totp_secret()
        state.save(update_fields=["totp_secret"])
    return state.totp_secret


@transaction.atomic
def confirm_enrolment(user: User, code: str, now=None, activation: str | None = None) -> list[str]:
    """Turn two-factor login on once the user's code matches the pending secret; returns the
    recovery codes in clear, to be shown once (only their hashes are kept). A pending
    activation code is spent here, and only here: the holder who typed it but not yet a
    valid TOTP code may try again in the same session."""
    now = now or timezone.now()
    state = _locked_state(user)
    if state.enrolled:
        raise ActionRefused("已启用双因素认证。")
    _require_activation(state, activation)
    if state.activation_pending and state.activation_expired(now):
        raise ActivationExpired(ACTIVATION_EXPIRED)
    step = policy.accepted_step(state.totp_secret, code, now, state.totp_last_step)
    if step is None:
        raise CodeRefused("动态口令不正确，请核对手机时间后输入验证器上当前显示的 6 位数字。")
    activated = state.activation_pending
    state.totp_confirmed_at = now
    state.totp_last_step = step
    fields = ["totp_confirmed_at", "totp_last_step"]
    if activated:
        state.activation_digest = ""
        state.activation_issued_at = None
        state.activation_expires_at = None
        state.activation_issued_by = None
        fields += ACTIVATION_FIELDS
    state.save(update_fields=fields)
    codes = _new_recovery_codes(state)
    audit.record(
        user,
        AuditAction.TWO_FACTOR_ENROL,
        user,
        before={"two_factor": "待激活" if activated else "未启用"},
        after={"two_factor": "已启用"},
        note=(
            "凭激活码启用双因素认证（动态口令），激活码作废，生成 10 个恢复码"
            if activated
            else "启用双因素认证（动态口令），生成 10 个恢复码"
        ),
    )
    return codes


ACTIVATION_FIELDS = [
    "activation_digest",
    "activation_issued_at",
    "activation_expires_at",
    "activation_issued_by",
]
ACTIVATION_EXPIRED = (
    f"激活码已过期（有效期 {policy.ACTIVATION_HOURS} 小时）。"
    "请联系安全管理员在用户页重新签发激活码。"
)
ACTIVATION_WRONG = "激活码不正确。请核对安全管理员当面交给您的 8 位激活码（字母不区分大小写）。"


@transaction.atomic
def accept_activation_code(user: User, code: str, now=None) -> str:
    """Check the activation code the holder typed; return the marker his session keeps to
    enrol (SecurityState.activation_marker). A fresh secret is drawn at this moment, so any
    secret someone else made the account show before (he knows the password and opened the
    enrolment page) is void. Raises CodeRefused for a wrong code — the caller counts it as a
    failed login — and ActivationExpired past its validity."""
    now = now or timezone.now()
    state = _locked_state(user)
    if not state.activation_pending:
        raise ActionRefused("该账号没有待使用的激活码。")
    if state.activation_expired(now):
        raise ActivationExpired(ACTIVATION_EXPIRED)
    if not policy.recovery_code_matches(code, state.activation_digest):
        raise CodeRefused(ACTIVATION_WRONG)
    state.totp_secret = policy.new_totp_secret()
    state.totp_confirmed_at = None
    state.totp_last_step = None
    state.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    return state.activation_marker


def end_sessions(user: User) -> int:
    """End every web session of `user`: one opened before his account became privileged must
    not keep the reach the session middleware checks only every few minutes (session.py).
    The sessions are in the database (Django's default engine) without an index by user, so
    the live ones are read and decoded; that is a few hundred rows in a county, on an action
    (a grant, a reset) that happens a few times a month."""
    ended = 0
    wanted = str(user.pk)
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for stored in live.iterator():
        if str(stored.get_decoded().get(SESSION_KEY)) == wanted:
            stored.delete()
            ended += 1
    return ended


def _issue_activation(actor, user: User, state: SecurityState, *, why: str, now) -> str:
    """Clear the authenticator of a locked `state`, draw a new activation code, end the
    account's sessions and revoke its tokens, audited; the code in clear is returned to be
    shown once to `actor`."""
    was = "已启用" if state.enrolled else ("待激活" if state.activation_pending else "未启用")
    code = policy.new_activation_code()
    state.totp_secret = ""
    state.totp_confirmed_at = None
    state.totp_last_step = None
    state.activation_digest = policy.hash_recovery_code(code)
    state.activation_issued_at = now
    state.activation_expires_at = policy.activation_expiry(now)
    state.activation_issued_by = actor
    state.save(
        update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", *ACTIVATION_FIELDS]
    )
    state.recovery_codes.all().delete()
    end_sessions(user)
    core_actions.account_guard_changed.send(User, actor=actor, user=user, why=why)
    expires = timezone.localtime(state.activation_expires_at)
    audit.record(
        actor,
        AuditAction.TWO_FACTOR_RESET,
        user,
        before={"two_factor": was},
        after={"two_factor": "待激活", "activation_expires_at": expires.isoformat()},
        note=f"{why}：原验证器和恢复码作废，签发一次性激活码（{expires:%Y-%m-%d %H:%M} 前有效），"
        "由本人凭激活码重新绑定验证器",
    )
    return code


@transaction.atomic
def activate_after_grant(actor, user: User, role_label: str) -> str | None:
    """Called by core.actions.grant_role, in its transaction, when `actor` has just granted
    `user` a privileged role: the account starts again from an activation code (module
    docstring). Returns the code to show once; None for the operator, who is exempt."""
    if actor is None:
        return None
    state = _locked_state(user)
    return _issue_activation(actor, user, state, why=f"授予「{role_label}」", now=timezone.now())


def _require_security_administrator_of(actor: User, user: User, *, doing: str, own: str):
    """The guard of what only a security administrator does to another's second factor
    (issuing an activation code, resetting two-factor login): within his unit, never his own,
    and never for an account whose password he knows. Password and second factor in one hand
    are the whole account: the security administrator keeps administrators' passwords, and
    could otherwise take over the auditor who watches him, or an officer who reads personal
    data (三员分立)."""
    if not actor.has_role(Role.SECURITY_ADMIN):
        raise ActionRefused(f"只有安全管理员可以{doing}。")
    if actor.pk == user.pk:
        raise ActionRefused(f"不能{own}。")
    if user.unit is None or actor.unit is None or not user.unit.is_within(actor.unit):
        raise ActionRefused(f"「{user}」不在您所属单位的管辖范围内。")
    if core_actions.knows_password(actor, user):
        raise ActionRefused(
            f"三员分立：您创建了该账号或设置过它的密码，不能再为它{doing}，"
            f"请由另一名安全管理员{doing}。"
        )


def _require_activation_issuer(actor: User, user: User):
    _require_security_administrator_of(actor, user, doing="签发激活码", own="为自己签发激活码")


@transaction.atomic
def reissue_activation(actor: User, user: User) -> str:
    """A new activation code for an account whose code is pending (lost, or past its 72
    hours); the old one is void. The security administrator's, from the user's page."""
    _require_activation_issuer(actor, user)
    core_actions.lock_account(user)
    state = _locked_state(user)
    if not state.activation_pending:
        raise ActionRefused(f"「{user}」没有待激活的激活码，无需重新签发。")
    return _issue_activation(actor, user, state, why="重新签发激活码", now=timezone.now())


def _new_recovery_codes(state: SecurityState) -> list[str]:
    state.recovery_codes.all().delete()
    codes = policy.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(state=state, code_hash=policy.hash_recovery_code(c)) for c in codes
    )
    return codes


@transaction.atomic
def check_login_code(user: User, code: str, now=None) -> str:
    """Accept a code at login: a current TOTP code not used before ("totp"), or an unused
    recovery code ("recovery", which is then spent and logged). Raises CodeRefused."""
    now = now or timezone.now()
    state = _locked_state(user)
    if not state.enrolled:
        raise CodeRefused("该账号尚未启用双因素认证。")
    step = policy.accepted_step(state.totp_secret, code, now, state.totp_last_step)
    if step is not None:
        state.totp_last_step = step
        state.save(update_fields=["totp_last_step"])
        return "totp"
    if len(policy.normalise_code(code)) == policy.RECOVERY_LENGTH:
        for recovery in state.recovery_codes.filter(used_at=None):
            if policy.recovery_code_matches(code, recovery.code_hash):
                recovery.used_at = now
                recovery.save(update_fields=["used_at"])
                left = state.recovery_codes.filter(used_at=None).count()
                audit.record(
                    user,
                    AuditAction.RECOVERY_CODE_LOGIN,
                    register="session",
                    note=f"使用恢复码登录（剩余 {left} 个）",
                )
                return "recovery"
    raise CodeRefused("动态口令或恢复码不正确。")


def unused_recovery_codes(user: User) -> int:
    return state_of(user).recovery_codes.filter(used_at=None).count()


@transaction.atomic
def reset_two_factor(actor: User, user: User) -> str | None:
    """The security administrator turns a user's two-factor login off (a lost phone); the user
    enrols again at his next login. Nobody resets his own: that would lower his own guard.

    The account's API tokens are revoked (a token must not outlive the authenticator that
    guarded the account when it was made). An account with a privileged role enrols again only
    with a new activation code, which is returned to be shown once; None for the others."""
    _require_security_administrator_of(
        actor, user, doing="重置双因素认证", own="重置自己的双因素认证"
    )
    # Nor while someone else's password stands on an account with a privileged role: whoever
    # set it would log in first and enrol his own authenticator (roles.check_two_factor_reset).
    core_actions.lock_account(user)
    try:
        check_two_factor_reset(
            core_actions.held_privileged_roles(user),
            password_set_by_holder=core_actions.password_set_by_holder(user),
        )
    except GrantRefused as refusal:
        raise ActionRefused(str(refusal)) from refusal
    state = _locked_state(user)
    if core_actions.held_privileged_roles(user):
        return _issue_activation(actor, user, state, why="重置双因素认证", now=timezone.now())
    core_actions.account_guard_changed.send(User, actor=actor, user=user, why="重置双因素认证")
    was = "已启用" if state.enrolled else "未启用"
    state.totp_secret = ""
    state.totp_confirmed_at = None
    state.totp_last_step = None
    state.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    state.recovery_codes.all().delete()
    audit.record(
        actor,
        AuditAction.TWO_FACTOR_RESET,
        user,
        before={"two_factor": was},
        after={"two_factor": "已重置"},
        note="重置双因素认证（用户下次登录时重新绑定验证器）",
    )
    return None


@transaction.atomic
def accept_current_password(user: User) -> None:
    """Record the user's present password as his own: no change forced at his next login.

    Command line only (there is no actor parameter, and no page calls it): the demo, whose
    operator has just set each account's password — an audited SET_PASSWORD entry — and hands
    it to the one person who will use it. That entry is the trace of this set-up step; a second
    entry per account would only repeat it.
    """
    state = _locked_state(user)
    state.must_change_password = False
    state.password_changed_at = timezone.now()
    state.save(update_fields=["must_change_password", "password_changed_at"])
