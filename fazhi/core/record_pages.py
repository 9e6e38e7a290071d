"""The pages of a register without a procedure (活动, 稿件, 对象 …): list with search, filters and
pagination, a record's page, entering and changing one — generated from its declaration.

Registers with steps and deadlines use `RegisterPages` (register_views.py); these have neither.
A register app builds one `RecordPages` in views.py and its urls.py is `PAGES.urls()`. The
generic templates show the register's columns; an app may override `<app>/<register>_list.html`
or `_detail.html` (extending registers/record_*.html) to add to them.

Personal data (Register.sensitive) is shown through core.personal.reveal: masked for those who
may not see it, and every full display audit-logged. Whoever may not see it cannot edit it
either: the edit form leaves those fields out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from .access import changeable_units, may_change_record
from .columns import cell_text
from .models import Unit
from .pagination import paginate, query_without_page
from .personal import (
    personal_fields_of_form,
    reveal,
    search_condition,
    search_labels,
    search_notice,
)
from .reasons import unmask_link
from .register_views import RegisterPages
from .registers import Register
from .roles import CHANGE, VIEW

LIST_COLUMNS = 6


class RecordFilter(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label="单位", required=False, queryset=Unit.objects.none(), to_field_name="code"
    )

    def __init__(self, *args, units, choice_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部单位"
        for model_field in choice_fields:
            self.fields[model_field.name] = forms.ChoiceField(
                label=model_field.verbose_name,
                required=False,
                choices=[("", f"全部{model_field.verbose_name}"), *model_field.choices],
            )


@dataclass
class RecordPages:
    register: Register
    form: type  # a RegisterCreateForm subclass: create (units=, user=) and edit (instance=)
    actions: object  # create(actor, *, unit, **facts) and update(actor, record, **facts)
    create_title: str
    url_prefix: str  # the URL path prefix and namespace
    owner_kinds: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ("number",)
    list_fields: tuple[str, ...] = ()  # shown after 编号; default: the first columns
    filters: tuple[str, ...] = ()  # choice fields offered as exact filters
    detail_context: Callable = field(default=lambda request, record: {})
    # A search that a plain `icontains` cannot do (an ID number through its blind index):
    # given the text, a Q or None; `search_hook_label` names it in the search box.
    search_hook: Callable | None = None
    search_hook_label: str = ""
    app_name: str = ""  # the URL namespace, when it differs from url_prefix

    @property
    def namespace(self) -> str:
        return self.app_name or self.url_prefix

    @property
    def model(self):
        return self.register.model

    def _records(self, user, action=VIEW):
        return self.model.objects.visible_to(user, action).select_related("unit")

    def _template(self, name: str) -> list[str]:
        app = self.model._meta.app_label
        return [f"{app}/{self.register.name}_{name}.html", f"registers/record_{name}.html"]

    def _context(self, **values) -> dict:
        return {"register": self.register, "ns": self.namespace, **values}

    def _owner_units(self, user):
        units = changeable_units(user, self.model)
        return units.filter(kind__in=self.owner_kinds) if self.owner_kinds else units

    def _list_fields(self) -> list:
        names = (
            self.list_fields
            or [c.field for c in self.register.columns if c.field not in ("number", "unit")][
                :LIST_COLUMNS
            ]
        )
        return [self.model._meta.get_field(name) for name in names]

    def _cells(self, record, model_fields) -> list[str]:
        shown = getattr(record, "shown", {})
        return [
            (shown[f.name] or "—") if f.name in shown else cell_text(record, f)
            for f in model_fields
        ]

    def _search_label(self, user) -> str:
        """What the search box searches for this user: a person's name or ID number only for
        whoever sees them in full now (core.personal.search_condition)."""
        searched, _ = search_labels(
            user, self.register, self.search_fields, hook_label=self.search_hook_label
        )
        return "、".join(searched)

    def filter_records(self, form, records, user):
        data = form.cleaned_data
        text = (data.get("q") or "").strip()
        if text:
            # Whoever sees masks, or has not said why he needs the data, must not find a
            # person by his name or number either: a hit would tell him what the mask hides.
            records = records.filter(
                search_condition(
                    user,
                    self.register,
                    text,
                    self.search_fields,
                    hook=self.search_hook,
                    hook_label=self.search_hook_label,
                )
            )
        if data.get("year"):
            records = records.filter(**{f"{self.register.date_field}__year": data["year"]})
        if data.get("unit"):
            records = records.filter(unit__path__startswith=data["unit"].path)
        for name in self.filters:
            if data.get(name):
                records = records.filter(**{name: data[name]})
        return records

    def _search_notice(self, user, form) -> str:
        """Said under a search that left the personal fields out, so the reader knows why a
        name finds nothing."""
        if not (form.is_bound and form.is_valid() and (form.cleaned_data.get("q") or "").strip()):
            return ""
        return search_notice(
            user, self.register, self.search_fields, hook_label=self.search_hook_label
        )

    def list(self, request):
        form = RecordFilter(
            request.GET or None,
            units=Unit.objects.filter_choices(request.user),
            choice_fields=[self.model._meta.get_field(name) for name in self.filters],
        )
        records = self._records(request.user)
        if form.is_valid():
            records = self.filter_records(form, records, request.user)
        page = paginate(request, records.order_by(f"-{self.register.date_field}", "-id"))
        if self.register.sensitive:
            reveal(request.user, self.register, page, purpose="列表查看")
        model_fields = self._list_fields()
        rows = [(record, self._cells(record, model_fields)) for record in page]
        return render(
            request,
            self._template("list"),
            self._context(
                form=form,
                page=page,
                rows=rows,
                headers=[f.verbose_name for f in model_fields],
                search_label=self._search_label(request.user),
                search_notice=self._search_notice(request.user, form),
                query=query_without_page(request),
                can_register=self._owner_units(request.user).exists(),
                unmask_url=unmask_link(request, self.register),
            ),
        )

    def detail(self, request, pk):
        record = get_object_or_404(self._records(request.user), pk=pk)
        if self.register.sensitive:
            reveal(request.user, self.register, [record])
        facts = [
            (column.header, self._cells(record, [self.model._meta.get_field(column.field)])[0])
            for column in self.register.columns
            if column.field != "unit"
        ]
        return render(
            request,
            self._template("detail"),
            self._context(
                record=record,
                facts=facts,
                can_change=may_change_record(request.user, record),
                unmask_url=unmask_link(request, self.register),
                **self.detail_context(request, record),
            ),
        )

    def create(self, request):
        units = self._owner_units(request.user)
        if not units.exists():
            raise PermissionDenied(f"您没有登记{self.register.label}的权限。")
        form = self.form(request.POST or None, units=units, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
            record = RegisterPages._attempt(
                form, self.actions.create, request.user, unit=form.cleaned_data["unit"], **data
            )
            if record is not None:
                messages.success(request, f"已登记{self.register.label}「{record.number}」。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        return render(
            request, "registers/form.html", self._context(form=form, title=self.create_title)
        )

    def edit(self, request, pk):
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = self.form(
            request.POST or None,
            instance=record,
            units=self._owner_units(request.user) | Unit.objects.filter(pk=record.unit_id),
            user=request.user,
        )
        personal_fields_of_form(request, self.register, form, record)
        if request.method == "POST" and form.is_valid():
            saved = RegisterPages._attempt(
                form, self.actions.update, request.user, record, **form.cleaned_data
            )
            if saved is not None:
                messages.success(request, "已保存。")
                return redirect(f"{self.namespace}:detail", pk=record.pk)
        title = f"修改 {record.number}"
        return render(request, "registers/form.html", self._context(form=form, title=title))

    def urls(self) -> list:
        prefix = self.url_prefix
        methods = require_http_methods(["GET", "POST"])
        return [
            path(f"{prefix}/", self.list, name="list"),
            path(f"{prefix}/new/", methods(self.create), name="create"),
            path(f"{prefix}/<int:pk>/", self.detail, name="detail"),
            path(f"{prefix}/<int:pk>/edit/", methods(self.edit), name="edit"),
        ]
