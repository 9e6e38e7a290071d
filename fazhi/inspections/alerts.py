"""The board's reminder of 涉企行政检查 plans (core/alerts.py): after the due date, the
departments the reader may see that have filed no plan for this year (缺报计划)."""

from django.urls import reverse

from fazhi.core import alerts
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import RegisterSetting, Unit, UnitKind
from fazhi.core.roles import VIEW

from . import rules
from .models import InspectionPlan

PLAN_LIST = "inspection_plan:list"


def departments_in_reach(user):
    """The 行政执法部门 whose plans the reader may see: his subtree's, or his own."""
    scope = scope_for(user, InspectionPlan, VIEW)
    departments = Unit.objects.filter(kind=UnitKind.ENFORCEMENT_DEPARTMENT)
    if scope is Scope.SUBTREE:
        return departments.filter(path__startswith=user.unit.path)
    if scope is Scope.OWN_UNIT:
        return departments.filter(pk=user.unit_id)
    return departments.none()


def missing_plans(user, year: int):
    """The departments in the reader's reach with no plan for `year` that he may see."""
    filed = InspectionPlan.objects.visible_to(user).filter(year=year).values("unit_id")
    return departments_in_reach(user).exclude(pk__in=filed).order_by("path")


def plan_alerts(user, today) -> list[alerts.Alert]:
    """缺报计划, once this year's plans are due (setting inspection_plan.due). Three
    queries: the settings, the count and the first lines."""
    settings = RegisterSetting.objects.current()
    if not rules.plans_overdue(today, settings):
        return []
    due = rules.plan_due(today.year, settings)
    missing = missing_plans(user, today.year)
    count = missing.count()
    if not count:
        return []
    late = (today - due).days
    detail = f"应于{due.month}月{due.day}日前报备，已逾期{late}日"
    lines = tuple(
        alerts.AlertLine(name, detail)
        for name in missing.values_list("name", flat=True)[: alerts.LINES]
    )
    return [
        alerts.Alert(
            label=f"未报备{today.year}年涉企检查计划的部门",
            count=count,
            lines=lines,
            url=reverse(PLAN_LIST),
        )
    ]
