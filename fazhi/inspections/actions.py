"""Every change to 涉企行政检查's records: one function per action, each through
core.writes.save_record / update_record (scope, links, derived flags, checks, audit, one
transaction)."""

from django.utils import timezone

from fazhi.core.writes import save_record, update_record

from .columns import INSPECTION_REGISTER, PLAN_REGISTER, may_date_plan
from .models import EnterpriseInspection, InspectionPlan


def register_plan(actor, *, unit, **facts) -> InspectionPlan:
    """报备: a department's plan and lists for a year. A 填报员's is filed today, whatever
    date he gave (PLAN_REGISTER.protected); the bureau's 执法监督 enters the day it was filed."""
    effect = ()
    if actor is not None and not may_date_plan(actor):
        facts["filed_date"], effect = timezone.localdate(), ("filed_date",)
    plan = InspectionPlan(unit=unit, **facts)
    return save_record(actor, PLAN_REGISTER, plan, note="登记涉企检查计划", effect=effect)


def update_plan(actor, plan: InspectionPlan, **changes) -> InspectionPlan:
    return update_record(actor, PLAN_REGISTER, plan, changes, note="修改涉企检查计划")


def register_inspection(actor, *, unit, **facts) -> EnterpriseInspection:
    """登记 one inspection carried out: refused when the credit code fails its check or
    fewer than two of its officers held a valid card that day (an import keeps and flags)."""
    inspection = EnterpriseInspection(unit=unit, **facts)
    return save_record(actor, INSPECTION_REGISTER, inspection, note="登记涉企行政检查")


def update_inspection(actor, inspection: EnterpriseInspection, **changes):
    return update_record(actor, INSPECTION_REGISTER, inspection, changes, note="修改涉企行政检查")
