"""Who changes the indicator settings (periods, thresholds, 纠错率's denominator, rounding).

The defaults hold for every unit: only the system administrator of a top unit sets them. A
figure setting may also be chosen for a unit's subtree (its units inherit it until they choose
their own): by the system administrator of that unit or of a unit above it. A named rule of
core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.models import Unit
from fazhi.core.roles import Role


def may_change_settings(user, unit=None) -> bool:
    """`unit` None: the defaults; else the choice for `unit`'s subtree."""
    if user.unit_id is None or not user.has_role(Role.SYSTEM_ADMIN):
        return False
    if unit is None:
        # The defaults are the one top unit's; where several share a deployment, each sets
        # its own subtree's, and the defaults are left to the command line.
        return (
            user.unit.is_top
            and not Unit.objects.filter(parent=None).exclude(pk=user.unit_id).exists()
        )
    return unit.is_within(user.unit)


def _refusal(user, unit=None) -> str:
    if unit is None:
        return "指标设置的默认值对全部单位生效，只有最上级单位的系统管理员可以修改。"
    return f"只有{unit.name}或其上级单位的系统管理员可以修改{unit.name}的指标设置。"


def register():
    """Called once from IndicatorsConfig.ready()."""
    permissions.register("indicators.change_settings", may_change_settings, _refusal)
