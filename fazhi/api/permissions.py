"""Who enters records through the API: a named rule of core.permissions, registered in
apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import changeable_units
from fazhi.core.roles import BUSINESS_ROLES, Role


def writes_through_api(user, register) -> bool:
    """Entering records through the API is entering them through an import: the register's
    import rule (a department's 填报员 imports no review rounds) and a unit to enter them for."""
    return register.may_import(user) and changeable_units(user, register.model).exists()


def uses_api(user) -> bool:
    """Whether the API serves the user: a bureau's officer or leader, whose registers another
    system (a 政务数据平台) may read or fill in his name. Not the three administrators, who
    hold no register, nor a 填报员, who enters his unit's few records by form or import."""
    return bool(user.is_authenticated and user.role_codes & (BUSINESS_ROLES | {Role.LEADER}))


def _refusal(user, register) -> str:
    return f"您没有通过接口登记或修改{register.label}的权限。"


def register():
    """Called once from ApiConfig.ready()."""
    permissions.register("api.write_records", writes_through_api, _refusal)
    permissions.register("api.tokens", uses_api, "您的角色不通过接口办理业务，不需要接口令牌。")
