from django import forms

from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    StepFormBase,
    offer_officers,
)

from .columns import LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from .models import (
    AidDecision,
    Consultation,
    LegalAidCase,
    Notarization,
)


class AidForm(RegisterCreateForm):
    """登记一件法律援助申请（或通知）."""

    class Meta:
        model = LegalAidCase
        fields = [
            "unit",
            "number",
            "recipient",
            "id_number",
            "category",
            "route",
            "migrant_worker",
            "application_date",
        ]
        widgets = {"application_date": DATE_INPUT}


class AidStepForm(StepFormBase):
    decision = forms.ChoiceField(
        label="决定结果", required=False, choices=[("", "—")] + AidDecision.choices
    )
    lawyer = forms.CharField(label="承办人", required=False, max_length=100)
    recovered = forms.DecimalField(
        label="挽回经济损失（元）", required=False, min_value=0, decimal_places=2, max_digits=14
    )


class AidEditForm(forms.ModelForm):
    class Meta:
        model = LegalAidCase
        fields = list(LEGAL_AID_REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)


class ConsultationForm(RegisterCreateForm):
    class Meta:
        model = Consultation
        fields = ["unit", "number", "consulted_date", "mode", "person_times", "matter"]
        fields += ["receiver"]
        widgets = {"consulted_date": DATE_INPUT}


class NotarizationForm(RegisterCreateForm):
    """受理一件公证申请."""

    class Meta:
        model = Notarization
        fields = ["unit", "number", "applicant", "matter", "foreign", "accepted_date"]
        fields += ["fee_due", "fee_paid", "waiver_reason"]
        widgets = {"accepted_date": DATE_INPUT}


class NotarizationStepForm(StepFormBase):
    pass


class NotarizationEditForm(forms.ModelForm):
    class Meta:
        model = Notarization
        fields = list(NOTARIZATION_REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)
