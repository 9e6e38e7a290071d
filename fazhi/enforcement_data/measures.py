"""执法数据年报's measure for 评议考核 (core/measures.py): whether a department's data of the
year was filed late or not at all, once its due date has passed.

Declared from EnforcementDataConfig.ready(); the evaluation app asks it by key.
"""

from django.utils import timezone

from fazhi.core.measures import Measure, declare_measures
from fazhi.core.models import RegisterSetting, Unit

from . import rules, status
from .columns import REGISTER
from .models import AnnualData


def filed_late_or_missing(year: int, unit_ids) -> dict:
    """1 for a department whose filing of `year` is 逾期填报, or — once the due date (setting
    enforcement_annual_data.due) has passed, as of today — that has none and is expected to
    file (a 行政执法部门: status.EXPECTED_KINDS); else 0. Zeros included. Queries: three."""
    month_day = RegisterSetting.objects.current().get(rules.DUE_SETTING, rules.DEFAULT_DUE)
    past_due = timezone.localdate() > rules.due_date(year, month_day)
    late = dict(
        AnnualData.objects.filter(unit_id__in=unit_ids, year=year).values_list("unit_id", "late")
    )
    expected = set()
    if past_due:
        expected = set(
            Unit.objects.filter(pk__in=unit_ids, kind__in=status.EXPECTED_KINDS).values_list(
                "pk", flat=True
            )
        )
    return {unit_id: int(late.get(unit_id, unit_id in expected)) for unit_id in unit_ids}


MEASURES = (
    Measure(
        key="enforcement_data.filed_late_or_missing",
        label="执法数据年报逾期填报或未报",
        unit_label="次",
        per_department=filed_late_or_missing,
        source=REGISTER.name,
        help="考核年度的执法数据年报逾期填报，或应报日期已过仍未填报（行政执法部门）的，计1次。",
    ),
)


def declare():
    """Called once from EnforcementDataConfig.ready()."""
    declare_measures(*MEASURES)
