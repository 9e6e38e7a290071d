"""The pages of 法律服务投诉 (the generic register pages with its forms, rules and actions) and of
专项治理检查: the generic pages (a record is one finding), the pages of a check (the list of
checks, one check's particulars and findings, where the bureau adds findings, corrects the
particulars and records each finding's rectification), and the 专项治理 campaigns (their list,
entering and changing one, and a campaign's page: the orgs it covers, which were checked, what
was found and rectified on time)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import BUREAUS_AND_SECTIONS, PATH_SEPARATOR
from fazhi.core.records import mark_due
from fazhi.core.rectification import FOUND, Status
from fazhi.core.register_views import FORM_METHODS, REFUSALS, RegisterPages, attempt
from fazhi.core.roles import CHANGE, VIEW

from . import actions, campaigns, check_rules, rules
from .columns import CHECK_REGISTER, COMPLAINT_REGISTER
from .forms import (
    CampaignForm,
    CheckCreateForm,
    CheckForm,
    CheckStepForm,
    ComplaintEditForm,
    ComplaintForm,
    ComplaintStepForm,
    FindingEditForm,
    FindingForm,
    RectificationForm,
)
from .models import Campaign, LegalServiceCheck
from .permissions import MANAGE_CAMPAIGNS

CHECKS_SHOWN = 200  # a county holds tens a year; the year filter reaches the rest
YEARS = (1900, 2100)  # the years the checks' filter takes


PAGES = RegisterPages(
    register=COMPLAINT_REGISTER,
    list_fields=("subject_kind", "subject_name", "channel", "complainant", "received_date"),
    create_record=actions.register_complaint,
    update_record=actions.update_complaint,
    create_form=ComplaintForm,
    edit_form=ComplaintEditForm,
    create_title="登记法律服务投诉",
    procedure=rules,
    step_form=ComplaintStepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,
)


def _year(request) -> str:
    year = request.GET.get("year", "")
    # A year no date can carry (99999…, ²) would overflow the date lookup: shown unfiltered.
    if not (len(year) == 4 and year.isascii() and year.isdigit()) or not (
        YEARS[0] <= int(year) <= YEARS[1]
    ):
        return ""
    return year


class CheckPages(RegisterPages):
    # --- checks ---------------------------------------------------------------------------

    def _check(self, user, pk, action=VIEW) -> list:
        """The records of the check that record `pk` belongs to, as `user` may see them (or
        take `action` on them), oldest first; 404 when he may see none."""
        record = get_object_or_404(self._records(user, action), pk=pk)
        return list(
            self._records(user, action)
            .filter(unit_id=record.unit_id, check_number=record.check_number)
            .order_by("id")
        )

    def checks(self, request):
        """The checks (检查编号 of a unit) the user may see, newest first, with their counts:
        one grouped query."""
        year = _year(request)
        records = self._records(request.user)
        if year:
            records = records.filter(check_date__year=int(year))
        rows = list(
            records.order_by()
            .values(
                "unit__name",
                "check_number",
                "campaign_name",
                "licence_number",
                "org_name",
                "check_date",
            )
            .annotate(
                first=Min("id"),
                findings=Count("id", filter=Q(status__in=FOUND)),
                open=Count("id", filter=Q(status=Status.RECTIFYING)),
                latest=Max("id"),
            )
            .order_by("-check_date", "-latest")[:CHECKS_SHOWN]
        )
        return render(
            request,
            "profession_oversight/checks.html",
            self._context(rows=rows, year=year, shown=CHECKS_SHOWN),
        )

    def check(self, request, pk):
        today = timezone.localdate()
        records = self._check(request.user, pk)
        mark_due(records, today)
        changeable = set(
            self._records(request.user, CHANGE)
            .filter(pk__in=[r.pk for r in records])
            .values_list("pk", flat=True)
        )
        for record in records:
            record.can_rectify = record.pk in changeable and record.status == Status.RECTIFYING
        findings = [r for r in records if r.status != Status.NO_PROBLEM]
        return render(
            request,
            "profession_oversight/check.html",
            self._context(
                first=records[0],
                findings=findings,
                open_count=sum(1 for r in findings if r.status == Status.RECTIFYING),
                overdue_count=sum(1 for r in findings if r.overdue),
                enters_findings=bool(changeable),
                finding_form=FindingForm(),
                rectify_form=RectificationForm(initial={"day": today}),
            ),
        )

    def _back(self, pk):
        return redirect(f"{self.namespace}:check", pk=pk)

    def add_finding(self, request, pk):
        records = self._check(request.user, pk, CHANGE)
        form = FindingForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return self._back(pk)
        try:
            record = actions.add_finding(request.user, records[0], **form.cleaned_data)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已登记发现的问题「{record.number}」。")
        return self._back(pk)

    def edit_check(self, request, pk):
        records = self._check(request.user, pk, CHANGE)
        form = CheckForm(request.POST or None, instance=records[0], user=request.user)
        if request.method == "POST" and form.is_valid():
            changed = attempt(form, actions.update_check, request.user, records, **form.changes())
            if changed is not None:
                messages.success(request, f"已保存检查信息（{changed} 条记录）。")
                return self._back(pk)
        title = f"修改检查信息 {records[0].check_number}"
        return render(request, "registers/form.html", self._context(form=form, title=title))

    def rectify(self, request, pk):
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = RectificationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return self._back(pk)
        data = form.cleaned_data
        try:
            actions.record_rectification(request.user, record, data["day"], data["note"])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已登记「{record.number}」整改完成。")
        return self._back(pk)

    # --- 专项治理 ---------------------------------------------------------------------------

    def _reader(self, user):
        if scope_for(user, LegalServiceCheck, VIEW) is Scope.NONE:
            raise PermissionDenied("您的角色不办理也不查阅专项治理。")

    def _campaigns(self, user):
        """His own unit's and its ancestors' campaigns (a section's officer works his bureau's),
        and those of the units below him."""
        codes = user.unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
        return Campaign.objects.filter(
            Q(unit__code__in=codes) | Q(unit__path__startswith=user.unit.path)
        ).select_related("unit")

    def _keeps(self, user, campaign) -> bool:
        return permissions.allows(MANAGE_CAMPAIGNS, user) and campaign.unit.path.startswith(
            user.unit.path
        )

    def campaign_list(self, request):
        self._reader(request.user)
        may_create = permissions.allows(MANAGE_CAMPAIGNS, request.user)
        found = list(
            self._campaigns(request.user).annotate(
                checks_made=Count("checks__check_number", distinct=True)
            )
        )
        return render(
            request,
            "profession_oversight/campaigns.html",
            self._context(campaigns=found, may_create=may_create),
        )

    def campaign(self, request, pk):
        self._reader(request.user)
        made = get_object_or_404(self._campaigns(request.user), pk=pk)
        found = campaigns.progress(made, self._records(request.user))
        return render(
            request,
            "profession_oversight/campaign.html",
            self._context(campaign=made, progress=found, may_edit=self._keeps(request.user, made)),
        )

    def create_campaign(self, request):
        permissions.require_page(MANAGE_CAMPAIGNS, request.user)
        form = CampaignForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            made = attempt(
                form,
                campaigns.create_campaign,
                request.user,
                unit=form.cleaned_data["unit"],
                **form.values(),
            )
            if made is not None:
                messages.success(request, f"已登记专项治理「{made.name}」。")
                return redirect(f"{self.namespace}:campaign", pk=made.pk)
        return render(
            request,
            "profession_oversight/campaign_form.html",
            self._context(form=form, title="登记专项治理"),
        )

    def edit_campaign(self, request, pk):
        permissions.require_page(MANAGE_CAMPAIGNS, request.user)
        made = get_object_or_404(self._campaigns(request.user), pk=pk)
        if not self._keeps(request.user, made):
            raise PermissionDenied("您不能修改上级单位的专项治理。")
        form = CampaignForm(request.POST or None, user=request.user, campaign=made)
        if request.method == "POST" and form.is_valid():
            saved = attempt(form, campaigns.update_campaign, request.user, made, **form.values())
            if saved is not None:
                messages.success(request, "已保存。")
                return redirect(f"{self.namespace}:campaign", pk=made.pk)
        return render(
            request,
            "profession_oversight/campaign_form.html",
            self._context(form=form, title=f"修改专项治理 {made.name}", campaign=made),
        )

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/checks/", self.checks, name="checks"),
            path(f"{prefix}/<int:pk>/check/", self.check, name="check"),
            path(
                f"{prefix}/<int:pk>/check/findings/",
                require_POST(self.add_finding),
                name="add_finding",
            ),
            path(
                f"{prefix}/<int:pk>/check/edit/", FORM_METHODS(self.edit_check), name="edit_check"
            ),
            path(f"{prefix}/<int:pk>/rectify/", require_POST(self.rectify), name="rectify"),
            path(f"{prefix}/campaigns/", self.campaign_list, name="campaigns"),
            path(
                f"{prefix}/campaigns/new/",
                FORM_METHODS(self.create_campaign),
                name="create_campaign",
            ),
            path(f"{prefix}/campaigns/<int:pk>/", self.campaign, name="campaign"),
            path(
                f"{prefix}/campaigns/<int:pk>/edit/",
                FORM_METHODS(self.edit_campaign),
                name="edit_campaign",
            ),
        ]


CHECK_PAGES = CheckPages(
    register=CHECK_REGISTER,
    list_fields=(
        "check_number",
        "campaign_name",
        "org_name",
        "problems",
        "rectification_deadline",
        "check_date",
    ),
    create_record=actions.register_check,
    update_record=actions.update_finding,
    create_form=CheckCreateForm,
    edit_form=FindingEditForm,
    create_title="登记专项治理检查",
    procedure=check_rules,
    step_form=CheckStepForm,
    take_step=actions.record_check_step,
    owner_kinds=BUREAUS_AND_SECTIONS,  # the bureau checks; the organisations are no users
)
