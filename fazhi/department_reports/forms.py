from django import forms
from django.utils import timezone

from fazhi.core.forms import (
    DATE_INPUT,
    QuickSelect,
    RegisterCreateForm,
    StepFormBase,
    UnitFilterField,
)
from fazhi.core.models import RegisterSetting, Unit

from . import rules
from .models import DepartmentReport

DATE_FORMATS = ["%Y-%m-%d"]
# Not "http://" here: a page shows no Latin words (the page contract); the file's column says
# it (columns.py), and the refusal names the address it could not read.
LINK_HELP = "公开报告的网页地址（从浏览器地址栏复制）；在报刊公开的可不填"


def reporting_unit_field(user, record, kinds) -> forms.ChoiceField:
    """报告单位 chosen by name among the units in the user's area that must report (an officer
    never types a unit's code); the record and its files keep the code. A record's unit no
    longer in that list stays offered, so that an edit does not lose it."""
    units = Unit.objects.subtree(user.unit).filter(kind__in=kinds)
    choices = [("", "请选择"), *units.order_by("path").values_list("code", "name")]
    kept = record.reporting_unit_code if record.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, record.reporting_unit.name if record.reporting_unit_id else kept))
    return forms.ChoiceField(
        label="报告单位",
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择报告单位。"},
    )


class ReportForm(RegisterCreateForm):
    """登记（修改）一份部门年度报告. 备注 before 公开网址: the free text of the form comes first.
    评定等次 only where the bureau grades (the setting)."""

    class Meta:
        model = DepartmentReport
        fields = [
            "unit",
            "year",
            "number",
            "reporting_unit_code",
            "received_date",
            "note",
            "published_date",
            "link",
            "grade",
        ]
        widgets = {
            "received_date": DATE_INPUT,
            "published_date": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "number": "依法治县办登记的编号，如“2025年度第01号”",
            "received_date": "收到报告的日期；尚未收到的留空，由报告单位填报员报送时登记",
        }

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        settings = RegisterSetting.objects.current()
        self.fields["published_date"].input_formats = DATE_FORMATS
        # Not today: a report registered before it arrives is recorded as sent by its unit.
        self.fields["received_date"].initial = None
        self.fields["link"].help_text = LINK_HELP
        self.fields["reporting_unit_code"] = reporting_unit_field(
            user, self.instance, rules.reporting_kinds(settings)
        )
        if not rules.grades(settings) and not self.instance.grade:
            del self.fields["grade"]
        if self.instance.pk is None:
            self.initial.setdefault("year", timezone.localdate().year - 1)


class StepForm(StepFormBase):
    link = forms.CharField(label="公开网址", required=False, max_length=500, help_text=LINK_HELP)


class StatusFilter(forms.Form):
    """报送情况: the year, and the unit whose reporting units are shown (the reader's own and
    two levels below, as a list offers)."""

    year = forms.TypedChoiceField(label="报告年度", coerce=int, widget=QuickSelect)
    unit = UnitFilterField(label="单位", required=False)

    def __init__(self, *args, units, today, **kwargs):
        super().__init__(*args, **kwargs)
        last = today.year - 1
        self.fields["year"].choices = [(y, f"{y}年度") for y in range(last, last - 10, -1)]
        self.fields["year"].initial = last
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "本单位"
