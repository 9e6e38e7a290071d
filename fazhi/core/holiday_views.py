"""The holiday calendar's pages, for the top unit's system administrator: the years kept, one
year's holidays and 调休 working days with the form to enter or correct it (typed lines or a
sheet), and the recomputation of the deadlines it moved, with its progress.

Thin: the rules of what may be entered and what an entry does are in fazhi.core.holidays."""

import io
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import holidays, workdays
from .errors import ActionRefused
from .models import CalendarSource, DeadlineRecompute, HolidayYear, RecomputeStatus
from .registers import REGISTERS
from .tabular import CSV_SUFFIXES, XLSX_SUFFIXES, TableError, read_table
from .text import refuse_bad_characters

# A year's sheet has a few dozen rows; anything near this is not one.
MAX_SHEET_BYTES = 1024 * 1024
MOVED_PER_PAGE = 100
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "请按“年-月-日”填写日期，如 2026-11-10。"}


class NoticeFields(forms.Form):
    notice_number = forms.CharField(
        label="通知文号",
        max_length=holidays.NOTICE_LENGTH,
        validators=[lambda text: refuse_bad_characters(text, "通知文号")],
        help_text="国务院办公厅通知的文号，如 国办发明电〔2026〕12号。",
        error_messages={"required": "请填写通知文号。"},
    )
    notice_date = forms.DateField(
        label="通知日期", required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )


class LinesForm(NoticeFields):
    days = forms.CharField(
        label="日期安排",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="每行一天：日期 安排 名称，如「2027-01-01 放假 元旦」；安排为「放假」或"
        "「上班」（调休上班的星期六、星期日）。放假期间的星期六、星期日也逐日填写。",
        error_messages={"required": "请填写该年的节假日安排。"},
        strip=False,
    )


class SheetForm(NoticeFields):
    file = forms.FileField(
        label="表格文件",
        help_text="Excel 工作簿或 CSV 文件，列为 日期、安排（放假或上班）、名称。",
        error_messages={"required": "请选择表格文件。", "empty": "上传的文件是空的。"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in XLSX_SUFFIXES + CSV_SUFFIXES:
            raise forms.ValidationError("只能上传 .xlsx 或 .csv 文件。")
        if upload.size > MAX_SHEET_BYTES:
            raise forms.ValidationError("文件太大：一年的节假日安排表不超过 1 MB。")
        return upload


def _require(user):
    if not holidays.may_enter(user):
        raise PermissionDenied("节假日安排由最上级单位的系统管理员维护。")


def _year_or_404(year: int) -> int:
    if not holidays.FIRST_YEAR <= year <= holidays.LAST_YEAR:
        raise Http404(f"年度应在 {holidays.FIRST_YEAR} 至 {holidays.LAST_YEAR} 年之间。")
    return year


@require_GET
def holiday_list(request):
    _require(request.user)
    wanted = request.GET.get("year", "").strip()
    if wanted:
        if wanted.isascii() and wanted.isdigit() and len(wanted) == 4:
            year = int(wanted)
            if holidays.FIRST_YEAR <= year <= holidays.LAST_YEAR:
                return redirect("holiday_year", year=year)
        messages.error(
            request,
            f"年度应为 {holidays.FIRST_YEAR} 至 {holidays.LAST_YEAR} 之间的四位数字，如 2027。",
        )
    years = list(HolidayYear.objects.select_related("entered_by").order_by("-year"))
    latest = {}
    for job in DeadlineRecompute.objects.order_by("-created_at", "-id").only(
        "year", "status", "created_at"
    )[:200]:
        latest.setdefault(job.year, job)
    for holder in years:
        holder.last_job = latest.get(holder.year)
    today = timezone.localdate()
    stored = {holder.year for holder in years}
    missing = [y for y in (today.year, today.year + 1) if y not in stored]
    context = {"years": years, "missing": missing, "next_year": today.year + 1}
    return render(request, "core/holidays.html", context)


def _year_context(request, year: int) -> dict:
    holder = HolidayYear.objects.select_related("entered_by").filter(year=year).first()
    if holder is not None:
        days = holidays.stored_days(holder)
        arrangement = workdays.YearCalendar(
            year,
            {d: n for d, a, n in days if a == workdays.REST},
            {d: n for d, a, n in days if a == workdays.WORK},
        )
    elif year >= workdays.STATUTORY_FROM:
        arrangement = workdays.statutory_year(year)
        days = holidays.arrangement_days(arrangement)
    else:
        arrangement, days = None, []
    job = DeadlineRecompute.objects.filter(year=year).order_by("-created_at", "-id").first()
    entered = holder is not None and holder.source == CalendarSource.ENTERED
    initial = {
        "days": holidays.days_text(days),
        "notice_number": holder.notice_number if entered else "",
        "notice_date": holder.notice_date if entered else None,
    }
    return {
        "year": year,
        "holder": holder,
        "provisional": holder is None,
        "periods": holidays.periods(arrangement) if arrangement else [],
        "work_days": [
            (day, holidays.weekday_text(day), name)
            for day, name in (holidays.working_weekends(arrangement) if arrangement else [])
        ],
        "lines_form": LinesForm(initial=initial, prefix="lines"),
        "sheet_form": SheetForm(initial=initial, prefix="sheet"),
        "headers": "、".join(holidays.SHEET_HEADERS),
        **_job_context(request, job),
    }


def _job_context(request, job) -> dict:
    if job is None:
        return {"job": None}
    finished = job.status in (RecomputeStatus.DONE, RecomputeStatus.FAILED)
    if job.total:
        percent = min(100, job.done * 100 // job.total)
    else:
        percent = 100 if job.status == RecomputeStatus.DONE else 0
    context = {"job": job, "finished": finished, "percent": percent}
    if job.status == RecomputeStatus.DONE:
        page = Paginator(job.moved or [], MOVED_PER_PAGE).get_page(request.GET.get("page"))
        context["moved"] = _moved_rows(request.user, list(page))
        context["moved_page"] = page
    return context


def _moved_rows(user, entries: list[dict]) -> list[dict]:
    """The moved deadlines as the page lists them: the register's label, and the record's
    page linked only where the user may see the record (one query per register listed)."""
    wanted = {}
    for entry in entries:
        wanted.setdefault(entry["register"], set()).add(entry["id"])
    visible = {}
    for name, ids in wanted.items():
        register = REGISTERS.get(name)
        if register is None:
            visible[name] = set()
            continue
        records = register.model.objects.visible_to(user).filter(pk__in=ids)
        visible[name] = set(records.values_list("pk", flat=True))
    rows = []
    for entry in entries:
        register = REGISTERS.get(entry["register"])
        url = ""
        if register is not None and entry["id"] in visible[entry["register"]]:
            try:
                url = reverse(register.detail_url, args=[entry["id"]])
            except NoReverseMatch:
                url = ""
        rows.append(
            {
                **entry,
                "register_label": register.label if register else entry["register"],
                "url": url,
                "before": entry.get("before") or "待定",
                "after": entry.get("after") or "待定",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def holiday_year(request, year):
    """A year's arrangement; POST enters it from the typed lines."""
    _require(request.user)
    _year_or_404(year)
    context = _year_context(request, year)
    if request.method == "POST":
        form = LinesForm(request.POST, prefix="lines")
        context["lines_form"] = form
        if form.is_valid():
            try:
                days = holidays.parse_lines(form.cleaned_data["days"], year)
                return _enter(request, year, days, form.cleaned_data)
            except (holidays.HolidaysInvalid, ActionRefused) as error:
                context["lines_problems"] = _problems(error)
    return render(request, "core/holidays_year.html", context)


@require_POST
def holiday_upload(request, year):
    """Enter a year from a sheet: the same checks, each problem naming its row."""
    _require(request.user)
    _year_or_404(year)
    context = _year_context(request, year)
    form = SheetForm(request.POST, request.FILES, prefix="sheet")
    context["sheet_form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(io.BytesIO(upload.read()), upload.name)
            days = holidays.parse_table(table, year)
            return _enter(request, year, days, form.cleaned_data)
        except TableError as error:
            context["sheet_problems"] = [str(error)]
        except (holidays.HolidaysInvalid, ActionRefused) as error:
            context["sheet_problems"] = _problems(error)
    return render(request, "core/holidays_year.html", context)


def _problems(error) -> list[str]:
    return getattr(error, "problems", None) or [str(error)]


def _enter(request, year, days, cleaned):
    holder, job = holidays.enter_year(
        request.user, year, days, cleaned["notice_number"], cleaned.get("notice_date")
    )
    if job is None:
        messages.info(request, f"{year}年节假日安排与已录入的相同，没有改动。")
    else:
        messages.success(
            request,
            f"已录入{year}年节假日安排（{holder.notice_number}）。受影响的期限正在重新计算，"
            "完成后在本页列出期限有变化的案件。",
        )
    return redirect("holiday_year", year=year)


@require_POST
def holiday_recompute(request, year):
    """Queue the year's recomputation again (after one failed, or to be sure)."""
    _require(request.user)
    _year_or_404(year)
    holidays.requeue(request.user, year)
    messages.success(request, f"已重新排队计算{year}年节假日安排影响的期限。")
    return redirect("holiday_year", year=year)


@require_GET
def holiday_progress(request, pk):
    """The recomputation's progress, the fragment the year's page polls (htmx)."""
    _require(request.user)
    job = get_object_or_404(DeadlineRecompute, pk=pk)
    return render(request, "core/holidays_progress.html", _job_context(request, job))
