"""Who enters 案卷评查's scores and findings: those who work the register (执法监督). A
department's 填报员 reaches his department's files (clerk_unit_field) but records only their
rectification. A named rule of core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import CaseFileReview

# The same rule met by an import or an ordinary write (Register.protected): a Problem of the
# row, not a refusal of the whole action.
FINDINGS_ONLY = "填报员只能登记整改完成情况，不能导入或修改评查结果"


def enters_findings(actor) -> bool:
    """Whether `actor` may enter or change scores and findings: the command line and those
    who work the register; a department's 填报员 only records rectification."""
    return actor is None or scope_for(actor, CaseFileReview, CHANGE) is Scope.SUBTREE


def register():
    """Called once from EnforcementConfig.ready()."""
    permissions.register(
        "enforcement.enter_findings",
        enters_findings,
        "填报员只能登记整改完成情况，不能登记或修改评查结果。",
    )
