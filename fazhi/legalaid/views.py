"""The pages of the three registers. 法律援助 and 公证 are the generic register pages with each
one's forms, rules and actions (templates legalaid/<register>_list.html …); 法律咨询 has no
procedure: a list, a record's page, and entering one.

受援人身份证号 is shown unmasked only to those who work legal aid (Role.LEGAL_SERVICES), and
every unmasked display is written to the audit log; everyone else sees the mask.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from fazhi.core import audit
from fazhi.core.access import CHANGE, changeable_units, sees_sensitive
from fazhi.core.idnumber import mask_id_number
from fazhi.core.models import AuditAction, AuditEntry, UnitKind
from fazhi.core.register_views import BUREAU_KINDS, RegisterPages
from fazhi.core.views import paginate

from . import actions, notarization_rules, rules
from .columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from .forms import (
    AidEditForm,
    AidFilter,
    AidForm,
    AidStepForm,
    ConsultationForm,
    NotarizationEditForm,
    NotarizationFilter,
    NotarizationForm,
    NotarizationStepForm,
)
from .models import Consultation

ID_FIELD = "受援人身份证号"


def sees_id_numbers(user) -> bool:
    return sees_sensitive(user, LEGAL_AID_REGISTER.model)


def show_id_numbers(user, records) -> None:
    """Set `id_shown` on each record: the number for those who work legal aid (each unmasked
    one written to the audit log, in one INSERT), the mask for everyone else."""
    unmasked = sees_id_numbers(user)
    entries = []
    for record in records:
        if unmasked and record.id_number:
            record.id_shown = record.id_number
            entries.append(
                audit.entry(
                    user,
                    AuditAction.READ_SENSITIVE,
                    record,
                    register=LEGAL_AID_REGISTER.name,
                    note=f"查看字段：{ID_FIELD}",
                )
            )
        else:
            record.id_shown = mask_id_number(record.id_number)
    AuditEntry.objects.bulk_create(entries)


class AidPages(RegisterPages):
    def edit(self, request, pk):
        # The edit form shows the number to whoever may change the record: audit it too.
        response = super().edit(request, pk)
        if request.method == "GET" and response.status_code == 200:
            record = self._records(request.user, CHANGE).filter(pk=pk).first()
            if record is not None and record.id_number:
                show_id_numbers(request.user, [record])
        return response


def _aid_detail_context(request, record):
    show_id_numbers(request.user, [record])
    return {}


PAGES = AidPages(
    register=LEGAL_AID_REGISTER,
    rules=rules,
    actions=actions,
    list_filter=AidFilter,
    create_form=AidForm,
    edit_form=AidEditForm,
    step_form=AidStepForm,
    create_title="登记法律援助案件",
    url_prefix="legal_aid",
    detail_context=_aid_detail_context,
    prepare_page=lambda request, page: show_id_numbers(request.user, page),
    owner_kinds=(*BUREAU_KINDS, UnitKind.LEGAL_AID_CENTER),
)

NOTARIZATION_PAGES = RegisterPages(
    register=NOTARIZATION_REGISTER,
    rules=notarization_rules,
    actions=SimpleNamespace(
        register_case=actions.register_notarization,
        update_case=actions.update_notarization,
        record_step=actions.record_notarization_step,
    ),
    list_filter=NotarizationFilter,
    create_form=NotarizationForm,
    edit_form=NotarizationEditForm,
    step_form=NotarizationStepForm,
    create_title="受理公证",
    url_prefix="notarization",
    owner_kinds=(*BUREAU_KINDS, UnitKind.NOTARY_OFFICE),
)

# --- 法律咨询: a register without a procedure --------------------------------------------

CONSULTATION_OWNER_KINDS = (*BUREAU_KINDS, UnitKind.JUDICIAL_OFFICE, UnitKind.LEGAL_AID_CENTER)


def _consultation_context(**values):
    return {"register": CONSULTATION_REGISTER, "ns": "consultation", **values}


def _consultation_units(user):
    return changeable_units(user, Consultation).filter(kind__in=CONSULTATION_OWNER_KINDS)


def consultation_list(request):
    records = Consultation.objects.visible_to(request.user).select_related("unit")
    year = request.GET.get("year", "")
    if year.isdigit():
        records = records.filter(consulted_date__year=int(year))
    page = paginate(request, records.order_by("-consulted_date", "-id"))
    can_register = _consultation_units(request.user).exists()
    return render(
        request,
        "legalaid/consultation_list.html",
        _consultation_context(page=page, year=year, can_register=can_register),
    )


def consultation_detail(request, pk):
    record = get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    return render(
        request, "legalaid/consultation_detail.html", _consultation_context(record=record)
    )


def consultation_create(request):
    units = _consultation_units(request.user)
    if not units.exists():
        raise PermissionDenied("您没有登记法律咨询的权限。")
    form = ConsultationForm(request.POST or None, units=units, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        record = RegisterPages._attempt(
            form,
            actions.register_consultation,
            request.user,
            unit=form.cleaned_data["unit"],
            **data,
        )
        if record is not None:
            messages.success(request, f"已登记法律咨询「{record.number}」。")
            return redirect("consultation:detail", pk=record.pk)
    return render(
        request,
        "registers/form.html",
        _consultation_context(form=form, title="登记法律咨询"),
    )


CONSULTATION_URLS = [
    path("consultation/", consultation_list, name="list"),
    path(
        "consultation/new/",
        require_http_methods(["GET", "POST"])(consultation_create),
        name="create",
    ),
    path("consultation/<int:pk>/", consultation_detail, name="detail"),
]
