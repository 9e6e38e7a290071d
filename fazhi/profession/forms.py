from django import forms

from fazhi.core.forms import DATE_INPUT, RegisterCreateForm, RegisterFilter, not_after_today

from . import rules
from .models import LegalPractitioner, LegalServiceOrg, PractitionerAssessment

DATE_FORMATS = ["%Y-%m-%d"]


def _dates(form, names) -> None:
    for name in names:
        form.fields[name].input_formats = DATE_FORMATS


class OrgForm(RegisterCreateForm):
    """登记 a 法律服务机构 and changing its particulars; its 执业状态 changes by a step on its
    page."""

    class Meta:
        model = LegalServiceOrg
        fields = ["unit", "number", "name", "kind", "firm_form", "head", "licensed_date", "address"]
        widgets = {"licensed_date": DATE_INPUT}


class PractitionerForm(RegisterCreateForm):
    class Meta:
        model = LegalPractitioner
        fields = [
            "unit",
            "number",
            "name",
            "id_number",
            "gender",
            "kind",
            "lawyer_kind",
            "org_number",
            "first_practice_date",
            "licensed_date",
        ]
        widgets = {"first_practice_date": DATE_INPUT, "licensed_date": DATE_INPUT}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        _dates(self, ("first_practice_date",))


class AssessmentForm(RegisterCreateForm):
    class Meta:
        model = PractitionerAssessment
        fields = [
            "unit",
            "number",
            "year",
            "subject_kind",
            "subject_number",
            "subject_name",
            "result",
            "assessed_date",
            "assessor",
            "note",
        ]
        widgets = {"assessed_date": DATE_INPUT}


class StatusStepForm(forms.Form):
    """停止执业, 恢复执业, 注销 or 吊销, offered as the record allows now (rules.allowed_steps)."""

    # A step the record does not allow is refused by the rules, in their words; a key that is
    # no step at all by this message (Django's would repeat the key as sent).
    step = forms.ChoiceField(
        label="办理事项", error_messages={"invalid_choice": "请选择办理事项。"}
    )
    day = forms.DateField(label="日期", input_formats=DATE_FORMATS, widget=DATE_INPUT)
    reason = forms.CharField(label="事由", max_length=200)
    document_number = forms.CharField(label="文号", max_length=64, required=False)

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = rules.STEPS.values() if steps is None else steps
        self.fields["step"].choices = [(str(step.key), step.label) for step in offered]

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "日期")


class AssessmentFilter(RegisterFilter):
    """The generic filters, and 仅看未匹配 (a flag, which the declaration's choices cannot say)."""

    unmatched = forms.BooleanField(label="仅看未匹配", required=False)

    def apply(self, records, today, *, user):
        records = super().apply(records, today, user=user)
        if self.cleaned_data.get("unmatched"):
            records = records.filter(unmatched=True)
        return records
