"""文书设置: an organ's number pattern and Word template for each kind of case document (issue
20), kept by its 局领导 or system administrator (rule documents.set_pattern). The patterns are
checked by core/numbering.py, the templates by rendering them in the sandbox with the document's
own placeholders (core/document_actions.set_template); both changes are audited."""

from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from . import case_documents, document_actions
from .case_documents import CaseDocument, CaseFile
from .errors import ActionRefused
from .models import BUREAUS, DocumentNumbering, DocumentTemplate, Unit
from .numbering import format_number
from .permissions import permission_required
from .registers import get_register

RULE = "documents.set_pattern"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class DocumentSetting:
    case_file: CaseFile
    document: CaseDocument
    kind: str
    pattern: str
    own_pattern: bool
    example: str
    template: str  # the organ's own template's file name, "" for the default


class TemplateForm(forms.Form):
    template = forms.FileField(label="模板文件")


def _find(kind: str, organ=None) -> tuple[CaseFile, CaseDocument]:
    """The document `kind` names, if `organ` issues it (a 调委会 sets no 复议 pattern)."""
    register, _, key = kind.partition(".")
    case_file = case_documents.case_file_of(register)
    if case_file is None or (organ is not None and organ.kind not in case_file.issuer_kinds):
        raise Http404("没有这种文书。")
    try:
        return case_file, case_file.document(key)
    except KeyError:
        raise Http404("没有这种文书。") from None


def _organs(user):
    """The units whose documents `user` sets: his bureau, then the organs of it (not of a
    bureau below it) that issue documents in their own name, by code."""
    kinds = document_actions.issuing_kinds()
    below = list(Unit.objects.subtree(user.unit).filter(kind__in=kinds).exclude(pk=user.unit_id))
    other_bureaus = [u.path for u in below if u.kind in BUREAUS]
    own = [
        u
        for u in below
        if u.kind not in BUREAUS and not any(u.path.startswith(p) for p in other_bureaus)
    ]
    return [user.unit, *sorted(own, key=lambda u: u.code)]


def _organ(request):
    """The organ chosen (?unit=代码), one of the user's; his own unit by default."""
    code = request.GET.get("unit") or request.POST.get("unit") or request.user.unit.code
    organ = next((u for u in _organs(request.user) if u.code == code), None)
    if organ is None:
        raise Http404("没有这个发文单位。")
    return organ


def _back(organ):
    return redirect(f"{reverse('document_settings')}?{urlencode({'unit': organ.code})}")


def _settings(unit) -> list[tuple[str, list[DocumentSetting]]]:
    patterns = dict(DocumentNumbering.objects.filter(unit=unit).values_list("kind", "pattern"))
    templates = dict(DocumentTemplate.objects.filter(unit=unit).values_list("kind", "name"))
    year = timezone.localdate().year
    groups = []
    for register, case_file in sorted(case_documents.CASE_FILES.items()):
        if unit.kind not in case_file.issuer_kinds:
            continue
        rows = []
        for document in case_file.documents:
            kind = document_actions.kind_of(case_file, document)
            pattern = patterns.get(kind.key) or document_actions.pattern_for(unit, kind)
            rows.append(
                DocumentSetting(
                    case_file=case_file,
                    document=document,
                    kind=kind.key,
                    pattern=pattern if document.word else "",
                    own_pattern=kind.key in patterns,
                    example=format_number(pattern, year, 1) if document.word else "",
                    template=templates.get(kind.key, ""),
                )
            )
        groups.append((get_register(register).label, rows))
    return groups


@require_GET
@permission_required(RULE)
def document_settings(request):
    organ = _organ(request)
    return render(
        request,
        "core/document_settings.html",
        {"unit": organ, "organs": _organs(request.user), "groups": _settings(organ)},
    )


@require_POST
@permission_required(RULE)
def set_pattern(request, kind):
    organ = _organ(request)
    case_file, document = _find(kind, organ)
    try:
        document_actions.set_pattern(
            request.user,
            organ,
            document_actions.kind_of(case_file, document),
            request.POST.get("pattern", ""),
        )
    except ActionRefused as refusal:
        messages.error(request, f"{document.title}：{refusal}")
    else:
        messages.success(request, f"已设置{organ.name}{document.title}的编号格式。")
    return _back(organ)


@require_POST
@permission_required(RULE)
def upload_template(request, kind):
    organ = _organ(request)
    case_file, document = _find(kind, organ)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{document.title}：请选择要上传的模板文件（.docx）。")
        return _back(organ)
    upload = form.cleaned_data["template"]
    if upload.size > document_actions.MAX_TEMPLATE_BYTES:
        messages.error(request, f"{document.title}：模板文件过大。")
        return _back(organ)
    try:
        document_actions.set_template(
            request.user, organ, case_file, document, upload.read(), upload.name
        )
    except ActionRefused as refusal:
        messages.error(request, f"{document.title}的模板未保存：{refusal}")
    else:
        messages.success(request, f"已启用{document.title}的本单位模板。")
    return _back(organ)


@require_POST
@permission_required(RULE)
def reset_template(request, kind):
    organ = _organ(request)
    case_file, document = _find(kind, organ)
    document_actions.drop_template(request.user, organ, case_file, document)
    messages.success(request, f"{document.title}已恢复使用默认模板。")
    return _back(organ)


@require_GET
@permission_required(RULE)
def download_template(request, kind):
    """The template in use (the organ's own, or the default), or with ?default the default."""
    organ = _organ(request)
    case_file, document = _find(kind, organ)
    if "default" in request.GET:
        data = case_documents.default_template(document)
    else:
        data = document_actions.template_for(organ, case_file, document)
    response = HttpResponse(data, content_type=DOCX)
    name = quote(f"{document.title}模板.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
