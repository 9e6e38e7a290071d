"""Who works 以奖代补: the township 司法所 submits, the county section reviews, the bureaus whose
money it is set the tiers. Named rules of core.permissions, registered in apps.ready()."""

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import BUREAUS, UnitKind
from fazhi.core.roles import CHANGE, Role

from .models import MediationCase

# Only the county bureau itself: a 内设机构's subtree does not hold the 司法所 (core scoping),
# so its officers could not reach the cases they review.
REVIEWER_KINDS = (UnitKind.COUNTY,)


def _mediation_officer_of(user, kinds) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.unit_id is not None
        and Role.MEDIATION in user.role_codes
        and user.unit.kind in kinds
    )


def is_submitter(user) -> bool:
    """The township 司法所: a 人民调解 officer of a 司法所."""
    return _mediation_officer_of(user, (UnitKind.JUDICIAL_OFFICE,))


def is_reviewer(user) -> bool:
    """The county section: a 人民调解 officer of the county bureau. It reviews 以奖代补 claims
    (and sets its own county's tiers: sets_tiers)."""
    return _mediation_officer_of(user, REVIEWER_KINDS)


def works_subsidies(user) -> bool:
    """Whether `user` works with 以奖代补: he works the mediation register over his subtree
    (a 人民调解 officer). 局领导 only reads it; 填报员 enter their own committee's cases and
    三员 see no business data, so none of them reads or sets the money."""
    return user is not None and scope_for(user, MediationCase, CHANGE) is Scope.SUBTREE


def sets_tiers(user) -> bool:
    """Whether `user` may set his own unit's tiers: a 人民调解 officer of a bureau that pays."""
    return works_subsidies(user) and user.unit.kind in BUREAUS


def register():
    """Called once from MediationConfig.ready()."""
    permissions.register(
        "mediation.submit_subsidy",
        is_submitter,
        "只有司法所的人民调解工作人员可以申报以奖代补。",
    )
    permissions.register(
        "mediation.review_subsidy",
        is_reviewer,
        "只有县司法局的人民调解工作人员可以审核以奖代补。",
    )
    permissions.register(
        "mediation.view_tiers",
        works_subsidies,
        "只有人民调解工作人员可以查看以奖代补标准。",
    )
    permissions.register(
        "mediation.set_tiers",
        sets_tiers,
        "只有县级（或市州、省级）司法局的人民调解工作人员可以设置本单位的以奖代补标准。",
    )
