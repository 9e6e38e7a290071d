"""Who sets, changes and closes 依法治县's work tasks: those who work the register (the
依法治县办). The lead unit's 填报员 reaches the tasks his unit leads (clerk_unit_field) but only
reports their progress. A named rule of core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import WorkTask

RULE = "committee.manage_tasks"
# The same rule met by an import or an ordinary write (Register.protected): a Problem of the
# row, not a refusal of the whole action.
PROGRESS_ONLY = "填报员只能填报牵头任务的进展情况，不能登记或修改工作任务"


def manages_tasks(actor) -> bool:
    """Whether `actor` may enter, change and close tasks: the command line and those who work
    the register; the lead unit's 填报员 only reports progress."""
    return actor is None or scope_for(actor, WorkTask, CHANGE) is Scope.SUBTREE


def register():
    """Called once from CommitteeConfig.ready()."""
    permissions.register(
        RULE,
        manages_tasks,
        "填报员只能填报牵头任务的进展情况，不能登记、修改或办结工作任务。",
    )
