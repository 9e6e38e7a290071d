from django import forms
from django.utils import timezone

from fazhi.core.forms import DATE_INPUT, RegisterCreateForm
from fazhi.core.uscc import normalise_uscc, uscc_problem

from .columns import FILED_ON_ENTRY, may_date_plan
from .models import EnterpriseInspection, InspectionPlan

LIST_INPUT = forms.Textarea(attrs={"rows": 4})


class PlanForm(RegisterCreateForm):
    """报备 (or correct) a department's yearly plan; its lists one entry a line."""

    class Meta:
        model = InspectionPlan
        fields = [
            "unit",
            "number",
            "year",
            "subjects",
            "items",
            "planned_count",
            "filed_date",
            "published_date",
        ]
        widgets = {
            "filed_date": DATE_INPUT,
            "published_date": DATE_INPUT,
            "subjects": LIST_INPUT,
            "items": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["published_date"].input_formats = ["%Y-%m-%d"]
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        if not may_date_plan(user):
            # A 填报员's plan is filed the day he enters it (PLAN_REGISTER.protected): shown,
            # not posted; a disabled field keeps today, or the stored date on an edit.
            self.fields["filed_date"].disabled = True
            self.fields["filed_date"].help_text = FILED_ON_ENTRY


class InspectionForm(RegisterCreateForm):
    """登记 (or correct) one 涉企行政检查."""

    class Meta:
        model = EnterpriseInspection
        fields = [
            "unit",
            "number",
            "subject",
            "uscc",
            "enterprise_name",
            "inspection_date",
            "matter",
            "kind",
            "method",
            "planned",
            "approval_date",
            "result",
            "officer_numbers",
        ]
        widgets = {
            "inspection_date": DATE_INPUT,
            "approval_date": DATE_INPUT,
            "officer_numbers": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "uscc": (
                "18位统一社会信用代码，按国家标准《法人和其他组织统一社会信用代码编码规则》校验。"
            ),
            "approval_date": "检查前经执法主体负责人批准的日期；紧急情况事后补批的填补批日期。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approval_date"].input_formats = ["%Y-%m-%d"]

    def clean_uscc(self):
        # The write path refuses it too (rules.check_inspection); here it is told beside the
        # field, in the same words. A failing code kept by an import and left as it is does not
        # stop a correction of the rest of the record.
        code = normalise_uscc(self.cleaned_data["uscc"])
        problem = uscc_problem(code)
        if problem and not (self.instance.pk and code == self.instance.uscc):
            raise forms.ValidationError(problem)
        return code
