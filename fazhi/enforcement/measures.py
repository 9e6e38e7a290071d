"""案卷评查's measures for 评议考核 (core/measures.py): a department's reviewed files of a year,
by the department reviewed (CaseFileReview.reviewed_unit), whoever owns the record.

Declared from EnforcementConfig.ready(); the evaluation app asks them by key.
"""

from decimal import Decimal

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from fazhi.core.measures import Measure, declare_measures

from .columns import REVIEW_REGISTER
from .models import CaseFileReview, Grade

SOURCE = REVIEW_REGISTER.name


def _reviewed(year: int, unit_ids):
    return CaseFileReview.objects.filter(reviewed_unit_id__in=unit_ids, review_date__year=year)


def average_score(year: int, unit_ids) -> dict:
    """The average 得分 of the department's files reviewed in the year (files without a score
    left out); a department with no scored file has no value."""
    rows = (
        _reviewed(year, unit_ids)
        .exclude(score__isnull=True)
        .order_by()
        .values("reviewed_unit_id")
        .annotate(average=Avg("score"))
    )
    # Avg gives a float on SQLite: as text first, so that the Decimal is the number shown.
    return {row["reviewed_unit_id"]: _decimal(row["average"]) for row in rows}


def failed(year: int, unit_ids) -> dict:
    """Files reviewed in the year and graded 不合格."""
    return _counts(_reviewed(year, unit_ids).filter(grade=Grade.FAIL), unit_ids)


def rectification_overdue(year: int, unit_ids) -> dict:
    """Files reviewed in the year whose problems were not rectified by their 整改期限: closed
    after it, or still open with the day past (as of today, when the scores are computed)."""
    today = timezone.localdate()
    late = Q(rectified_date__gt=F("rectification_deadline")) | Q(
        rectified_date__isnull=True, rectification_deadline__lt=today
    )
    records = (
        # A 整改期限 is given exactly when problems were found (rules.check).
        _reviewed(year, unit_ids).filter(rectification_deadline__isnull=False).filter(late)
    )
    return _counts(records, unit_ids)


def _counts(records, unit_ids) -> dict:
    """{unit id: how many}, zeros included: a count has a value for every department."""
    rows = records.order_by().values("reviewed_unit_id").annotate(n=Count("id"))
    found = {row["reviewed_unit_id"]: row["n"] for row in rows}
    return {unit_id: found.get(unit_id, 0) for unit_id in unit_ids}


def _decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


MEASURES = (
    Measure(
        key="enforcement.review_average",
        label="案卷评查平均分",
        unit_label="分",
        per_department=average_score,
        source=SOURCE,
        help="考核年度内评查的本部门案卷得分的平均数；当年没有评查得分的，无数据。",
    ),
    Measure(
        key="enforcement.review_failed",
        label="评查不合格案卷",
        unit_label="件",
        per_department=failed,
        source=SOURCE,
        help="考核年度内评查、等次为不合格的本部门案卷件数。",
    ),
    Measure(
        key="enforcement.rectification_overdue",
        label="评查问题未按期整改",
        unit_label="件",
        per_department=rectification_overdue,
        source=SOURCE,
        help="考核年度内评查发现问题、整改完成日期晚于整改期限或至计算时已过期限仍未整改的案卷件数。",
    ),
)


def declare():
    """Called once from EnforcementConfig.ready()."""
    declare_measures(*MEASURES)
