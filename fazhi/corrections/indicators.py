"""社区矫正: the figures of domain/corrections.md.

"Registered" is who was under supervision on the period's last day, computed from the dates
(矫正起始日期, 矫正终止日期, 解除日期) and never from today's 状态: a subject released in March 2025
was registered on 2024-12-31. 脱管 counts anyone out of contact at any time in the period.
"""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
    sum_of,
)

from . import columns
from .models import (
    ActivityCategory,
    CorrectionsActivity,
    CorrectionsCategory,
    CorrectionsStatus,
    CorrectionsSubject,
)

SUBJECT = columns.SUBJECT_REGISTER.name
ACTIVITY = columns.ACTIVITY_REGISTER.name
SUBJECT_COLUMNS = ("name", "category", "start_date", "end_date", "status")


def _subjects(units):
    return CorrectionsSubject.objects.filter(unit__in=units)


def registered_on(day):
    """Under supervision on `day`: begun, not yet at its end, and not ended earlier."""
    return Q(start_date__lte=day, end_date__gte=day) & (
        Q(ended_date__isnull=True) | Q(ended_date__gt=day)
    )


def supervised_during(period: Period):
    return Q(start_date__lte=period.end, end_date__gte=period.start) & (
        Q(ended_date__isnull=True) | Q(ended_date__gte=period.start)
    )


def registered_records(period: Period, units):
    return _subjects(units).filter(registered_on(period.end))


def admitted_records(period: Period, units):
    return _subjects(units).filter(start_date__range=(period.start, period.end))


def released_records(period: Period, units):
    return _subjects(units).filter(status="released", ended_date__range=(period.start, period.end))


def absconded_records(period: Period, units):
    """Out of contact at some time in the period: lost by its end, and not found (nor the
    term ended) before its start."""
    not_found = Q(contact_restored_date__isnull=True) & (
        Q(ended_date__isnull=True) | Q(ended_date__gte=period.start)
    )
    still_out_at_start = Q(contact_restored_date__gte=period.start) | not_found
    return _subjects(units).filter(Q(lost_contact_date__lte=period.end) & still_out_at_start)


def unreported_records(period: Period, units):
    """Whose 10 days to report ended in the period (and are over today) without a report in
    them: reported late, or not at all."""
    end = min(period.end, timezone.localdate() - datetime.timedelta(days=1))
    late = Q(reported_date__isnull=True) | Q(reported_date__gt=F("report_deadline"))
    return _subjects(units).filter(Q(report_deadline__range=(period.start, end)) & late)


def reoffended_records(period: Period, units):
    return _subjects(units).filter(supervised_during(period), reoffended=True)


REGISTERED = Group("corrections.registered", registered_records, ("category",), True)

SUBJECT_INDICATORS = (
    Indicator(
        key="corrections.registered",
        label="在册社区矫正对象",
        unit="人",
        definition="统计期末最后一日处于矫正期内的社区矫正对象：矫正起始日期不晚于该日、"
        "矫正终止日期不早于该日，且此前未解除或终止矫正（按日期计算，不看当前状态）。",
        register=SUBJECT,
        group=REGISTERED,
        columns=SUBJECT_COLUMNS,
    ),
    *breakdown(
        "corrections.by_category",
        CorrectionsCategory.choices,
        field="category",
        group=REGISTERED,
        label="在册社区矫正对象（{label}）",
        unit="人",
        definition="在册社区矫正对象中矫正类别为“{label}”的人数。",
        register=SUBJECT,
        columns=SUBJECT_COLUMNS,
    ),
    Indicator(
        key="corrections.admitted",
        label="新入矫",
        unit="人",
        definition="矫正起始日期在统计期间内的社区矫正对象。",
        register=SUBJECT,
        records=admitted_records,
        columns=SUBJECT_COLUMNS,
        dated_by="start_date",
    ),
    Indicator(
        key="corrections.released",
        label="解除矫正",
        unit="人",
        definition="状态为解除矫正、解除日期在统计期间内的社区矫正对象（社区矫正法第四十四条）。",
        register=SUBJECT,
        records=released_records,
        columns=(*SUBJECT_COLUMNS, "ended_date"),
        dated_by="ended_date",
    ),
    Indicator(
        key="corrections.absconded",
        label="脱管",
        unit="人",
        definition="统计期间内任何时候处于失去联系状态的社区矫正对象（社区矫正法第三十条）。",
        register=SUBJECT,
        records=absconded_records,
        columns=(*SUBJECT_COLUMNS, "lost_contact_date", "contact_restored_date"),
    ),
    Indicator(
        key="corrections.unreported",
        label="漏管",
        unit="人",
        definition="报到期限（判决、裁定生效之日起十日，社区矫正法第二十一条）在统计期间内届满，"
        "未在期限内报到的社区矫正对象。",
        register=SUBJECT,
        records=unreported_records,
        columns=(*SUBJECT_COLUMNS, "report_deadline", "reported_date"),
    ),
    Indicator(
        key="corrections.reoffended",
        label="重新犯罪",
        unit="人",
        definition="统计期间内处于矫正期、登记为重新犯罪的社区矫正对象。",
        register=SUBJECT,
        records=reoffended_records,
        columns=SUBJECT_COLUMNS,
    ),
)


# --- for the monthly table (fazhi/tables): 期初在册 and the terms ended otherwise than by
# 解除矫正, so that 期末在册 = 期初在册 + 新入矫 − 解除矫正 − 终止矫正 can be checked.

# 社区矫正法 第四十五条 (终止: 收监执行, 死亡) and 第四十六条 (撤销缓刑、假释).
TERMINATED_STATUSES = (
    CorrectionsStatus.PROBATION_REVOKED,
    CorrectionsStatus.PAROLE_REVOKED,
    CorrectionsStatus.IMPRISONED,
    CorrectionsStatus.DIED,
)


def registered_at_start_records(period: Period, units):
    return _subjects(units).filter(registered_on(period.start - datetime.timedelta(days=1)))


def terminated_records(period: Period, units):
    within = (period.start, period.end)
    return _subjects(units).filter(status__in=TERMINATED_STATUSES, ended_date__range=within)


# Not declared a flow (dated_by) while the demo has no terminated term: the monthly test asks
# every dated figure to have records there; compute_monthly counts it month by month meanwhile.
TERMINATED = Group("corrections.terminated", terminated_records, ("status",), True)
ENDED_COLUMNS = (*SUBJECT_COLUMNS, "ended_date")

TABLE_INDICATORS = (
    Indicator(
        key="corrections.registered_at_start",
        label="期初在册社区矫正对象",
        unit="人",
        definition="统计期间开始前一日处于矫正期内的社区矫正对象（口径同在册社区矫正对象）。",
        register=SUBJECT,
        records=registered_at_start_records,
        columns=SUBJECT_COLUMNS,
    ),
    Indicator(
        key="corrections.terminated",
        label="终止矫正",
        unit="人",
        definition="解除日期在统计期间内、因撤销缓刑、撤销假释、收监执行或死亡而终止矫正的社区"
        "矫正对象（社区矫正法第四十五条、第四十六条）。",
        register=SUBJECT,
        group=TERMINATED,
        columns=ENDED_COLUMNS,
    ),
    *breakdown(
        "corrections.terminated",
        [(s.value, s.label) for s in TERMINATED_STATUSES],
        field="status",
        group=TERMINATED,
        label="终止矫正（{label}）",
        unit="人",
        definition="解除日期在统计期间内、状态为“{label}”的社区矫正对象。",
        register=SUBJECT,
        columns=ENDED_COLUMNS,
    ),
)


def activity_records(period: Period, units):
    return CorrectionsActivity.objects.filter(
        unit__in=units, held_date__range=(period.start, period.end)
    )


ACTIVITIES = Group("corrections.activities", activity_records, ("category",))
ACTIVITY_COLUMNS = ("held_date", "category", "theme", "person_times")

ACTIVITY_INDICATORS = (
    *breakdown(
        "corrections.activities",
        ActivityCategory.choices,
        field="category",
        group=ACTIVITIES,
        label="教育帮扶活动（{label}）",
        unit="次",
        definition="活动日期在统计期间内、活动类别为“{label}”的教育帮扶活动。",
        register=ACTIVITY,
        columns=ACTIVITY_COLUMNS,
    ),
    Indicator(
        key="corrections.education_person_times",
        label="受教育矫正对象",
        unit="人次",
        definition="活动日期在统计期间内的教育帮扶活动参加人次之和。",
        register=ACTIVITY,
        records=activity_records,
        value=sum_of("person_times"),
        columns=ACTIVITY_COLUMNS,
    ),
)


def register():
    """Called once from CorrectionsConfig.ready()."""
    register_indicators(*SUBJECT_INDICATORS, *TABLE_INDICATORS, *ACTIVITY_INDICATORS)
