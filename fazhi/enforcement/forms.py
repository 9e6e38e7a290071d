from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, RegisterCreateForm, StepFormBase, not_after_today

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
        labels = {"reviewed_unit_code": "被评查单位代码"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("review_date", "rectification_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def clean_review_date(self):
        return not_after_today(self.cleaned_data["review_date"], "评查日期")

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score is not None and score > 100:
            raise forms.ValidationError("得分应在 0—100 之间。")
        return score


class ReviewForm(_ReviewFields):
    """登记一件评查案卷."""

    class Meta(_ReviewFields.Meta):
        fields = ["unit", *REVIEW_FIELDS]

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["review_date"].initial = timezone.localdate()


class EditForm(_ReviewFields):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


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
