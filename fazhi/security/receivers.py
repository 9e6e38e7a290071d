"""The security state follows the audit log of passwords, and lockouts are logged.

Every password change writes an audit entry (core.actions.set_password, create_user) in the
same transaction, naming who set it. That is the one place that knows whether the holder chose
his password himself or someone else did, so the forced change hangs on it: a password set by
anyone but its holder must be changed at the next login.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditAction, AuditEntry

from . import session
from .models import SecurityState


@receiver(post_save, sender=AuditEntry)
def follow_password_changes(sender, instance, created, **kwargs):
    if not created or instance.register != "user":
        return
    if instance.action not in (AuditAction.CREATE, AuditAction.SET_PASSWORD):
        return
    own = instance.action == AuditAction.SET_PASSWORD and str(instance.actor_id) == str(
        instance.object_id
    )
    SecurityState.objects.update_or_create(
        user_id=int(instance.object_id),
        defaults={"must_change_password": not own, "password_changed_at": timezone.now()},
    )


@receiver(user_logged_in)
def remember_required_steps(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session.start(request, user)


@receiver(user_locked_out)
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    known = get_user_model().objects.filter(username=username).select_related("unit").first()
    with audit.origin(ip_address, "web"):
        audit.record(
            known,
            AuditAction.LOGIN_FAILED,
            register="session",
            username=username,
            note="连续登录失败次数过多，账号和来源地址已被锁定",
        )
