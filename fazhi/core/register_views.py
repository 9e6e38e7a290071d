"""The pages of a register — its list, a record's page, entering and changing one, and, for a
register with a procedure, taking a step — generated from its declaration, so that every
register's pages behave alike.

A register app builds one `RegisterPages` per register in its views.py, naming what only it
knows: its forms, the actions that create and update a record, and, when it has a procedure,
its rules module (deadlines, running, timeline, allowed_steps, STEPS) and the action that takes
a step. Everything else comes from the `Register` declaration: the search box and filters
(`search_fields`, `filters`), the year (`date_field`), the columns shown, the personal data
masked. The pages need no urls.py: building them files them under the register's name, and
`register_urls()` serves every register's pages in the namespace of its name, so that
`reverse(f"{register.name}:detail", ...)` is a record's page.

Templates: `<app>/<register>_<page>.html` where the app fills in its own columns, facts and
step inputs, else the generic `registers/record_<page>.html` showing the declared columns.

Personal data (Register.sensitive) is shown through core.personal.reveal: masked for those who
may not see it, and every full display audit-logged. Whoever may not see it cannot edit it
either: the edit form leaves those fields out.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.views.decorators.http import require_http_methods, require_POST

from . import attachment_views, audit, case_file_views, document_actions, list_table
from .access import Scope, changeable_units, may_change_record, scope_for
from .actions import validation_messages
from .errors import ActionRefused, RecordInvalid, StepRefused
from .forms import RegisterFilter
from .list_table import (
    DEADLINE_COLUMNS,
    STATUS_COLUMN,
    UNIT_COLUMN,
    ListColumn,
    columns_of,
    field_column,
    linked_units,
    number_column,
)
from .models import Unit
from .pagination import paginate, query_without_page
from .permissions import allows, require_page
from .personal import personal_fields_of_form, reveal, search_labels, search_notice
from .reasons import unmask_link
from .records import mark_due, stored_provisional
from .registers import Register
from .roles import CHANGE, VIEW

REFUSALS = (ActionRefused, RecordInvalid, StepRefused)
LIST_COLUMNS = 6  # the generic list shows 编号 and this many of the declared columns

# Every register's pages, by the register's name: filled as each app's views module builds its
# RegisterPages, served by register_urls().
PAGES: dict[str, "RegisterPages"] = {}

FORM_METHODS = require_http_methods(["GET", "POST"])


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


def attempt(form, action, *args, **kwargs):
    """Run an action for a form; a refusal becomes the form's error and gives None."""
    try:
        return action(*args, **kwargs)
    except REFUSALS as refusal:
        form.add_error(None, str(refusal))
    except ValidationError as error:
        for message in validation_messages(error):
            form.add_error(None, message)
    return None


# A unit's fields no list shows: deferred when a list reads its records' units.
UNIT_BOOKKEEPING = ("created_at", "updated_at")


def _is_unit(model, name: str) -> bool:
    return model._meta.get_field(name).related_model is Unit


def _overdue_row(record) -> str:
    return "overdue" if record.overdue else ""


def mark_detail_urls(records, namespace: str) -> None:
    """Give each listed record its page's address (`detail_url`): one reverse() for the page,
    not one `{% url %}` per row, which cost more than the rest of a row's cells."""
    marker = "2147483647"  # digits found nowhere else in the address: each pk takes their place
    before, _, after = reverse(f"{namespace}:detail", args=[marker]).partition(marker)
    for record in records:
        record.detail_url = f"{before}{record.pk}{after}"


@dataclass
class RegisterPages:
    register: Register
    # create(actor, *, unit, **facts) → the new record; update(actor, record, **facts).
    create_record: Callable
    update_record: Callable
    # The register form, a RegisterCreateForm: create (units=, user=) and, without an
    # edit_form, edit (instance=, units=, user=).
    create_form: type
    create_title: str  # e.g. "登记复议申请"
    edit_form: type | None = None  # an edit form of its own (instance=, user=)
    path: str = ""  # the pages' URL path; default the register's name
    # A procedure: the register's rules module, its step form and the action that takes a
    # step, record_step(actor, record, key, day, **inputs).
    procedure: ModuleType | None = None
    step_form: type | None = None
    take_step: Callable | None = None
    list_filter: type = RegisterFilter  # a subclass adds what the declaration cannot say
    # The kinds of unit that own this register's records, offered on the register form
    # (e.g. the bureau and its sections, not the departments it reviews); () offers all.
    owner_kinds: tuple[str, ...] = ()
    # The list's columns after 编号 (core/list_table.py): field names, or ListColumns for a
    # cell of more than one field; default the first LIST_COLUMNS declared columns.
    list_fields: tuple = ()
    # A procedure's deadline columns after its state: 当前期限 and 剩余天数, unless the
    # register shows its deadlines otherwise (人民调解: the 司法确认 window).
    deadline_columns: tuple[ListColumn, ...] = DEADLINE_COLUMNS
    # Extra context of the detail page (linked records …), given the request and the record.
    detail_context: Callable = field(default=lambda request, record: {})
    # Prepares a list page's records for display, given the request and the page.
    prepare_page: Callable = field(default=lambda request, page: None)
    # Named permission rules (core.permissions) a page requires beyond the scope of the
    # user's roles: page name ("create", "edit", "step") → rule name.
    permissions: dict[str, str] = field(default_factory=dict)
    # More pages of this register, in its namespace: a list of django.urls.path entries.
    more_urls: list = field(default_factory=list)

    def __post_init__(self):
        if PAGES.get(self.register.name, self) is not self:
            raise ValueError(f"pages of register {self.register.name!r} built twice")
        PAGES[self.register.name] = self

    @property
    def namespace(self) -> str:
        return self.register.name

    @property
    def model(self):
        return self.register.model

    @property
    def url_path(self) -> str:
        return self.path or self.register.name

    def _records(self, user, action=VIEW, *, listing: bool = False):
        """The records `user` may see (or take `action` on), with the units and people their
        pages show. A list shows no 承办人 and no unit's bookkeeping: a page of 50 rows then
        reads 50 fewer users and 200 fewer timestamps."""
        # The units pages show by name where the record writes a code (list_table.linked_units).
        related = ["unit", *linked_units(self.model).values()]
        if not listing and any(f.name == "officer" for f in self.model._meta.fields):
            related.append("officer")
        records = self.model.objects.visible_to(user, action).select_related(*related)
        if listing:
            unit_fields = [name for name in related if _is_unit(self.model, name)]
            records = records.defer(
                *(f"{name}__{kept}" for name in unit_fields for kept in UNIT_BOOKKEEPING)
            )
        return records

    def record_for(self, user, pk, action=VIEW):
        """The record `pk` if `user` may see it (or take `action` on it), else 404: the one way
        a page of a record's own (its documents, its files) finds it."""
        return get_object_or_404(self._records(user, action), pk=pk)

    def _template(self, name: str) -> list[str]:
        app = self.model._meta.app_label
        return [f"{app}/{self.register.name}_{name}.html", f"registers/record_{name}.html"]

    def _context(self, **values) -> dict:
        return {"register": self.register, "ns": self.namespace, **values}

    def _owner_units(self, user):
        """The units this user may register records for, of the kinds that own them."""
        units = changeable_units(user, self.model)
        return units.filter(kind__in=self.owner_kinds) if self.owner_kinds else units

    def _require(self, page: str, user) -> None:
        if page in self.permissions:
            require_page(self.permissions[page], user)

    def _allows(self, page: str, user) -> bool:
        return page not in self.permissions or allows(self.permissions[page], user)

    # --- the list ------------------------------------------------------------------------

    @cached_property
    def _list_columns(self) -> list[ListColumn]:
        """The list's columns: 编号, the register's own (`list_fields`, default the first
        declared columns), the state and deadlines of a procedure, the owning unit. Made
        once: they follow from the declaration alone."""
        own = (
            self.list_fields
            or [c.field for c in self.register.columns if c.field not in ("number", "unit")][
                :LIST_COLUMNS
            ]
        )
        columns = [number_column(self.register.number_column.header)]
        # Personal data is stored encrypted: its order would be the ciphertext's.
        columns += [
            dataclasses.replace(c, order="") if c.order in self.register.sensitive else c
            for c in columns_of(self.model, own)
        ]
        if self.procedure is not None:
            columns += [STATUS_COLUMN, *self.deadline_columns]
        return [*columns, UNIT_COLUMN]

    def list(self, request):
        if scope_for(request.user, self.model, VIEW) is Scope.NONE:
            # Not an empty list, which would look like lost records: his roles have no part here.
            raise PermissionDenied(f"您的角色不办理也不查阅{self.register.label}。")
        today = timezone.localdate()
        form = self.list_filter(
            request.GET or None,
            units=Unit.objects.filter_choices(request.user),
            register=self.register,
            columns=self._list_columns,
        )
        records = self._records(request.user, listing=True)
        notice = ""
        if form.is_valid():
            records = form.apply(records, today, user=request.user)
            if (form.cleaned_data.get("q") or "").strip():
                notice = search_notice(request.user, self.register)
        else:
            records = records.order_by(f"-{self.register.date_field}", "-id")
        page = paginate(request, records, estimate=True)
        if self.procedure is not None:
            mark_due(page, today)
            mark_running(page)
        if self.register.sensitive:
            reveal(request.user, self.register, page, purpose="列表查看")
        mark_detail_urls(page, self.namespace)
        self.prepare_page(request, page)
        searched, _ = search_labels(request.user, self.register)
        sorting = list_table.Sorting(query_without_page(request, "sort"), form.order())
        overdue = _overdue_row if self.procedure is not None else None
        return render(
            request,
            self._template("list"),
            self._context(
                form=form,
                page=page,
                table=list_table.table(self._list_columns, page, overdue, sorting),
                search_label="、".join(searched),
                search_notice=notice,
                query=query_without_page(request),
                can_register=self._owner_units(request.user).exists(),
                unmask_url=unmask_link(request, self.register),
                **self.list_extras(request),
            ),
        )

    def list_extras(self, request) -> dict:
        """What a register's list page adds to its context (e.g. which of its own pages the
        user may open, so that it links only to those)."""
        return {}

    # --- a record's page -----------------------------------------------------------------

    def detail(self, request, pk):
        record = get_object_or_404(self._records(request.user), pk=pk)
        if self.register.sensitive:
            reveal(request.user, self.register, [record])
        can_change = may_change_record(request.user, record)
        facts = [
            (column.header, field_column(self.model, column.field).cell(record) or "—")
            for column in self.register.columns
            if column.field != "unit"
        ]
        return render(
            request,
            self._template("detail"),
            self._context(
                record=record,
                case=record,
                facts=facts,
                can_change=can_change,
                # The edit link only for whoever the edit page lets in (a named permission).
                can_edit=can_change and self._allows("edit", request.user),
                unmask_url=unmask_link(request, self.register),
                **self._origin_context(record),
                **self._procedure_context(request, record, can_change),
                **case_file_views.section(request, self, record, can_change),
                **attachment_views.section(request, self, record, can_change),
                **self.detail_context(request, record),
            ),
        )

    def _origin_context(self, record) -> dict:
        """The import that created the record, if one did (core/audit/files.py). The record's
        whole history, that import included, is the audit administrator's: the audit log
        filtered by register and 记录编号."""
        made_by = audit.import_of(self.register.name, record.pk)
        after = made_by.after if made_by is not None and isinstance(made_by.after, dict) else {}
        return {
            "made_by_import": made_by,
            "import_file": after.get(audit.files.FILE_NAME, ""),
        }

    def _procedure_context(self, request, record, can_change: bool) -> dict:
        if self.procedure is None:
            return {}
        today = timezone.localdate()
        deadlines = deadline_rows(self.procedure, record, today)
        return {
            "deadlines": deadlines,
            "any_provisional": any(row["provisional"] for row in deadlines),
            "timeline": self.procedure.timeline(record),
            "steps": self.procedure.allowed_steps(record) if can_change else [],
            "step_form": self.step_form(
                initial=self._step_initial(record, today), steps=self.procedure.STEPS
            ),
            # The documents a step issues, ticked; not offered to whoever has yet to state his
            # reason for a register's personal data, which they print.
            "step_documents": (
                case_file_views.step_documents(self)
                if can_change and not case_file_views.reason_problem(request, self)
                else []
            ),
        }

    def _step_initial(self, record, today) -> dict:
        """Today, and the record's own values for the step's inputs (e.g. its 适用程序)."""
        initial = {"day": today}
        model_fields = {f.name for f in record._meta.fields}
        for name in self.step_form.base_fields:
            if name in model_fields and name not in ("step", "day"):
                initial[name] = getattr(record, name)
        return initial

    # --- entering and changing -----------------------------------------------------------

    def create(self, request):
        self._require("create", request.user)
        units = self._owner_units(request.user)
        if not units.exists():
            raise PermissionDenied(f"您没有登记{self.register.label}的权限。")
        initial, facts, title = self.starting_point(request)
        form = self.create_form(
            request.POST or None, units=units, user=request.user, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
            record = attempt(
                form,
                self.create_record,
                request.user,
                unit=form.cleaned_data["unit"],
                **facts,
                **data,
            )
            if record is not None:
                messages.success(request, f"已登记{self.register.label}「{record.number}」。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        return render(request, "registers/form.html", self._context(form=form, title=title))

    def starting_point(self, request) -> tuple[dict, dict, str]:
        """What the register form starts from: its initial values, the facts given to
        create_record beside the form's, and the page's title. A register that takes a record
        over from another (安置帮教 from 社区矫正) says so here."""
        return {}, {}, self.create_title

    def edit(self, request, pk):
        self._require("edit", request.user)
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        if self.edit_form is not None:
            form = self.edit_form(request.POST or None, instance=record, user=request.user)
        else:
            units = self._owner_units(request.user) | Unit.objects.filter(pk=record.unit_id)
            form = self.create_form(
                request.POST or None, instance=record, units=units, user=request.user
            )
        personal_fields_of_form(request, self.register, form, record)
        if request.method == "POST" and form.is_valid():
            saved = attempt(form, self.update_record, request.user, record, **form.cleaned_data)
            if saved is not None:
                messages.success(request, "已保存。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        title = f"修改 {record.number}"
        return render(request, "registers/form.html", self._context(form=form, title=title))

    def step(self, request, pk):
        self._require("step", request.user)
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = self.step_form(request.POST, steps=self.procedure.STEPS)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(f"{self.namespace}:detail", pk=record.pk)
        step, day = form.cleaned_data["step"], form.cleaned_data["day"]
        # The documents the step issues, ticked on its form: numbered in the step's transaction.
        documents = [
            document.key
            for step_key, document in case_file_views.step_documents(self)
            if step_key == step and document.key in request.POST.getlist("documents")
        ]
        if documents and case_file_views.reason_problem(request, self):
            messages.error(request, case_file_views.reason_problem(request, self))
            return redirect(f"{self.namespace}:detail", pk=record.pk)
        try:
            issued = document_actions.take_step_with_documents(
                case_file_views.case_documents.case_file_of(self.register.name),
                self.take_step,
                request.user,
                record,
                step,
                day,
                documents,
                **form.extras(),
            )
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            made = "、".join(document.label for document in issued)
            made = f"，并出具{made}" if made else ""
            messages.success(request, f"已办理：{self.procedure.STEPS[step].label}{made}。")
        return redirect(f"{self.namespace}:detail", pk=record.pk)

    def urls(self) -> list:
        prefix = self.url_path
        pages = [
            path(f"{prefix}/", self.list, name="list"),
            path(f"{prefix}/new/", FORM_METHODS(self.create), name="create"),
            path(f"{prefix}/<int:pk>/", self.detail, name="detail"),
            path(f"{prefix}/<int:pk>/edit/", FORM_METHODS(self.edit), name="edit"),
        ]
        if self.procedure is not None:
            pages.append(path(f"{prefix}/<int:pk>/step/", require_POST(self.step), name="step"))
        pages += [*case_file_views.urls(self), *attachment_views.urls(self)]
        return [*pages, *self.more_urls]


def register_urls() -> list:
    """Every register's pages, each in the URL namespace of its register's name. The pages are
    built by the apps' views modules, which this imports (as the admin finds admin.py)."""
    autodiscover_modules("views")
    return [path("", include((pages.urls(), name))) for name, pages in PAGES.items()]
