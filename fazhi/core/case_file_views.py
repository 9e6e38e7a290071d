"""A record's 文书 on its page (issue 20): the documents its facts call for, each to read as a
draft or to issue with its number; the documents issued, to download, to mark delivered or
作废. Mounted by RegisterPages for every register that declares a CaseFile; each view takes the
register's pages and finds the record through them, so the one access rule applies (another
county's record is a 404).

A register holding personal data (Register.sensitive) prints it on its documents in full:
making or downloading one is allowed only once the officer has stated why he needs the data,
as its pages require before they show it (core.personal), and each download is audited.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import case_documents, document_actions, dossier_views
from .case_documents import CaseDocument, CaseFile
from .choices import DeliveryMethod
from .errors import ActionRefused, RecordInvalid, StepRefused
from .masks import mask
from .models import IssuedDocument
from .personal import shows_personal_data
from .roles import CHANGE
from .text import refuse_bad_characters

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REFUSALS = (ActionRefused, RecordInvalid, StepRefused)


@dataclass
class OfferedDocument:
    document: CaseDocument
    issued: int  # how many of it the record has, not cancelled


class IssueForm(forms.Form):
    day = forms.DateField(label="成文日期")


class DeliveryForm(forms.Form):
    day = forms.DateField(label="送达日期")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    signer = forms.CharField(label="签收人", max_length=100)

    def clean_signer(self):
        signer = self.cleaned_data["signer"]
        refuse_bad_characters(signer, "签收人")
        return signer


class CancelForm(forms.Form):
    reason = forms.CharField(label="作废理由", max_length=document_actions.MAX_REASON)


def section(request, pages, record, can_change: bool) -> dict:
    """The record page's 文书 section: its context."""
    case_file = case_documents.case_file_of(pages.register.name)
    if case_file is None:
        return {}
    issued = list(
        IssuedDocument.objects.filter(register=case_file.register, record_id=record.pk)
        .select_related("issued_by", "cancelled_by")
        .order_by("issued_on", "id")
    )
    masked = bool(pages.register.sensitive) and not shows_personal_data(
        request.user, pages.register
    )
    show_names(issued, masked)
    counts: dict[str, int] = {}
    for document in issued:
        if not document.cancelled:
            counts[document.kind] = counts.get(document.kind, 0) + 1
    offered = [
        OfferedDocument(d, counts.get(case_documents.kind_key(case_file, d), 0))
        for d in case_documents.offered(case_file, record)
    ]
    return {
        "case_file": case_file,
        "offered_documents": offered if can_change else [],
        "issued_documents": issued,
        "documents_need_reason": masked,
        "delivery_methods": DeliveryMethod.choices,
        "documents_today": timezone.localdate(),
    }


def show_names(documents, masked: bool) -> None:
    """Each document's 受送达人 and 签收人 as the page may show them: in a register of personal
    data, masked until the officer has stated his reason (they name the person)."""
    for document in documents:
        document.shown_recipient = (
            mask("name", document.recipient) if masked else document.recipient
        )
        document.shown_signer = (
            mask("name", document.delivered_to) if masked else document.delivered_to
        )


def step_documents(pages) -> list[tuple[str, CaseDocument]]:
    """(step key, document) of each document a step issues: ticked on the step form."""
    case_file = case_documents.case_file_of(pages.register.name)
    return [] if case_file is None else [(d.step, d) for d in case_file.documents if d.step]


def _case_file(pages) -> CaseFile:
    case_file = case_documents.case_file_of(pages.register.name)
    if case_file is None:
        raise ActionRefused(f"{pages.register.label}没有文书。")
    return case_file


def _back(pages, record):
    return redirect(f"{pages.namespace}:detail", pk=record.pk)


def reason_problem(request, pages) -> str:
    if pages.register.sensitive and not shows_personal_data(request.user, pages.register):
        return "文书载有个人信息：请先在本页说明查看个人信息的事由，再制作或下载文书。"
    return ""


def _docx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    safe = "".join(c for c in name if c.isprintable() and c not in '\\/:*?"<>|')
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(safe)}.docx"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


@require_GET
def draft(request, pages, pk, key):
    """The document as it would be issued now, unnumbered, for the officer to read."""
    record = pages.record_for(request.user, pk, CHANGE)
    problem = reason_problem(request, pages)
    try:
        case_file = _case_file(pages)
        document = case_file.document(key)
    except KeyError:
        return _refused(request, pages, record, "没有这种文书。")
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    if problem:
        return _refused(request, pages, record, problem)
    if not document.when(record):
        return _refused(request, pages, record, f"这条记录现在不需要{document.title}。")
    try:
        data = document_actions.draft(case_file, document, record, timezone.localdate())
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    document_actions.audit_read(
        request.user, case_file.register, record, document.title, f"预览{document.title}草稿"
    )
    return _docx_response(data, f"{record.number}{document.title}（草稿）")


@require_POST
def issue(request, pages, pk, key):
    record = pages.record_for(request.user, pk, CHANGE)
    form = IssueForm(request.POST)
    problem = reason_problem(request, pages)
    if problem:
        return _refused(request, pages, record, problem)
    if not form.is_valid():
        return _refused(request, pages, record, _first_error(form))
    try:
        case_file = _case_file(pages)
        issued = document_actions.make(
            request.user, case_file, record, key, form.cleaned_data["day"]
        )
    except KeyError:
        return _refused(request, pages, record, "没有这种文书。")
    except REFUSALS as refusal:
        return _refused(request, pages, record, str(refusal))
    messages.success(request, f"已出具{issued.label}。")
    return _back(pages, record)


def _issued(pages, record, document_id) -> IssuedDocument:
    return get_object_or_404(
        IssuedDocument, pk=document_id, register=pages.register.name, record_id=record.pk
    )


@require_GET
def download(request, pages, pk, document_id):
    record = pages.record_for(request.user, pk)
    document = _issued(pages, record, document_id)
    problem = reason_problem(request, pages)
    if problem:
        return _refused(request, pages, record, problem)
    try:
        data = document_actions.content_of(request.user, document, record)
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    return _docx_response(data, document.label + ("（作废）" if document.cancelled else ""))


@require_POST
def deliver(request, pages, pk, document_id):
    record = pages.record_for(request.user, pk, CHANGE)
    document = _issued(pages, record, document_id)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return _refused(request, pages, record, _first_error(form))
    data = form.cleaned_data
    try:
        document_actions.deliver(
            request.user,
            _case_file(pages),
            document,
            record,
            day=data["day"],
            method=data["method"],
            signer=data["signer"],
        )
    except REFUSALS as refusal:
        return _refused(request, pages, record, str(refusal))
    messages.success(request, f"已登记{document.label}的送达。")
    return _back(pages, record)


@require_POST
def cancel(request, pages, pk, document_id):
    record = pages.record_for(request.user, pk, CHANGE)
    document = _issued(pages, record, document_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _refused(request, pages, record, _first_error(form))
    try:
        document_actions.cancel(request.user, document, record, form.cleaned_data["reason"])
    except REFUSALS as refusal:
        return _refused(request, pages, record, str(refusal))
    kept = "，其文号不再使用" if document.number else ""
    messages.success(request, f"已作废{document.label}{kept}。")
    return _back(pages, record)


def _refused(request, pages, record, message: str):
    messages.error(request, message)
    return _back(pages, record)


def urls(pages) -> list:
    """The document pages of a register's records, in its namespace: none for a register that
    issues no documents."""
    if case_documents.case_file_of(pages.register.name) is None:
        return []
    prefix = f"{pages.url_path}/<int:pk>/documents"

    def bound(view):
        def page(request, **kwargs):
            return view(request, pages, **kwargs)

        page.__name__ = view.__name__
        return page

    return [
        path(f"{prefix}/draft/<slug:key>/", bound(draft), name="document_draft"),
        path(f"{prefix}/issue/<slug:key>/", bound(issue), name="document_issue"),
        path(f"{prefix}/<int:document_id>/", bound(download), name="document_download"),
        path(f"{prefix}/<int:document_id>/deliver/", bound(deliver), name="document_deliver"),
        path(f"{prefix}/<int:document_id>/cancel/", bound(cancel), name="document_cancel"),
        path(
            f"{pages.url_path}/<int:pk>/dossier/", bound(dossier_views.dossier_view), name="dossier"
        ),
    ]
