from django.conf import settings
from django.db import models

from .registry import SETTINGS


class IndicatorSetting(models.Model):
    """An administrator's choice for a setting that changes figures; absent means the default
    declared in code (registry.SETTINGS)."""

    key = models.CharField("设置项", max_length=100, unique=True)
    value = models.JSONField("取值")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "指标设置"
        verbose_name_plural = "指标设置"

    def __str__(self):
        setting = SETTINGS.get(self.key)
        return setting.label if setting else self.key


def current_settings() -> dict[str, object]:
    """Every declared setting's value now: the stored choice, else the default. A stored value
    the code no longer offers falls back to the default rather than producing a wrong figure."""
    stored = dict(IndicatorSetting.objects.filter(key__in=SETTINGS).values_list("key", "value"))
    return {key: valid_value(setting, stored.get(key)) for key, setting in SETTINGS.items()}


def valid_value(setting, value):
    """`value` as the setting holds it (a tuple for a set), or its default when invalid."""
    allowed = [v for v, _ in setting.choices]
    if setting.multiple:
        if isinstance(value, list) and value and set(value) <= set(allowed):
            return tuple(v for v in allowed if v in value)
        return setting.default
    return value if value in allowed else setting.default
