from django import forms

from fazhi.core.forms import DATE_INPUT, RegisterCreateForm
from fazhi.core.models import Unit

from .models import OFFICE_KINDS, CorrectionsActivity, CorrectionsSubject

SUBJECT_DATES = (
    "judgment_effective_date",
    "reported_date",
    "start_date",
    "end_date",
    "ended_date",
    "lost_contact_date",
    "contact_restored_date",
)


class SubjectForm(RegisterCreateForm):
    """入矫登记, and changing a subject's facts (报到、失去联系、解除矫正 …)."""

    date_field, date_label = "judgment_effective_date", "判决生效日期"

    office = forms.ModelChoiceField(label="执行地司法所", queryset=Unit.objects.none())

    class Meta:
        model = CorrectionsSubject
        fields = [
            "unit",
            "number",
            "name",
            "id_number",
            "address",
            "gender",
            "category",
            "offence",
            *SUBJECT_DATES[:4],
            "level",
            "office",
            "status",
            "ended_date",
            "reoffended",
            "lost_contact_date",
            "contact_restored_date",
        ]
        widgets = {name: DATE_INPUT for name in SUBJECT_DATES}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        offices = Unit.objects.subtree(user.unit).filter(kind__in=OFFICE_KINDS)
        self.fields["office"].queryset = offices
        self.fields["office"].empty_label = None
        for name in SUBJECT_DATES:
            self.fields[name].input_formats = ["%Y-%m-%d"]


class ActivityForm(RegisterCreateForm):
    class Meta:
        model = CorrectionsActivity
        fields = ["unit", "number", "held_date", "category", "theme", "person_times"]
        widgets = {"held_date": DATE_INPUT}
