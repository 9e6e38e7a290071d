"""Register settings: the periods, thresholds and counting choices an administrator may change
(审查期限 per category, 报备期限, 等次 thresholds, 纠错率's denominator, 帮教期 …).

Each is declared once, in code, by the register it belongs to (a `Setting`, with its default),
from the register app's indicators.py; the administrator's choice is stored as a
core.models.RegisterSetting, and `RegisterSetting.objects.current()` gives every declared
setting's value now. Both a register's rules (its deadlines, its grades) and the indicators
read them, so they live in core, below both.

This module is a leaf: it imports nothing of fazhi, so core.models (the stored choice's name
in the audit log) and every layer above may name a declaration.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """A choice an administrator makes that changes figures or deadlines; its default ships
    in code.

    A setting with a tuple default is a set of the choices (stored as a list), otherwise one.
    """

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]  # (stored value, Chinese label)
    default: str | tuple[str, ...]
    help: str = ""

    @property
    def multiple(self) -> bool:
        return isinstance(self.default, tuple)

    def label_of(self, value) -> str:
        labels = dict(self.choices)
        if self.multiple:
            return "、".join(labels.get(v, v) for v in value) or "（无）"
        return labels.get(value, value)


SETTINGS: dict[str, Setting] = {}


def declare_settings(*settings: Setting):
    """Each register's indicators.py calls this once, from its AppConfig.ready()."""
    for setting in settings:
        if SETTINGS.get(setting.key, setting) != setting:
            raise ValueError(f"setting {setting.key!r} declared twice")
        SETTINGS[setting.key] = setting


def valid_value(setting: Setting, value):
    """`value` as the setting holds it (a tuple for a set), or its default when invalid: a
    stored value the code no longer offers falls back to the default rather than producing a
    wrong figure or deadline."""
    allowed = [v for v, _ in setting.choices]
    if setting.multiple:
        if isinstance(value, list) and value and set(value) <= set(allowed):
            return tuple(v for v in allowed if v in value)
        return setting.default
    return value if value in allowed else setting.default
