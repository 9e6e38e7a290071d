"""Who enters 法治督察's inspections and findings: those who work the register (执法监督). The
inspected unit's 填报员 reaches the findings about his unit (clerk_unit_field) but records only
their rectification. A named rule of core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import RuleOfLawInspection

RULE = "oversight.enter_findings"
# The same rule met by an import or an ordinary write (Register.protected): a Problem of the
# row, not a refusal of the whole action.
FINDINGS_ONLY = "填报员只能登记整改完成日期和整改情况，不能登记或修改督察及其发现的问题"
RECTIFY_BY_STEP = "填报员请通过“整改完成”登记整改完成日期和整改情况，不能导入或直接修改"


def enters_findings(actor) -> bool:
    """Whether `actor` may enter or change inspections and their findings: the command line
    and those who work the register; the inspected unit's 填报员 only records rectification."""
    return actor is None or scope_for(actor, RuleOfLawInspection, CHANGE) is Scope.SUBTREE


def register():
    """Called once from OversightConfig.ready()."""
    permissions.register(
        RULE,
        enters_findings,
        "填报员只能登记整改完成情况，不能登记或修改督察及其发现的问题。",
    )
