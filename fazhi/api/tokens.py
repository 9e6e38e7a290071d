"""Creating, revoking and checking API tokens: one action function each, audited.

A token is `fz_<prefix>_<secret>`; the prefix identifies it on the owner's page, the whole
string is the credential and only its SHA-256 digest is stored. A digest and not a password
hash: the secret is 256 random bits, so it cannot be guessed from the digest, and a fast digest
lets every request find its token by one indexed lookup.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction
from fazhi.core.text import required_text
from fazhi.security import actions as security_actions

from .models import ApiToken

SCHEME = "fz"
PREFIX_LENGTH = 8
# last_used_at is bookkeeping for the owner, not the audit log: writing it on every call would
# double the writes of a busy client, so it is refreshed at most this often.
LAST_USED_EVERY = datetime.timedelta(minutes=1)
MAX_NAME = 100


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def create_token(actor, user, name: str) -> tuple[ApiToken, str]:
    """A new token of `user`, and its secret, which is shown this once and never stored.

    A user creates his own tokens; `actor` None is the operator at the command line."""
    if actor is not None and actor.pk != user.pk:
        raise ActionRefused("只能为自己创建接口令牌。")
    if not user.is_active:
        raise ActionRefused("该用户已停用，不能创建接口令牌。")
    # A user makes his own only if the API serves his roles; the operator may still issue one
    # deliberately (a committee whose own system sends its cases).
    if actor is not None:
        permissions.require("api.tokens", user)
    # The name is shown on the owner's page and written into the audit log: no control
    # characters, none of fazhi's markers (core/text.py).
    name = required_text(name, "令牌名称", MAX_NAME, "请填写令牌名称（如调用它的系统名称）。")
    prefix, secret = _new_secret()
    expires_at = timezone.now() + datetime.timedelta(days=settings.FAZHI_API_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=digest(secret), expires_at=expires_at
    )
    audit.record(
        actor,
        AuditAction.CREATE,
        token,
        register="api_token",
        after={
            "user": user.username,
            "name": name,
            "prefix": prefix,
            "expires_at": expires_at.isoformat(),
        },
        note=f"为用户「{user.username}」创建接口令牌「{name}」",
        unit=user.unit,
    )
    return token, secret


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke a token for good; its owner (or the operator) only. Revoking twice is refused."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if actor is not None and actor.pk != token.user_id:
        raise ActionRefused("只能撤销自己的接口令牌。")
    if token.revoked:
        raise ActionRefused(f"令牌「{token.name}」已于此前撤销。")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        token,
        register="api_token",
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
        note=f"撤销用户「{token.user.username}」的接口令牌「{token.name}」",
        unit=token.user.unit,
    )
    return token


@transaction.atomic
def revoke_all(actor, user, why: str) -> int:
    """Revoke every active token of `user` at once, with one audit entry naming how many; the
    number revoked. Called when the account's guard changes under it — a privileged role
    granted, a password set by someone else, a two-factor reset (core.actions,
    security.actions): a token made before that moment, perhaps by whoever then knew the
    password, must not outlive it."""
    now = timezone.now()
    count = ApiToken.objects.active(now).filter(user=user).update(revoked_at=now)
    if count:
        audit.record(
            actor,
            AuditAction.UPDATE,
            user,
            before={"active_api_tokens": count},
            after={"active_api_tokens": 0},
            note=f"{why}：撤销用户「{user.username}」的全部 {count} 个有效接口令牌",
        )
    return count


class TokenRefused(ActionRefused):
    """A real, active token whose owner may not use it now (a step owed, a locked account);
    the API answers 403 with the message, which tells the owner what to do."""


def user_for(secret: str):
    """The active user a presented secret belongs to, or None: unknown, revoked, expired, or
    its user no longer active all answer alike, so a caller learns nothing about other tokens.

    Raises TokenRefused for a valid token whose owner still owes a step of the login (his own
    password, an authenticator) or is locked out: a token reaches no further than his session.
    """
    if not secret or not secret.startswith(f"{SCHEME}_") or len(secret) > 200:
        return None
    wanted = digest(secret)
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__unit", "user__security_state")
        .annotate(owner_failures=security_actions.recent_failures(OuterRef("user__username")))
        .filter(digest=wanted, user__is_active=True)
        .first()
    )
    # The lookup matched the digest already; comparing again in constant time costs nothing
    # and keeps the check correct should the lookup ever become a prefix search.
    if token is None or not hmac.compare_digest(token.digest, wanted):
        return None
    refusal = security_actions.token_refusal(token.user, failures=token.owner_failures)
    if refusal:
        raise TokenRefused(refusal)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
