from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.html import format_html, format_html_join

from fazhi.core.forms import (
    DATE_INPUT,
    RegisterCreateForm,
    RegisterFilter,
    StepFormBase,
    offer_officers,
)
from fazhi.reconsideration.models import ReconsiderationCase

from .columns import REGISTER
from .links import resolve_links
from .models import ClosingMethod, Judgment, LitigationCase

# Suggestions only: the officer may still type any number, which is then looked up.
SUGGESTED_CASES = 100


class SuggestingInput(forms.TextInput):
    """A text input with a <datalist> of (value, description) suggestions."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.options = ()

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{name}-options"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.options)
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, options)


class LinkedCaseMixin:
    """The 关联复议案件编号 field: a number, checked against the cases the user can see."""

    def _setup_link(self, user):
        self.user = user
        field = self.fields["reconsideration_number"]
        field.widget = SuggestingInput(attrs=field.widget.attrs)  # keeps maxlength
        field.help_text = "填写本系统已登记的行政复议案件编号；没有关联的留空。"
        # A lazy queryset: the query runs only if the field is rendered.
        field.widget.options = (
            ReconsiderationCase.objects.visible_to(user)
            .annotate(label=Concat(Value("申请人"), "applicant", Value("，被申请人"), "respondent"))
            .order_by("-received_date", "-id")
            .values_list("number", "label")[:SUGGESTED_CASES]
        )

    def _check_link(self, unit):
        number = self.cleaned_data.get("reconsideration_number")
        if not (unit and number):
            return
        probe = LitigationCase(unit=unit, reconsideration_number=number)
        for _, problem in resolve_links(self.user, [probe]):
            self.add_error("reconsideration_number", problem.message + "。")


class CaseForm(LinkedCaseMixin, RegisterCreateForm):
    """登记一件行政应诉案件."""

    class Meta:
        model = LitigationCase
        fields = [
            "unit",
            "number",
            "plaintiff",
            "defendant",
            "act_type",
            "instance",
            "court",
            "notice_received_date",
            "reconsideration_number",
            "joint_defence",
            "normative_review",
        ]
        widgets = {"notice_received_date": DATE_INPUT}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        self._setup_link(user)
        explain_facts(self)

    def clean(self):
        cleaned = super().clean()
        self._check_link(cleaned.get("unit"))
        return cleaned


# What the new facts mean, on the forms that take them (the Excel columns say the same).
FACT_HELP = {
    "joint_defence": "复议机关维持原行政行为后，与作出原行政行为的机关作共同被告（行政诉讼法"
    "第二十六条第二款）。",
    "normative_review": "原告起诉时一并请求审查行政行为所依据的规范性文件"
    "（行政诉讼法第五十三条）。",
    "head_spoke": "出庭的负责人在庭审中陈述、答辩或就实质性化解争议发表意见（法释〔2020〕3号"
    "第十一条）。",
    "closing_method": "只有裁判结果为“其他”的须选择；其余裁判结果的结案方式由系统确定。",
}


def explain_facts(form):
    for name, text in FACT_HELP.items():
        if name in form.fields:
            form.fields[name].help_text = text


class StepForm(StepFormBase):
    judgment = forms.ChoiceField(
        label="裁判结果", required=False, choices=[("", "—")] + Judgment.choices
    )
    closing_method = forms.ChoiceField(
        label="结案方式", required=False, choices=[("", "—")] + ClosingMethod.choices
    )
    head_appeared = forms.BooleanField(label="负责人出庭", required=False)
    head_name = forms.CharField(label="出庭负责人", required=False, max_length=50)
    head_title = forms.CharField(label="出庭负责人职务", required=False, max_length=100)
    head_spoke = forms.BooleanField(label="负责人出声", required=False)


class EditForm(LinkedCaseMixin, forms.ModelForm):
    class Meta:
        model = LitigationCase
        fields = list(REGISTER.editable)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_link(user)
        offer_officers(self.fields["officer"], user, self._meta.model)
        explain_facts(self)

    def clean(self):
        cleaned = super().clean()
        # An unchanged link stays, even if this editor could not see its case (see actions).
        if "reconsideration_number" in self.changed_data:
            self._check_link(self.instance.unit)
        return cleaned


class ListFilter(RegisterFilter):
    """The generic filters, and the concluded cases whose 结案方式 is still to be said: those
    whose 裁判结果 is 其他 and were kept before 结案方式 was (migration 0006). An officer opens
    each and chooses it on its edit page."""

    unresolved = forms.BooleanField(label="仅看结案方式待确定", required=False)

    def apply(self, records, today, *, user):
        records = super().apply(records, today, user=user)
        if self.cleaned_data.get("unresolved"):
            records = records.filter(UNRESOLVED)
        return records


# rules.unresolved in SQL.
UNRESOLVED = ~Q(judgment="") & Q(closing_method="")
