from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, QuickSelect, RegisterCreateForm, UnitFilterField

from . import rules
from .columns import FILED_ON_ENTRY, may_date_filing
from .models import AnnualData


class AnnualDataForm(RegisterCreateForm):
    """填报（修改）一个年度的执法数据. A new filing starts from last year, the filer's name and
    today; each count says on the form how it is counted and that empty means 无此职权."""

    class Meta:
        model = AnnualData
        fields = ["unit", "year", "number", "filer", "filed_date"]
        fields += [name for name, _ in rules.KINDS]
        fields += [rules.FINES, "published_date", "link"]
        widgets = {"filed_date": DATE_INPUT, "published_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["published_date"].input_formats = ["%Y-%m-%d"]
        # Not "http://" here: a page shows no Latin words (the page contract); the file's
        # column says it (columns.py), and the refusal names the address it could not read.
        self.fields["link"].help_text = "公开本年度数据的网页地址，如政府网站信息公开栏目的网页"
        if not may_date_filing(user):
            # A 填报员's filing is dated the day he enters it (REGISTER.protected): shown, not
            # posted; a disabled field keeps today, or the stored date on an edit.
            self.fields["filed_date"].disabled = True
            self.fields["filed_date"].help_text = FILED_ON_ENTRY
        if self.instance.pk is None:
            year = timezone.localdate().year - 1
            self.initial.setdefault("year", year)
            self.initial.setdefault("number", f"{year}年度执法数据")
            self.initial.setdefault("filer", user.full_name)


class StatusFilter(forms.Form):
    """填报情况: the year, and the unit whose departments are shown (the reader's own and two
    levels below, as a list offers)."""

    year = forms.TypedChoiceField(label="年度", coerce=int, widget=QuickSelect)
    unit = UnitFilterField(label="单位", required=False)

    def __init__(self, *args, units, today, **kwargs):
        super().__init__(*args, **kwargs)
        last = today.year - 1
        self.fields["year"].choices = [(y, f"{y}年度") for y in range(last, last - 10, -1)]
        self.fields["year"].initial = last
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "本单位"
