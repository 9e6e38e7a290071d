"""Changing a setting that changes figures: one function, one transaction, audited."""

from django.db import transaction

from fazhi.core import audit, permissions
from fazhi.core.models import AuditAction, RegisterSetting
from fazhi.core.register_settings import SETTINGS, valid_value

# The audit log's name for a setting's changes. Kept from when the indicators app stored them
# (IndicatorSetting): the rows moved to core with their ids, so a setting's history before
# and after the move is one search.
AUDIT_REGISTER = "indicator_setting"


class SettingInvalid(ValueError):
    """A value the setting does not offer; the message is for the user."""


def clean_value(setting, value):
    """The value to store for `setting` (a list for a set of choices), or SettingInvalid."""
    allowed = [v for v, _ in setting.choices]
    if setting.multiple:
        chosen = list(value) if isinstance(value, list | tuple) else [value]
        unknown = [v for v in chosen if v not in allowed]
        if unknown or not chosen:
            raise SettingInvalid(f"「{setting.label}」至少选择一项，且只能从给定选项中选择。")
        return [v for v in allowed if v in chosen]
    if value not in allowed:
        raise SettingInvalid(f"「{setting.label}」只能从给定选项中选择。")
    return value


@transaction.atomic
def change_setting(actor, key: str, value) -> RegisterSetting:
    """Set `key` to `value`. Settings hold for the whole tree, so only the system
    administrator of a top unit may change them (or the command line, actor None)."""
    if actor is not None:
        permissions.require("indicators.change_settings", actor)
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingInvalid(f"未知的指标设置「{key}」。")
    new = clean_value(setting, value)
    row = RegisterSetting.objects.select_for_update().filter(key=key).first()
    old = valid_value(setting, row.value if row else None)
    row = row or RegisterSetting(key=key)
    row.value, row.updated_by = new, actor
    row.save()
    audit.record(
        actor,
        AuditAction.UPDATE,
        row,
        register=AUDIT_REGISTER,
        # Keyed by the setting's label: the audit log shows it as the changed field's name.
        before={setting.label: setting.label_of(old)},
        after={setting.label: setting.label_of(new)},
        note=f"指标设置「{setting.label}」",
    )
    return row
