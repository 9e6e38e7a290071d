"""Pages: a register's template, its upload, the rejected file's errors, and its export."""

import io
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.access import Scope, scope_for
from fazhi.core.personal import sees_personal_data
from fazhi.core.reasons import ReasonForm
from fazhi.core.registers import REGISTERS, Register, get_register
from fazhi.core.roles import CHANGE, VIEW
from fazhi.core.tabular import TableError, count_rows, read_table

from . import errorfiles, jobs
from .exporter import CONTENT_TYPES, FORMATS, export_records, filter_year
from .forms import UploadForm
from .importer import ImportRejected, import_rows
from .models import ImportJob, JobStatus
from .workbooks import error_workbook, template_workbook

# Errors listed on the page; the error workbook always has all of them.
ERRORS_SHOWN = 500
# The most rows one upload may hold. The worker reads a file whole and imports it in one
# transaction; past this a file belongs split, or to the operator's `import_register`.
MAX_UPLOAD_ROWS = 500_000
YEAR_RE = re.compile(r"^(19|20|21)\d{2}$")


def _register(name: str) -> Register:
    try:
        return get_register(name)
    except KeyError as error:
        raise Http404(error.args[0]) from error


def _require(user, register: Register, action: str):
    if scope_for(user, register.model, action) is Scope.NONE:
        verb = "导入" if action == CHANGE else "查看或导出"
        raise PermissionDenied(f"您没有{verb}「{register.label}」的权限。")


def _attachment(data, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _list_url(register: Register) -> str:
    # A register's list page may not exist yet; the upload page works without it.
    try:
        return reverse(register.list_url) if register.list_url else ""
    except NoReverseMatch:
        return ""


@require_GET
def template(request, name):
    register = _register(name)
    return _attachment(template_workbook(register), "xlsx", f"{register.label}导入模板.xlsx")


@require_http_methods(["GET", "POST"])
def upload(request, name):
    register = _register(name)
    _require(request.user, register, CHANGE)
    if not register.may_import(request.user):
        raise PermissionDenied(f"您没有导入「{register.label}」的权限。")
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "register": register,
        "form": form,
        "list_url": _list_url(register),
        "may_export": scope_for(request.user, register.model, VIEW) is not Scope.NONE,
    }
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            data = file.read()
            # Counted before reading: a sheet of a million rows must not be built in memory
            # here just to learn that it belongs to the worker, or to no one.
            estimate = count_rows(data, file.name)
            if estimate is not None and estimate > MAX_UPLOAD_ROWS:
                raise TableError(
                    f"文件「{file.name}」约有 {estimate:,} 行数据，网页导入一次最多 "
                    f"{MAX_UPLOAD_ROWS:,} 行：请分成几个文件导入。"
                )
            if estimate is not None and estimate > settings.FAZHI_INLINE_IMPORT_ROWS:
                job = jobs.enqueue(request.user, register, data, file.name)
                return redirect("imports:job", pk=job.pk)
            table = read_table(io.BytesIO(data), file.name)
            if len(table.rows) > settings.FAZHI_INLINE_IMPORT_ROWS:
                # A long import runs in the worker; the page shows its progress.
                job = jobs.enqueue(request.user, register, data, file.name)
                return redirect("imports:job", pk=job.pk)
            result = import_rows(request.user, register, table, filename=file.name)
        except TableError as error:
            context["file_error"] = str(error)
        except ImportRejected as rejection:
            context.update(_rejection(request.user, register, table, rejection, file.name))
        else:
            messages.success(request, f"已导入：{result}。")
            return redirect("imports:upload", name=register.name)
    return render(request, "imports/upload.html", context)


def _rejection(user, register, table, rejection: ImportRejected, filename: str) -> dict:
    workbook = error_workbook(table, rejection.errors, filename)
    token = errorfiles.store(user.pk, register.name, workbook)
    return {
        "filename": filename,
        "errors": rejection.errors[:ERRORS_SHOWN],
        "error_count": len(rejection.errors),
        "errors_cut": len(rejection.errors) > ERRORS_SHOWN,
        "errors_url": reverse("imports:errors", args=[register.name, token]),
    }


def _job(request, pk) -> ImportJob:
    # Only its owner follows a job: the file may hold personal data.
    return get_object_or_404(ImportJob, pk=pk, owner=request.user)


def _job_context(job: ImportJob) -> dict:
    values = jobs.read_progress(job.pk)
    register = REGISTERS.get(job.register)
    return {
        "job": job,
        "register": register,
        "progress": values,
        "percent": 100 if job.status == JobStatus.DONE else jobs.percent(values),
        "errors_url": (
            reverse("imports:errors", args=[job.register, job.errors_token])
            if job.errors_token
            else ""
        ),
        "list_url": _list_url(register) if register else "",
    }


@require_GET
def job_page(request, pk):
    return render(request, "imports/job.html", _job_context(_job(request, pk)))


@require_GET
def job_progress(request, pk):
    """The progress fragment the job page polls (htmx) until the job is finished."""
    return render(request, "imports/job_progress.html", _job_context(_job(request, pk)))


@require_GET
def errors(request, name, token):
    register = _register(name)
    data = errorfiles.take(request.user.pk, register.name, token)
    if data is None:
        raise Http404("错误说明文件不存在，或已经下载过。")
    return _attachment(data, "xlsx", f"{register.label}导入错误说明.xlsx")


@require_http_methods(["GET", "POST"])
def export(request, name, fmt):
    """A register's records as a file. A file with personal data in full is a POST of the
    reason form, with its CSRF token: a link can carry a reason (…?purpose=…) that the
    officer never chose, so a GET gives the form, or the masked file (?masked=1), never the
    full one."""
    register = _register(name)
    if fmt not in FORMATS:
        raise Http404(f"不支持的导出格式「{fmt}」。")
    _require(request.user, register, VIEW)
    records = register.model.objects.visible_to(request.user)
    year = request.GET.get("year", "").strip()
    if year and not YEAR_RE.match(year):
        return HttpResponseBadRequest("年份格式不正确，应为1900—2199之间的四位数字，如 2024。")
    if year:
        records = filter_year(register, records, int(year))
    reason = ""
    if register.sensitive and sees_personal_data(request.user, register.model):
        masked = request.method == "GET" and request.GET.get("masked")
        if not masked:
            # Only the POSTed form counts: whatever purpose= a GET carries is ignored.
            form = ReasonForm(request.POST if request.method == "POST" else None)
            form.fields["purpose"].label = "导出事由"
            if not form.is_valid():
                return render(
                    request,
                    "imports/export_reason.html",
                    {"register": register, "form": form, "fmt": fmt, "year": year},
                )
            reason = form.reason()
    data = export_records(
        register,
        records,
        fmt,
        actor=request.user,
        note=f"年份 {year}" if year else "",
        reason=reason,
    )
    suffix = f"{year}年" if year else ""
    return _attachment(data, fmt, f"{register.label}{suffix}.{fmt}")
