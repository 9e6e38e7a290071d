"""A record's 案件材料 on its page (issue 20): its files listed, uploaded, downloaded and
removed. Each view takes the register's pages (core.register_views.RegisterPages) and finds the
record through them, so the one access rule applies: another county's record is a 404, and
uploading or removing needs CHANGE on it. The rules are core/attachments.py's.

An upload is held in memory only (MemoryUpload), never spooled to a temporary file as Django
does above 2.5 MB: the file must not lie on disk in clear, even for the length of a request.
Django lets a view choose its upload handlers only before the body is read, and the CSRF check
reads it, so the upload view is CSRF-exempt and checks the token itself once the handler is in
place (Django's documentation, "Modifying upload handlers on the fly").

A register holding personal data keeps files that carry it (an ID card's copy, a judgment): as
its pages mask that data until the officer says why he needs it (core.personal), its files are
named and downloaded only then, and each download is audited.
"""

import io
import re
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from . import attachments
from .errors import ActionRefused
from .models import Attachment, AttachmentKind, FileType
from .personal import shows_personal_data
from .roles import CHANGE

FIELD = "file"
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.doc,.xls"
# The rest of a multipart body beside the file: the token, the kind, the part headers.
FORM_OVERHEAD = 64 * 1024


class MemoryUpload(FileUploadHandler):
    """Keeps the one file of the form's field `file` in memory, up to `limit` bytes; past it
    the bytes are dropped as they come and `too_large` says so. Any other file is skipped, so
    a request holds at most one file's worth of memory."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.taken = False
        self.buffer = None

    def new_file(self, field_name, *args, **kwargs):
        if field_name != FIELD or self.taken:
            raise SkipFile
        super().new_file(field_name, *args, **kwargs)
        self.taken, self.buffer = True, io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large, self.buffer = True, io.BytesIO()
        elif not self.too_large:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.too_large:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类别",
        choices=[("", "请选择"), *AttachmentKind.choices],
        error_messages={"required": "请选择材料类别。", "invalid_choice": "请选择材料类别。"},
    )
    file = forms.FileField(
        label="文件",
        # An empty file is refused by the rules, in their words.
        allow_empty_file=True,
        max_length=None,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "请选择要上传的文件。", "invalid": "请选择要上传的文件。"},
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the record's page holds other forms (a step's, the documents').
        super().__init__(*args, auto_id="attachment-%s", **kwargs)


def needs_reason(request, pages) -> bool:
    return bool(pages.register.sensitive) and not shows_personal_data(request.user, pages.register)


REASON_FIRST = "材料可能载有个人信息：请先在本页说明查看个人信息的事由，再查看或下载材料。"


def section(request, pages, record, can_change: bool) -> dict:
    """The record page's 案件材料 section: its context (registers/attachments.html)."""
    ns = pages.namespace
    rows = [
        {
            "attachment": attachment,
            "kind": attachment.get_kind_display(),
            "type": attachment.get_file_type_display(),
            "size": attachments.size_text(attachment.file.size),
            "uploader": str(attachment.uploaded_by) if attachment.uploaded_by else "命令行",
            "download_url": reverse(f"{ns}:attachment_download", args=[record.pk, attachment.pk]),
            "remove_url": reverse(f"{ns}:attachment_remove", args=[record.pk, attachment.pk]),
        }
        for attachment in attachments.listed(pages.register, record)
    ]
    return {
        "attachments": rows,
        "attachment_can_change": can_change,
        "attachment_form": UploadForm() if can_change else None,
        "attachment_upload_url": reverse(f"{ns}:attachment_upload", args=[record.pk]),
        "attachment_max_mb": settings.FAZHI_ATTACHMENT_MAX_MB,
        "attachments_need_reason": needs_reason(request, pages),
    }


def _back(pages, record):
    return redirect(f"{pages.namespace}:detail", pk=record.pk)


def _refused(request, pages, record, message: str):
    messages.error(request, message)
    return _back(pages, record)


@require_POST
def upload(request, pages, pk):
    """Attach the POSTed file (`kind`, `file`). Mount it CSRF-exempt (as `urls` does): it
    checks the token itself, after choosing how the body is read."""
    handler = MemoryUpload(request, attachments.max_bytes() + 1)
    request.upload_handlers = [handler]
    return _upload(request, pages, pk, handler)


@csrf_protect
def _upload(request, pages, pk, handler: MemoryUpload):
    record = pages.record_for(request.user, pk, CHANGE)
    form = UploadForm(request.POST, request.FILES)
    if handler.too_large:
        limit = settings.FAZHI_ATTACHMENT_MAX_MB
        return _refused(request, pages, record, f"文件超过了 {limit} MB 的上限，未上传。")
    if not form.is_valid():
        return _refused(request, pages, record, next(iter(form.errors.values()))[0])
    uploaded = form.cleaned_data[FIELD]
    try:
        attachment = attachments.accept(
            request.user,
            pages.register,
            record,
            kind=form.cleaned_data["kind"],
            name=uploaded.name,
            data=uploaded.read(),
        )
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    messages.success(request, f"已上传{attachment.get_kind_display()}「{attachment.name}」。")
    return _back(pages, record)


def _attachment(pages, record, attachment_id) -> Attachment:
    """The record's file, not removed: another record's, or a removed one, is a 404."""
    return get_object_or_404(
        Attachment.objects.select_related("file"),
        pk=attachment_id,
        register=pages.register.name,
        record_id=record.pk,
        removed_at__isnull=True,
    )


@require_GET
def download(request, pages, pk, attachment_id):
    record = pages.record_for(request.user, pk)
    attachment = _attachment(pages, record, attachment_id)
    if needs_reason(request, pages):
        return _refused(request, pages, record, REASON_FIRST)
    try:
        data = attachments.content(request.user, attachment, record)
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    return file_response(data, attachment.name, attachment.file_type)


# Characters a file system refuses in a name (Windows' set, which includes the others').
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def disposition(name: str) -> str:
    """Content-Disposition of a download named `name`: RFC 6266's attachment with the name in
    UTF-8 as RFC 5987 (8187) writes it (filename*), and an ASCII filename beside it for the
    rare client that reads only that."""
    safe = UNSAFE.sub("_", name).strip() or "file"
    fallback = safe.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def file_response(data: bytes, name: str, file_type: str) -> HttpResponse:
    """The file as a download, typed by its detected content: nosniff, so that no browser
    second-guesses the type (the check at upload already did)."""
    response = HttpResponse(data, content_type=attachments.CONTENT_TYPES[FileType(file_type)])
    response["Content-Disposition"] = disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def remove(request, pages, pk, attachment_id):
    record = pages.record_for(request.user, pk, CHANGE)
    attachment = _attachment(pages, record, attachment_id)
    try:
        attachments.remove(request.user, attachment, record, request.POST.get("reason", ""))
    except ActionRefused as refusal:
        return _refused(request, pages, record, str(refusal))
    messages.success(request, f"已删除{attachment.get_kind_display()}「{attachment.name}」。")
    return _back(pages, record)


def urls(pages) -> list:
    """The pages of a register's records' files, in its namespace (RegisterPages.urls)."""
    prefix = f"{pages.url_path}/<int:pk>/attachments"

    def bound(view):
        def page(request, **kwargs):
            return view(request, pages, **kwargs)

        page.__name__ = view.__name__
        return page

    return [
        # The upload checks its CSRF token itself (see `upload`).
        path(f"{prefix}/", csrf_exempt(bound(upload)), name="attachment_upload"),
        path(f"{prefix}/<int:attachment_id>/", bound(download), name="attachment_download"),
        path(f"{prefix}/<int:attachment_id>/remove/", bound(remove), name="attachment_remove"),
    ]
