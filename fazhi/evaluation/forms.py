from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, QuickSelect, RegisterCreateForm, not_after_today
from fazhi.core.measures import MEASURES
from fazhi.core.models import Unit

from . import rules
from .models import EnforcementEvaluation, Method, RuleKind

DECIMAL_ERRORS = {"invalid": "请填写数字。", "max_digits": "数字太大。"}


class EvaluationForm(RegisterCreateForm):
    """登记（修改）一个部门某年度的评议考核；得分由方案、数据和扣分得出，不在此填写."""

    class Meta:
        model = EnforcementEvaluation
        fields = ["unit", "number", "year", "evaluated_unit_code", "evaluated_on", "remarks"]
        widgets = {"evaluated_on": DATE_INPUT, "remarks": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, user, **kwargs):
        super().__init__(*args, units=units, user=user, **kwargs)
        self.fields["evaluated_unit_code"] = department_field(user, self.instance)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"min": rules.FIRST_YEAR, "max": 2100})

    def _get_validation_exclusions(self):
        # One result per department and year is the write path's rule (links.py): said after
        # any fault of the entry itself, in words naming the result it would repeat.
        exclude = super()._get_validation_exclusions()
        exclude.add("evaluated_unit_code")
        return exclude


def department_field(user, record) -> forms.ChoiceField:
    """被考核单位 chosen by name among the 行政执法部门 in the user's area (an officer never
    types a unit's code); the record keeps the code. A record's department no longer in that
    list stays offered, so that an edit does not lose it."""
    departments = Unit.objects.subtree(user.unit).filter(kind__in=rules.EVALUATED_KINDS)
    choices = [("", "请选择"), *departments.order_by("path").values_list("code", "name")]
    kept = record.evaluated_unit_code if record.pk else ""
    if kept and kept not in {code for code, _ in choices}:
        choices.append((kept, record.evaluated_unit.name if record.evaluated_unit_id else kept))
    return forms.ChoiceField(
        label="被考核单位",
        choices=choices,
        widget=QuickSelect,
        error_messages={"invalid_choice": "请在列表中选择被考核单位（行政执法部门）。"},
    )


class DayForm(forms.Form):
    day = forms.DateField(label="确定日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "确定日期")


class GenerateForm(forms.Form):
    day = forms.DateField(label="考核日期", input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def clean_day(self):
        return not_after_today(self.cleaned_data["day"], "考核日期")


class DeductionForm(forms.Form):
    item_no = forms.TypedChoiceField(label="考核项目", coerce=int, widget=QuickSelect)
    points = forms.DecimalField(
        label="扣分",
        # 0 is for a data item without a source, judged to lose nothing (actions decide).
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={**DECIMAL_ERRORS, "min_value": "扣分不能小于 0。"},
    )
    reason = forms.CharField(
        label="扣分理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "扣分须写明理由。"},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_no"].choices = [("", "请选择")] + [
            (item.no, f"{item.no}. {item.name}（{rules.points_text(item.points)}分）")
            for item in items
        ]


def measure_choices(kept=()) -> list[tuple[str, str]]:
    """The declared measures, and any key a stored scheme names that no app declares now."""
    choices = [("", "（无）")]
    choices += [(key, f"{m.label}（{m.unit_label}）") for key, m in sorted(MEASURES.items())]
    known = {key for key, _ in choices}
    choices += [
        (key, f"{rules.PLANNED_MEASURES.get(key, ('其他数据项',))[0]}（暂无数据来源）")
        for key in dict.fromkeys(kept)
        if key and key not in known
    ]
    return choices


class ItemForm(forms.Form):
    """One row of the scheme; a row left without a name is not part of it."""

    name = forms.CharField(label="项目名称", max_length=100, required=False)
    points = forms.DecimalField(
        label="分值", required=False, max_digits=6, decimal_places=2, error_messages=DECIMAL_ERRORS
    )
    method = forms.ChoiceField(
        label="评分方式", choices=Method.choices, initial=Method.HAND, widget=QuickSelect
    )
    measure = forms.ChoiceField(label="数据来源", required=False, widget=QuickSelect)
    rule = forms.ChoiceField(
        label="扣分规则",
        required=False,
        choices=[("", "（无）"), *RuleKind.choices],
        widget=QuickSelect,
    )
    base = forms.DecimalField(
        label="起扣值或目标值",
        required=False,
        max_digits=8,
        decimal_places=2,
        error_messages=DECIMAL_ERRORS,
    )
    rate = forms.DecimalField(
        label="每单位扣分",
        required=False,
        max_digits=6,
        decimal_places=2,
        error_messages=DECIMAL_ERRORS,
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measure_choices(measures)
        for name in ("points", "base", "rate"):
            self.fields[name].widget.attrs["class"] = "narrow"


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=rules.MAX_ITEMS, absolute_max=60)


class SchemeForm(forms.Form):
    excellent = forms.DecimalField(
        label="优秀（不低于）", max_digits=6, decimal_places=2, error_messages=DECIMAL_ERRORS
    )
    good = forms.DecimalField(
        label="良好（不低于）", max_digits=6, decimal_places=2, error_messages=DECIMAL_ERRORS
    )
    passing = forms.DecimalField(
        label="合格（不低于）", max_digits=6, decimal_places=2, error_messages=DECIMAL_ERRORS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "narrow"

    def thresholds(self) -> rules.Thresholds:
        data = self.cleaned_data
        return rules.Thresholds(data["excellent"], data["good"], data["passing"])


def items_from(formset) -> list[rules.Item]:
    """The scheme's rows out of a valid formset, numbered in order; rows without a name and
    without points are left out."""
    items = []
    for form in formset.forms:
        data = form.cleaned_data or {}
        name = (data.get("name") or "").strip()
        if not name and data.get("points") is None:
            continue
        data_item = data.get("method") == Method.DATA
        items.append(
            rules.Item(
                no=len(items) + 1,
                name=name,
                points=data.get("points") or rules.ZERO,
                method=data.get("method") or Method.HAND,
                measure=(data.get("measure") or "") if data_item else "",
                rule=(data.get("rule") or "") if data_item else "",
                base=(data.get("base") or rules.ZERO) if data_item else rules.ZERO,
                rate=(data.get("rate") or rules.ZERO) if data_item else rules.ZERO,
                note=(data.get("note") or "").strip(),
            )
        )
    return items


def item_initial(items) -> list[dict]:
    return [
        {
            "name": item.name,
            "points": item.points,
            "method": item.method,
            "measure": item.measure,
            "rule": item.rule,
            "base": item.base if item.by_data else None,
            "rate": item.rate if item.by_data else None,
            "note": item.note,
        }
        for item in items
    ]
