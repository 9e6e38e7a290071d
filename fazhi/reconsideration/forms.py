from django import forms

from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    StepFormBase,
    offer_officers,
)
from fazhi.core.text import refuse_bad_characters

from . import rules
from .columns import REGISTER
from .models import (
    DeliveryMethod,
    Outcome,
    Procedure,
    ReconsiderationCase,
    SuspensionGround,
)


class CaseForm(RegisterCreateForm):
    """登记一件行政复议申请."""

    class Meta:
        model = ReconsiderationCase
        fields = ["unit", "number", "applicant", "respondent", "act_type", "received_date"]
        widgets = {"received_date": DATE_INPUT}


class StepForm(StepFormBase):
    outcome = forms.ChoiceField(
        label="办结方式",
        required=False,
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in Outcome.choices if v in rules.MERITS_OUTCOMES],
    )
    procedure = forms.ChoiceField(
        label="适用程序", required=False, choices=Procedure.choices, initial=Procedure.ORDINARY
    )
    # A delivery step (补正通知送达, 副本送达): how, and to whom (民事诉讼法第七章第二节).
    delivery_method = forms.ChoiceField(
        label="送达方式", required=False, choices=[("", "—")] + DeliveryMethod.choices
    )
    recipient = forms.CharField(
        label="受送达人", required=False, max_length=rules.RECIPIENT_MAX_LENGTH
    )
    suspension_ground = forms.ChoiceField(
        label="中止事由", required=False, choices=[("", "—")] + SuspensionGround.choices
    )

    def clean_recipient(self):
        recipient = self.cleaned_data["recipient"].strip()
        refuse_bad_characters(recipient, "受送达人")
        return recipient


class EditForm(forms.ModelForm):
    class Meta:
        model = ReconsiderationCase
        fields = list(REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)
