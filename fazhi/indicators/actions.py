"""Changing a setting that changes figures: one function, one transaction, audited."""

from django.db import transaction

from fazhi.core import audit, permissions
from fazhi.core.models import AuditAction, RegisterSetting, Unit
from fazhi.core.register_settings import SETTINGS

from .registry import unit_setting_keys

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
def change_setting(actor, key: str, value, unit=None) -> RegisterSetting:
    """Set `key` to `value` for `unit`'s subtree, or as the defaults for every unit (`unit`
    None, or a top unit: the top unit's choice is everyone's default). A unit below keeps its
    own choice; one without inherits. Only a figure setting (a rate's denominator, which
    outcomes count, how a rate is rounded) may differ between units: deadlines are set once.
    The command line is actor None."""
    setting, unit = _changeable(actor, key, unit)
    new = clean_value(setting, value)
    row = _rows(key, unit).select_for_update().first()
    old = RegisterSetting.objects.current(unit)[key]
    row = row or RegisterSetting(key=key, unit=unit)
    row.value, row.updated_by = new, actor
    row.save()
    _audit(actor, AuditAction.UPDATE, row, setting, old, new, unit)
    return row


@transaction.atomic
def clear_setting(actor, key: str, unit=None) -> bool:
    """Drop `unit`'s own choice of `key`, so that it inherits again (the defaults' row, for
    `unit` None, so that the code's default holds). False when there was none."""
    setting, unit = _changeable(actor, key, unit)
    row = _rows(key, unit).select_for_update().first()
    if row is None:
        return False
    old, kept_id = RegisterSetting.objects.current(unit)[key], row.pk
    row.delete()
    row.pk = kept_id  # the audit entry names the row that was removed
    new = RegisterSetting.objects.current(unit)[key]
    _audit(actor, AuditAction.DELETE, row, setting, old, new, unit)
    return True


def _changeable(actor, key: str, unit):
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingInvalid(f"未知的指标设置「{key}」。")
    unit = stored_unit(unit)
    if unit is not None and key not in unit_setting_keys():
        raise SettingInvalid(
            f"「{setting.label}」对全部单位统一设置，只能由最上级单位的系统管理员修改。"
        )
    if actor is not None:
        permissions.require("indicators.change_settings", actor, unit)
    return setting, unit


def stored_unit(unit):
    """The unit a choice for `unit` is stored under: None (the defaults) for the one top unit
    of a deployment — its choice is everyone's — else the unit itself. Where several top units
    share a deployment (counties each running alone), each keeps its own choices, and the
    defaults are the command line's."""
    if unit is None or unit.parent_id is not None:
        return unit
    sole = not Unit.objects.filter(parent=None).exclude(pk=unit.pk).exists()
    return None if sole else unit


def _rows(key: str, unit):
    if unit is None:
        return RegisterSetting.objects.filter(key=key, unit__isnull=True)
    return RegisterSetting.objects.filter(key=key, unit=unit)


def _audit(actor, action, row, setting, old, new, unit):
    where = f"（{unit.name}及下级单位）" if unit is not None else "（全部单位的默认值）"
    audit.record(
        actor,
        action,
        row,
        register=AUDIT_REGISTER,
        # Keyed by the setting's label: the audit log shows it as the changed field's name.
        before={setting.label: setting.label_of(old)},
        after={setting.label: setting.label_of(new)},
        note=f"指标设置「{setting.label}」{where}",
        unit=unit,
    )
