"""评议考核's pages: the results as generic register pages (entered and scored only by 执法监督;
a department's 填报员 reads his own), a result's items and deductions with 重新计算, 扣分 and
确定, a bureau's year with its ranking and the 结果通报, and the year's scheme."""

import functools
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import audit, permissions
from fazhi.core.access import Scope, may_change, may_change_record, scope_for
from fazhi.core.forms import RegisterFilter
from fazhi.core.measures import MEASURES
from fazhi.core.models import BUREAUS, AuditAction, Unit
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import CHANGE, VIEW

from . import actions, notice, rules
from .columns import REGISTER
from .forms import (
    DayForm,
    DeductionForm,
    EvaluationForm,
    GenerateForm,
    ItemFormSet,
    SchemeForm,
    item_initial,
    items_from,
)
from .models import Deduction, EvaluationScheme, Grade, Method, Status
from .permissions import SCORE, SET_SCHEME

SCORING = method_decorator(permissions.permission_required(SCORE))
FROZEN = "该年度已有考核结果确定，方案不能再修改；如需调整，请复制到下一年度后修改。"
LAST_YEAR = 2100  # the forms' bound on 考核年度
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class YearFilter(RegisterFilter):
    """The list's 年度 is the 考核年度, not the year of the 考核日期: the 2024 evaluation held
    in January 2025 is 2024's."""

    def apply(self, records, today, *, user):
        year = self.cleaned_data.get("year")
        self.cleaned_data["year"] = None
        try:
            records = super().apply(records, today, user=user)
        finally:
            self.cleaned_data["year"] = year
        return records.filter(year=year) if year else records


def _rows(scores: list[dict], items: list[rules.Item]) -> list[dict]:
    """The result page's item table: each item's score beside its rule in words."""
    by_no = {item.no: item for item in items}
    rows = []
    for stored in scores:
        score = rules.ItemScore.from_stored(stored)
        item = by_no.get(score.no)
        planned = rules.PLANNED_MEASURES.get(score.measure, ("", ""))
        rows.append(
            {
                "score": score,
                "label": score.measure_label or planned[0],
                "rule": rules.rule_text(item, score.unit_label or planned[1]) if item else "",
                "value": (
                    (score.state or f"{rules.points_text(score.value)}{score.unit_label}")
                    if score.method == Method.DATA
                    else "—"
                ),
                "points": rules.points_text(score.points),
                "data_deduction": rules.points_text(score.data_deduction),
                "hand_deduction": rules.points_text(score.hand_deduction),
                "result": rules.points_text(score.score),
                "capped": score.capped,
            }
        )
    return rows


def _known_year(view):
    """A year page for a year no scheme can have (0, 99999…) is not found, rather than
    failing on a date it cannot make."""

    @functools.wraps(view)
    def bounded(request, year, *args, **kwargs):
        if not rules.FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404("没有这个考核年度。")
        return view(request, year, *args, **kwargs)

    return bounded


class EvaluationPages(RegisterPages):
    """The generic pages, with entering and editing closed to 填报员, and the pages of a
    bureau's year (ranking, actions, notice) and of its scheme."""

    def list_extras(self, request) -> dict:
        return {"sees_years": scope_for(request.user, self.model, VIEW) is Scope.SUBTREE}

    # --- a result -----------------------------------------------------------------------

    def result_context(self, request, record) -> dict:
        user = request.user
        items = rules.items_of(record.scheme.items) if record.scheme_id else []
        scores = permissions.allows(SCORE, user) and may_change_record(user, record)
        context = {
            "rows": _rows(record.item_scores, items),
            "total": rules.points_text(record.total) if record.total is not None else "",
            "deductions": list(
                record.deductions.select_related("entered_by", "withdrawn_by").order_by(
                    "item_no", "entered_at", "id"
                )
            ),
            "scheme": record.scheme,
            "thresholds": self._thresholds(record.scheme),
            "scores": scores,
            "open": not record.confirmed,
            "year_url": self._year_url(record.year, record.unit),
            "undecided": [s["name"] for s in rules.undecided_items(record)]
            if not record.confirmed
            else [],
        }
        if scores and not record.confirmed and record.scheme_id:
            context["deduction_form"] = DeductionForm(items=items)
        if scores and not record.confirmed:
            context["day_form"] = DayForm(initial={"day": timezone.localdate()})
        return context

    @staticmethod
    def _thresholds(scheme) -> str:
        if scheme is None:
            return ""
        t = rules.thresholds_of(scheme)
        return (
            f"优秀 ≥ {rules.points_text(t.excellent)} 分，良好 ≥ {rules.points_text(t.good)} 分，"
            f"合格 ≥ {rules.points_text(t.passing)} 分，其余不合格"
        )

    def _year_url(self, year: int, unit) -> str:
        return f"{reverse(f'{self.namespace}:year', args=[year])}?unit={quote(unit.code)}"

    def _scored_record(self, request, pk):
        return get_object_or_404(self._records(request.user, CHANGE), pk=pk)

    @SCORING
    def recompute_one(self, request, pk):
        record = self._scored_record(request, pk)
        try:
            done = actions.recompute(request.user, [record])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            if done:
                messages.success(request, "已按各登记簿的最新数据重新计算。")
            else:
                messages.error(request, "考核结果已确定，不再重新计算。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    @SCORING
    def deduct(self, request, pk):
        record = self._scored_record(request, pk)
        items = rules.items_of(record.scheme.items) if record.scheme_id else []
        form = DeductionForm(request.POST, items=items)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
        else:
            data = form.cleaned_data
            try:
                actions.add_deduction(
                    request.user,
                    record,
                    item_no=data["item_no"],
                    points=data["points"],
                    reason=data["reason"],
                )
            except REFUSALS as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, "已登记扣分。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    @SCORING
    def withdraw(self, request, pk, deduction_id):
        record = self._scored_record(request, pk)
        deduction = get_object_or_404(Deduction, pk=deduction_id, evaluation=record)
        try:
            actions.withdraw_deduction(request.user, deduction)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "已撤销该项扣分。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    @SCORING
    def confirm_one(self, request, pk):
        record = self._scored_record(request, pk)
        form = DayForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
        else:
            try:
                actions.confirm(request.user, [record], form.cleaned_data["day"])
            except REFUSALS as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, "考核结果已确定。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    # --- a bureau's year ----------------------------------------------------------------

    def _bureau(self, request) -> Unit:
        """The bureau whose year is shown: the reader's own (or his unit's), or one below
        it named by ?unit=. Only those who read the register over a subtree: a department's
        填报员 reads his own result, not the others'."""
        user = request.user
        scope = scope_for(user, self.model, VIEW)
        if scope is Scope.OWN_UNIT:
            raise PermissionDenied("填报员只能查看本单位的评议考核结果。")
        if scope is not Scope.SUBTREE:
            raise PermissionDenied(f"您的角色不办理也不查阅{self.register.label}。")
        code = request.GET.get("unit") or request.POST.get("unit")
        if code:
            found = Unit.objects.filter(
                code=code, kind__in=BUREAUS, path__startswith=user.unit.path
            ).first()
            if found is None:
                raise Http404("没有这个司法局。")
            return found
        return user.unit if user.unit.kind in BUREAUS else (user.unit.bureau() or user.unit)

    def _year_records(self, user, bureau, year, action=VIEW):
        return (
            self._records(user, action)
            .filter(unit=bureau, year=year)
            .select_related("evaluated_unit")
            .order_by("evaluated_unit_code")
        )

    def years(self, request):
        bureau = self._bureau(request)
        counts = {
            row["year"]: row
            for row in self._records(request.user)
            .filter(unit=bureau)
            .order_by()
            .values("year")
            .annotate(results=Count("id"), confirmed=Count("id", filter=Q(status=Status.CONFIRMED)))
        }
        schemes = set(
            EvaluationScheme.objects.visible_to(request.user)
            .filter(unit=bureau)
            .values_list("year", flat=True)
        )
        this_year = timezone.localdate().year
        shown = sorted(set(counts) | schemes | {this_year - 1, this_year}, reverse=True)
        rows = [
            {
                "year": year,
                "scheme": year in schemes,
                "results": counts.get(year, {}).get("results", 0),
                "confirmed": counts.get(year, {}).get("confirmed", 0),
                "url": self._year_url(year, bureau),
            }
            for year in shown
        ]
        return render(request, "evaluation/years.html", self._context(bureau=bureau, rows=rows))

    def year(self, request, year):
        bureau = self._bureau(request)
        user = request.user
        results = list(self._year_records(user, bureau, year))
        places = rules.ranking({r.pk: r.total for r in results})
        for result in results:
            result.rank = places[result.pk]
            result.total_text = rules.points_text(result.total) if result.total is not None else ""
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.evaluated_unit_code))
        scheme = EvaluationScheme.objects.visible_to(user).filter(unit=bureau, year=year).first()
        items = rules.items_of(scheme.items) if scheme else []
        for result in results:
            by_no = {s.get("no"): s for s in result.item_scores or []}
            result.cells = [
                rules.points_text(by_no[item.no]["score"]) if item.no in by_no else "—"
                for item in items
            ]
        # Open results with a data item no register gives a value for and nothing decided on
        # it by hand: said here, as confirming them is refused until it is.
        undecided = [
            (r, [s["name"] for s in rules.undecided_items(r)]) for r in results if not r.confirmed
        ]
        undecided = [(r, names) for r, names in undecided if names]
        grades = [r.grade for r in results if r.confirmed]
        may_score = permissions.allows(SCORE, user) and may_change(user, self.model, bureau)
        confirmed = sum(1 for r in results if r.confirmed)
        departments = actions.departments_of(bureau).count()
        return render(
            request,
            "evaluation/year.html",
            self._context(
                bureau=bureau,
                year=year,
                results=results,
                scheme=scheme,
                items=items,
                thresholds=self._thresholds(scheme),
                full=rules.points_text(rules.full_marks(items)),
                confirmed=confirmed,
                open=len(results) - confirmed,
                missing=max(departments - len(results), 0),
                by_grade=[(label, grades.count(value)) for value, label in Grade.choices],
                may_score=may_score,
                day_form=DayForm(initial={"day": timezone.localdate()}),
                generate_form=GenerateForm(initial={"day": timezone.localdate()}),
                scheme_url=self._scheme_url(year, bureau),
                notice_ready=bool(results) and confirmed == len(results),
                undecided=undecided,
            ),
        )

    def _scheme_url(self, year: int, bureau) -> str:
        return f"{reverse(f'{self.namespace}:scheme', args=[year])}?unit={quote(bureau.code)}"

    def _back_to_year(self, year, bureau):
        return redirect(self._year_url(year, bureau))

    @SCORING
    def generate(self, request, year):
        bureau = self._bureau(request)
        form = GenerateForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return self._back_to_year(year, bureau)
        try:
            made = actions.generate(
                request.user, unit=bureau, year=year, day=form.cleaned_data["day"]
            )
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            if made:
                messages.success(request, f"已生成 {made} 个部门的考核记录，并计算了数据项得分。")
            else:
                messages.success(request, "各行政执法部门本年度都已有考核记录。")
        return self._back_to_year(year, bureau)

    @SCORING
    def recompute_year(self, request, year):
        bureau = self._bureau(request)
        records = list(self._year_records(request.user, bureau, year, CHANGE))
        try:
            done = actions.recompute(request.user, records)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已重新计算 {done} 个部门的数据项得分（已确定的不再计算）。")
        return self._back_to_year(year, bureau)

    @SCORING
    def confirm_year(self, request, year):
        bureau = self._bureau(request)
        form = DayForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return self._back_to_year(year, bureau)
        records = list(self._year_records(request.user, bureau, year, CHANGE))
        try:
            done = actions.confirm(request.user, records, form.cleaned_data["day"])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已确定 {done} 个部门的考核结果。")
        return self._back_to_year(year, bureau)

    def notice(self, request, year):
        bureau = self._bureau(request)
        results = list(self._year_records(request.user, bureau, year))
        if not results or any(not r.confirmed for r in results):
            messages.error(request, "本年度的考核结果全部确定后，才能生成结果通报。")
            return self._back_to_year(year, bureau)
        places = rules.ranking({r.pk: r.total for r in results})
        for result in results:
            result.rank = places[result.pk]
        results.sort(key=lambda r: (r.rank or 0, r.evaluated_unit_code))
        reasons: dict = {}
        # A deduction of 0 (an item without a source, judged to lose nothing) says no reason.
        for deduction in Deduction.objects.filter(
            evaluation__in=results, withdrawn_at__isnull=True, points__gt=0
        ).order_by("item_no", "entered_at", "id"):
            reasons.setdefault(deduction.evaluation_id, {}).setdefault(
                deduction.item_no, []
            ).append(deduction.reason)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            register=self.register.name,
            unit=bureau,
            note=f"下载评议考核结果通报：{year}年度，{len(results)} 个部门",
        )
        data = notice.notice_docx(
            issuer=bureau.name,
            year=year,
            results=results,
            reasons=reasons,
            day=timezone.localdate(),
        )
        response = HttpResponse(data, content_type=DOCX)
        filename = quote(f"{year}年度行政执法评议考核结果通报.docx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response

    # --- the scheme ---------------------------------------------------------------------

    def scheme(self, request, year):
        bureau = self._bureau(request)
        user = request.user
        stored = EvaluationScheme.objects.visible_to(user).filter(unit=bureau, year=year).first()
        frozen = actions.is_frozen(stored)
        may_set = permissions.allows(SET_SCHEME, user) and bureau.pk == user.unit_id and not frozen
        previous = EvaluationScheme.objects.filter(unit=bureau, year=year - 1).exists()
        if stored is not None:
            items, thresholds = rules.items_of(stored.items), rules.thresholds_of(stored)
        else:
            items, thresholds = list(rules.DEFAULT_ITEMS), rules.DEFAULT_THRESHOLDS
        kept = [item.measure for item in items]
        if request.method == "POST":
            if not may_set:
                permissions.require_page(SET_SCHEME, user)
                raise PermissionDenied(
                    "该方案已有考核结果确定，不能再修改。"
                    if frozen
                    else "只能制定本单位的评议考核方案。"
                )
            form = SchemeForm(request.POST)
            formset = ItemFormSet(request.POST, form_kwargs={"measures": kept})
            if form.is_valid() and formset.is_valid():
                try:
                    actions.set_scheme(
                        user,
                        unit=bureau,
                        year=year,
                        items=items_from(formset),
                        thresholds=form.thresholds(),
                    )
                except REFUSALS as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, f"已保存{year}年度评议考核方案。")
                    return redirect(self._scheme_url(year, bureau))
        else:
            form = SchemeForm(
                initial={
                    "excellent": thresholds.excellent,
                    "good": thresholds.good,
                    "passing": thresholds.passing,
                }
            )
            formset = ItemFormSet(initial=item_initial(items), form_kwargs={"measures": kept})
        rows = [
            {"item": item, "rule": rules.rule_text(item, self._unit_label(item.measure))}
            for item in items
        ]
        return render(
            request,
            "evaluation/scheme.html",
            self._context(
                bureau=bureau,
                year=year,
                stored=stored,
                rows=rows,
                full=rules.points_text(rules.full_marks(items)),
                thresholds=self._thresholds(stored),
                frozen=frozen,
                may_set=may_set,
                may_copy=may_set and stored is None and previous,
                form=form,
                formset=formset,
                measures=self._measure_rows(),
                year_url=self._year_url(year, bureau),
            ),
        )

    @staticmethod
    def _unit_label(key: str) -> str:
        found = MEASURES.get(key)
        return found.unit_label if found else rules.PLANNED_MEASURES.get(key, ("", ""))[1]

    @staticmethod
    def _measure_rows() -> list[dict]:
        return [
            {
                "label": m.label,
                "unit": m.unit_label,
                "source": REGISTERS[m.source].label if m.source in REGISTERS else m.source,
                "help": m.help,
            }
            for _, m in sorted(MEASURES.items())
        ]

    def copy_scheme(self, request, year):
        bureau = self._bureau(request)
        permissions.require_page(SET_SCHEME, request.user)
        try:
            actions.copy_scheme(request.user, unit=bureau, year=year)
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已将{year - 1}年度方案复制为{year}年度方案，可以继续修改。")
        return redirect(self._scheme_url(year, bureau))

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/years/", self.years, name="years"),
            path(f"{prefix}/years/<int:year>/", _known_year(self.year), name="year"),
            path(
                f"{prefix}/years/<int:year>/generate/",
                require_POST(_known_year(self.generate)),
                name="generate",
            ),
            path(
                f"{prefix}/years/<int:year>/recompute/",
                require_POST(_known_year(self.recompute_year)),
                name="recompute_year",
            ),
            path(
                f"{prefix}/years/<int:year>/confirm/",
                require_POST(_known_year(self.confirm_year)),
                name="confirm_year",
            ),
            path(f"{prefix}/years/<int:year>/notice.docx", _known_year(self.notice), name="notice"),
            path(
                f"{prefix}/scheme/<int:year>/",
                _known_year(require_http_methods(["GET", "POST"])(self.scheme)),
                name="scheme",
            ),
            path(
                f"{prefix}/scheme/<int:year>/copy/",
                require_POST(_known_year(self.copy_scheme)),
                name="copy_scheme",
            ),
            path(
                f"{prefix}/<int:pk>/recompute/", require_POST(self.recompute_one), name="recompute"
            ),
            path(f"{prefix}/<int:pk>/deduct/", require_POST(self.deduct), name="deduct"),
            path(
                f"{prefix}/<int:pk>/deductions/<int:deduction_id>/withdraw/",
                require_POST(self.withdraw),
                name="withdraw",
            ),
            path(f"{prefix}/<int:pk>/confirm/", require_POST(self.confirm_one), name="confirm"),
        ]


PAGES = EvaluationPages(
    register=REGISTER,
    list_fields=("year", "evaluated_unit_code", "total", "grade", "status", "evaluated_on"),
    create_record=actions.register_evaluation,
    update_record=actions.update_evaluation,
    create_form=EvaluationForm,
    create_title="登记评议考核",
    list_filter=YearFilter,
    owner_kinds=BUREAUS,  # the bureau evaluates; departments only read their results
    permissions={"create": SCORE, "edit": SCORE},
    detail_context=lambda request, record: PAGES.result_context(request, record),
)
