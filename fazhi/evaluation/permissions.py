"""Who scores 评议考核 and who sets its scheme. A department's 填报员 reaches his department's
result (clerk_unit_field) to read it, and changes nothing: not its particulars, not its scores,
by no way of writing (the pages, an import, the API). Named rules of core.permissions,
registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import BUREAUS
from fazhi.core.roles import CHANGE

from .models import EnforcementEvaluation

SCORE = "evaluation.score"
SET_SCHEME = "evaluation.set_scheme"
# The same rule met by an import or an ordinary write (Register.protected): a Problem of the
# row, not a refusal of the whole action.
READ_ONLY = "填报员只能查看本单位的评议考核结果，不能登记或修改"


def scores(actor) -> bool:
    """Whether `actor` may enter, score and confirm results: the command line and those who
    work the register over their subtree (执法监督), never a department's 填报员."""
    return actor is None or scope_for(actor, EnforcementEvaluation, CHANGE) is Scope.SUBTREE


def sets_scheme(actor) -> bool:
    """Whether `actor` may set his own bureau's scheme: one who scores, in a bureau (the
    scheme is the bureau's, not a section's)."""
    if actor is None:
        return True
    return scores(actor) and actor.unit.kind in BUREAUS


def register():
    """Called once from EvaluationConfig.ready()."""
    permissions.register(SCORE, scores, f"{READ_ONLY}。")
    permissions.register(
        SET_SCHEME, sets_scheme, "只有司法局的执法监督工作人员可以制定本单位的评议考核方案。"
    )
