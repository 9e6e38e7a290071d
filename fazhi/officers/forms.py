from django import forms

from fazhi.core.forms import DATE_INPUT, RegisterCreateForm

from . import rules
from .models import EnforcementOfficer, EventKind, ExamKind, ReviewResult, TrainingAttendance

CARD_DATES = ("card_issued_date", "card_valid_until")


class OfficerForm(RegisterCreateForm):
    """登记 an officer, and changing his particulars; a new card (换发) is a new 证号 here. The
    card's state changes on his page (暂扣, 恢复, 注销, 吊销, 年审), each with date and reason."""

    class Meta:
        model = EnforcementOfficer
        fields = [
            "unit",
            "number",
            "name",
            "id_number",
            "post",
            "in_post",
            "staffing",
            "enforcement_category",
            "enforcement_area",
            "card_number",
            "card_issuer",
            *CARD_DATES,
        ]
        widgets = {name: DATE_INPUT for name in CARD_DATES}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        # An officer without a card is as common as one with: no date put in for him.
        self.fields["card_issued_date"].initial = None
        for name in CARD_DATES:
            self.fields[name].input_formats = ["%Y-%m-%d"]


class TrainingForm(RegisterCreateForm):
    class Meta:
        model = TrainingAttendance
        fields = [
            "unit",
            "number",
            "session_number",
            "held_date",
            "topic",
            "hours",
            "organiser",
            "category",
            "name",
            "id_number",
        ]
        widgets = {"held_date": DATE_INPUT}


# The changes of a card a page offers: the department's, and the bureau's sanctions.
CARD_CHANGES = [
    (EventKind.REVIEWED, "年审"),
    (EventKind.CANCELLED, "注销"),
    (EventKind.SUSPENDED, "暂扣"),
    (EventKind.RESTORED, "恢复"),
    (EventKind.REVOKED, "吊销"),
]


class CardChangeForm(forms.Form):
    kind = forms.ChoiceField(label="办理事项")
    day = forms.DateField(label="日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    until = forms.DateField(
        label="暂扣截止日期", required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT
    )
    result = forms.ChoiceField(
        label="年审结果", required=False, choices=[("", "请选择"), *ReviewResult.choices]
    )
    reason = forms.CharField(label="事由", max_length=200, required=False)
    document_number = forms.CharField(label="文号", max_length=64, required=False)

    def __init__(self, *args, sanctions: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label)
            for value, label in CARD_CHANGES
            if sanctions or value not in rules.SANCTIONS
        ]


class ExamForm(forms.Form):
    date = forms.DateField(label="考试日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    kind = forms.ChoiceField(label="考试类别", choices=ExamKind.choices)
    score = forms.IntegerField(label="成绩", min_value=0, max_value=100)
