from django import forms

from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    RegisterFilter,
    StepFormBase,
    offer_officers,
)
from fazhi.core.text import refuse_bad_characters

from . import rules
from .columns import REGISTER
from .models import (
    DeliveryMethod,
    Outcome,
    PreAcceptanceMethod,
    Procedure,
    ReconsiderationCase,
    SuspensionGround,
)


class CaseForm(RegisterCreateForm):
    """登记一件行政复议申请."""

    class Meta:
        model = ReconsiderationCase
        fields = [
            "unit",
            "number",
            "applicant",
            "applicant_kind",
            "respondent",
            "respondent_unit_code",
            "respondent_kind",
            "act_type",
            "admin_field",
            "received_date",
        ]
        widgets = {"received_date": DATE_INPUT}


class StepForm(StepFormBase):
    outcome = forms.ChoiceField(
        label="办结方式",
        required=False,
        # The outcomes of an accepted case, and (for “明确办结方式”) the precise ones a
        # legacy value may stand for: all those an officer may choose, the retired one not.
        choices=[("", "—")]
        + [(v, lbl) for v, lbl in Outcome.choices if v in rules.CLOSING_OUTCOMES],
    )
    pre_acceptance_method = forms.ChoiceField(
        label="受理前化解方式",
        required=False,
        choices=[("", "—")] + PreAcceptanceMethod.choices,
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


class ListFilter(RegisterFilter):
    """The generic filters, and the cases whose 办结方式 awaits an officer (recorded before
    the law's outcomes were told apart), which a declaration cannot say."""

    unresolved = forms.BooleanField(label="仅看办结方式待明确", required=False)

    def apply(self, records, today, *, user):
        records = super().apply(records, today, user=user)
        if self.cleaned_data.get("unresolved"):
            records = records.filter(outcome_unresolved=True)
        return records
