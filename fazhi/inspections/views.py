"""涉企行政检查's pages: the generic register pages of both registers (no procedure), a plan's
page showing its lists as tables, and an inspection's page saying whether its officers held
valid cards, whether its code passed the check, whether the enterprise is over the frequency
cap, and whether its 事项 is on the department's filed list."""

from django.urls import reverse
from django.utils.safestring import mark_safe

from fazhi.core.list_table import ListColumn
from fazhi.core.markup import escaped
from fazhi.core.models import RegisterSetting
from fazhi.core.register_views import RegisterPages

from . import actions, rules
from .columns import INSPECTION_REGISTER, PLAN_REGISTER
from .forms import InspectionForm, PlanForm
from .models import INSPECTING_KINDS, EnterpriseInspection, InspectionPlan


def _plan_context(request, plan) -> dict:
    settings = RegisterSetting.objects.current()
    items, _ = rules.parse_items(plan.items)
    subjects, _ = rules.parse_subjects(plan.subjects)
    inspections = (
        EnterpriseInspection.objects.visible_to(request.user)
        .filter(unit_id=plan.unit_id, inspection_date__year=plan.year)
        .count()
    )
    return {
        "items": items,
        "subjects": subjects,
        "due": rules.plan_due(plan.year, settings),
        "inspections": inspections,
    }


def _inspection_context(request, inspection) -> dict:
    """What the page says beside the facts: the cap (one count), the plan (one read)."""
    settings = RegisterSetting.objects.current()
    limit, kinds = rules.cap(settings), rules.counted_kinds(settings)
    year = inspection.inspection_date.year
    counted = (
        EnterpriseInspection.objects.visible_to(request.user)
        .filter(
            unit_id=inspection.unit_id,
            uscc=inspection.uscc,
            inspection_date__year=year,
            kind__in=kinds,
        )
        .count()
    )
    plan = (
        InspectionPlan.objects.visible_to(request.user)
        .filter(unit_id=inspection.unit_id, year=year)
        .first()
    )
    listed = None
    if plan is not None:
        items, _ = rules.parse_items(plan.items)
        listed = inspection.matter in {item.name for item in items}
    return {
        "year": year,
        "cap": limit,
        "counted": counted,
        "over_cap": rules.is_over_cap(counted, limit),
        "counts_towards_cap": inspection.kind in kinds,
        "plan": plan,
        "plan_url": reverse("inspection_plan:detail", args=[plan.pk]) if plan else "",
        "listed": listed,
        "min_officers": rules.MIN_OFFICERS,
        # The fact shown as a code (its letters are no English words: translate="no").
        "code_label": rules.CODE_HEADER,
    }


def _flags(inspection) -> str:
    """The list's 标记 cell: what an import kept but the rules would refuse on entry."""
    flags = []
    if inspection.short_of_officers:
        flags.append("持证不足")
    if inspection.code_unverified:
        flags.append("代码待核")
    return mark_safe(" ".join(f'<span class="badge">{escaped(f)}</span>' for f in flags))


# Sorted by the officers' flag: the heading brings the inspections short of officers together.
FLAGS_COLUMN = ListColumn("标记", _flags, order="short_of_officers")

PLAN_PAGES = RegisterPages(
    register=PLAN_REGISTER,
    create_record=actions.register_plan,
    update_record=actions.update_plan,
    create_form=PlanForm,
    create_title="报备涉企检查计划",
    owner_kinds=INSPECTING_KINDS,
    list_fields=("year", "planned_count", "filed_date", "filed_late", "published_date"),
    detail_context=_plan_context,
)

INSPECTION_PAGES = RegisterPages(
    register=INSPECTION_REGISTER,
    create_record=actions.register_inspection,
    update_record=actions.update_inspection,
    create_form=InspectionForm,
    create_title="登记涉企行政检查",
    owner_kinds=INSPECTING_KINDS,
    list_fields=(
        "enterprise_name",
        "inspection_date",
        "matter",
        "kind",
        "result",
        FLAGS_COLUMN,
    ),
    detail_context=_inspection_context,
)
