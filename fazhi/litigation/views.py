from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.access import CHANGE, Scope, may_change, scope_for
from fazhi.core.actions import ActionRefused, validation_messages
from fazhi.core.models import Unit
from fazhi.core.registers import RecordInvalid
from fazhi.core.views import paginate, query_without_page
from fazhi.reconsideration.models import ReconsiderationCase

from . import actions, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, ListFilter, StepForm
from .models import LitigationCase


def _cases(user, action="view"):
    return LitigationCase.objects.visible_to(user, action).select_related("unit", "officer")


def _changeable_units(user):
    """The units whose cases this user may register: his subtree, or his own unit only."""
    scope = scope_for(user, LitigationCase, CHANGE)
    if scope is Scope.SUBTREE:
        return Unit.objects.subtree(user.unit)
    if scope is Scope.OWN_UNIT:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def case_list(request):
    today = timezone.localdate()
    units = Unit.objects.visible_to(request.user)
    form = ListFilter(request.GET or None, units=units)
    cases = _cases(request.user)
    valid = form.is_valid()
    cases = form.apply(cases, today) if valid else cases.order_by("-notice_received_date", "-id")
    page = paginate(request, cases)
    for case in page:
        case.overdue = case.due_date is not None and case.due_date < today
        case.days_left = (case.due_date - today).days if case.due_date else None
        case.overdue_days = -case.days_left if case.overdue else 0
    return render(
        request,
        "litigation/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_register": _changeable_units(request.user).exists(),
            "register": REGISTER,
        },
    )


def case_detail(request, pk):
    case = get_object_or_404(_cases(request.user), pk=pk)
    today = timezone.localdate()
    can_change = may_change(request.user, LitigationCase, case.unit)
    deadlines = [
        {"deadline": d, "overdue": d.date is not None and d.date < today and not case.is_concluded}
        for d in rules.deadlines(case).values()
    ]
    # The linked case is shown only to those who may open it; the others see its number.
    linked = None
    if case.reconsideration_id is not None:
        linked = (
            ReconsiderationCase.objects.visible_to(request.user)
            .filter(pk=case.reconsideration_id)
            .first()
        )
    return render(
        request,
        "litigation/detail.html",
        {
            "case": case,
            "deadlines": deadlines,
            "timeline": rules.timeline(case),
            "steps": rules.allowed_steps(case) if can_change else [],
            "step_form": StepForm(initial={"day": today}),
            "can_change": can_change,
            "linked": linked,
        },
    )


@require_http_methods(["GET", "POST"])
def case_create(request):
    units = _changeable_units(request.user)
    if not units.exists():
        raise PermissionDenied("您没有登记行政应诉案件的权限。")
    form = CaseForm(request.POST or None, units=units, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            case = actions.register_case(request.user, unit=form.cleaned_data["unit"], **data)
        except (ActionRefused, RecordInvalid) as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, f"已登记案件「{case.number}」。")
            return redirect("litigation:detail", pk=case.pk)
    return render(request, "litigation/form.html", {"form": form, "title": "登记应诉案件"})


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_object_or_404(_cases(request.user, CHANGE), pk=pk)
    form = EditForm(request.POST or None, instance=case, user=request.user)
    form.fields["officer"].queryset = form.fields["officer"].queryset.filter(
        unit__path__startswith=request.user.unit.path
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(request.user, case, **form.cleaned_data)
        except (ActionRefused, RecordInvalid) as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, "已保存。")
            return redirect("litigation:detail", pk=case.pk)
    return render(
        request, "litigation/form.html", {"form": form, "title": f"修改案件 {case.number}"}
    )


@require_POST
def case_step(request, pk):
    case = get_object_or_404(_cases(request.user, CHANGE), pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("litigation:detail", pk=case.pk)
    data = form.cleaned_data
    try:
        actions.record_step(
            request.user,
            case,
            data["step"],
            data["day"],
            judgment=data["judgment"],
            head_appeared=data["head_appeared"],
            head_name=data["head_name"],
            head_title=data["head_title"],
        )
    except (rules.StepRefused, ActionRefused, RecordInvalid) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已办理：{rules.STEPS[data['step']].label}。")
    return redirect("litigation:detail", pk=case.pk)
