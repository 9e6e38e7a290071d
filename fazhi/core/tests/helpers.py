"""Small helpers the tests of several apps share."""

from fazhi.core.personal import REASONS_SESSION_KEY

PERSONAL_REGISTERS = ("corrections_subject", "resettlement_subject", "legal_aid")


def login_with_reason(client, user, *registers, reason="日常监督管理"):
    """Log `user` in as if he had already said why he needs these registers' personal data
    (core/reasons.py; its own tests go through the page)."""
    client.force_login(user)
    session = client.session
    session[REASONS_SESSION_KEY] = {name: reason for name in registers or PERSONAL_REGISTERS}
    session.save()
