from django import forms

from fazhi.core.forms import (
    DATE_INPUT,
    QuickSelect,
    RegisterCreateForm,
    StepFormBase,
    not_after_today,
)
from fazhi.core.models import Unit

from . import rules
from .models import RuleOfLawInspection

DATE_FORMATS = ["%Y-%m-%d"]
NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


def inspected_unit_field(user, record) -> forms.ChoiceField:
    """督察对象 chosen by name among the 行政执法部门 and 乡镇人民政府 in the user's area (an
    officer never types a unit's code); the record and its files keep the code. A record's unit
    no longer in that list stays offered, so that an edit does not lose it."""
    units = Unit.objects.subtree(user.unit).filter(kind__in=rules.INSPECTED_KINDS)
    choices = [("", "请选择"), *units.order_by("path").values_list("code", "name")]
    kept = record.inspected_unit_code if record.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, record.inspected_unit.name if record.inspected_unit_id else kept))
    return forms.ChoiceField(
        label="督察对象",
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择督察对象（行政执法部门或乡镇人民政府）。"},
    )


def _dated(form, *names):
    for name in names:
        if name in form.fields:
            form.fields[name].input_formats = DATE_FORMATS


def _end_not_before_start(form, data):
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", "督察结束日期不能早于督察开始日期。")


class InspectionCreateForm(RegisterCreateForm):
    """登记法治督察: the inspection and its first finding (or none, when it found nothing)."""

    class Meta:
        model = RuleOfLawInspection
        fields = [
            "unit",
            "inspection_number",
            "kind",
            "inspected_unit_code",
            "start_date",
            "end_date",
            "team",
            "number",
            "problems",
            "rectification_deadline",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "rectification_deadline": DATE_INPUT,
            "problems": NOTE_WIDGET,
        }
        help_texts = {
            "number": "如“古法督〔2025〕1号-1”；其余问题登记后在督察页面逐条添加，自动编号",
            "problems": "一条记录填写一个问题；未发现问题的留空",
        }

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        _dated(self, "end_date", "rectification_deadline")
        self.fields["inspected_unit_code"] = inspected_unit_field(user, self.instance)

    def clean(self):
        data = super().clean()
        _end_not_before_start(self, data)
        return data


class FindingEditForm(forms.ModelForm):
    """修改一条记录的问题和整改期限; the inspection's particulars are changed on its page, for
    all its records at once."""

    class Meta:
        model = RuleOfLawInspection
        fields = ["number", "problems", "rectification_deadline"]
        widgets = {"rectification_deadline": DATE_INPUT, "problems": NOTE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _dated(self, "rectification_deadline")


class InspectionForm(forms.ModelForm):
    """修改督察信息: the particulars every record of the inspection states."""

    class Meta:
        model = RuleOfLawInspection
        fields = ["inspection_number", "kind", "inspected_unit_code", "start_date"]
        fields += ["end_date", "team"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _dated(self, "start_date", "end_date")
        self.fields["inspected_unit_code"] = inspected_unit_field(user, self.instance)

    def clean_start_date(self):
        return not_after_today(self.cleaned_data["start_date"], "督察开始日期")

    def clean(self):
        data = super().clean()
        _end_not_before_start(self, data)
        return data

    def changes(self) -> dict:
        """The particulars as entered, for actions.update_inspection."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FindingForm(forms.Form):
    """添加发现的问题, on the inspection's page."""

    problems = forms.CharField(label="发现问题", max_length=2000, widget=NOTE_WIDGET)
    rectification_deadline = forms.DateField(
        label="整改期限", input_formats=DATE_FORMATS, widget=DATE_INPUT
    )


class StepForm(StepFormBase):
    rectification_note = forms.CharField(
        label="整改情况", required=False, max_length=2000, widget=NOTE_WIDGET
    )


class RectificationForm(forms.Form):
    """整改完成, on the inspection's page: the day and what was done."""

    day = forms.DateField(label="整改完成日期", input_formats=DATE_FORMATS, widget=DATE_INPUT)
    note = forms.CharField(label="整改情况", max_length=2000, widget=NOTE_WIDGET)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "整改完成日期")
