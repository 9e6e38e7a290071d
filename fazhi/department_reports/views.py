"""The pages of 部门法治政府建设年度报告: the generic register pages (registering, correcting and
grading closed to 填报员, who record their own unit's 报送 and 公开 as steps), with

- 报送情况: for a year, every unit that must report in the reader's reach, registered or not,
  with its 报送 and 公开 (on time or late) and the counts;
- on the bureau's own report (the reporting unit is a 司法行政机关), the state of its own
  法治政府建设情况报告 of that year (fazhi.reports) and the way to it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, ExpressionWrapper, Value, When
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from fazhi.core import permissions
from fazhi.core.access import Scope, may_change, scope_for
from fazhi.core.list_table import ListColumn
from fazhi.core.models import BUREAUS, BUREAUS_AND_SECTIONS, RegisterSetting, Unit
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import VIEW
from fazhi.reports.models import AnnualReport
from fazhi.reports.permissions import readable

from . import actions, rules, status
from .columns import REGISTER
from .forms import ReportForm, StatusFilter, StepForm
from .models import DepartmentReport
from .permissions import RULE


def _dated(name: str, late_field: str, header: str) -> ListColumn:
    """A date, marked 逾期 where it was late."""

    def cell(record):
        day = getattr(record, name)
        if day is None:
            return ""
        if getattr(record, late_field):
            return format_html('{} <span class="warn">逾期</span>', day.isoformat())
        return day.isoformat()

    return ListColumn(header, cell, "nowrap", order=name)


LIST_FIELDS = (
    ListColumn("报告年度", lambda record: f"{record.year}年度", "nowrap", order="year"),
    "reporting_unit_code",
    _dated("received_date", "received_late", "报送日期"),
    _dated("published_date", "published_late", "公开日期"),
    "grade",
)


def own_report(user, record) -> dict:
    """The bureau's own 法治政府建设情况报告 of the record's year, when the reporting unit is a
    司法行政机关: its state, and its page for whoever may read it (reports.permissions.readable,
    asked in the same query). Queries: one, or none for a department's or township's report."""
    unit = record.reporting_unit
    if unit is None or unit.kind not in BUREAUS:
        return {}
    readable_now = Case(When(readable(user), then=Value(True)), default=Value(False))
    report = (
        AnnualReport.objects.filter(unit=unit, year=record.year)
        .annotate(may_read=ExpressionWrapper(readable_now, output_field=BooleanField()))
        .first()
    )
    url = reverse("reports:detail", args=[report.pk]) if report and report.may_read else ""
    return {"own_report": report, "own_report_url": url, "is_bureau_report": True}


def detail_context(request, record) -> dict:
    return own_report(request.user, record)


class ReportPages(RegisterPages):
    def status(self, request):
        """报送情况 of a year under the reader's unit (or one he picks below it)."""
        user = request.user
        if scope_for(user, DepartmentReport, VIEW) is Scope.NONE:
            raise PermissionDenied(f"您的角色不办理也不查阅{self.register.label}。")
        today = timezone.localdate()
        form = StatusFilter(
            request.GET or None, units=Unit.objects.filter_choices(user), today=today
        )
        valid = form.is_valid()
        year = form.cleaned_data["year"] if valid else today.year - 1
        within = (form.cleaned_data.get("unit") if valid else None) or user.unit
        settings = RegisterSetting.objects.current()
        found = status.year_status(user, year, within, settings, today)
        return render(
            request,
            "department_reports/status.html",
            self._context(
                form=form,
                found=found,
                within=within,
                grading=rules.grades(settings),
                receive_text=rules.due_label(settings[rules.RECEIVE_DUE_SETTING]),
                publish_text=rules.due_label(settings[rules.PUBLISH_DUE_SETTING]),
                registers_expected=bool(found.unregistered)
                and within.pk == user.unit_id
                and self._registers_for(user, within),
            ),
        )

    def _registers_for(self, user, unit) -> bool:
        """Whether `user` may register the reports of the units under `unit` at once: the
        bureau's 依法治县办, for the units of his own bureau, which owns the records."""
        return (
            unit.kind in BUREAUS
            and permissions.allows(RULE, user)
            and may_change(user, DepartmentReport, unit)
        )

    def register_expected(self, request):
        """登记 the year's report of every unit that must report and has none, awaiting 报送."""
        user = request.user
        permissions.require_page(RULE, user)
        form = StatusFilter(
            request.POST, units=Unit.objects.filter_choices(user), today=timezone.localdate()
        )
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(f"{self.namespace}:status")
        year = form.cleaned_data["year"]
        if not self._registers_for(user, user.unit):
            raise PermissionDenied("只能由司法局为本辖区应报送的单位登记年度报告。")
        try:
            made = actions.register_expected(user, owner=user.unit, year=year)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, f"已为 {len(made)} 家单位登记{year}年度报告，待各单位报送和公开。"
            )
        return redirect(f"{reverse(f'{self.namespace}:status')}?{urlencode({'year': year})}")

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/status/", self.status, name="status"),
            path(
                f"{prefix}/status/register/",
                require_POST(self.register_expected),
                name="register_expected",
            ),
        ]


PAGES = ReportPages(
    register=REGISTER,
    list_fields=LIST_FIELDS,
    create_record=actions.register_report,
    update_record=actions.update_report,
    create_form=ReportForm,
    create_title="登记部门法治政府建设年度报告",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,  # the bureau registers; units record 报送 and 公开
    permissions={"create": RULE, "edit": RULE},
    detail_context=detail_context,
)
