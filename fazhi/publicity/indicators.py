"""普法活动 and 宣传稿件: the figures of domain/publicity.md.

Activities held in the period are one family (one GROUP BY by 活动类别), whose breakdown sums
to the whole; 受众人次 is a sum over the same records (one aggregate); articles published in
the period are one family by 发布平台, whose breakdown also sums to the whole.
"""

from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import columns
from .models import Activity, ActivityCategory, Article, ArticlePlatform

ACTIVITY = columns.ACTIVITY_REGISTER.name
ARTICLE = columns.ARTICLE_REGISTER.name

# The drill-down shows the number and the owner unit anyway (indicators/records.html).
ACTIVITY_COLUMNS = ("held_date", "name", "category")
ARTICLE_COLUMNS = ("published_date", "title", "platform")


def activity_records(period: Period, units):
    return Activity.objects.filter(unit__in=units, held_date__range=(period.start, period.end))


def article_records(period: Period, units):
    return Article.objects.filter(unit__in=units, published_date__range=(period.start, period.end))


ACTIVITIES = Group(
    "publicity.activities",
    activity_records,
    ("category",),
    parts_sum_to_whole=True,
    dated_by="held_date",
)
ARTICLES = Group(
    "publicity.articles",
    article_records,
    ("platform",),
    parts_sum_to_whole=True,
    dated_by="published_date",
)

ACTIVITY_INDICATORS = (
    Indicator(
        key="publicity.activities",
        label="开展普法活动",
        unit="次",
        definition="活动日期在统计期间内的普法活动。",
        register=ACTIVITY,
        group=ACTIVITIES,
        columns=ACTIVITY_COLUMNS,
    ),
    *breakdown(
        "publicity.activities",
        ActivityCategory.choices,
        field="category",
        group=ACTIVITIES,
        label="开展普法活动（{label}）",
        unit="次",
        definition="活动日期在统计期间内、活动类别为“{label}”的普法活动；各类别之和等于开展普法活动。",
        register=ACTIVITY,
        columns=ACTIVITY_COLUMNS,
    ),
    Indicator(
        key="publicity.audience",
        label="普法活动受众",
        unit="人次",
        definition="活动日期在统计期间内的普法活动受众人次之和（未填受众人次的活动不计）。",
        register=ACTIVITY,
        records=activity_records,
        value=sum_of("audience"),
        columns=(*ACTIVITY_COLUMNS, "audience"),
    ),
)

ARTICLE_INDICATORS = (
    Indicator(
        key="publicity.articles",
        label="发布信息稿件",
        unit="篇",
        definition="发布日期在统计期间内的宣传稿件（各发布平台合计）。",
        register=ARTICLE,
        group=ARTICLES,
        columns=ARTICLE_COLUMNS,
    ),
    *breakdown(
        "publicity.articles",
        ArticlePlatform.choices,
        field="platform",
        group=ARTICLES,
        label="发布信息稿件（{label}）",
        unit="篇",
        definition="发布日期在统计期间内、发布平台为“{label}”的宣传稿件；各平台之和等于发布信息稿件。",
        register=ARTICLE,
        columns=ARTICLE_COLUMNS,
    ),
)


def register():
    """Called once from PublicityConfig.ready()."""
    register_indicators(*ACTIVITY_INDICATORS, *ARTICLE_INDICATORS)
