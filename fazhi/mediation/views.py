"""The mediation pages: the generic register pages (owners: 人民调解委员会), and 以奖代补 —
the township's submit list, the county's review list, the tier table and the payout with its
payment list."""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from fazhi.core import permissions
from fazhi.core.list_table import ListColumn
from fazhi.core.models import UnitKind
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import CHANGE
from fazhi.core.spreadsheet import CONTENT_TYPE

from . import actions, payout, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, ListFilter, RejectForm, StepForm, TierForm
from .models import MediationCase, Result, SubsidyStatus, SubsidyTier, tier_units
from .templatetags.mediation import window_text
from .tiers import table_for

# Each 以奖代补 page declares the rule it requires (permissions.py); a page refused answers 403
# with the rule's own message, the one its action gives.
SUBMITTERS = method_decorator(permissions.permission_required("mediation.submit_subsidy"))
REVIEWERS = method_decorator(permissions.permission_required("mediation.review_subsidy"))
TIER_READERS = method_decorator(permissions.permission_required("mediation.view_tiers"))


def _year(request) -> int:
    value = request.GET.get("year") or request.POST.get("year") or ""
    return (
        int(value)
        if value.isdigit() and 2000 <= int(value) <= 2100
        else (timezone.localdate().year)
    )


class MediationPages(RegisterPages):
    def list_extras(self, request) -> dict:
        # The list links only to the 以奖代补 pages this user may open (the others answer 403).
        user = request.user
        return {
            "subsidy_pages": {
                "submit": permissions.allows("mediation.submit_subsidy", user),
                "review": permissions.allows("mediation.review_subsidy", user),
                "payout": True,  # every reader of the register sees its own approved cases
                "tiers": permissions.allows("mediation.view_tiers", user),
            }
        }

    @SUBMITTERS
    def submit_list(self, request):
        year = _year(request)
        cases = (
            self._records(request.user, CHANGE)
            .filter(status=Result.SUCCEEDED)
            .filter(subsidy_status__in=(SubsidyStatus.NONE, SubsidyStatus.REJECTED))
            .order_by("committee__code", "closed_date", "id")
        )
        submitted = self._records(request.user).filter(
            subsidy_year=year, subsidy_status=SubsidyStatus.SUBMITTED
        )
        return render(
            request,
            "mediation/subsidy_submit.html",
            self._context(year=year, cases=list(cases), submitted=submitted.count()),
        )

    @SUBMITTERS
    def submit(self, request):
        year = _year(request)
        pks = [int(pk) for pk in request.POST.getlist("case") if pk.isdigit()]
        cases = self._records(request.user, CHANGE).filter(pk__in=pks)
        done = 0
        for case in cases:
            try:
                actions.submit_for_subsidy(request.user, case, year)
                done += 1
            except REFUSALS as refusal:
                messages.error(request, str(refusal))
        messages.success(request, f"已申报 {done} 件。")
        return redirect(f"{self.namespace}:subsidy_submit")

    @REVIEWERS
    def review_list(self, request):
        cases = (
            self._records(request.user, CHANGE)
            .filter(subsidy_status=SubsidyStatus.SUBMITTED)
            .order_by("subsidy_year", "committee__code", "id")
        )
        return render(
            request,
            "mediation/subsidy_review.html",
            self._context(cases=list(cases), reject_form=RejectForm()),
        )

    @REVIEWERS
    def approve(self, request):
        pks = [int(pk) for pk in request.POST.getlist("case") if pk.isdigit()]
        done = 0
        for case in self._records(request.user, CHANGE).filter(pk__in=pks):
            try:
                actions.approve_subsidy(request.user, case)
                done += 1
            except REFUSALS as refusal:
                messages.error(request, str(refusal))
        messages.success(request, f"已审核通过 {done} 件。")
        return redirect(f"{self.namespace}:subsidy_review")

    @REVIEWERS
    def reject(self, request, pk):
        case = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = RejectForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("reason", ["审核不通过须写明理由。"]):
                messages.error(request, error)
        else:
            try:
                actions.reject_subsidy(request.user, case, form.cleaned_data["reason"])
            except REFUSALS as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"「{case.number}」审核不通过。")
        return redirect(f"{self.namespace}:subsidy_review")

    @TIER_READERS
    def tiers(self, request):
        """A unit's tier table: its own settings and those it inherits, each saying where it
        comes from, to those who work with subsidies; set by that unit's own officer."""
        user = request.user
        year = _year(request)
        can_set = permissions.allows("mediation.set_tiers", user)
        form = TierForm(request.POST or None, initial={"year": year, "unit": user.unit.code})
        if request.method == "POST":
            permissions.require_page("mediation.set_tiers", user)
            if form.is_valid():
                data = form.cleaned_data
                # The form names whose money it sets; any unit but his own is not found.
                unit = get_object_or_404(tier_units(user), code=data["unit"] or user.unit.code)
                try:
                    actions.set_tier(
                        user, data["year"], data["difficulty"], data["amount"], unit=unit
                    )
                except REFUSALS as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, "已保存以奖代补标准。")
                return redirect(f"{reverse(f'{self.namespace}:subsidy_tiers')}?year={data['year']}")
        history = SubsidyTier.objects.visible_to(user).select_related("set_by", "unit")[:50]
        return render(
            request,
            "mediation/subsidy_tiers.html",
            self._context(
                year=year,
                unit=user.unit,
                table=table_for(user, year),
                history=history,
                form=form,
                can_set=can_set,
            ),
        )

    def payout(self, request):
        year = _year(request)
        cases = self._records(request.user)
        count, amount = payout.total(cases, year)
        return render(
            request,
            "mediation/subsidy_payout.html",
            self._context(
                year=year,
                committees=payout.by_committee(cases, year),
                mediators=payout.by_mediator(cases, year),
                count=count,
                amount=amount,
            ),
        )

    def payout_xlsx(self, request):
        year = _year(request)
        cases = self._records(request.user)
        data = payout.payment_list_xlsx(cases, year, request.user.unit.name)
        response = HttpResponse(data, content_type=CONTENT_TYPE)
        filename = quote(f"{year}年度以奖代补发放名单.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/subsidy/submit/", self.submit_list, name="subsidy_submit"),
            path(f"{prefix}/subsidy/submit/do/", require_POST(self.submit), name="subsidy_do"),
            path(f"{prefix}/subsidy/review/", self.review_list, name="subsidy_review"),
            path(
                f"{prefix}/subsidy/review/approve/",
                require_POST(self.approve),
                name="subsidy_approve",
            ),
            path(
                f"{prefix}/subsidy/review/<int:pk>/reject/",
                require_POST(self.reject),
                name="subsidy_reject",
            ),
            path(f"{prefix}/subsidy/tiers/", self.tiers, name="subsidy_tiers"),
            path(f"{prefix}/subsidy/payout/", self.payout, name="subsidy_payout"),
            path(f"{prefix}/subsidy/payout.xlsx", self.payout_xlsx, name="subsidy_payout_xlsx"),
        ]


def with_windows(request, page):
    """Each listed case's 司法确认 window as it stands today (rules.window_state): the list shows
    it, not the generic 当前期限/剩余天数, which would call a lapsed window 超期."""
    today = timezone.localdate()
    for case in page:
        case.window = rules.window_state(case, today)


def _window_cell(case):
    state = case.window
    return format_html('<span class="window-{}">{}</span>', state.state, window_text(state))


# In place of the generic 当前期限/剩余天数, which would paint a lapsed 司法确认 window red as 超期,
# the list shows the window as rules.window_state has it: the register has no overdue work.
WINDOW_COLUMN = ListColumn("司法确认", _window_cell, order="due_date")
LIST_FIELDS = (
    "committee_code",
    "dispute_type",
    "mediator",
    "received_date",
    "closed_date",
    "subsidy_status",
)


def window_of(request, case) -> dict:
    """The case page's window, by the same rule as the list's."""
    return {"window": rules.window_state(case, timezone.localdate())}


PAGES = MediationPages(
    register=REGISTER,
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=CaseForm,
    edit_form=EditForm,
    create_title="登记调解案件",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    list_filter=ListFilter,
    owner_kinds=(UnitKind.MEDIATION_COMMITTEE,),
    prepare_page=with_windows,
    list_fields=LIST_FIELDS,
    deadline_columns=(WINDOW_COLUMN,),
    detail_context=window_of,
)

__all__ = ["PAGES", "MediationCase"]
