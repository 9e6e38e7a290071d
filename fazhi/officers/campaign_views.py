"""The pages of 申领换发: the campaigns a reader may see (his bureau's and those below him),
opening one, a campaign's progress per department with its list of cards, and recording who
applied. Thin: each page parses its input and calls campaign.py."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.access import Scope, changeable_units, scope_for
from fazhi.core.forms import DATE_INPUT
from fazhi.core.models import PATH_SEPARATOR
from fazhi.core.register_views import REFUSALS
from fazhi.core.roles import VIEW

from . import campaign
from .columns import current_settings
from .models import EnforcementOfficer, RenewalCampaign
from .permissions import SANCTION


class OpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    ends_on = forms.DateField(label="换证截止日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)


class AppliedForm(forms.Form):
    day = forms.DateField(label="申领日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)


def _reader(request):
    if scope_for(request.user, EnforcementOfficer, VIEW) is Scope.NONE:
        raise PermissionDenied("您的角色不办理也不查阅行政执法人员。")


def _campaigns(user):
    """His own unit's and its ancestors' campaigns (a department's 填报员 works his county's),
    and those of the units below him."""
    codes = user.unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return RenewalCampaign.objects.filter(
        Q(unit__code__in=codes) | Q(unit__path__startswith=user.unit.path)
    ).select_related("unit")


def campaigns(request):
    _reader(request)
    today = timezone.localdate()
    may_open = permissions.allows(SANCTION, request.user)
    form = OpenForm(
        initial={"year": today.year + 1, "ends_on": datetime.date(today.year + 1, 12, 31)}
    )
    return render(
        request,
        "officers/renewals.html",
        {"campaigns": list(_campaigns(request.user)), "form": form if may_open else None},
    )


def open_campaign(request):
    _reader(request)
    form = OpenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("enforcement_officer:renewals")
    try:
        made = campaign.open_campaign(
            request.user, request.user.unit, form.cleaned_data["year"], form.cleaned_data["ends_on"]
        )
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
        return redirect("enforcement_officer:renewals")
    messages.success(request, f"已开展{made}，名单已更新。")
    return redirect("enforcement_officer:renewal", pk=made.pk)


def detail(request, pk):
    _reader(request)
    made = get_object_or_404(_campaigns(request.user), pk=pk)
    officers = EnforcementOfficer.objects.visible_to(request.user)
    rows = campaign.progress(made, officers, current_settings())
    keeps = set(changeable_units(request.user, EnforcementOfficer).values_list("pk", flat=True))
    for row in rows:
        row.keeps = row.unit.pk in keeps
    totals = {
        key: sum(getattr(row, key) for row in rows)
        for key in ("due", "applied", "passed", "issued")
    }
    return render(
        request,
        "officers/renewal.html",
        {
            "campaign": made,
            "rows": rows,
            "totals": totals,
            "applied_form": AppliedForm(initial={"day": timezone.localdate()}),
            "may_update": permissions.allows(SANCTION, request.user)
            and made.unit.pk == request.user.unit_id,
            "may_record": bool(keeps),
        },
    )


def applied(request, pk):
    _reader(request)
    made = get_object_or_404(_campaigns(request.user), pk=pk)
    form = AppliedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写申领日期。")
        return redirect("enforcement_officer:renewal", pk=pk)
    ids = [int(v) for v in request.POST.getlist("entry") if v.isdigit()]
    try:
        count = campaign.record_applications(request.user, made, ids, form.cleaned_data["day"])
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已登记 {count} 人申领换发。")
    return redirect("enforcement_officer:renewal", pk=pk)
