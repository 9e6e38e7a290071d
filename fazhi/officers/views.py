"""The pages of 行政执法人员 and 执法人员培训: the generic RegisterPages, with

- the officer's page showing his cards and their history, his exams and his year's training
  hours against the minimums, and the forms that record a card's change (年审, 注销; the
  bureau's 暂扣, 恢复, 吊销) and an exam, each posted to its own page;
- the public list (执法人员公示): an .xlsx of the officers in post whose card is 有效 today,
  without ID numbers, for whoever reads the register.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import audit, permissions
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import AuditAction
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import CHANGE, VIEW
from fazhi.core.spreadsheet import CONTENT_TYPE

from . import actions, campaign_views, public, rules
from .columns import OFFICER_REGISTER, TRAINING_REGISTER, current_settings
from .forms import CardChangeForm, ExamForm, OfficerForm, TrainingForm
from .models import HELD_STATES, OWNER_KINDS, ExamKind, TrainingAttendance
from .permissions import SANCTION


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _officer_context(request, officer) -> dict:
    today = timezone.localdate()
    year = _year(request) or today.year
    settings = current_settings()
    cards = list(officer.certificates.prefetch_related("events").select_related("unit"))
    current = None
    for card in cards:
        card.state_today = rules.STATE_LABELS[rules.state_on(card, today)]
        card.review_overdue = rules.review_overdue_on(card, today, settings)
        card.history = list(card.events.all())
        if card.number == officer.card_number:
            current = card
    exams = list(officer.exams.all())
    attendances = list(
        TrainingAttendance.objects.visible_to(request.user)
        .filter(officer=officer, held_date__year=year)
        .order_by("held_date", "id")
    )
    totals = rules.hours_by_category(attendances)
    can_change = OFFICER_PAGES.may_change(request.user, officer)
    sanctions = permissions.allows(SANCTION, request.user)
    moved = current is not None and current.unit_id != officer.unit_id
    return {
        "cards": cards,
        "current_card": current,
        "state_today": rules.STATE_LABELS[rules.roster_state(officer, today)],
        "not_in_post_holder": current is not None
        and rules.not_in_post_holder(officer.in_post, moved, current.state)
        and current.valid_until >= today,
        "moved": moved,
        "expiring": current is not None and rules.expiring_within(current, today, settings),
        "exams": exams,
        "missing_exams": [
            label
            for kind, label in rules.MISSING_EXAMS.items()
            if kind not in rules.exams_passed(exams)
        ],
        "year": year,
        "attendances": attendances,
        "hours": [
            (label, totals[value])
            for value, label in (
                ("", "合计"),
                *TrainingAttendance._meta.get_field("category").choices,
            )
        ],
        "shortfalls": rules.hours_shortfalls(totals, settings),
        "card_form": CardChangeForm(sanctions=sanctions, initial={"day": today}, prefix="card")
        if can_change and current is not None and current.state in HELD_STATES
        else None,
        "exam_form": ExamForm(initial={"date": today, "kind": ExamKind.GENERAL}, prefix="exam")
        if can_change
        else None,
    }


class OfficerPages(RegisterPages):
    def may_change(self, user, officer) -> bool:
        return self._records(user, CHANGE).filter(pk=officer.pk).exists()

    def list_extras(self, request) -> dict:
        return {"public_list": True}

    def card_change(self, request, pk):
        officer = self.record_for(request.user, pk, CHANGE)
        sanctions = permissions.allows(SANCTION, request.user)
        form = CardChangeForm(request.POST, sanctions=sanctions, prefix="card")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{self.namespace}:detail", pk=pk)
        data = form.cleaned_data
        try:
            actions.change_card(
                request.user,
                officer,
                data["kind"],
                data["day"],
                until=data["until"],
                result=data["result"],
                reason=data["reason"],
                document_number=data["document_number"],
            )
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            label = dict(form.fields["kind"].choices)[data["kind"]]
            messages.success(request, f"已办理执法证{label}。")
        return redirect(f"{self.namespace}:detail", pk=pk)

    def exam(self, request, pk):
        officer = self.record_for(request.user, pk, CHANGE)
        form = ExamForm(request.POST, prefix="exam")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{self.namespace}:detail", pk=pk)
        try:
            exam = actions.record_exam(request.user, officer, **form.cleaned_data)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            verdict = "合格" if exam.passed else "不合格"
            messages.success(request, f"已登记{exam.get_kind_display()}考试，成绩{verdict}。")
        return redirect(f"{self.namespace}:detail", pk=pk)

    def public_list(self, request):
        """执法人员公示: the officers in post whose card is 有效 today, as an .xlsx."""
        if scope_for(request.user, self.model, VIEW) is Scope.NONE:
            raise PermissionDenied(f"您的角色不办理也不查阅{self.register.label}。")
        today = timezone.localdate()
        officers = self._records(request.user).filter(public.published(today))
        content, count = public.workbook(officers, today)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            register=self.register.name,
            note=f"导出执法人员公示名单（{count} 人，不含身份证号）",
        )
        response = HttpResponse(content, content_type=CONTENT_TYPE)
        filename = f"执法人员公示名单{today.isoformat()}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


OFFICER_PAGES = OfficerPages(
    register=OFFICER_REGISTER,
    create_record=actions.register_officer,
    update_record=actions.update_officer,
    create_form=OfficerForm,
    create_title="登记行政执法人员",
    path="officers",
    owner_kinds=OWNER_KINDS,
    list_fields=("name", "staffing", "in_post", "card_number", "card_valid_until", "card_state"),
    detail_context=_officer_context,
)
OFFICER_PAGES.more_urls += [
    path("officers/<int:pk>/card/", require_POST(OFFICER_PAGES.card_change), name="card"),
    path("officers/<int:pk>/exam/", require_POST(OFFICER_PAGES.exam), name="exam"),
    path("officers/public/", require_GET(OFFICER_PAGES.public_list), name="public"),
    path("officers/renewal/", require_GET(campaign_views.campaigns), name="renewals"),
    path("officers/renewal/open/", require_POST(campaign_views.open_campaign), name="renewal_open"),
    path("officers/renewal/<int:pk>/", require_GET(campaign_views.detail), name="renewal"),
    path(
        "officers/renewal/<int:pk>/applied/",
        require_POST(campaign_views.applied),
        name="renewal_applied",
    ),
]

TRAINING_PAGES = RegisterPages(
    register=TRAINING_REGISTER,
    create_record=actions.register_attendance,
    update_record=actions.update_attendance,
    create_form=TrainingForm,
    create_title="登记培训签到",
    path="officers/training",
    owner_kinds=OWNER_KINDS,
    list_fields=("held_date", "topic", "category", "hours", "name", "unmatched"),
)
