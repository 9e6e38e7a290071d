"""Who imposes a card's sanctions (暂扣, 恢复, 吊销): those who work the register (执法监督 of the
bureau). A department's 填报员 keeps his roster and records 注销 and 年审 of his own officers. A
named rule of core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import EnforcementOfficer

SANCTION = "officers.sanction"


def imposes_sanctions(actor) -> bool:
    return actor is None or scope_for(actor, EnforcementOfficer, CHANGE) is Scope.SUBTREE


def register():
    """Called once from OfficersConfig.ready()."""
    permissions.register(
        SANCTION,
        imposes_sanctions,
        "执法证的暂扣、恢复和吊销由司法局执法监督人员办理，本单位填报员不能办理。",
    )
