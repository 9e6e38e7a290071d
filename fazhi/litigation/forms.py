from django import forms
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from fazhi.core.choices import ActType
from fazhi.core.models import Unit
from fazhi.reconsideration.models import ReconsiderationCase

from . import rules
from .links import resolve_links
from .models import Instance, Judgment, LitigationCase, Status

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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


class CaseForm(LinkedCaseMixin, forms.ModelForm):
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
        ]
        widgets = {"notice_received_date": DATE_INPUT}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["notice_received_date"].input_formats = ["%Y-%m-%d"]
        self.fields["notice_received_date"].initial = timezone.localdate()
        self._setup_link(user)

    def clean_notice_received_date(self):
        received = self.cleaned_data["notice_received_date"]
        if received > timezone.localdate():
            raise forms.ValidationError("收到应诉通知日期不能晚于今天。")
        return received

    def clean(self):
        cleaned = super().clean()
        self._check_link(cleaned.get("unit"))
        return cleaned

    def validate_unique(self):
        # The (unit, number) rule is checked by save_record with the user's scope; here it
        # gives the form a message beside the field instead of a page-level error.
        unit, number = self.cleaned_data.get("unit"), self.cleaned_data.get("number")
        if unit and number and LitigationCase.objects.filter(unit=unit, number=number):
            self.add_error("number", f"「{unit}」已有案号为「{number}」的案件。")


class StepForm(forms.Form):
    step = forms.ChoiceField(label="步骤", choices=[(k, s.label) for k, s in rules.STEPS.items()])
    day = forms.DateField(label="日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    judgment = forms.ChoiceField(
        label="裁判结果", required=False, choices=[("", "—")] + Judgment.choices
    )
    head_appeared = forms.BooleanField(label="负责人出庭", required=False)
    head_name = forms.CharField(label="出庭负责人", required=False, max_length=50)
    head_title = forms.CharField(label="出庭负责人职务", required=False, max_length=100)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("办理日期不能晚于今天。")
        return day


class EditForm(LinkedCaseMixin, forms.ModelForm):
    class Meta:
        model = LitigationCase
        fields = [
            "number",
            "plaintiff",
            "defendant",
            "act_type",
            "instance",
            "court",
            "reconsideration_number",
            "officer",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_link(user)

    def clean(self):
        cleaned = super().clean()
        # An unchanged link stays, even if this editor could not see its case (see actions).
        if "reconsideration_number" in self.changed_data:
            self._check_link(self.instance.unit)
        return cleaned


SORTS = {
    "received": ("-notice_received_date", "-id"),
    "received_asc": ("notice_received_date", "id"),
    # Cases past the defence have no deadline of the bureau's left: they go last.
    "due": (F("due_date").asc(nulls_last=True), "id"),
}


class ListFilter(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态")] + Status.choices
    )
    act_type = forms.ChoiceField(
        label="行政行为类别", required=False, choices=[("", "全部类别")] + ActType.choices
    )
    instance = forms.ChoiceField(
        label="审级", required=False, choices=[("", "全部审级")] + Instance.choices
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label="单位", required=False, queryset=Unit.objects.none(), to_field_name="code"
    )
    overdue = forms.BooleanField(label="仅看超期", required=False)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("received", "收到日期（新→旧）"),
            ("received_asc", "收到日期（旧→新）"),
            ("due", "剩余期限（少→多）"),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部单位"

    def apply(self, cases, today):
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            cases = cases.filter(
                Q(number__icontains=q)
                | Q(plaintiff__icontains=q)
                | Q(defendant__icontains=q)
                | Q(court__icontains=q)
            )
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["act_type"]:
            cases = cases.filter(act_type=data["act_type"])
        if data["instance"]:
            cases = cases.filter(instance=data["instance"])
        if data["year"]:
            cases = cases.filter(notice_received_date__year=data["year"])
        if data["unit"]:
            cases = cases.filter(unit__path__startswith=data["unit"].path)
        if data["overdue"]:
            cases = cases.filter(due_date__lt=today).exclude(status=Status.CONCLUDED)
        return cases.order_by(*SORTS.get(data["sort"] or "received"))
