"""Who changes the indicator settings (periods, thresholds, 纠错率's denominator): they hold for
the whole tree, so only the system administrator of a top unit. A named rule of
core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.roles import Role


def may_change_settings(user) -> bool:
    top_unit = user.unit_id is not None and user.unit.is_top
    return top_unit and user.has_role(Role.SYSTEM_ADMIN)


def register():
    """Called once from IndicatorsConfig.ready()."""
    permissions.register(
        "indicators.change_settings",
        may_change_settings,
        "指标设置对全部单位生效，只有最上级单位的系统管理员可以修改。",
    )
