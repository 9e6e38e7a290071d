from django import forms

from fazhi.core.access import changeable_units
from fazhi.core.forms import (
    DATE_INPUT,
    QuickSelect,
    RegisterCreateForm,
    StepFormBase,
    not_after_today,
    offer_officers,
)
from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.text import refuse_bad_characters

from . import campaigns
from .columns import COMPLAINT_REGISTER
from .models import (
    Campaign,
    Disposal,
    Finding,
    LegalServiceCheck,
    LegalServiceComplaint,
    ReplyMethod,
)

DATE_FORMATS = ["%Y-%m-%d"]
NOTE_WIDGET = forms.Textarea(attrs={"rows": 2})


def _dated(form, *names):
    for name in names:
        if name in form.fields:
            form.fields[name].input_formats = DATE_FORMATS


# --- legal_service_complaint ---------------------------------------------------------------


class ComplaintForm(RegisterCreateForm):
    """登记一件法律服务投诉."""

    class Meta:
        model = LegalServiceComplaint
        fields = [
            "unit",
            "number",
            "received_date",
            "channel",
            "subject_kind",
            "subject_name",
            "licence_number",
            "matter",
            "legal_aid",
            "complainant",
            "contact",
        ]
        widgets = {"received_date": DATE_INPUT, "matter": NOTE_WIDGET}
        help_texts = {
            "licence_number": "填写后与执业机构和人员名册核对；名册中查不到的保留并标记“未匹配”",
        }


class ComplaintEditForm(forms.ModelForm):
    class Meta:
        model = LegalServiceComplaint
        fields = list(COMPLAINT_REGISTER.editable)
        widgets = {"matter": NOTE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_officers(self.fields["officer"], user, self._meta.model)


def _blank_first(choices) -> list:
    return [("", "—"), *choices]


class ComplaintStepForm(StepFormBase):
    refusal_reason = forms.CharField(
        label="不予受理理由", required=False, max_length=2000, widget=NOTE_WIDGET
    )
    investigation_note = forms.CharField(
        label="核查情况", required=False, max_length=2000, widget=NOTE_WIDGET
    )
    extension_reason = forms.CharField(
        label="延期理由", required=False, max_length=2000, widget=NOTE_WIDGET
    )
    suspension_reason = forms.CharField(
        label="中止事由", required=False, max_length=2000, widget=NOTE_WIDGET
    )
    finding = forms.ChoiceField(
        label="核查结论", required=False, choices=_blank_first(Finding.choices)
    )
    disposal = forms.ChoiceField(
        label="处理方式", required=False, choices=_blank_first(Disposal.choices)
    )
    reply_method = forms.ChoiceField(
        label="答复方式", required=False, choices=_blank_first(ReplyMethod.choices)
    )

    def _clean_text(self, name: str, label: str) -> str:
        text = self.cleaned_data[name].strip()
        refuse_bad_characters(text, label)
        return text

    def clean_refusal_reason(self):
        return self._clean_text("refusal_reason", "不予受理理由")

    def clean_investigation_note(self):
        return self._clean_text("investigation_note", "核查情况")

    def clean_extension_reason(self):
        return self._clean_text("extension_reason", "延期理由")

    def clean_suspension_reason(self):
        return self._clean_text("suspension_reason", "中止事由")


# --- legal_service_check --------------------------------------------------------------------


def campaign_field(user, record) -> forms.ChoiceField:
    """专项治理 chosen by name among the campaigns of the units the user keeps (the record keeps
    the name, as its files do); a record's campaign no longer offered stays, so that an edit
    does not lose it."""
    units = changeable_units(user, LegalServiceCheck)
    names = (
        Campaign.objects.filter(unit__in=units)
        .order_by("-start_date", "name")
        .values_list("name", flat=True)
    )
    choices = [("", "不属于专项治理"), *((name, name) for name in dict.fromkeys(names))]
    kept = record.campaign_name if record.pk else ""
    if kept and kept not in {name for name, _ in choices}:
        choices.append((kept, kept))
    return forms.ChoiceField(
        label="专项治理",
        required=False,
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择专项治理。"},
    )


class CheckCreateForm(RegisterCreateForm):
    """登记专项治理检查: the check and its first finding (or none, when it found nothing)."""

    class Meta:
        model = LegalServiceCheck
        fields = [
            "unit",
            "check_number",
            "inspectors",
            "campaign_name",
            "licence_number",
            "check_date",
            "number",
            "problems",
            "rectification_deadline",
        ]
        widgets = {
            "check_date": DATE_INPUT,
            "rectification_deadline": DATE_INPUT,
            "problems": NOTE_WIDGET,
        }
        help_texts = {
            "number": "如“古司查〔2025〕1号-1”；其余问题登记后在检查页面逐条添加，自动编号",
            "problems": "一条记录填写一个问题；未发现问题的留空",
            "licence_number": "律师事务所、公证机构或基层法律服务所的执业许可证号",
        }

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        _dated(self, "rectification_deadline")
        self.fields["campaign_name"] = campaign_field(user, self.instance)


class FindingEditForm(forms.ModelForm):
    """修改一条记录的问题和整改期限; the check's particulars are changed on its page."""

    class Meta:
        model = LegalServiceCheck
        fields = ["number", "problems", "rectification_deadline"]
        widgets = {"rectification_deadline": DATE_INPUT, "problems": NOTE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _dated(self, "rectification_deadline")


class CheckForm(forms.ModelForm):
    """修改检查信息: the particulars every record of the check states."""

    class Meta:
        model = LegalServiceCheck
        fields = ["check_number", "campaign_name", "licence_number", "check_date", "inspectors"]
        widgets = {"check_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _dated(self, "check_date")
        self.fields["campaign_name"] = campaign_field(user, self.instance)

    def clean_check_date(self):
        return not_after_today(self.cleaned_data["check_date"], "检查日期")

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FindingForm(forms.Form):
    """添加发现的问题, on the check's page."""

    problems = forms.CharField(label="发现问题", max_length=2000, widget=NOTE_WIDGET)
    rectification_deadline = forms.DateField(
        label="整改期限", input_formats=DATE_FORMATS, widget=DATE_INPUT
    )


class CheckStepForm(StepFormBase):
    rectification_note = forms.CharField(
        label="整改情况", required=False, max_length=2000, widget=NOTE_WIDGET
    )


class RectificationForm(forms.Form):
    """整改完成, on the check's page: the day and what the organisation did."""

    day = forms.DateField(label="整改完成日期", input_formats=DATE_FORMATS, widget=DATE_INPUT)
    note = forms.CharField(label="整改情况", max_length=2000, widget=NOTE_WIDGET)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "整改完成日期")


# --- 专项治理 --------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    """登记或修改专项治理: the orgs it covers as their 执业许可证号, one a line."""

    unit = forms.ModelChoiceField(label="组织单位", queryset=None, empty_label=None)
    name = forms.CharField(label="专项治理名称", max_length=campaigns.NAME_LIMIT)
    start_date = forms.DateField(label="开始日期", input_formats=DATE_FORMATS, widget=DATE_INPUT)
    end_date = forms.DateField(
        label="结束日期", required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    licence_numbers = forms.CharField(
        label="覆盖机构许可证号",
        # Its letters (the 统一社会信用代码's MD …) are no words of the page: translate="no".
        widget=forms.Textarea(attrs={"rows": 6, "translate": "no", "class": "mono"}),
        help_text="每行一个律师事务所、公证机构或基层法律服务所的执业许可证号",
    )

    def __init__(self, *args, user, campaign=None, **kwargs):
        if campaign is not None:
            kwargs.setdefault(
                "initial",
                {
                    "unit": campaign.unit,
                    "name": campaign.name,
                    "start_date": campaign.start_date,
                    "end_date": campaign.end_date,
                    "licence_numbers": "\n".join(campaign.licence_numbers),
                },
            )
        super().__init__(*args, **kwargs)
        units = changeable_units(user, LegalServiceCheck).filter(kind__in=BUREAUS_AND_SECTIONS)
        self.fields["unit"].queryset = units.order_by("path")
        if campaign is not None:
            del self.fields["unit"]  # a campaign stays with the unit that runs it

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_bad_characters(name, "专项治理名称")
        return name

    def clean_licence_numbers(self):
        text = self.cleaned_data["licence_numbers"]
        refuse_bad_characters(text, "覆盖机构许可证号")
        numbers = campaigns.parse_numbers(text)
        if not numbers:
            raise forms.ValidationError("请填写专项治理覆盖的机构（执业许可证号）。")
        return numbers

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        return data

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "unit"}
