from django import forms

from fazhi.core.choices import ActType
from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    RegisterFilter,
    StepFormBase,
    offer_officers,
)

from . import rules
from .models import Outcome, Procedure, ReconsiderationCase, Status


class CaseForm(RegisterCreateForm):
    """登记一件行政复议申请."""

    date_field, date_label = "received_date", "收到申请日期"

    class Meta:
        model = ReconsiderationCase
        fields = ["unit", "number", "applicant", "respondent", "act_type", "received_date"]
        widgets = {"received_date": DATE_INPUT}


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
        offer_officers(self.fields["officer"], user, self._meta.model)


class ListFilter(RegisterFilter):
    search_fields = ("number", "applicant", "respondent")
    date_field = "received_date"
    closed_status = Status.CLOSED
    exact_filters = ("act_type",)

    act_type = forms.ChoiceField(
        label="行政行为类别", required=False, choices=[("", "全部类别")] + ActType.choices
    )
