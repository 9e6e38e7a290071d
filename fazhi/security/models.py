"""Per-user security state, kept beside core.User (one-to-one) rather than on it: when the
password was last changed and whether it must be changed, and the two-factor secret with its
recovery codes."""

from django.conf import settings
from django.db import models

from fazhi.core.encrypted import EncryptedTextField


class SecurityState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="security_state",
    )
    # An account an administrator created or whose password he reset starts with a password
    # someone else knows: its holder must replace it before doing anything.
    must_change_password = models.BooleanField("须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # The TOTP secret (RFC 6238) is personal data of the strictest kind: whoever reads it can
    # log in as the user, so it is stored SM4-encrypted like an ID number.
    totp_secret = EncryptedTextField("动态口令密钥", blank=True, default="")
    totp_confirmed_at = models.DateTimeField("启用双因素认证时间", null=True, blank=True)
    # The last accepted time step: a code is accepted once, never replayed within its window.
    totp_last_step = models.BigIntegerField("最近使用的时间片", null=True, blank=True)
    # A pending activation (security.actions.issue_activation): a privileged role was granted,
    # or a privileged account's authenticator reset, by someone other than the operator. The
    # system administrator may know the password (he made the account) and may have enrolled
    # an authenticator of his own before the grant; neither proves the holder. So the grant
    # clears the authenticator, and a new one is enrolled only with this one-time code, which
    # the security administrator saw once and handed to the holder in person. Only the code's
    # salted digest is kept, as for recovery codes.
    activation_digest = models.CharField("激活码摘要", max_length=128, blank=True, default="")
    activation_issued_at = models.DateTimeField("激活码签发时间", null=True, blank=True)
    activation_expires_at = models.DateTimeField("激活码到期时间", null=True, blank=True)
    # Who saw the code: he may not also set the password before the holder has used it
    # (core.actions.set_password), or password and code would be in one hand.
    activation_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="激活码签发人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "账号安全状态"
        verbose_name_plural = "账号安全状态"

    def __str__(self):
        return f"{self.user} 的安全状态"

    @property
    def enrolled(self) -> bool:
        return self.totp_confirmed_at is not None and bool(self.totp_secret)

    @property
    def activation_pending(self) -> bool:
        return bool(self.activation_digest)

    def activation_expired(self, now) -> bool:
        return self.activation_expires_at is None or self.activation_expires_at <= now

    @property
    def activation_marker(self) -> str:
        """What a session that presented the current code keeps, to be allowed to enrol: it
        changes with every new code, so a code replaced by a reissue opens nothing."""
        return self.activation_issued_at.isoformat() if self.activation_issued_at else ""


class RecoveryCode(models.Model):
    """One single-use code for logging in without the authenticator, stored hashed like a
    password (the user holds the only clear copy)."""

    state = models.ForeignKey(
        SecurityState, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField("恢复码摘要", max_length=128)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def __str__(self):
        return f"恢复码 #{self.pk}"
