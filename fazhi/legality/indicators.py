"""合法性审查 and 规范性文件备案审查: figures of domain/legality.md, and the settings of their
periods (which change the deadlines, hence legality.overdue and normative.late_filed).

Opinions issued in the period (not 专项, not 退回) are one GROUP BY by 审查类别; documents
reviewed in the period are one GROUP BY by 审查结论.
"""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
)

from . import columns, normative_rules, rules
from .models import (
    FilingConclusion,
    LegalityReview,
    NormativeDocument,
    ReviewCategory,
    ReviewConclusion,
)

REVIEW_REGISTER = columns.REVIEW_REGISTER.name
NORMATIVE_REGISTER = columns.NORMATIVE_REGISTER.name

# --- settings ---------------------------------------------------------------------------


def _working_days(*numbers) -> tuple[tuple[str, str], ...]:
    return tuple((str(n), f"{n}个工作日") for n in numbers)


def _calendar_days(*numbers) -> tuple[tuple[str, str], ...]:
    return tuple((str(n), f"{n}日") for n in numbers)


def _review_days_setting(value: str, label: str) -> Setting:
    major = value == ReviewCategory.MAJOR_DECISION
    numbers = (7, 10, 15, 20, 30) if major else (5, 7, 10, 15, 20, 30)
    return Setting(
        key=f"legality.review_days.{value}",
        label=f"合法性审查期限（{label}）",
        choices=_working_days(*numbers),
        default=str(rules.DEFAULT_DAYS),
        help=(
            "自收文日期起算的工作日数；重大行政决策不少于7个工作日"
            "（重大行政决策程序暂行条例第二十六条）。"
            if major
            else "自收文日期起算的工作日数，按本单位合法性审查工作规则设置。"
        ),
    )


REVIEW_DAYS = {value: _review_days_setting(value, label) for value, label in ReviewCategory.choices}
FILING_DAYS = Setting(
    key="normative.filing_days",
    label="规范性文件报备期限",
    choices=_calendar_days(15, 30),
    default=str(normative_rules.DEFAULT_FILING_DAYS),
    help="公布日期后多少日内报送备案（日历日），按省级规定设置。",
)
FILING_REVIEW_DAYS = Setting(
    key="normative.review_days",
    label="规范性文件备案审查期限",
    choices=_calendar_days(15, 20, 30, 60),
    default=str(normative_rules.DEFAULT_REVIEW_DAYS),
    help="报送备案日期后多少日内审查完毕（日历日），按省级规定设置。",
)


def review_settings(values: dict) -> dict:
    """The numbers rules.derive needs, from RegisterSetting.objects.current()."""
    return {"review_days": {v: int(values[s.key]) for v, s in REVIEW_DAYS.items()}}


def normative_settings(values: dict) -> dict:
    return {
        "filing_days": int(values[FILING_DAYS.key]),
        "review_days": int(values[FILING_REVIEW_DAYS.key]),
    }


# --- legality_review --------------------------------------------------------------------

REVIEW_COLUMNS = ("submitter", "title", "category", "received_date", "opinion_date", "conclusion")


def _reviews(units):
    return LegalityReview.objects.filter(unit__in=units)


def opinion_records(period: Period, units):
    return (
        _reviews(units)
        .filter(opinion_date__range=(period.start, period.end), special=False)
        .exclude(conclusion=ReviewConclusion.RETURNED)
    )


def special_records(period: Period, units):
    return (
        _reviews(units)
        .filter(opinion_date__range=(period.start, period.end), special=True)
        .exclude(conclusion=ReviewConclusion.RETURNED)
    )


def overdue_records(period: Period, units):
    """Opinions (or returns) issued in the period after the review period, and reviews still
    without opinion at the period's end (judged as of today if it is not over) whose review
    period ended within the period."""
    end = min(period.end, timezone.localdate())
    issued_late = Q(opinion_date__range=(period.start, period.end)) & Q(
        opinion_date__gt=F("review_deadline")
    )
    open_at_end = (Q(opinion_date__isnull=True) | Q(opinion_date__gt=end)) & Q(
        review_deadline__gte=period.start, review_deadline__lt=end
    )
    return _reviews(units).filter(issued_late | open_at_end)


OPINIONS = Group("legality.opinions", opinion_records, ("category",), dated_by="opinion_date")


LEGALITY_INDICATORS = (
    Indicator(
        key="legality.opinions",
        label="出具审查意见",
        unit="份",
        definition="出具意见日期在统计期间内的合法性审查意见，不含专项审查意见和退回的件。",
        register=REVIEW_REGISTER,
        group=OPINIONS,
        columns=REVIEW_COLUMNS,
    ),
    Indicator(
        key="legality.special_opinions",
        label="专项审查意见",
        unit="份",
        definition="出具意见日期在统计期间内的专项审查意见（不含退回的件）。",
        register=REVIEW_REGISTER,
        records=special_records,
        columns=REVIEW_COLUMNS,
    ),
    *breakdown(
        "legality.by_category",
        ReviewCategory.choices,
        field="category",
        group=OPINIONS,
        label="出具审查意见（{label}）",
        unit="份",
        definition="出具意见日期在统计期间内、审查类别为“{label}”的审查意见（不含专项审查、退回）。",
        register=REVIEW_REGISTER,
        columns=REVIEW_COLUMNS,
    ),
    Indicator(
        key="legality.overdue",
        label="超期出具意见",
        unit="份",
        definition=(
            "统计期间内晚于审查期限出具意见（或退回）的件，以及审查期限在统计期间内届满、"
            "期末仍未出具意见的件；审查期限按“合法性审查期限”设置计算。"
        ),
        register=REVIEW_REGISTER,
        records=overdue_records,
        columns=(*REVIEW_COLUMNS, "review_deadline"),
    ),
)

# --- normative_document ----------------------------------------------------------------

NORMATIVE_COLUMNS = (
    "title",
    "issuer",
    "published_date",
    "filed_date",
    "reviewed_date",
    "conclusion",
)


def _documents(units):
    return NormativeDocument.objects.filter(unit__in=units)


def reviewed_records(period: Period, units):
    return _documents(units).filter(reviewed_date__range=(period.start, period.end))


def late_filed_records(period: Period, units):
    """Filed in the period after the filing period, and documents whose filing period ended
    within the period and which were not filed by its end (judged as of today)."""
    end = min(period.end, timezone.localdate())
    filed_late = Q(filed_date__range=(period.start, period.end), late_filed=True)
    unfiled = (Q(filed_date__isnull=True) | Q(filed_date__gt=end)) & Q(
        filing_deadline__gte=period.start, filing_deadline__lt=end
    )
    return _documents(units).filter(filed_late | unfiled)


def planned_records(period: Period, units):
    return _documents(units).filter(
        published_date__range=(period.start, period.end), planned_next_year=True
    )


REVIEWED = Group("normative.filed", reviewed_records, ("conclusion",), dated_by="reviewed_date")

NORMATIVE_INDICATORS = (
    Indicator(
        key="normative.filed",
        label="备案审查规范性文件",
        unit="件",
        definition="审查完成日期在统计期间内的规范性文件。",
        register=NORMATIVE_REGISTER,
        group=REVIEWED,
        columns=NORMATIVE_COLUMNS,
    ),
    Indicator(
        key="normative.late_filed",
        label="逾期报备",
        unit="件",
        definition=(
            "统计期间内超过报备期限才报送备案的文件，以及报备期限在统计期间内届满、"
            "期末仍未报送备案的文件；报备期限按“规范性文件报备期限”设置计算。"
        ),
        register=NORMATIVE_REGISTER,
        records=late_filed_records,
        columns=(*NORMATIVE_COLUMNS, "filing_deadline"),
    ),
    Indicator(
        key="normative.corrected",
        label="纠正",
        unit="件",
        definition="审查完成日期在统计期间内、审查结论为“纠正后备案”或“不予备案”的文件。",
        register=NORMATIVE_REGISTER,
        group=REVIEWED,
        match=(("conclusion", (FilingConclusion.CORRECTED, FilingConclusion.REJECTED)),),
        columns=NORMATIVE_COLUMNS,
    ),
    Indicator(
        key="normative.planned_next_year",
        label="列入下年度立项计划",
        unit="件",
        definition="公布日期在统计期间内、列入下年度立项计划的文件。",
        register=NORMATIVE_REGISTER,
        records=planned_records,
        columns=(*NORMATIVE_COLUMNS, "planned_next_year"),
    ),
)


def register():
    """Called once from LegalityConfig.ready()."""
    declare_settings(*REVIEW_DAYS.values(), FILING_DAYS, FILING_REVIEW_DAYS)
    register_indicators(*LEGALITY_INDICATORS, *NORMATIVE_INDICATORS)
