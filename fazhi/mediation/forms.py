from django import forms
from django.db.models import Q
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, QuickSelect, RegisterFilter, StepFormBase, not_after_today
from fazhi.core.text import refuse_bad_characters

from . import rules
from .columns import REGISTER
from .models import Difficulty, MediationCase

# What an edit may change (the declaration); the 承办人 is offered by the pages apart.
# The 调解组织 is the committee that owns the case (the register's owners are committees), so
# the form asks for the committee once, as 所属单位, and never for its code as text (issue 19).
CASE_FIELDS = [name for name in REGISTER.editable if name not in ("officer", "committee_code")]


class _CaseFields(forms.ModelForm):
    class Meta:
        model = MediationCase
        fields = CASE_FIELDS
        widgets = {"received_date": DATE_INPUT, "closed_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_date", "closed_date"):
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def clean_received_date(self):
        return not_after_today(self.cleaned_data["received_date"], "受理日期")

    def clean_closed_date(self):
        day = self.cleaned_data["closed_date"]
        return not_after_today(day, "结案日期") if day else day


class CaseForm(_CaseFields):
    """登记一件调解案件 (the owner: a 人民调解委员会)."""

    class Meta(_CaseFields.Meta):
        fields = ["unit", *CASE_FIELDS]

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["unit"].label = "调解组织"
        self.fields["received_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("unit") is not None:
            data["committee_code"] = data["unit"].code
        return data


class EditForm(_CaseFields):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class StepForm(StepFormBase):
    pass


class ListFilter(RegisterFilter):
    """The generic filters, and the 司法确认 window, which a declaration cannot say."""

    window = forms.ChoiceField(
        label="司法确认申请期",
        required=False,
        widget=QuickSelect,
        choices=[
            ("", "司法确认申请期"),
            (rules.OPEN, "申请期内"),
            (rules.LAPSED, "申请期已届满"),
            (rules.APPLIED, "已申请司法确认"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored deadline is the 司法确认 window: name the order by what it sorts.
        self.fields["sort"].choices = [
            (key, "司法确认申请期（早→晚）" if key == "due" else label)
            for key, label in self.fields["sort"].choices
        ]

    def apply(self, records, today, *, user):
        # 人民调解 has no overdue work (rules.is_overdue): a lapsed 司法确认 window is the
        # parties' and closed, so 仅看超期 lists none, as the board counts none
        # (WatchedRecord.deadline_lapses, in RegisterFilter.apply).
        records = super().apply(records, today, user=user)
        if self.cleaned_data["window"]:
            records = records.filter(window_condition(self.cleaned_data["window"], today))
        return records


def window_condition(state: str, today) -> Q:
    """rules.window_state in SQL, on the stored window (derive keeps due_label/due_date to it):
    open while its date ≥ today or still 待定 — the board's running_due() — lapsed once past."""
    if state == rules.APPLIED:
        return Q(judicial_confirmation=True)
    window = Q(due_label=rules.CONFIRMATION)
    if state == rules.LAPSED:
        return window & Q(due_date__lt=today)
    return window & (Q(due_date__gte=today) | Q(due_date__isnull=True))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不通过理由",
        max_length=200,
        validators=[lambda text: refuse_bad_characters(text, "不通过理由")],
    )


class TierForm(forms.Form):
    # Whose money the setting is: the user's own unit, named so that the view checks it.
    unit = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    difficulty = forms.ChoiceField(label="疑难程度", choices=Difficulty.choices)
    amount = forms.DecimalField(
        label="补贴金额（元）", min_value=0, max_digits=10, decimal_places=2
    )
