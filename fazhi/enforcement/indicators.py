"""行政执法监督's figures, as listed in domain/enforcement.md, and the 等次 thresholds.

Reviewed files are one family (one GROUP BY over 等次 and 整改状态); the distinct-department
and distinct-reporter counts are one aggregate each; the rate comes from its operands.
"""

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from fazhi.core import rectification
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
)

from . import columns, rules
from .models import CaseFileReview, Grade, LawReport, ReportMode, ReviewStatus

REVIEW = columns.REVIEW_REGISTER.name
PREFIX = "enforcement."
REVIEW_COLUMNS = ("batch", "reviewed_unit", "file_name", "review_date", "score", "grade")
PROBLEM_COLUMNS = ("reviewed_unit", "file_name", "problems", "rectification_deadline", "status")

EXCELLENT_MIN = Setting(
    key=rules.EXCELLENT_SETTING,
    label="案卷评查“优秀”的最低得分",
    choices=tuple((str(n), f"{n} 分") for n in range(80, 100, 5)),
    default=str(rules.DEFAULT_EXCELLENT),
    help="得分不低于此分数的案卷评为优秀；修改后，此后登记、修改或导入的案卷按新分数评定等次。",
)
PASS_MIN = Setting(
    key=rules.PASS_SETTING,
    label="案卷评查“合格”的最低得分",
    choices=tuple((str(n), f"{n} 分") for n in range(50, 80, 5)),
    default=str(rules.DEFAULT_PASS),
    help="得分不低于此分数（且低于优秀分数）的案卷评为合格，其余为不合格。",
)


def _reviews(units):
    return CaseFileReview.objects.filter(unit__in=units)


def reviewed_records(period: Period, units):
    return _reviews(units).filter(review_date__range=(period.start, period.end))


def problem_records(period: Period, units):
    return reviewed_records(period, units).exclude(status=ReviewStatus.NO_PROBLEM)


def overdue_records(period: Period, units):
    """Problem files reviewed by the period's end, not rectified then, past their 整改期限."""
    end = min(period.end, timezone.localdate())
    overdue = rectification.overdue_condition(end)
    return _reviews(units).filter(overdue, review_date__lte=end)


def _distinct_departments(records) -> int:
    return records.order_by().values("reviewed_unit").distinct().count()


REVIEWED = Group(
    f"{PREFIX}files_reviewed", reviewed_records, ("grade", "status"), dated_by="review_date"
)
PROBLEM_STATUSES = (ReviewStatus.RECTIFYING, ReviewStatus.RECTIFIED)


def law_reports(period: Period, units):
    return LawReport.objects.filter(unit__in=units, report_date__range=(period.start, period.end))


def _distinct_reporters(records) -> int:
    return (
        records.order_by()
        .annotate(person=Concat("reporter", Value("|"), "unit_name"))
        .values("person")
        .distinct()
        .count()
    )


LAW_REPORTS = Group("law_report.all", law_reports, ("mode",))
LAW_COLUMNS = ("reporter", "title", "unit_name", "report_date", "mode", "rating")

ENFORCEMENT_INDICATORS = (
    Indicator(
        key=f"{PREFIX}files_reviewed",
        label="评查案卷",
        unit="件",
        definition="评查日期在统计期间内的案卷。",
        register=REVIEW,
        group=REVIEWED,
        columns=REVIEW_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}files_with_problems",
        label="发现问题案卷",
        unit="件",
        definition="评查日期在统计期间内、发现问题需要整改的案卷。",
        register=REVIEW,
        group=REVIEWED,
        match=(("status", PROBLEM_STATUSES),),
        columns=PROBLEM_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}rectified",
        label="整改到位案卷",
        unit="件",
        definition="评查日期在统计期间内、发现问题且已填写整改完成日期的案卷。",
        register=REVIEW,
        group=REVIEWED,
        match=(("status", (ReviewStatus.RECTIFIED,)),),
        columns=(*PROBLEM_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{PREFIX}units_rectifying",
        label="督促整改单位",
        unit="家",
        definition="评查日期在统计期间内至少有一件发现问题案卷的被评查单位（按单位计，不按案卷计）。",
        register=REVIEW,
        records=problem_records,
        value=_distinct_departments,
        columns=PROBLEM_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}rectified_rate",
        label="整改到位率",
        unit="%",
        definition="整改到位案卷 ÷ 发现问题案卷。",
        register=REVIEW,
        numerator=f"{PREFIX}rectified",
        denominator=f"{PREFIX}files_with_problems",
        columns=(*PROBLEM_COLUMNS, "rectified_date"),
    ),
    *breakdown(
        f"{PREFIX}by_grade",
        Grade.choices,
        field="grade",
        group=REVIEWED,
        label="评查案卷（{label}）",
        unit="件",
        definition="评查日期在统计期间内、等次为“{label}”的案卷（等次按得分和评定标准设置）。",
        register=REVIEW,
        columns=REVIEW_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}overdue_rectifications",
        label="整改超期",
        unit="件",
        definition="统计期末已过整改期限、尚未整改完成的发现问题案卷。",
        register=REVIEW,
        records=overdue_records,
        columns=PROBLEM_COLUMNS,
    ),
    Indicator(
        key="law_report.reporters",
        label="完成述法的主要负责人",
        unit="人",
        definition="述法日期在统计期间内的述法人（同一单位的同一述法人只计一次）。",
        register=columns.LAW_REPORT_REGISTER.name,
        records=law_reports,
        value=_distinct_reporters,
        columns=LAW_COLUMNS,
    ),
    *breakdown(
        "law_report.by_mode",
        ReportMode.choices,
        field="mode",
        group=LAW_REPORTS,
        label="述法（{label}）",
        unit="人次",
        definition="述法日期在统计期间内、述法方式为“{label}”的述法。",
        register=columns.LAW_REPORT_REGISTER.name,
        columns=LAW_COLUMNS,
    ),
)


def register():
    """Called once from EnforcementConfig.ready()."""
    declare_settings(EXCELLENT_MIN, PASS_MIN)
    register_indicators(*ENFORCEMENT_INDICATORS)
