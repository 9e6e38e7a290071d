"""Who registers 部门法治政府建设年度报告 and grades them: those who work the register (the
bureau's 依法治县办). The reporting unit's 填报员 reaches his own unit's reports
(clerk_unit_field) but records only their 报送 and 公开, by those steps. A named rule of
core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.roles import CHANGE

from .models import DepartmentReport

RULE = "department_reports.enter"
# The same rule met by an import or an ordinary write (Register.protected): a Problem of the
# row, not a refusal of the whole action.
BUREAU_ONLY = (
    "填报员只能登记本单位报告的报送和公开情况，报告的登记、评定等次和其他信息由县委依法治县办填写"
)
BY_STEP = "填报员请通过“报送”“公开”登记报送日期、公开日期和公开网址，不能导入或直接修改"


def enters_reports(actor) -> bool:
    """Whether `actor` may register reports and change their particulars (the grade among
    them): the command line and those who work the register."""
    return actor is None or scope_for(actor, DepartmentReport, CHANGE) is Scope.SUBTREE


def register():
    """Called once from DepartmentReportsConfig.ready()."""
    permissions.register(
        RULE,
        enters_reports,
        "填报员只能登记本单位报告的报送和公开情况，不能登记报告或修改其他信息。",
    )
