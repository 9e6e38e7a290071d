"""Who reads, makes and writes the annual report: named rules of core.permissions, registered in
apps.ready(). A report is its bureau's: its leaders and 法治 section manage it, the officers of
each part write their part, and the bureaus above read it once it is submitted."""

from django.db.models import Q

from fazhi.core import permissions
from fazhi.core.roles import Role

from .models import AnnualReport, ReportStatus
from .parts import BLOCKS, GENERAL_ROLES, PROSE_BLOCKS

# Who makes a report: its bureau's leaders and 法治 section, and the officers who write a part.
MAKER_ROLES = frozenset(GENERAL_ROLES).union(*(block.roles for block in PROSE_BLOCKS))


def home_bureau(user):
    """The bureau whose report the user works on: his unit if it is one, else the nearest
    bureau above it (a section's, a 司法所's county). Cached on the user."""
    if user.unit_id is None:
        return None
    if not hasattr(user, "_home_bureau"):
        user._home_bureau = user.unit.bureau()
    return user._home_bureau


def _within(user, report) -> bool:
    bureau = home_bureau(user)
    return bureau is not None and bureau.pk == report.unit_id


def readable(user) -> Q:
    """THE rule of who reads which reports (the list, a report's page, preview and .docx):

    - a draft is read only by those who make it: people of its bureau (home_bureau, so a
      section's or a 司法所's officers too) holding a maker role. A department's or a
      committee's 填报员 works under the county bureau but does not make its report, and the
      bureaus above receive it when it is submitted, not before;
    - a submitted or published report is read by its bureau's people, by those of the units
      below it whose work it reports, and by the bureaus above, to whom it was submitted;
    - never the three administrators (三员 hold no business data)."""
    if not user.is_authenticated or user.is_admin_role or user.unit_id is None:
        return Q(pk__in=[])
    bureau = home_bureau(user)
    own = Q(unit=bureau) if bureau is not None else Q(pk__in=[])
    draft = Q(status=ReportStatus.DRAFT)
    makes = own if user.role_codes & MAKER_ROLES else Q(pk__in=[])
    return (draft & makes) | (~draft & (Q(unit__path__startswith=user.unit.path) | own))


def may_view(user, report) -> bool:
    return AnnualReport.objects.filter(readable(user), pk=report.pk).exists()


def may_manage(user, report_or_unit) -> bool:
    """Create the report, set its particulars and template, submit and publish it: the
    bureau's leaders and its 法治 section (合法性审查), of that bureau — not those above or
    below it, who have reports of their own."""
    unit = getattr(report_or_unit, "unit", report_or_unit)
    bureau = home_bureau(user)
    return (
        bureau is not None and bureau.pk == unit.pk and bool(user.role_codes & set(GENERAL_ROLES))
    )


def may_withdraw(user, report) -> bool:
    """Withdraw a submitted report: a 局领导 of the report's own bureau, sitting in it. Not the
    法治 section, who submitted it, and not a 司法所's or a section's leader, whose home
    bureau it is too: taking back what went to the Party committee and the government is the
    bureau's leaders' decision."""
    return (
        user.is_authenticated
        and not user.is_admin_role
        and user.unit_id == report.unit_id
        and Role.LEADER in user.role_codes
    )


def may_write(user, report, block_key: str) -> bool:
    """Write one part's prose: while the report is a draft, its bureau's officers of that
    part's roles."""
    block = BLOCKS.get(block_key)
    return (
        block is not None
        and report.status == ReportStatus.DRAFT
        and _within(user, report)
        and bool(user.role_codes & set(block.roles))
    )


def register():
    """Called once from ReportsConfig.ready()."""
    permissions.register("reports.view", may_view, "您无权查看这份报告。")
    permissions.register(
        "reports.manage",
        may_manage,
        "只有本单位的局领导或法治（合法性审查）人员可以建立、修改、报送或公开本单位的年度报告。",
    )
    permissions.register("reports.write_block", may_write, "您无权修改这份报告的这一部分。")
    permissions.register(
        "reports.withdraw", may_withdraw, "只有本单位的局领导可以撤回已报送的年度报告。"
    )
