"""法治督察's pages: the generic register pages (a record is one finding; entering and changing
closed to 填报员), and the pages of an inspection: the list of inspections, and one
inspection's particulars and findings, where 执法监督 adds findings and corrects the
particulars, and the inspected unit's 填报员 records each finding's rectification."""

from django.contrib import messages
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from fazhi.core import permissions
from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.records import mark_due
from fazhi.core.rectification import FOUND, Status
from fazhi.core.register_views import FORM_METHODS, REFUSALS, RegisterPages, attempt
from fazhi.core.roles import CHANGE, VIEW

from . import actions, rules
from .columns import REGISTER
from .forms import (
    FindingEditForm,
    FindingForm,
    InspectionCreateForm,
    InspectionForm,
    RectificationForm,
    StepForm,
)
from .models import InspectionKind
from .permissions import RULE

FINDINGS = method_decorator(permissions.permission_required(RULE))
INSPECTIONS_SHOWN = 200  # a county holds tens a year; the year filter reaches the rest
YEARS = (1900, 2100)  # the years the inspections' filter takes


class InspectionPages(RegisterPages):
    def _inspection(self, user, pk, action=VIEW) -> list:
        """The records of the inspection that record `pk` belongs to, as `user` may see them
        (or take `action` on them), oldest first; 404 when he may see none."""
        record = get_object_or_404(self._records(user, action), pk=pk)
        return list(
            self._records(user, action)
            .filter(unit_id=record.unit_id, inspection_number=record.inspection_number)
            .order_by("id")
        )

    def inspections(self, request):
        """The inspections (督察编号 of a unit) the user may see, newest first, each with its
        counts: one grouped query."""
        year = request.GET.get("year", "")
        # A year no date can carry (99999…, ²) would overflow the date lookup: shown unfiltered.
        if not (len(year) == 4 and year.isascii() and year.isdigit()) or not (
            YEARS[0] <= int(year) <= YEARS[1]
        ):
            year = ""
        records = self._records(request.user)
        if year:
            records = records.filter(start_date__year=int(year))
        rows = list(
            records.order_by()
            .values(
                "unit__name",
                "inspection_number",
                "kind",
                "inspected_unit__name",
                "start_date",
                "end_date",
            )
            .annotate(
                first=Min("id"),
                findings=Count("id", filter=Q(status__in=FOUND)),
                open=Count("id", filter=Q(status=Status.RECTIFYING)),
                latest=Max("id"),
            )
            .order_by("-start_date", "-latest")[:INSPECTIONS_SHOWN]
        )
        kinds = dict(InspectionKind.choices)
        for row in rows:
            row["kind_label"] = kinds.get(row["kind"], row["kind"])
        return render(
            request,
            "oversight/inspections.html",
            self._context(rows=rows, year=year, shown=INSPECTIONS_SHOWN),
        )

    def inspection(self, request, pk):
        today = timezone.localdate()
        records = self._inspection(request.user, pk)
        mark_due(records, today)
        changeable = set(
            self._records(request.user, CHANGE)
            .filter(pk__in=[r.pk for r in records])
            .values_list("pk", flat=True)
        )
        for record in records:
            record.can_rectify = record.pk in changeable and record.status == Status.RECTIFYING
        findings = [r for r in records if r.status != Status.NO_PROBLEM]
        enters = bool(changeable) and permissions.allows(RULE, request.user)
        return render(
            request,
            "oversight/inspection.html",
            self._context(
                first=records[0],
                findings=findings,
                open_count=sum(1 for r in findings if r.status == Status.RECTIFYING),
                overdue_count=sum(1 for r in findings if r.overdue),
                enters_findings=enters,
                finding_form=FindingForm(),
                rectify_form=RectificationForm(initial={"day": today}),
            ),
        )

    def _back(self, pk):
        return redirect(f"{self.namespace}:inspection", pk=pk)

    @FINDINGS
    def add_finding(self, request, pk):
        records = self._inspection(request.user, pk, CHANGE)
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

    @FINDINGS
    def edit_inspection(self, request, pk):
        records = self._inspection(request.user, pk, CHANGE)
        form = InspectionForm(request.POST or None, instance=records[0], user=request.user)
        if request.method == "POST" and form.is_valid():
            update = actions.update_inspection
            changed = attempt(form, update, request.user, records, **form.changes())
            if changed is not None:
                messages.success(request, f"已保存督察信息（{changed} 条记录）。")
                return self._back(pk)
        title = f"修改督察信息 {records[0].inspection_number}"
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

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/inspections/", self.inspections, name="inspections"),
            path(f"{prefix}/<int:pk>/inspection/", self.inspection, name="inspection"),
            path(
                f"{prefix}/<int:pk>/inspection/findings/",
                require_POST(self.add_finding),
                name="add_finding",
            ),
            path(
                f"{prefix}/<int:pk>/inspection/edit/",
                FORM_METHODS(self.edit_inspection),
                name="edit_inspection",
            ),
            path(f"{prefix}/<int:pk>/rectify/", require_POST(self.rectify), name="rectify"),
        ]


PAGES = InspectionPages(
    register=REGISTER,
    list_fields=(
        "inspection_number",
        "inspected_unit_code",
        "problems",
        "rectification_deadline",
        "start_date",
    ),
    create_record=actions.register_inspection,
    update_record=actions.update_finding,
    create_form=InspectionCreateForm,
    edit_form=FindingEditForm,
    create_title="登记法治督察",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,  # the bureau inspects; units only record rectification
    permissions={"create": RULE, "edit": RULE},
)
