"""依法治县's measure for 评议考核 (core/measures.py): a unit's work tasks of a year not done on
time, by the unit leading them (WorkTask.lead_unit), whoever owns the record.

Declared from CommitteeConfig.ready(); the evaluation app asks it by key.
"""

from django.db.models import Count
from django.utils import timezone

from fazhi.core.measures import Measure, declare_measures

from . import rules
from .columns import TASK_REGISTER
from .models import WorkTask


def tasks_overdue(year: int, unit_ids) -> dict:
    """The tasks of the year (年度) a unit leads that were not done by their 完成时限: 办结
    after it, or still open with the day past (as of today, when the scores are computed).
    Zeros included: a count has a value for every unit."""
    rows = (
        WorkTask.objects.filter(
            rules.late_condition(timezone.localdate()),
            lead_unit_id__in=unit_ids,
            year=year,
        )
        .order_by()
        .values("lead_unit_id")
        .annotate(n=Count("id"))
    )
    found = {row["lead_unit_id"]: row["n"] for row in rows}
    return {unit_id: found.get(unit_id, 0) for unit_id in unit_ids}


MEASURES = (
    Measure(
        key="committee.tasks_overdue",
        label="依法治县工作任务未按期完成",
        unit_label="项",
        per_department=tasks_overdue,
        source=TASK_REGISTER.name,
        help="考核年度的依法治县工作任务中，由本单位牵头、办结日期晚于完成时限或至计算时"
        "已过完成时限仍未办结的项数。",
    ),
)


def declare():
    """Called once from CommitteeConfig.ready()."""
    declare_measures(*MEASURES)
