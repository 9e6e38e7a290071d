"""Who keeps the 专项治理 campaigns: those who work the register of their checks (公共法律服务
of the bureau). A named rule of core.permissions, registered in apps.ready(); the records
themselves are reached by the ordinary scope rule (no 填报员 here: the organisations checked are
not users of the system)."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import LegalServiceCheck

MANAGE_CAMPAIGNS = "profession_oversight.manage_campaigns"


def manages_campaigns(actor) -> bool:
    return actor is None or scope_for(actor, LegalServiceCheck, CHANGE) is not Scope.NONE


def register():
    """Called once from ProfessionOversightConfig.ready()."""
    permissions.register(
        MANAGE_CAMPAIGNS,
        manages_campaigns,
        "专项治理由司法局公共法律服务人员登记和修改，您的角色不能办理。",
    )
