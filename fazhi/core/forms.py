from django import forms

from .idnumber import validate_id_number
from .models import AuditAction, Unit


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none())
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        return validate_id_number(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "两次输入的密码不一致。")
        return data


class AuditSearchForm(forms.Form):
    user = forms.CharField(label="用户名", required=False)
    date_from = forms.DateField(label="起始日期", required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label="截止日期", required=False, input_formats=["%Y-%m-%d"])
    register = forms.CharField(label="登记簿", required=False)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部")] + AuditAction.choices
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def filter(self, entries):
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_username__icontains=data["user"].strip())
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        if data["register"]:
            entries = entries.filter(register=data["register"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        return entries
