"""Logins, failed logins and logouts go into the audit log."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditAction


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    with audit.origin(audit.client_ip(request), "web"):
        audit.record(user, AuditAction.LOGIN, register="session")


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is None:
        return
    with audit.origin(audit.client_ip(request), "web"):
        audit.record(user, AuditAction.LOGOUT, register="session")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    # A failed login of a real account is tied to that account's unit, so the unit's audit
    # administrator sees attacks on his users; unknown names stay unattached.
    known = get_user_model().objects.filter(username=username).select_related("unit").first()
    ip = audit.client_ip(request) if request is not None else None
    with audit.origin(ip, "web"):
        audit.record(
            known,
            AuditAction.LOGIN_FAILED,
            register="session",
            username=username,
            note="" if known else "用户名不存在",
        )
