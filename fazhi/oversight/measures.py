"""法治督察's measure for 评议考核 (core/measures.py): a unit's findings of a year not rectified
on time, by the unit inspected (RuleOfLawInspection.inspected_unit), whoever owns the record.

Declared from OversightConfig.ready(); the evaluation app asks it by key.
"""

from django.db.models import Count
from django.utils import timezone

from fazhi.core import rectification
from fazhi.core.measures import Measure, declare_measures

from .columns import REGISTER
from .models import RuleOfLawInspection


def rectification_late(year: int, unit_ids) -> dict:
    """Findings of the inspections begun in the year that were not rectified by their 整改期限:
    closed after it, or still open with the day past (as of today, when the scores are
    computed). Zeros included: a count has a value for every unit."""
    rows = (
        RuleOfLawInspection.objects.filter(
            rectification.late_condition(timezone.localdate()),
            inspected_unit_id__in=unit_ids,
            start_date__year=year,
        )
        .order_by()
        .values("inspected_unit_id")
        .annotate(n=Count("id"))
    )
    found = {row["inspected_unit_id"]: row["n"] for row in rows}
    return {unit_id: found.get(unit_id, 0) for unit_id in unit_ids}


MEASURES = (
    Measure(
        key="oversight.rectification_late",
        label="法治督察问题未按期整改",
        unit_label="个",
        per_department=rectification_late,
        source=REGISTER.name,
        help="考核年度内开始的法治督察发现本单位的问题中，整改完成日期晚于整改期限或至计算时"
        "已过期限仍未整改的个数。",
    ),
)


def declare():
    """Called once from OversightConfig.ready()."""
    declare_measures(*MEASURES)
