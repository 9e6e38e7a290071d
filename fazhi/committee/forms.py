from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, QuickSelect, RegisterCreateForm, StepFormBase
from fazhi.core.models import Unit

from . import rules
from .models import LEAD_KINDS, CommitteeMeeting, WorkTask

DATE_FORMATS = ["%Y-%m-%d"]
LINES_WIDGET = forms.Textarea(attrs={"rows": 4})
NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


class MeetingForm(RegisterCreateForm):
    """登记（修改）一次依法治县会议."""

    class Meta:
        model = CommitteeMeeting
        fields = ["unit", "number", "kind", "meeting_date", "name", "chair", "attendees"]
        fields += ["attendance", "topics", "decisions", "note"]
        widgets = {
            "meeting_date": DATE_INPUT,
            "attendees": NOTE_WIDGET,
            "topics": LINES_WIDGET,
            "decisions": LINES_WIDGET,
            "note": NOTE_WIDGET,
        }


def _unit_choices(user) -> list[tuple[str, str]]:
    """The units in the user's area a task may be led or helped by, (code, name)."""
    units = Unit.objects.subtree(user.unit).filter(kind__in=LEAD_KINDS)
    return list(units.order_by("path").values_list("code", "name"))


def lead_unit_field(choices, record) -> forms.ChoiceField:
    """牵头单位 chosen by name (an officer never types a unit's code); the record and its files
    keep the code. A record's unit no longer offered stays offered, so that an edit keeps it."""
    choices = [("", "请选择"), *choices]
    kept = record.lead_unit_code if record.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, record.lead_unit.name if record.lead_unit_id else kept))
    return forms.ChoiceField(
        label="牵头单位",
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择牵头单位。"},
    )


class PartnerUnitsField(forms.MultipleChoiceField):
    """配合单位 chosen by name, several at once; given back as the codes "、"-separated, as the
    record keeps them. An empty value sent (no unit chosen) is none."""

    widget = forms.SelectMultiple(attrs={"size": 6})

    def to_python(self, value):
        return [code for code in super().to_python(value) if code]

    def clean(self, value):
        return rules.join_codes(super().clean(value))


class TaskForm(RegisterCreateForm):
    """登记（修改）一项工作任务: the office's; its 办结 is a step, its progress the lead unit's
    report."""

    class Meta:
        model = WorkTask
        fields = ["unit", "number", "year", "source", "source_meeting_number", "decision_item"]
        fields += ["content", "lead_unit_code", "partner_codes", "assigned_date", "deadline"]
        widgets = {
            "assigned_date": DATE_INPUT,
            "deadline": DATE_INPUT,
            "content": LINES_WIDGET,
        }
        help_texts = {
            "source_meeting_number": "来源为会议决定事项时填写本单位登记的会议编号",
            "deadline": "不能早于交办日期和任务年度的第一天",
        }

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        self.fields["deadline"].input_formats = DATE_FORMATS
        self.fields["year"].initial = timezone.localdate().year
        choices = _unit_choices(user)
        self.fields["lead_unit_code"] = lead_unit_field(choices, self.instance)
        kept = rules.split_codes(self.instance.partner_codes) if self.instance.pk else []
        offered = {code for code, _ in choices}
        extra = [(code, code) for code in kept if code not in offered]
        self.fields["partner_codes"] = PartnerUnitsField(
            label="配合单位", required=False, choices=[*choices, *extra]
        )
        self.fields["partner_codes"].error_messages["invalid_choice"] = "请在列表中选择配合单位。"
        # The stored codes as the list of choices; none stays "" (what a browser sends).
        if kept and not self.is_bound:
            self.initial["partner_codes"] = kept
        elif not self.is_bound:
            self.initial["partner_codes"] = ""

    def clean(self):
        data = super().clean()
        lead, partners = data.get("lead_unit_code"), data.get("partner_codes") or ""
        if lead and lead in rules.split_codes(partners):
            self.add_error("partner_codes", "配合单位不能包括牵头单位。")
        return data


class StepForm(StepFormBase):
    completion_note = forms.CharField(
        label="完成情况", required=False, max_length=rules.TEXT_LIMIT, widget=NOTE_WIDGET
    )


class ProgressForm(forms.Form):
    """填报进展, on the task's page: by the lead unit's 填报员 or the office."""

    day = forms.DateField(label="进展日期", input_formats=DATE_FORMATS, widget=DATE_INPUT)
    text = forms.CharField(label="进展情况", max_length=rules.TEXT_LIMIT, widget=NOTE_WIDGET)
    requests_closing = forms.BooleanField(label="已完成，申请办结", required=False)
