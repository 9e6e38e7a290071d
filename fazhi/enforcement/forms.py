from django import forms
from django.utils import timezone

from fazhi.core.forms import (
    DATE_INPUT,
    QuickSelect,
    RegisterCreateForm,
    StepFormBase,
    not_after_today,
)
from fazhi.core.models import Unit, UnitKind

from .columns import REVIEW_REGISTER
from .models import CaseFileReview, LawReport

# What an edit may change (the declaration), but the 等次 its score gives (rules.derive) and
# the 承办人, which the pages offer apart.
REVIEW_FIELDS = [name for name in REVIEW_REGISTER.editable if name not in ("grade", "officer")]


class _ReviewFields(forms.ModelForm):
    class Meta:
        model = CaseFileReview
        fields = REVIEW_FIELDS
        widgets = {"review_date": DATE_INPUT, "rectification_deadline": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("review_date", "rectification_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%d"]
        self.fields["reviewed_unit_code"] = reviewed_unit_field(user, self.instance)

    def clean_review_date(self):
        return not_after_today(self.cleaned_data["review_date"], "评查日期")

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score is not None and score > 100:
            raise forms.ValidationError("得分应在 0—100 之间。")
        return score


def reviewed_unit_field(user, review) -> forms.ChoiceField:
    """被评查单位 chosen by name among the 行政执法部门 in the user's area (issue 19: an officer
    never types a unit's code); the record and its files keep the code. A record's department
    no longer in that list stays offered, so that an edit does not lose it."""
    departments = Unit.objects.subtree(user.unit).filter(kind=UnitKind.ENFORCEMENT_DEPARTMENT)
    choices = [("", "请选择"), *departments.order_by("path").values_list("code", "name")]
    kept = review.reviewed_unit_code if review.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, review.reviewed_unit.name if review.reviewed_unit_id else kept))
    return forms.ChoiceField(
        label="被评查单位",
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择被评查单位（行政执法部门）。"},
    )


class ReviewForm(_ReviewFields):
    """登记一件评查案卷."""

    class Meta(_ReviewFields.Meta):
        fields = ["unit", *REVIEW_FIELDS]

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["review_date"].initial = timezone.localdate()


class EditForm(_ReviewFields):
    pass


class StepForm(StepFormBase):
    pass


class RectificationForm(forms.Form):
    day = forms.DateField(label="整改完成日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "整改完成日期")


class NoticeSentForm(forms.Form):
    day = forms.DateField(label="发出日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "发出日期")


class LawReportForm(RegisterCreateForm):
    """登记 or correct a 述法: its date never after today (RegisterCreateForm)."""

    class Meta:
        model = LawReport
        fields = ["unit", "number", "reporter", "title", "unit_name", "report_date", "mode"]
        fields += ["rating"]
        widgets = {"report_date": DATE_INPUT}
