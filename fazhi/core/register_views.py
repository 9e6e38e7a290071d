"""The pages of a register with a procedure — list, detail, register, edit, take a step —
generated from its declaration, so that every register's pages behave alike.

A register app builds one `RegisterPages` in its views.py, naming its forms, its rules module
(deadlines, timeline, allowed_steps, STEPS) and its actions module (register_case,
update_case, record_step), and its urls.py is `PAGES.urls()`. Its templates extend
"registers/list.html" and "registers/detail.html" and fill in only the register's own columns,
facts and step inputs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .access import changeable_units, may_change
from .actions import validation_messages
from .errors import ActionRefused, RecordInvalid, StepRefused
from .models import Unit
from .pagination import paginate, query_without_page
from .personal import personal_fields_of_form, search_notice, shows_personal_data
from .reasons import unmask_link
from .records import mark_due, stored_provisional
from .registers import Register
from .roles import CHANGE, VIEW

REFUSALS = (ActionRefused, RecordInvalid, StepRefused)


def deadline_rows(rules: ModuleType, record, today) -> list[dict]:
    """The case page's deadlines table: every deadline that applies, each running one marked,
    and each running one whose day passed without its act flagged 已超期 with its days, whatever
    the case's step. A register whose deadlines lapse (a window the parties let pass, 人民调解)
    has no overdue ones. A running deadline that is not among the register's deadlines (one
    awaiting its start) is listed after them."""
    lapses = getattr(type(record), "deadline_lapses", False)
    running = {d.label: d for d in rules.running(record) if d is not None}
    shown = dict(rules.deadlines(record))
    # The running one carries what the list of all does not always (awaiting 送达).
    shown.update(running)
    rows = []
    for deadline in shown.values():
        is_running = deadline.label in running
        late = is_running and not lapses and deadline.date is not None and deadline.date < today
        rows.append(
            {
                "deadline": deadline,
                "current": is_running,
                "overdue": late,
                "overdue_days": (today - deadline.date).days if late else 0,
                "provisional": deadline.date is not None and deadline.provisional,
                "undated": f"待{deadline.awaiting}" if deadline.awaiting else "待定",
            }
        )
    return rows


def mark_running(records) -> None:
    """Annotate listed records for the 当前期限 column: the earliest running deadline is the
    stored due_date/due_label; how many more run beside it, whether it is 暂定, and what stands
    for its date while it has none (待送达 while the event it runs from has not happened, else
    待定)."""
    for record in records:
        stored = getattr(record, "running_deadlines", None) or []
        record.more_deadlines = max(len(stored) - 1, 0)
        first = next((d for d in stored if d.get("label") == record.due_label), None)
        awaiting = (first.get("awaiting") or "") if first else ""
        record.due_undated = f"待{awaiting}" if awaiting else "待定"
        record.due_provisional = stored_provisional(first or {}, record.due_date)


@dataclass
class RegisterPages:
    register: Register
    rules: ModuleType
    actions: ModuleType
    list_filter: type
    create_form: type
    edit_form: type
    step_form: type
    create_title: str  # e.g. "登记复议申请"
    url_prefix: str  # e.g. "reconsideration"
    # Extra context of the detail page (linked records …), given the request and the record.
    detail_context: Callable = field(default=lambda request, record: {})
    # The kinds of unit that own this register's records, offered on the register form
    # (e.g. the bureau and its sections, not the departments it reviews); () offers all.
    owner_kinds: tuple[str, ...] = ()
    # Prepares a list page's records for display (e.g. masks personal data), given the request
    # and the page.
    prepare_page: Callable = field(default=lambda request, page: None)

    @property
    def namespace(self) -> str:
        return self.url_prefix

    def _records(self, user, action=VIEW):
        return self.register.model.objects.visible_to(user, action).select_related(
            "unit", "officer"
        )

    def _template(self, name: str) -> list[str]:
        """`<app>/<register>_<page>.html` where an app holds several registers, else
        `<app>/<page>.html`."""
        app = self.register.model._meta.app_label
        return [f"{app}/{self.register.name}_{name}.html", f"{app}/{name}.html"]

    def _context(self, **values) -> dict:
        return {"register": self.register, "ns": self.namespace, **values}

    def list(self, request):
        today = timezone.localdate()
        form = self.list_filter(
            request.GET or None,
            units=Unit.objects.filter_choices(request.user),
            status_choices=self.register.model._meta.get_field("status").choices,
        )
        records = self._records(request.user)
        notice = ""
        if form.is_valid():
            records = form.apply(records, today, user=request.user, register=self.register)
            if form.cleaned_data["q"].strip():
                notice = search_notice(request.user, self.register, form.search_fields)
        else:
            records = records.order_by(f"-{self.register.date_field}", "-id")
        page = paginate(request, records)
        mark_due(page, today)
        mark_running(page)
        self.prepare_page(request, page)
        return render(
            request,
            self._template("list"),
            self._context(
                form=form,
                page=page,
                query=query_without_page(request),
                can_register=self._owner_units(request.user).exists(),
                unmask_url=unmask_link(request, self.register),
                search_notice=notice,
                # Whether the search box looks at the personal fields (names the placeholder).
                personal_search=not self.register.sensitive
                or shows_personal_data(request.user, self.register),
                **self.list_extras(request),
            ),
        )

    def list_extras(self, request) -> dict:
        """What a register's list page adds to its context (e.g. which of its own pages the
        user may open, so that it links only to those)."""
        return {}

    def detail(self, request, pk):
        record = get_object_or_404(self._records(request.user), pk=pk)
        today = timezone.localdate()
        can_change = may_change(request.user, self.register.model, record.unit)
        deadlines = deadline_rows(self.rules, record, today)
        return render(
            request,
            self._template("detail"),
            self._context(
                case=record,
                deadlines=deadlines,
                any_provisional=any(row["provisional"] for row in deadlines),
                timeline=self.rules.timeline(record),
                steps=self.rules.allowed_steps(record) if can_change else [],
                step_form=self.step_form(
                    initial=self._step_initial(record, today), steps=self.rules.STEPS
                ),
                can_change=can_change,
                unmask_url=unmask_link(request, self.register),
                **self.detail_context(request, record),
            ),
        )

    def _step_initial(self, record, today) -> dict:
        """Today, and the record's own values for the step's inputs (e.g. its 适用程序)."""
        initial = {"day": today}
        model_fields = {f.name for f in record._meta.fields}
        for name in self.step_form.base_fields:
            if name in model_fields and name not in ("step", "day"):
                initial[name] = getattr(record, name)
        return initial

    def _owner_units(self, user):
        """The units this user may register records for, of the kinds that own them."""
        units = changeable_units(user, self.register.model)
        return units.filter(kind__in=self.owner_kinds) if self.owner_kinds else units

    def create(self, request):
        units = self._owner_units(request.user)
        if not units.exists():
            raise PermissionDenied(f"您没有登记{self.register.label}的权限。")
        form = self.create_form(request.POST or None, units=units, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
            record = self._attempt(
                form,
                self.actions.register_case,
                request.user,
                unit=form.cleaned_data["unit"],
                **data,
            )
            if record is not None:
                messages.success(request, f"已登记{self.register.label}「{record.number}」。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        return render(
            request, "registers/form.html", self._context(form=form, title=self.create_title)
        )

    def edit(self, request, pk):
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = self.edit_form(request.POST or None, instance=record, user=request.user)
        personal_fields_of_form(request, self.register, form, record)
        if request.method == "POST" and form.is_valid():
            saved = self._attempt(
                form, self.actions.update_case, request.user, record, **form.cleaned_data
            )
            if saved is not None:
                messages.success(request, "已保存。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        title = f"修改 {record.number}"
        return render(request, "registers/form.html", self._context(form=form, title=title))

    def step(self, request, pk):
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = self.step_form(request.POST, steps=self.rules.STEPS)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{self.namespace}:detail", pk=record.pk)
        step, day = form.cleaned_data["step"], form.cleaned_data["day"]
        try:
            self.actions.record_step(request.user, record, step, day, **form.extras())
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已办理：{self.rules.STEPS[step].label}。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    @staticmethod
    def _attempt(form, action, *args, **kwargs):
        """Run an action for a form; a refusal becomes the form's error and gives None."""
        try:
            return action(*args, **kwargs)
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error(None, message)
        return None

    def urls(self) -> list:
        prefix = self.url_prefix
        return [
            path(f"{prefix}/", self.list, name="list"),
            path(
                f"{prefix}/new/", require_http_methods(["GET", "POST"])(self.create), name="create"
            ),
            path(f"{prefix}/<int:pk>/", self.detail, name="detail"),
            path(
                f"{prefix}/<int:pk>/edit/",
                require_http_methods(["GET", "POST"])(self.edit),
                name="edit",
            ),
            path(f"{prefix}/<int:pk>/step/", require_POST(self.step), name="step"),
        ]
