"""The authentication rules, as pure functions: who must use two-factor login, when a password
is too old, which time-based code is valid, what a recovery code looks like.

TOTP is RFC 6238 as authenticator apps implement it: HMAC-SHA1, 30-second steps, 6 digits; a
code of the step before or after the current one is accepted too (clocks drift), and a step once
used is never accepted again (a code seen over someone's shoulder is worth nothing).
"""

import datetime
import hashlib
import hmac
import secrets

import pyotp

from fazhi.core.roles import ADMIN_ROLES, sensitive_roles

TOTP_DIGITS = 6
TOTP_INTERVAL = 30
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Ten characters of a 32-letter alphabet without look-alikes: 50 bits, shown as "abcde-fghjk".
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
# The activation code the security administrator hands to the holder of a newly privileged
# account: eight characters of the same alphabet (about 40 bits), shown "ABCD-EFGH". Enough
# against guessing because every wrong try counts toward the login lockout (django-axes), and
# short enough to be read out and typed. Valid 72 hours: long enough to meet in person.
ACTIVATION_LENGTH = 8
ACTIVATION_HOURS = 72


def two_factor_required(role_codes, registers) -> bool:
    """GB/T 22239 level 3 身份鉴别 d: the three administrators and every role that can read
    sensitive personal data log in with two factors; for the rest it is optional."""
    roles = set(role_codes)
    return bool(roles & ADMIN_ROLES or roles & sensitive_roles(registers))


def password_expired(changed_at, now: datetime.datetime, max_age_days: int) -> bool:
    """A password never recorded as changed by its holder counts as expired."""
    if changed_at is None:
        return True
    if max_age_days <= 0:  # a deployment may switch the periodic change off
        return False
    return now - changed_at > datetime.timedelta(days=max_age_days)


def new_totp_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def time_step(at: datetime.datetime) -> int:
    return int(at.timestamp()) // TOTP_INTERVAL


def code_for_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL).generate_otp(step)


def accepted_step(secret: str, code: str, at: datetime.datetime, last_step: int | None):
    """The time step `code` belongs to, if it is valid at `at` and newer than `last_step`;
    None otherwise."""
    code = normalise_code(code)
    if not secret or len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    now = time_step(at)
    for step in range(now - TOTP_DRIFT_STEPS, now + TOTP_DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(code_for_step(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
    return totp.provisioning_uri(name=account, issuer_name=issuer)


def normalise_code(code: str) -> str:
    """What the user typed, without spaces or dashes, lower case (codes are read aloud,
    copied from paper, typed on phones)."""
    return "".join(c for c in (code or "") if c.isalnum()).lower()


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def new_activation_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(ACTIVATION_LENGTH)).upper()
    return f"{raw[:4]}-{raw[4:]}"


def activation_expiry(issued_at: datetime.datetime) -> datetime.datetime:
    return issued_at + datetime.timedelta(hours=ACTIVATION_HOURS)


def hash_recovery_code(code: str, salt: str | None = None) -> str:
    """salt$sha256. A fast hash is enough here: unlike a password, a recovery code is 50
    random bits, beyond any guessing, so slowing each check down would buy nothing."""
    salt = salt if salt is not None else secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{normalise_code(code)}".encode()).hexdigest()
    return f"{salt}${digest}"


def recovery_code_matches(code: str, stored: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_recovery_code(code, salt), stored)
