"""Who enters records through the API: a named rule of core.permissions, registered in
apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import changeable_units


def writes_through_api(user, register) -> bool:
    """Entering records through the API is entering them through an import: the register's
    import rule (a department's 填报员 imports no review rounds) and a unit to enter them for."""
    return register.may_import(user) and changeable_units(user, register.model).exists()


def _refusal(user, register) -> str:
    return f"您没有通过接口登记或修改{register.label}的权限。"


def register():
    """Called once from ApiConfig.ready()."""
    permissions.register("api.write_records", writes_through_api, _refusal)
