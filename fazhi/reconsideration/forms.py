from django import forms
from django.utils import timezone

from fazhi.core.choices import ActType
from fazhi.core.forms import DATE_INPUT, RegisterFilter, StepFormBase, not_after_today

from . import rules
from .models import Outcome, Procedure, ReconsiderationCase, Status


class CaseForm(forms.ModelForm):
    """登记一件行政复议申请."""

    class Meta:
        model = ReconsiderationCase
        fields = ["unit", "number", "applicant", "respondent", "act_type", "received_date"]
        widgets = {"received_date": DATE_INPUT}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["received_date"].input_formats = ["%Y-%m-%d"]
        self.fields["received_date"].initial = timezone.localdate()

    def clean_received_date(self):
        return not_after_today(self.cleaned_data["received_date"], "收到申请日期")

    def validate_unique(self):
        # The (unit, number) rule is checked by save_record with the user's scope; here it
        # gives the form a message beside the field instead of a page-level error.
        unit, number = self.cleaned_data.get("unit"), self.cleaned_data.get("number")
        if unit and number and ReconsiderationCase.objects.filter(unit=unit, number=number):
            self.add_error("number", f"「{unit}」已有案件编号为「{number}」的案件。")


class StepForm(StepFormBase):
    outcome = forms.ChoiceField(
        label="办结方式",
        required=False,
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in Outcome.choices if v in rules.MERITS_OUTCOMES],
    )
    procedure = forms.ChoiceField(
        label="适用程序", required=False, choices=Procedure.choices, initial=Procedure.ORDINARY
    )


class EditForm(forms.ModelForm):
    class Meta:
        model = ReconsiderationCase
        fields = ["number", "applicant", "respondent", "act_type", "officer"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        officers = self.fields["officer"].queryset
        self.fields["officer"].queryset = officers.filter(unit__path__startswith=user.unit.path)


class ListFilter(RegisterFilter):
    search_fields = ("number", "applicant", "respondent")
    date_field = "received_date"
    closed_status = Status.CLOSED
    exact_filters = ("act_type",)

    act_type = forms.ChoiceField(
        label="行政行为类别", required=False, choices=[("", "全部类别")] + ActType.choices
    )
