from django import forms
from django.db.models import F, Q
from django.utils import timezone

from fazhi.core.choices import ActType
from fazhi.core.models import Unit

from . import rules
from .models import Outcome, Procedure, ReconsiderationCase, Status

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(forms.ModelForm):
    """登记一件行政复议申请."""

    class Meta:
        model = ReconsiderationCase
        fields = ["unit", "number", "applicant", "respondent", "act_type", "received_date"]
        widgets = {"received_date": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["received_date"].input_formats = ["%Y-%m-%d"]
        self.fields["received_date"].initial = timezone.localdate()

    def clean_received_date(self):
        received = self.cleaned_data["received_date"]
        if received > timezone.localdate():
            raise forms.ValidationError("收到申请日期不能晚于今天。")
        return received

    def validate_unique(self):
        # The (unit, number) rule is checked by save_record with the user's scope; here it
        # gives the form a message beside the field instead of a page-level error.
        unit, number = self.cleaned_data.get("unit"), self.cleaned_data.get("number")
        if unit and number and ReconsiderationCase.objects.filter(unit=unit, number=number):
            self.add_error("number", f"「{unit}」已有案件编号为「{number}」的案件。")


class StepForm(forms.Form):
    step = forms.ChoiceField(label="步骤", choices=[(k, s.label) for k, s in rules.STEPS.items()])
    day = forms.DateField(label="日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    outcome = forms.ChoiceField(
        label="办结方式",
        required=False,
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in Outcome.choices if v in rules.MERITS_OUTCOMES],
    )
    procedure = forms.ChoiceField(
        label="适用程序", required=False, choices=Procedure.choices, initial=Procedure.ORDINARY
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("办理日期不能晚于今天。")
        return day


class EditForm(forms.ModelForm):
    class Meta:
        model = ReconsiderationCase
        fields = ["number", "applicant", "respondent", "act_type", "officer"]


SORTS = {
    "received": ("-received_date", "-id"),
    "received_asc": ("received_date", "id"),
    # Closed cases have no deadline left: they go last.
    "due": (F("due_date").asc(nulls_last=True), "id"),
}


class ListFilter(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态")] + Status.choices
    )
    act_type = forms.ChoiceField(
        label="行政行为类别", required=False, choices=[("", "全部类别")] + ActType.choices
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label="单位", required=False, queryset=Unit.objects.none(), to_field_name="code"
    )
    overdue = forms.BooleanField(label="仅看超期", required=False)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("received", "收到日期（新→旧）"),
            ("received_asc", "收到日期（旧→新）"),
            ("due", "剩余期限（少→多）"),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部单位"

    def apply(self, cases, today):
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            cases = cases.filter(
                Q(number__icontains=q) | Q(applicant__icontains=q) | Q(respondent__icontains=q)
            )
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["act_type"]:
            cases = cases.filter(act_type=data["act_type"])
        if data["year"]:
            cases = cases.filter(received_date__year=data["year"])
        if data["unit"]:
            cases = cases.filter(unit__path__startswith=data["unit"].path)
        if data["overdue"]:
            cases = cases.filter(due_date__lt=today).exclude(status=Status.CLOSED)
        return cases.order_by(*SORTS.get(data["sort"] or "received"))
