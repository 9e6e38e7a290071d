from django import forms
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import audit
from .idnumber import validate_id_number
from .markup import escaped, html_attributes
from .models import AuditAction, Unit
from .personal import search_condition
from .records import WatchedRecord
from .registers import REGISTERS, register_of
from .renderers import blank_label


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none())
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return validate_id_number(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "两次输入的密码不一致。")
        return data


class AuditSearchForm(forms.Form):
    user = forms.CharField(label="用户名", required=False)
    date_from = forms.DateField(label="起始日期", required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label="截止日期", required=False, input_formats=["%Y-%m-%d"])
    register = forms.CharField(label="登记簿", required=False)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部")] + AuditAction.choices
    )
    # One record's history (with a register): its own entries, the import that made it and
    # each page that showed it in full among others (audit.entries_naming).
    record = forms.IntegerField(label="记录编号", required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def filter(self, entries):
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_username__icontains=data["user"].strip())
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        if data["register"]:
            entries = entries.filter(register=data["register"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["record"] and data["register"]:
            own = models.Q(object_id=str(data["record"]))
            naming = audit.entries_naming(data["register"], data["record"])
            entries = entries.filter(own | models.Q(pk__in=naming))
        return entries


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_after_today(day, what: str = "日期"):
    if day > timezone.localdate():
        raise forms.ValidationError(f"{what}不能晚于今天。")
    return day


def offer_officers(field, user, model):
    """承办人 choices: active users of the editor's subtree who work this register."""
    field.queryset = (
        field.queryset.filter(
            is_active=True,
            unit__path__startswith=user.unit.path,
            role_grants__role=model.register_role,
        )
        .select_related("unit")
        .distinct()
    )
    field.empty_label = "未指定"


class RegisterCreateForm(forms.ModelForm):
    """The register form of a new record: its owner among `units`, and its main date
    defaulting to today and never after it. The main date is the register's own
    (Register.date_field, named by its column's header) unless the form names another
    (`date_field`, `date_label`: 社区矫正's 判决生效日期, where the register counts by 入矫日期)."""

    date_field = ""
    date_label = ""

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        register = register_of(self._meta.model)
        self.date_field = self.date_field or register.date_field
        self.date_label = self.date_label or register.header_of[self.date_field]
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields[self.date_field].input_formats = ["%Y-%m-%d"]
        self.fields[self.date_field].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        for name, label in self._past_dates().items():
            if data.get(name):
                try:
                    not_after_today(data[name], label)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def _past_dates(self) -> dict[str, str]:
        """The form's dates of what has happened, never after today: its main date, and
        every column its register declares past_only (the rule the import and the API
        apply, Column.past_only), so that the form refuses what they refuse."""
        found = {self.date_field: self.date_label}
        for register in REGISTERS.values():
            if register.model is self._meta.model:
                for column in register.columns:
                    if column.past_only and column.field in self.fields:
                        found.setdefault(column.field, column.header)
        return found


class StepFormBase(forms.Form):
    """A step of a register's procedure: which step, on which day; registers add their inputs."""

    step = forms.ChoiceField(label="步骤")
    day = forms.DateField(label="日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(key, step.label) for key, step in steps.items()]

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "办理日期")

    def extras(self) -> dict:
        """The step's own inputs, as keyword arguments of the register's record_step."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("step", "day")}


class QuickSelect(forms.Select):
    """A <select> written in Python, the same markup as Django's select.html with one
    select_option.html per option. Django builds a dict per option and renders two templates
    for it; a list's filters offer a hundred-odd units and the register's choices, and that
    cost more than the list's 50 rows. Option groups go Django's own way; a subclass with an
    option template of its own would not be honoured here, so none is made of this one."""

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() would first ask a model choice iterator its len(), a COUNT.
        choices = list(iter(self.choices))
        if self.allow_multiple_selected or any(
            isinstance(options, list | tuple) for _value, options in choices
        ):
            return super().render(name, value, attrs, renderer)
        wanted, chosen = set(self.format_value(value)), False
        options = []
        for option, label in choices:
            text = "" if option is None else str(option)  # as Select.format_value reads None
            selected = not chosen and text in wanted
            chosen = chosen or selected
            options.append(
                f'\n  <option value="{escaped(text)}"{" selected" if selected else ""}>'
                f"{escaped(blank_label(label))}</option>"
            )
        attributes = html_attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(
            f'<select name="{escaped(name)}"{attributes}>{"".join(options)}\n</select>'
        )


class UnitOptions(forms.models.ModelChoiceIterator):
    """A unit filter's options as (code, name), read in one plain query: a province's list
    offers a hundred-odd units, and a Unit built for each option cost more than the query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name, "name")


class UnitFilterField(forms.ModelChoiceField):
    """A unit chosen by its code among the queryset's units; the chosen one is fetched whole
    when the form is cleaned."""

    iterator = UnitOptions
    widget = QuickSelect

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.none(), to_field_name="code", **kwargs)


class RegisterFilter(forms.Form):
    """The list page's search and filters, built from the register's declaration: the search
    box over its `search_fields` (and `search_hook`), the year of its `date_field`, the unit,
    and its `filters` as exact choices. A register with deadlines (a WatchedRecord) also gets
    its status, 仅看超期 and sorting by the deadline. A register's subclass adds only what the
    declaration cannot say (调解's 司法确认申请期)."""

    q = forms.CharField(label="搜索", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = UnitFilterField(label="单位", required=False)

    def __init__(self, *args, units, register, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        # A list's headings sort by their columns (list_table.Sorting): each sortable column,
        # ascending or ("-") descending.
        self.column_sorts = {}
        for column in columns:
            if column.order:
                self.column_sorts[column.order] = f"{column.header}（升序）"
                self.column_sorts[f"-{column.order}"] = f"{column.header}（降序）"
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部单位"
        model = register.model
        self.watched = issubclass(model, WatchedRecord)
        # The exact filters, shown between the search box and the year (status first).
        named = ("status", *register.filters) if self.watched else register.filters
        self.exact_filters = list(dict.fromkeys(named))  # 社区矫正 names its status itself
        for name in self.exact_filters:
            self.fields[name] = _choice_filter(model._meta.get_field(name))
        # Sorted by the register's own date, named as its column is (收到日期, 评查日期 …); a
        # register with deadlines also by the nearest one.
        dated = model._meta.get_field(register.date_field).verbose_name
        choices = [("received", f"{dated}（新→旧）"), ("received_asc", f"{dated}（旧→新）")]
        if self.watched:
            self.fields["overdue"] = forms.BooleanField(label="仅看超期", required=False)
            choices.append(("due", "剩余期限（少→多）"))
        # The drop-down offers these and, when a heading sorted the list, that heading's
        # order (so that 查询 keeps it); every heading's order is a valid choice.
        chosen = (self.data.get("sort") or "") if self.is_bound else ""
        if chosen in self.column_sorts:
            choices.append((chosen, self.column_sorts[chosen]))
        self.fields["sort"] = forms.ChoiceField(
            label="排序", required=False, widget=QuickSelect, choices=choices
        )

    @property
    def exact_fields(self) -> list:
        """The exact filters' bound fields, for the template."""
        return [self[name] for name in self.exact_filters]

    def sorts(self) -> dict:
        date_field = self.register.date_field
        return {
            "received": (f"-{date_field}", "-id"),
            "received_asc": (date_field, "id"),
            # Records with no deadline running (closed) go last.
            "due": (F("due_date").asc(nulls_last=True), "id"),
        }

    def order(self) -> str:
        """The list's order as a heading names it (list_table.Sorting): a field, "-" first
        when descending."""
        chosen = (self.cleaned_data.get("sort") if self.is_valid() else "") or "received"
        dated = self.register.date_field
        named = {"received": f"-{dated}", "received_asc": dated, "due": "due_date"}
        return named.get(chosen, chosen)

    def _ordering(self, key: str) -> tuple:
        """The ORDER BY of a sort: one of `sorts`, or a heading's column. A column that may
        be empty or lies in another table sorts with its empty values last; the id breaks
        ties, so that pages neither repeat nor skip a record."""
        if key in self.sorts():
            return self.sorts()[key]
        descending, path = key.startswith("-"), key.lstrip("-")
        tie = "-id" if descending else "id"
        model_field = self.register.model._meta.get_field(path.split("__")[0])
        if "__" not in path and not model_field.null:
            return key, tie
        term = F(path).desc(nulls_last=True) if descending else F(path).asc(nulls_last=True)
        return term, tie

    def apply(self, records, today, *, user):
        """`records` narrowed and sorted as asked. The search looks at the register's
        personal fields (受援人 …) only for whoever sees them in full now, and is then
        audit-logged (core.personal.search_condition); `user` None is the command line."""
        data, register = self.cleaned_data, self.register
        text = (data.get("q") or "").strip()
        if text:
            records = records.filter(search_condition(user, register, text))
        for name in self.exact_filters:
            if data.get(name):
                records = records.filter(**{name: data[name]})
        if data.get("year"):
            records = records.filter(**{f"{register.date_field}__year": data["year"]})
        if data.get("unit"):
            records = records.filter(unit__path__startswith=data["unit"].path)
        if data.get("overdue"):
            # A window the parties let lapse is nobody's overdue work (WatchedRecord); a
            # closed record runs no deadline (its due_date is None).
            if getattr(records.model, "deadline_lapses", False):
                records = records.none()
            else:
                records = records.filter(due_date__lt=today)
        return records.order_by(*self._ordering(data.get("sort") or "received"))


def _choice_filter(model_field) -> forms.ChoiceField:
    label = model_field.verbose_name
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", f"全部{label}"), *model_field.choices],
        widget=QuickSelect,
    )
