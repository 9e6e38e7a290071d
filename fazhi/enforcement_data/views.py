"""The pages of 执法数据年报: the generic register pages (a department's 填报员 files and sees
his own department's years; the bureau's 执法监督 the whole county), with

- counts shown as the department filed them: 无此职权 for an empty count, never 0;
- 填报情况: for a year, which departments have filed (on time or late) and which have not,
  with the totals of each kind and of 罚没金额 over what was filed.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.access import Scope, scope_for
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL
from fazhi.core.list_table import ListColumn, field_column
from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.register_views import RegisterPages
from fazhi.core.roles import VIEW

from . import actions, rules, status
from .columns import REGISTER
from .forms import AnnualDataForm, StatusFilter
from .models import OWNER_KINDS, AnnualData

COUNT_FIELDS = {name for name, _ in rules.KINDS} | {rules.FINES}


def _power_column(name: str, header: str = "") -> ListColumn:
    """A count as filed: 无此职权 (muted) for empty."""
    model_field = AnnualData._meta.get_field(name)

    def cell(record):
        value = getattr(record, name)
        if value is None:
            return format_html('<span class="muted">{}</span>', rules.NO_POWER_TEXT)
        return rules.power_text(value)

    return ListColumn(header or str(model_field.verbose_name), cell, "num", order=name)


def _late(record):
    if record.late:
        return format_html('<span class="warn">{}</span>', TRUE_LABEL)
    return FALSE_LABEL


LIST_FIELDS = (
    ListColumn("年度", lambda record: f"{record.year}年度", "nowrap", order="year"),
    "filed_date",
    ListColumn("逾期填报", _late, order="late"),
    _power_column("licensing"),
    _power_column("penalty"),
    _power_column("inspection"),
    _power_column(rules.FINES, "罚没金额（元）"),
)


def facts(record) -> list[tuple[str, str]]:
    """The record page's facts: each column as filed (无此职权 for an empty count), then what
    the rules derived from it."""
    shown = []
    for column in REGISTER.columns:
        if column.field == "unit":
            continue
        if column.field in COUNT_FIELDS:
            value = rules.power_text(getattr(record, column.field))
        else:
            value = field_column(AnnualData, column.field).cell(record) or "—"
        shown.append((column.header, value))
    due = record.filing_due.isoformat() if record.filing_due else "—"
    shown.append(("应报日期", due))
    shown.append(("逾期填报", TRUE_LABEL if record.late else FALSE_LABEL))
    return shown


class AnnualDataPages(RegisterPages):
    def status(self, request):
        """填报情况 of a year under the reader's unit (or one he picks below it)."""
        user = request.user
        if scope_for(user, AnnualData, VIEW) is Scope.NONE:
            raise PermissionDenied(f"您的角色不办理也不查阅{self.register.label}。")
        today = timezone.localdate()
        form = StatusFilter(
            request.GET or None, units=Unit.objects.filter_choices(user), today=today
        )
        valid = form.is_valid()
        year = form.cleaned_data["year"] if valid else today.year - 1
        within = (form.cleaned_data.get("unit") if valid else None) or user.unit
        month_day = RegisterSetting.objects.current()[rules.DUE_SETTING]
        found = status.year_status(user, year, within, month_day, today)
        return render(
            request,
            "enforcement_data/status.html",
            self._context(
                form=form,
                found=found,
                within=within,
                kinds=[label for _, label in rules.KINDS],
                due_text=rules.due_label(month_day),
            ),
        )

    def urls(self) -> list:
        return [*super().urls(), path(f"{self.url_path}/status/", self.status, name="status")]


PAGES = AnnualDataPages(
    register=REGISTER,
    create_record=actions.file_annual_data,
    update_record=actions.update_annual_data,
    create_form=AnnualDataForm,
    create_title="填报执法数据年报",
    owner_kinds=OWNER_KINDS,
    list_fields=LIST_FIELDS,
    detail_context=lambda request, record: {"annual_facts": facts(record)},
)
