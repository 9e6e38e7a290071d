from django import forms

from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    StepFormBase,
    offer_officers,
)

from . import rules
from .columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from .models import (
    FilingConclusion,
    LegalityReview,
    NormativeDocument,
    ReviewConclusion,
)


class ReviewForm(RegisterCreateForm):
    """收文: 登记一件合法性审查."""

    class Meta:
        model = LegalityReview
        fields = ["unit", "number", "submitter", "title", "category", "special", "received_date"]
        widgets = {"received_date": DATE_INPUT}


class ReviewStepForm(StepFormBase):
    conclusion = forms.ChoiceField(
        label="审查结论",
        required=False,
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in ReviewConclusion.choices if v in rules.OPINIONS],
    )


class ReviewEditForm(forms.ModelForm):
    class Meta:
        model = LegalityReview
        fields = list(REVIEW_REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)


class DocumentForm(RegisterCreateForm):
    """登记一件规范性文件."""

    class Meta:
        model = NormativeDocument
        fields = ["unit", "number", "title", "issuer", "published_date", "planned_next_year"]
        widgets = {"published_date": DATE_INPUT}


class DocumentStepForm(StepFormBase):
    conclusion = forms.ChoiceField(
        label="审查结论", required=False, choices=[("", "—")] + FilingConclusion.choices
    )


class DocumentEditForm(forms.ModelForm):
    class Meta:
        model = NormativeDocument
        fields = list(NORMATIVE_REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)
