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

    class Meta:
        verbose_name = "账号安全状态"
        verbose_name_plural = "账号安全状态"

    def __str__(self):
        return f"{self.user} 的安全状态"

    @property
    def enrolled(self) -> bool:
        return self.totp_confirmed_at is not None and bool(self.totp_secret)


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
