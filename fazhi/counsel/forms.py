from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, QuickSelect, RegisterCreateForm, RegisterFilter
from fazhi.core.models import Unit, UnitKind

from . import rules
from .models import LegalAdviser

DATE_FORMATS = ["%Y-%m-%d"]


def served_unit_field(user, record) -> forms.ChoiceField:
    """服务单位 chosen by name among the units of the user's area an adviser may serve (an
    officer never types a unit's code); the record and its files keep the code. A record's
    unit no longer in that list stays offered, so that an edit does not lose it."""
    units = Unit.objects.subtree(user.unit).exclude(kind=UnitKind.MEDIATION_COMMITTEE)
    choices = [("", "请选择"), *units.order_by("path").values_list("code", "name")]
    kept = record.served_unit_code if record.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, record.served_unit.name if record.served_unit_id else kept))
    return forms.ChoiceField(
        label="服务单位",
        choices=choices,
        widget=QuickSelect,
        help_text="县政府法律顾问团选择县司法局（代表县人民政府）",
        error_messages={"invalid_choice": "请在列表中选择服务单位。"},
    )


class AdviserForm(RegisterCreateForm):
    """登记（修改）一名法律顾问或公职律师一个年度在一个服务单位的情况."""

    class Meta:
        model = LegalAdviser
        fields = [
            "unit",
            "number",
            "year",
            "category",
            "on_county_panel",
            "name",
            "employer",
            "licence_number",
            "served_unit_code",
            "start_date",
            "end_date",
            *rules.WORK_FIELDS,
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        self.fields["end_date"].input_formats = DATE_FORMATS
        self.fields["served_unit_code"] = served_unit_field(user, self.instance)
        if self.instance.pk is None:
            self.initial.setdefault("year", timezone.localdate().year)
        for name in rules.WORK_FIELDS:
            self.fields[name].widget.attrs["placeholder"] = "0"

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "聘任结束日期不能早于聘任开始日期。")
        return data


class AdviserFilter(RegisterFilter):
    """The list's 年度 is the row's 年度, not the year its 聘任 began: an adviser appointed in
    2023 has a row for 2024 and one for 2025."""

    def apply(self, records, today, *, user):
        year = self.cleaned_data.get("year")
        self.cleaned_data["year"] = None
        try:
            records = super().apply(records, today, user=user)
        finally:
            self.cleaned_data["year"] = year
        return records.filter(year=year) if year else records
