"""The pages of 法律服务队伍: one RegisterPages per register, with

- an org's and a practitioner's page showing the 执业状态 history and the step form (停止执业,
  恢复执业, 注销, 吊销: the steps the record allows now), posted to its own page; an org's page
  lists its practitioners and its assessments, a practitioner's his assessments;
- 未按期考核名单: the orgs and practitioners in 执业 with no assessment of the watched year
  once its deadline has passed (the board's reminder and the figures' rule), by kind.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.access import Scope, may_change_record, scope_for
from fazhi.core.list_table import ListColumn
from fazhi.core.models import RegisterSetting
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import CHANGE, VIEW

from . import actions, links, queries, rules
from .columns import ASSESSMENT_REGISTER, ORG_REGISTER, PRACTITIONER_REGISTER
from .forms import AssessmentFilter, AssessmentForm, OrgForm, PractitionerForm, StatusStepForm
from .models import (
    OWNER_KINDS,
    LegalPractitioner,
    LegalServiceOrg,
    PractitionerAssessment,
    SubjectKind,
)


def _status_context(request, record) -> dict:
    """The record's steps so far, and the form of those it allows now (for whoever may change
    it)."""
    allowed = rules.allowed_steps(record) if may_change_record(request.user, record) else []
    return {
        "history": list(record.status_changes.select_related("recorded_by")),
        "step_form": StatusStepForm(steps=allowed, initial={"day": timezone.localdate()})
        if allowed
        else None,
    }


def _assessments_of(request, record, subject_kind: str, field: str):
    """The record's assessments: matched to it, or naming its number in its bureau (entered
    before it was, kept 未匹配)."""
    bureau = links.bureau_path(record.unit)
    return (
        PractitionerAssessment.objects.visible_to(request.user)
        .filter(
            Q(**{field: record})
            | Q(
                subject_kind=subject_kind,
                subject_number=record.number,
                unit__path__startswith=bureau,
            )
        )
        .order_by("-year", "-id")
        .only("number", "year", "result", "assessed_date", "assessor", "unmatched")
    )


def _org_context(request, org) -> dict:
    practitioners = (
        LegalPractitioner.objects.visible_to(request.user)
        .filter(org=org)
        .order_by("kind", "number")
        .only("number", "name", "kind", "lawyer_kind", "status", "licensed_date")
    )
    return {
        **_status_context(request, org),
        "practitioners": list(practitioners),
        "assessments": list(_assessments_of(request, org, SubjectKind.ORG, "org")),
    }


def _practitioner_context(request, person) -> dict:
    assessed = _assessments_of(request, person, SubjectKind.PRACTITIONER, "practitioner")
    return {**_status_context(request, person), "assessments": list(assessed)}


class StatusPages(RegisterPages):
    """A register of holders of a licence: its pages and the page taking a status step."""

    def status_step(self, request, pk):
        record = self.record_for(request.user, pk, CHANGE)
        form = StatusStepForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{self.namespace}:detail", pk=pk)
        data = form.cleaned_data
        try:
            actions.take_step(
                request.user,
                record,
                data["step"],
                data["day"],
                reason=data["reason"],
                document_number=data["document_number"],
            )
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已办理：{rules.STEPS[data['step']].label}。")
        return redirect(f"{self.namespace}:detail", pk=pk)


class PractitionerPages(StatusPages):
    def _records(self, user, action=VIEW, *, listing: bool = False):
        # The list shows the 执业机构 by name: read along, not one query a row.
        return super()._records(user, action, listing=listing).select_related("org")


ORG_PAGES = StatusPages(
    register=ORG_REGISTER,
    create_record=actions.register_org,
    update_record=actions.update_org,
    create_form=OrgForm,
    create_title="登记法律服务机构",
    path="profession/orgs",
    owner_kinds=OWNER_KINDS,
    list_fields=("name", "kind", "firm_form", "head", "licensed_date", "status"),
    detail_context=_org_context,
)
ORG_PAGES.more_urls += [
    path("profession/orgs/<int:pk>/status/", require_POST(ORG_PAGES.status_step), name="status"),
]

ORG_NAME = ListColumn(
    "执业机构",
    lambda record: record.org.name if record.org_id else record.org_number,
    order="org_number",
)

PRACTITIONER_PAGES = PractitionerPages(
    register=PRACTITIONER_REGISTER,
    create_record=actions.register_practitioner,
    update_record=actions.update_practitioner,
    create_form=PractitionerForm,
    create_title="登记法律服务人员",
    path="profession/practitioners",
    owner_kinds=OWNER_KINDS,
    list_fields=("name", "kind", "lawyer_kind", ORG_NAME, "licensed_date", "status"),
    detail_context=_practitioner_context,
)
PRACTITIONER_PAGES.more_urls += [
    path(
        "profession/practitioners/<int:pk>/status/",
        require_POST(PRACTITIONER_PAGES.status_step),
        name="status",
    ),
]


def unassessed(request):
    """未按期考核名单: whom the board's reminder counts, each with the year and deadline missed."""
    if scope_for(request.user, LegalPractitioner, VIEW) is Scope.NONE:
        raise PermissionDenied("您的角色不办理也不查阅法律服务队伍登记簿。")
    today = timezone.localdate()
    settings = rules.settings_from(RegisterSetting.objects.current())
    sections = []
    for model, register, title in (
        (LegalServiceOrg, ORG_REGISTER, "法律服务机构"),
        (LegalPractitioner, PRACTITIONER_REGISTER, "法律服务人员"),
    ):
        found = list(
            queries.not_assessed(model.objects.visible_to(request.user), today, settings)
            .select_related("unit")
            .order_by("kind", "number")
        )
        for record in found:
            record.watched_year = rules.watched_year(record.kind, today, settings)
            record.due = rules.assessment_due(record.kind, record.watched_year, settings)
        sections.append({"title": title, "register": register, "records": found})
    deadlines = [
        (label, rules.assessment_due(kind, rules.watched_year(kind, today, settings), settings))
        for kind, label in _kinds()
    ]
    return render(
        request,
        "profession/unassessed.html",
        {"sections": sections, "deadlines": deadlines, "today": today},
    )


def _kinds():
    return [(kind, rules.KIND_LABELS[kind]) for _subject, kind in rules.DEADLINE_KINDS]


class AssessmentPages(RegisterPages):
    def rematch(self, request, pk):
        record = self.record_for(request.user, pk, CHANGE)
        try:
            actions.rematch_assessment(request.user, record)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            if record.unmatched:
                messages.error(request, "仍未找到该号码的机构或人员，请核对执业证号或许可证号。")
            else:
                messages.success(request, "已匹配考核对象。")
        return redirect(f"{self.namespace}:detail", pk=pk)


def _assessment_context(request, record) -> dict:
    return {"can_rematch": record.unmatched and may_change_record(request.user, record)}


ASSESSMENT_PAGES = AssessmentPages(
    register=ASSESSMENT_REGISTER,
    create_record=actions.register_assessment,
    update_record=actions.update_assessment,
    create_form=AssessmentForm,
    create_title="登记年度考核",
    path="profession/assessments",
    owner_kinds=OWNER_KINDS,
    list_filter=AssessmentFilter,
    list_fields=("year", "subject_kind", "subject_number", "subject_name", "result", "unmatched"),
    detail_context=_assessment_context,
)
ASSESSMENT_PAGES.more_urls += [
    path("profession/assessments/unassessed/", require_GET(unassessed), name="unassessed"),
    path(
        "profession/assessments/<int:pk>/rematch/",
        require_POST(ASSESSMENT_PAGES.rematch),
        name="rematch",
    ),
]
