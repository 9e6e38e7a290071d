"""The annual report's pages: the list and creating one; a report's page with its web preview
(every figure linked to its records, its definition on hover), the officers' prose, the
particulars, the template, submission (a confirmation page first) and publication, withdrawal,
what changed since submission and what a resubmission changed against the one before."""

import datetime
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import permissions
from fazhi.core.access import viewable_registers
from fazhi.core.errors import ActionRefused
from fazhi.core.forms import DATE_INPUT
from fazhi.core.models import BUREAUS, Unit
from fazhi.core.text import refuse_bad_characters
from fazhi.indicators.compute import shown_value
from fazhi.indicators.registry import INDICATORS

from . import actions, figures, rules
from .content import (
    authors_of,
    content_for,
    docx_for,
    meta_of,
    particulars_of,
    prose_of,
    template_bytes,
    template_sha256,
)
from .figures import rounding_text
from .models import AnnualReport, ReportStatus
from .numbers import cn_date
from .parts import PROSE_BLOCKS
from .permissions import readable
from .rendering import (
    MARKED_RE,
    MAX_TERMS,
    TemplateInvalid,
    Term,
    document_paragraphs,
    parse_terms,
    template_use,
)
from .rendering import render as render_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
STYLE_CLASSES = {
    "公文标题": "doc-title",
    "主送机关": "doc-addressee",
    "一级标题": "doc-h1",
    "二级标题": "doc-h2",
    "发文机关署名": "doc-sign",
    "成文日期": "doc-sign",
}


class CreateForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none(), empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year - 1


class ParticularsForm(forms.Form):
    addressee = forms.CharField(
        label="主送机关",
        max_length=100,
        validators=[partial(refuse_bad_characters, label="主送机关")],
    )
    signer = forms.CharField(
        label="发文机关署名",
        max_length=100,
        validators=[partial(refuse_bad_characters, label="发文机关署名")],
    )
    sign_date = forms.DateField(label="成文日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)


class WithdrawForm(forms.Form):
    # The reason's rules are the action's (actions.reason_problem), its refusal the message;
    # the browser's maxlength only spares the leader typing past the limit.
    reason = forms.CharField(
        label="撤回理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": actions.MAX_REASON}),
    )


class TemplateForm(forms.Form):
    file = forms.FileField(label="Word 模板（.docx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError("模板文件不能超过 5 MB。")
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("请上传 .docx 格式的 Word 文档。")
        return upload


def _reachable_units(user):
    """The bureaus whose reports the user may open: his own subtree and the bureaus above."""
    if user.unit_id is None or user.is_admin_role:
        return Unit.objects.none()
    above = [u.pk for u in user.unit.ancestors()]
    return Unit.objects.filter(Q(path__startswith=user.unit.path) | Q(pk__in=above))


def _manageable_units(user):
    units = _reachable_units(user).filter(kind__in=BUREAUS)
    return [u for u in units if permissions.allows("reports.manage", user, u)]


def _report(request, pk) -> AnnualReport:
    """The report of a page, which every report page requires its reader may view; what he
    may do to it, its action requires."""
    report = get_object_or_404(AnnualReport.objects.select_related("unit"), pk=pk)
    permissions.require_page("reports.view", request.user, report)
    return report


@require_GET
def report_list(request):
    reports = AnnualReport.objects.filter(readable(request.user)).select_related("unit")
    manageable = _manageable_units(request.user)
    form = CreateForm(units=Unit.objects.filter(pk__in=[u.pk for u in manageable]))
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports, "form": form, "can_create": bool(manageable)},
    )


@require_POST
def report_create(request):
    units = Unit.objects.filter(pk__in=[u.pk for u in _manageable_units(request.user)])
    form = CreateForm(request.POST, units=units)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:list")
    try:
        report = actions.create_report(
            request.user, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"]
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:list")
    messages.success(request, f"已建立「{report}」。")
    return redirect("reports:detail", pk=report.pk)


def _records_url(key: str, report, year: int | None = None) -> str:
    query = urlencode({"year": year or report.year, "unit": report.unit.code})
    return f"{reverse('indicators:records', args=[key])}?{query}"


def _opened_registers(user, report) -> set[str]:
    """The registers whose figures link to their records for `user`: those he reads, where the
    report's unit lies in his area (a 司法所 reads the county's report, not the county's
    records: the list would answer 404; Unit.objects.visible_to). Found once per page."""
    inside = user.unit_id is not None and report.unit.path.startswith(user.unit.path)
    return viewable_registers(user) if inside else set()


def _term_label(term: Term, report) -> str:
    year = "" if term.year == report.year else f"{term.year}年"
    return f"{year}{INDICATORS[term.key].label}"


def _linked(text: str, report, opened: set[str], notes: dict | None = None) -> str:
    """A paragraph's text as HTML, each marked figure with its definition, and a link to its
    records where the reader may open them (`opened`: _opened_registers). A figure of several
    terms (a sum, a difference, 其他 of a breakdown, a comparison with the year before) links
    to the page of its terms, each with its value and a link to its own records: the records
    behind it are those of its terms together."""
    notes = notes or {}
    out, last = [], 0
    for match in MARKED_RE.finditer(text):
        terms, shown = parse_terms(match.group(1)), match.group(2)
        out.append(escape(text[last : match.start()]))
        last = match.end()
        if terms is None:
            # Only the render marks figures, with keys it knows; should anything else ever
            # look like a mark, it is shown as the plain text it is, never as a figure.
            out.append(escape(shown))
            continue
        if len(terms) == 1 and terms[0].sign > 0:
            term = terms[0]
            indicator = INDICATORS[term.key]
            title = f"{_term_label(term, report)}：{indicator.definition}"
            if notes.get(term.key) and term.year == report.year:
                title += f"（{notes[term.key]}）"
            url = _records_url(term.key, report, term.year)
            linked = indicator.register in opened
        else:
            title = "由以下各项计算：" + " ".join(
                f"{'＋' if t.sign > 0 else '－'}{_term_label(t, report)}" for t in terms
            )
            query = urlencode([("t", t.code) for t in terms])
            url = f"{reverse('reports:figure', args=[report.pk])}?{query}"
            linked = True
        if linked:
            out.append(
                f'<a class="figure" href="{escape(url)}" title="{escape(title)}">'
                f"{escape(shown)}</a>"
            )
        else:
            out.append(f'<span class="figure" title="{escape(title)}">{escape(shown)}</span>')
    out.append(escape(text[last:]))
    return "".join(out)


def preview(report, user) -> list[dict]:
    """The document's paragraphs for the page, or raises TemplateInvalid."""
    content = content_for(report, mark=True)
    marked = render_docx(template_bytes(report), content)
    opened = _opened_registers(user, report)
    return [
        {
            "css": STYLE_CLASSES.get(style, "doc-body"),
            "html": mark_safe(_linked(text, report, opened, content.notes)),
        }  # noqa: S308
        for style, text in document_paragraphs(marked)
        if text.strip()
    ]


def _used_keys(report, year: int) -> set[str]:
    """The figures the report prints for `year` (its own year, or the year before through
    `prev`): as frozen, else as its template reads them."""
    if report.is_frozen:
        if year == report.year:
            return set(report.frozen["figures"])
        return set(report.frozen.get("previous", {}).get("figures", {}))
    use = template_use(template_bytes(report), meta_of(report))
    return set(use.figures) if year == report.year else set(use.previous)


def _term_values(report, terms) -> dict:
    """{(key, year): value} of the terms, as the report prints them: frozen if it is, else
    from the records now, over the report's unit's subtree."""
    found = {}
    if report.is_frozen:
        frozen = {
            report.year: figures.frozen_values(report.frozen["figures"]),
            report.year - 1: figures.frozen_previous(report.frozen),
        }
        for term in terms:
            if term.key in frozen[term.year]:
                found[(term.key, term.year)] = frozen[term.year][term.key]
    for year in {term.year for term in terms}:
        missing = {t.key for t in terms if t.year == year and (t.key, year) not in found}
        for key, figure in figures.live_figures(missing, report.unit, year).items():
            found[(key, year)] = figure.value
    return found


@require_GET
def figure(request, pk):
    """A figure of several terms: each term, its value and the link to its records."""
    report = _report(request, pk)
    codes = request.GET.getlist("t")
    terms = [Term.parse(code) for code in codes]
    if not terms or len(terms) > MAX_TERMS or None in terms:
        raise Http404("未知的统计指标。")
    if any(term.year not in (report.year, report.year - 1) for term in terms):
        raise Http404("报告只用到本年度和上一年度的数据。")
    # Only the figures the report prints: the page computes over the report's whole unit
    # without its reader, so any other key would show him a figure he may not read.
    if any(term.key not in _used_keys(report, term.year) for term in terms):
        raise Http404("报告中没有这项统计数据。")
    values, roundings = _term_values(report, terms), _term_roundings(report, terms)
    opened = _opened_registers(request.user, report)
    rows, total = [], 0
    for term in terms:
        indicator, value = INDICATORS[term.key], values[(term.key, term.year)]
        total = None if value is None or total is None else total + term.sign * value
        shown = roundings[term.key].text(value) if indicator.is_rate else str(value)
        rows.append(
            {
                "sign": "＋" if term.sign > 0 else "－",
                "label": _term_label(term, report),
                "definition": indicator.definition,
                "shown": shown,
                "unit": "" if indicator.is_rate else indicator.unit,
                "url": _records_url(term.key, report, term.year)
                if indicator.register in opened
                else "",
            }
        )
    # A count's total is the report's number; rates are compared as printed (numbers.change),
    # which the rows show, so no exact difference is shown beside them.
    counts = not any(INDICATORS[t.key].is_rate for t in terms)
    context = {
        "report": report,
        "rows": rows,
        "total": ("—" if total is None else str(total)) if counts else "",
    }
    return render(request, "reports/figure_terms.html", context)


def _term_roundings(report, terms) -> dict:
    """How the report prints each rate among the terms: as frozen, else as set now."""
    keys = {term.key for term in terms}
    if report.is_frozen:
        frozen = figures.frozen_roundings(
            report.frozen["figures"], report.frozen.get("previous", {}).get("figures", {})
        )
        missing = keys - frozen.keys()
        return {**figures.roundings(missing, report.unit), **frozen}
    return figures.roundings(keys, report.unit)


def _blocks(request, report) -> list[dict]:
    texts, authors = prose_of(report), authors_of(report)
    return [
        {
            "block": block,
            "text": texts.get(block.key, ""),
            "revision": authors.get(block.key),
            "can_write": permissions.allows("reports.write_block", request.user, report, block.key),
        }
        for block in PROSE_BLOCKS
    ]


@require_GET
def report_detail(request, pk):
    report = _report(request, pk)
    problems, paragraphs = [], []
    try:
        paragraphs = preview(report, request.user)
    except TemplateInvalid as invalid:
        problems = invalid.problems
    draft = report.status == ReportStatus.DRAFT
    context = {
        "report": report,
        "paragraphs": paragraphs,
        "template_problems": problems,
        "blocks": _blocks(request, report),
        "can_manage": permissions.allows("reports.manage", request.user, report),
        "balance_problems": figures.balance_problems(report.unit, report.year) if draft else [],
        "differences": (
            figures.differences(
                report.frozen["figures"], report.unit, report.year, report.submitted_at
            )
            if report.is_frozen
            else []
        ),
        "particulars": ParticularsForm(
            initial={
                "addressee": report.addressee,
                "signer": report.signer,
                "sign_date": report.sign_date,
            }
        ),
        "template_form": TemplateForm(),
        "can_withdraw": report.status == ReportStatus.SUBMITTED
        and permissions.allows("reports.withdraw", request.user, report),
        "withdraw_form": WithdrawForm(),
        **_history(report),
    }
    return render(request, "reports/report_detail.html", context)


def _history(report) -> dict:
    """The report's submissions, newest first, and what the one in force changed against the
    one before it."""
    submissions = list(report.submissions.select_related("submitted_by", "withdrawn_by"))
    changes = None
    if report.is_frozen and len(submissions) > 1:
        changes = _named(rules.changes(submissions[1].frozen, submissions[0].frozen))
    return {"submissions": submissions, "resubmission_changes": changes}


def _named(changes: rules.Changes) -> rules.Changes:
    """The changes with each figure's label, for the page."""
    for change in changes.figures:
        indicator = INDICATORS.get(change["key"])
        change["label"] = indicator.label if indicator else "（已停用的指标）"
        if indicator is not None:
            change["before"] = shown_value(indicator, change["before"])
            change["after"] = shown_value(indicator, change["after"])
    for change in changes.particulars:
        if change["key"] == "sign_date":
            change["before"], change["after"] = map(_day, (change["before"], change["after"]))
    return changes


def _day(iso: str) -> str:
    return cn_date(datetime.date.fromisoformat(iso)) if iso else ""


def _attempt(request, report, action, *args, success: str, **kwargs):
    try:
        action(request.user, report, *args, **kwargs)
    except actions.ContentChanged as changed:
        # Confirmed on a page that showed other content: show him what would be frozen now.
        messages.error(request, str(changed))
        return redirect("reports:submit", pk=report.pk)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    except TemplateInvalid as invalid:
        for problem in invalid.problems:
            messages.error(request, f"模板未采用：{problem}")
    else:
        messages.success(request, success)
    return redirect("reports:detail", pk=report.pk)


@require_POST
def prose(request, pk, block):
    report = _report(request, pk)
    text = request.POST.get("text", "")
    return _attempt(request, report, actions.write_prose, block, text, success="已保存段落。")


@require_POST
def particulars(request, pk):
    report = _report(request, pk)
    form = ParticularsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:detail", pk=report.pk)
    return _attempt(
        request, report, actions.set_particulars, success="已保存。", **form.cleaned_data
    )


@require_POST
def upload_template(request, pk):
    report = _report(request, pk)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:detail", pk=report.pk)
    upload = form.cleaned_data["file"]
    return _attempt(
        request,
        report,
        actions.upload_template,
        success="模板已通过检查并采用。",
        name=upload.name,
        content=upload.read(),
    )


@require_POST
def default_template(request, pk):
    report = _report(request, pk)
    return _attempt(request, report, actions.use_default_template, success="已改用默认模板。")


@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """报送 in two steps: the page of what is still missing or, when nothing is, of what will
    be frozen, with its 确认报送 button; only that button's POST submits."""
    report = _report(request, pk)
    permissions.require_page("reports.manage", request.user, report)
    if report.status != ReportStatus.DRAFT:
        messages.info(request, "报告已报送。")
        return redirect("reports:detail", pk=report.pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            # Not from the confirmation page (an old page's button): show it first.
            return redirect("reports:submit", pk=report.pk)
        return _attempt(
            request,
            report,
            actions.submit,
            success="报告已报送，统计数据已冻结。",
            expected=request.POST.get("digest", ""),
        )
    try:
        context = _confirmation(report)
    except TemplateInvalid as invalid:
        for problem in invalid.problems:
            messages.error(request, f"模板有误，不能报送：{problem}")
        return redirect("reports:detail", pk=report.pk)
    context["sign_date"] = cn_date(report.sign_date)
    return render(request, "reports/report_submit.html", {"report": report, **context})


def _confirmation(report) -> dict:
    """What the confirmation page lists: what is missing, or what will be frozen and what
    that changes against the last submission withdrawn."""
    balance = figures.balance_problems(report.unit, report.year)
    missing = actions.missing(report) + [f"数据不平衡：{problem}" for problem in balance]
    if missing:
        return {"missing": missing}
    content = content_for(report)
    values = {key: figures.as_text(value) for key, value in sorted(content.values.items())}
    now = {
        "figures": {key: {"value": value} for key, value in values.items()},
        "prose": content.prose,
        "meta": particulars_of(report),
    }
    last = report.submissions.first()
    return {
        "missing": [],
        # What this page shows, as submission will check it (rules.content_digest).
        "digest": rules.content_digest(
            figures=values,
            prose=content.prose,
            meta=content.meta,
            template_sha256=template_sha256(report),
            previous={key: figures.as_text(value) for key, value in content.previous.items()},
            roundings={
                key: rounding_text(rounding)
                for key, rounding in content.roundings.items()
                if key in values or key in content.previous
            },
        ),
        "figures": [
            (INDICATORS[key].label, shown_value(INDICATORS[key], value, content.roundings.get(key)))
            for key, value in values.items()
        ],
        "blocks": [
            (block.label, len(text.strip()))
            for block in PROSE_BLOCKS
            if (text := content.prose.get(block.key) or "").strip()
        ],
        "last": last,
        "changes": _named(rules.changes(last.frozen, now)) if last else None,
    }


@require_POST
def withdraw(request, pk):
    report = _report(request, pk)
    reason = request.POST.get("reason", "")
    return _attempt(request, report, actions.withdraw, reason, success="报告已撤回，退回起草中。")


@require_POST
def publish(request, pk):
    report = _report(request, pk)
    return _attempt(request, report, actions.publish, success="报告已公开。")


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def download(request, pk):
    report = _report(request, pk)
    try:
        data = docx_for(report)
    except TemplateInvalid as invalid:
        messages.error(request, "；".join(invalid.problems))
        return redirect("reports:detail", pk=report.pk)
    return _docx_response(data, f"{report}.docx")


@require_GET
def download_template(request, pk):
    report = _report(request, pk)
    name = report.template.name if report.template_id else "法治政府建设年度报告默认模板.docx"
    return _docx_response(template_bytes(report), name)


app_name = "reports"
urlpatterns = [
    path("reports/", report_list, name="list"),
    path("reports/new/", report_create, name="create"),
    path("reports/<int:pk>/", report_detail, name="detail"),
    path("reports/<int:pk>/figure/", figure, name="figure"),
    path("reports/<int:pk>/prose/<str:block>/", prose, name="prose"),
    path("reports/<int:pk>/particulars/", particulars, name="particulars"),
    path("reports/<int:pk>/template/", upload_template, name="template"),
    path("reports/<int:pk>/template/default/", default_template, name="default_template"),
    path("reports/<int:pk>/template.docx", download_template, name="download_template"),
    path("reports/<int:pk>/report.docx", download, name="download"),
    path("reports/<int:pk>/submit/", submit, name="submit"),
    path("reports/<int:pk>/publish/", publish, name="publish"),
    path("reports/<int:pk>/withdraw/", withdraw, name="withdraw"),
]
