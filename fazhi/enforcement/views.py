"""The enforcement pages: 案卷评查 as generic register pages (scores and findings entered only
by 执法监督), its review rounds and departments with their 整改通知书 and rectification, and a
plain list of 述法."""

from collections import OrderedDict
from urllib.parse import quote

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from fazhi.core import audit, permissions
from fazhi.core.models import BUREAUS_AND_SECTIONS, AuditAction
from fazhi.core.records import mark_due
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import CHANGE, VIEW

from . import actions, notice, rules
from .columns import LAW_REPORT_REGISTER, REVIEW_REGISTER
from .forms import (
    EditForm,
    LawReportForm,
    NoticeSentForm,
    RectificationForm,
    ReviewForm,
    StepForm,
)
from .models import ReviewStatus

# Entering and editing scores and findings, and noting the 整改通知书 sent (permissions.py).
FINDINGS_RULE = "enforcement.enter_findings"
FINDINGS = method_decorator(permissions.permission_required(FINDINGS_RULE))


class ReviewPages(RegisterPages):
    """The generic pages, with entering and editing findings closed to 填报员 (`permissions`),
    and the pages of a review round (评查批次) and of a reviewed department."""

    def batches(self, request):
        rows = (
            self._records(request.user)
            .order_by()
            .values("batch")
            .annotate(
                files=Count("id"),
                departments=Count("reviewed_unit", distinct=True),
                open=Count("id", filter=Q(status=ReviewStatus.RECTIFYING)),
            )
            .order_by("-batch")
        )
        return render(request, "enforcement/batches.html", self._context(rows=list(rows)))

    def batch(self, request, batch):
        files = list(
            self._records(request.user)
            .filter(batch=batch)
            .select_related("reviewed_unit")
            .order_by("reviewed_unit__code", "number")
        )
        if not files:
            raise Http404("没有这个评查批次的案卷。")
        groups = OrderedDict()
        for review in files:
            groups.setdefault(review.reviewed_unit, []).append(review)
        departments = [
            {
                "unit": unit,
                "files": reviews,
                "problems": sum(1 for r in reviews if r.status != ReviewStatus.NO_PROBLEM),
                "open": sum(1 for r in reviews if r.status == ReviewStatus.RECTIFYING),
            }
            for unit, reviews in groups.items()
        ]
        return render(
            request,
            "enforcement/batch.html",
            self._context(batch=batch, departments=departments),
        )

    def _department_files(self, user, batch, unit_pk, action=VIEW):
        files = list(
            self._records(user, action)
            .filter(batch=batch, reviewed_unit_id=unit_pk)
            .select_related("reviewed_unit")
            .order_by("number")
        )
        if not files:
            raise Http404("没有这个单位在该批次的评查案卷。")
        return files

    def department(self, request, batch, unit_pk):
        today = timezone.localdate()
        files = self._department_files(request.user, batch, unit_pk)
        findings = [f for f in files if f.status != ReviewStatus.NO_PROBLEM]
        mark_due(findings, today)
        unit = files[0].reviewed_unit
        can_rectify = bool(self._records(request.user, CHANGE).filter(pk=files[0].pk).exists())
        return render(
            request,
            "enforcement/department.html",
            self._context(
                batch=batch,
                department=unit,
                files=files,
                findings=findings,
                open_findings=[f for f in findings if f.status == ReviewStatus.RECTIFYING],
                can_rectify=can_rectify,
                enters_findings=permissions.allows("enforcement.enter_findings", request.user),
                rectify_form=RectificationForm(initial={"day": today}),
                notice_form=NoticeSentForm(initial={"day": today}),
            ),
        )

    def notice(self, request, batch, unit_pk):
        files = self._department_files(request.user, batch, unit_pk)
        # The notice asks for what is still to be rectified, not for what is done.
        findings = [f for f in files if f.status == ReviewStatus.RECTIFYING]
        department = files[0].reviewed_unit
        audit.record(
            request.user,
            AuditAction.EXPORT,
            register=self.register.name,
            unit=department,
            note=f"下载整改通知书：{batch}，{department.name}，{len(findings)} 项问题",
        )
        data = notice.notice_docx(
            issuer=files[0].unit.name,
            department=department.name,
            batch=batch,
            reviewed=len(files),
            findings=findings,
            day=timezone.localdate(),
        )
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        filename = quote(f"{department.name}整改通知书.docx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response

    @FINDINGS
    def notice_sent(self, request, batch, unit_pk):
        back = redirect(f"{self.namespace}:department", batch=batch, unit_pk=unit_pk)
        files = self._department_files(request.user, batch, unit_pk, CHANGE)
        form = NoticeSentForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return back
        try:
            count = actions.record_notice_sent(request.user, files, form.cleaned_data["day"])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已登记整改通知书发出（{count} 件案卷）。")
        return back

    def rectify(self, request, pk):
        review = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        back = redirect(
            f"{self.namespace}:department", batch=review.batch, unit_pk=review.reviewed_unit_id
        )
        form = RectificationForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return back
        try:
            actions.record_rectification(request.user, review, form.cleaned_data["day"])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已登记「{review.file_name}」整改完成。")
        return back

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/batches/", self.batches, name="batches"),
            path(f"{prefix}/batches/<str:batch>/", self.batch, name="batch"),
            path(
                f"{prefix}/batches/<str:batch>/units/<int:unit_pk>/",
                self.department,
                name="department",
            ),
            path(
                f"{prefix}/batches/<str:batch>/units/<int:unit_pk>/notice.docx",
                self.notice,
                name="notice",
            ),
            path(
                f"{prefix}/batches/<str:batch>/units/<int:unit_pk>/notice-sent/",
                require_POST(self.notice_sent),
                name="notice_sent",
            ),
            path(f"{prefix}/<int:pk>/rectify/", require_POST(self.rectify), name="rectify"),
        ]


PAGES = ReviewPages(
    register=REVIEW_REGISTER,
    list_fields=("batch", "reviewed_unit_code", "file_name", "score", "grade", "review_date"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=ReviewForm,
    edit_form=EditForm,
    create_title="登记评查案卷",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,  # the bureau reviews; departments only record rectification
    permissions={"create": FINDINGS_RULE, "edit": FINDINGS_RULE},
)

# 述法: a register without a procedure.
LAW_REPORT_PAGES = RegisterPages(
    register=LAW_REPORT_REGISTER,
    create_record=actions.register_report,
    update_record=actions.update_report,
    create_form=LawReportForm,
    create_title="登记述法",
)
