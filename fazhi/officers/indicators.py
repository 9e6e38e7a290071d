"""行政执法人员 and 培训: the settings of their rules (docs/domain/enforcement-supervision.md,
Settings) and their figures."""

import datetime
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fazhi.core.models import RegisterSetting
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Indicator, Period, register_indicators, sum_of

from . import alerts, rules
from .models import (
    ENDED_STATES,
    ESTABLISHED,
    HELD_STATES,
    Certificate,
    CertificateEvent,
    EnforcementOfficer,
    EventKind,
    TrainingAttendance,
)


def _numbers(unit: str, *numbers) -> tuple[tuple[str, str], ...]:
    return tuple((str(n), f"{n}{unit}") for n in numbers)


ON_OFF = ((rules.ON, "是"), (rules.OFF, "否"))
MONTH_DAYS = tuple(
    (f"{m:02}-{d:02}", f"{m}月{d}日")
    for m, d in ((3, 31), (4, 30), (5, 31), (6, 30), (9, 30), (12, 31))
)
NO_CHECK = (("", "不设（不检查）"),)

SETTINGS = (
    Setting(
        rules.VALIDITY_YEARS,
        "行政执法证有效年限",
        _numbers("年", 3, 4, 5, 6),
        rules.DEFAULTS[rules.VALIDITY_YEARS],
        help="未填写有效期至时，有效期至 = 发证日期 + 有效年限 − 1日（湖南为5年）。",
    ),
    Setting(
        rules.RENEWAL_WINDOW_MONTHS,
        "换证申领提前月数",
        _numbers("个月", 3, 6, 12),
        rules.DEFAULTS[rules.RENEWAL_WINDOW_MONTHS],
        help="有效期届满前多少个月起办理申领换发（湖南为6个月）。",
    ),
    Setting(
        rules.REVIEW_REQUIRED,
        "执法证是否每年年审",
        ON_OFF,
        rules.DEFAULTS[rules.REVIEW_REQUIRED],
        help="各省规定不一；选“否”时不计年审逾期。",
    ),
    Setting(
        rules.REVIEW_DUE,
        "年审截止日期",
        MONTH_DAYS,
        rules.DEFAULTS[rules.REVIEW_DUE],
        help="发证次年起，每年此日前须年审合格，逾期列入年审逾期。",
    ),
    Setting(
        rules.MISSED_REVIEW_INVALIDATES,
        "年审逾期的执法证是否视为无效",
        ON_OFF,
        rules.DEFAULTS[rules.MISSED_REVIEW_INVALIDATES],
        help="选“是”时，年审逾期的执法证不能作为涉企行政检查的持证执法人员。",
    ),
    Setting(
        rules.EXAM_PASS_SCORE,
        "执法资格考试合格分数",
        _numbers("分", 60, 70, 80),
        rules.DEFAULTS[rules.EXAM_PASS_SCORE],
    ),
    Setting(
        rules.EXPIRY_WARNING_DAYS,
        "执法证到期提醒天数",
        _numbers("日", 30, 60, 90),
        rules.DEFAULTS[rules.EXPIRY_WARNING_DAYS],
    ),
    Setting(
        rules.MIN_HOURS_TOTAL,
        "执法人员年度培训最低学时",
        _numbers("学时", 40, 60, 80),
        rules.DEFAULTS[rules.MIN_HOURS_TOTAL],
    ),
    Setting(
        rules.MIN_HOURS_PUBLIC,
        "公共法律知识年度最低学时",
        NO_CHECK + _numbers("学时", 10, 20, 30, 40),
        rules.DEFAULTS[rules.MIN_HOURS_PUBLIC],
        help="未找到区分公共与专业法律知识学时的依据，默认不检查。",
    ),
    Setting(
        rules.MIN_HOURS_PROFESSIONAL,
        "专业法律知识年度最低学时",
        NO_CHECK + _numbers("学时", 10, 20, 30, 40),
        rules.DEFAULTS[rules.MIN_HOURS_PROFESSIONAL],
        help="未找到区分公共与专业法律知识学时的依据，默认不检查。",
    ),
)


# --- figures -------------------------------------------------------------------------------

OFFICER = "enforcement_officer"
TRAINING = "enforcement_training"
OFFICER_COLUMNS = ("name", "staffing", "in_post", "card_number", "card_valid_until", "card_state")
TRAINING_COLUMNS = ("held_date", "topic", "category", "hours", "name", "unmatched")


def reference_day(period: Period) -> datetime.date:
    """The day a stock is judged on: the period's end, or today while the period runs."""
    return min(period.end, timezone.localdate())


def _settings() -> dict:
    return rules.settings_from(RegisterSetting.objects.current())


def _officers(units):
    return EnforcementOfficer.objects.filter(unit__in=units)


def established_in_post(period: Period, units):
    """The 持证率's denominator: officers in post of 在编 staffing (行政编制, 事业编制). 辅助人员
    and 其他 may not hold a card, so they are not counted: the rate measures how many of those
    who may hold one do. The 在岗 flag is the roster's now (its history is not kept)."""
    return _officers(units).filter(in_post=True, staffing__in=ESTABLISHED)


def card_valid_on(day: datetime.date) -> Exists:
    """The officer holds a card 有效 on `day` (any of his cards: a renewed one counts), from
    the cards' own dates and every one of their 暂扣: rules.state_on in SQL."""
    ended = Q(state__in=ENDED_STATES) & (Q(ended_date=None) | Q(ended_date__lte=day))
    return Exists(
        Certificate.objects.filter(
            officer=OuterRef("pk"), issued_date__lte=day, valid_until__gte=day
        )
        .exclude(ended)
        .exclude(Exists(suspension_covering(day)))
    )


def suspension_covering(day: datetime.date):
    """The 暂扣 events of the card (OuterRef "pk") whose period covers `day`, as the card's
    `suspensions` keep them (rules.apply_event): from its date to its 暂扣截止日期, cut short
    the day before its 恢复 — the first 恢复 recorded after it, before any later 暂扣."""
    later_suspension = CertificateEvent.objects.filter(
        certificate=OuterRef(OuterRef("certificate")),
        kind=EventKind.SUSPENDED,
        pk__gt=OuterRef(OuterRef("pk")),
        pk__lt=OuterRef("pk"),
    )
    restored_by_then = CertificateEvent.objects.filter(
        certificate=OuterRef("certificate"),
        kind=EventKind.RESTORED,
        pk__gt=OuterRef("pk"),
        date__lte=day,
    ).exclude(Exists(later_suspension))
    return (
        CertificateEvent.objects.filter(
            certificate=OuterRef("pk"), kind=EventKind.SUSPENDED, date__lte=day
        )
        .filter(Q(until=None) | Q(until__gte=day))
        .exclude(Exists(restored_by_then))
    )


def certified_officers(period: Period, units):
    return established_in_post(period, units).filter(card_valid_on(reference_day(period)))


def expiring_officers(period: Period, units):
    return _officers(units).filter(alerts.expiring(reference_day(period), _settings()))


def review_missed_officers(period: Period, units):
    return _officers(units).filter(alerts.review_overdue(reference_day(period), _settings()))


def not_in_post_officers(period: Period, units):
    day = reference_day(period)
    held = Certificate.objects.filter(officer=OuterRef("pk")).filter(alerts.not_in_post_cards(day))
    return _officers(units).filter(Exists(held))


def expired_not_renewed(period: Period, units):
    """In post, the current (newest) card past its 有效期至 and never ended, no card 有效 now."""
    day = reference_day(period)
    return (
        _officers(units)
        .filter(in_post=True, card_state__in=HELD_STATES, card_valid_until__lt=day)
        .exclude(card_valid_on(day))
    )


def attendances(period: Period, units):
    return TrainingAttendance.objects.filter(
        unit__in=units, held_date__range=(period.start, period.end)
    )


def unmatched_attendances(period: Period, units):
    return attendances(period, units).filter(unmatched=True)


def below_minimum(period: Period, units):
    """Officers in post in 编制 whose 学时 of the period's year, up to its end, fall short of
    the yearly minimum total (setting). 辅助人员 are not 行政执法人员: their training is
    counted in 培训人次 but not held to the minimum."""
    minimum = _settings()["min_hours_total"]
    start = datetime.date(period.end.year, 1, 1)
    # A subquery per officer, not a join: a join grouped by officer would multiply the rows
    # a count over a subtree (or a rollup's per-unit count) reads.
    attended = (
        TrainingAttendance.objects.filter(
            officer=OuterRef("pk"), held_date__range=(start, period.end)
        )
        .order_by()
        .values("officer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    hours = Coalesce(
        Subquery(attended),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )
    officers = established_in_post(period, units)
    if minimum is None:
        return officers.none()
    return officers.alias(year_hours=hours).filter(year_hours__lt=minimum)


FIGURES = (
    Indicator(
        key=f"{OFFICER}.in_post",
        label="在岗在编执法人员",
        unit="人",
        definition="在岗、编制类型为行政编制或事业编制的执法人员（辅助人员不能持证，不计入）。",
        register=OFFICER,
        records=established_in_post,
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{OFFICER}.certified",
        label="持证执法人员",
        unit="人",
        definition="在岗在编执法人员中，统计期末（本期未结束时为今天）持有有效执法证的人员。",
        register=OFFICER,
        records=certified_officers,
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{OFFICER}.certified_rate",
        label="持证率",
        unit="%",
        definition="持证执法人员 ÷ 在岗在编执法人员。",
        register=OFFICER,
        numerator=f"{OFFICER}.certified",
        denominator=f"{OFFICER}.in_post",
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{OFFICER}.expiring_60d",
        label="即将到期的执法证",
        unit="张",
        definition="统计期末（本期未结束时为今天）有效、且在到期提醒天数（默认60日）内到期的执法证。",
        register=OFFICER,
        records=expiring_officers,
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{OFFICER}.review_missed",
        label="年审逾期",
        unit="张",
        definition="发证次年起，已过当年年审截止日期仍无年审合格记录的有效执法证。",
        register=OFFICER,
        records=review_missed_officers,
        columns=(*OFFICER_COLUMNS, "card_last_review"),
    ),
    Indicator(
        key=f"{OFFICER}.not_in_post",
        label="非在岗持证",
        unit="人",
        definition="已不在岗或已调离发证时所在单位、执法证仍为有效或暂扣（未注销）的人员。",
        register=OFFICER,
        records=not_in_post_officers,
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{OFFICER}.expired_not_renewed",
        label="到期未换证",
        unit="人",
        definition="在岗人员中，执法证已过有效期、未注销、也没有其他有效执法证的人员。",
        register=OFFICER,
        records=expired_not_renewed,
        columns=OFFICER_COLUMNS,
    ),
    Indicator(
        key=f"{TRAINING}.attendances",
        label="培训人次",
        unit="人次",
        definition="培训日期在统计期间内的签到记录。",
        register=TRAINING,
        records=attendances,
        columns=TRAINING_COLUMNS,
        dated_by="held_date",
    ),
    Indicator(
        key=f"{TRAINING}.hours",
        label="培训学时",
        unit="学时",
        definition="培训日期在统计期间内的签到记录的学时之和。",
        register=TRAINING,
        records=attendances,
        value=sum_of("hours", Decimal(0)),
        columns=TRAINING_COLUMNS,
        dated_by="held_date",
    ),
    Indicator(
        key=f"{TRAINING}.unmatched",
        label="未匹配花名册的培训签到",
        unit="人次",
        definition="培训日期在统计期间内、身份证号与本单位执法人员花名册不符的签到记录。",
        register=TRAINING,
        records=unmatched_attendances,
        columns=TRAINING_COLUMNS,
        dated_by="held_date",
    ),
    Indicator(
        key=f"{TRAINING}.below_minimum",
        label="培训学时不足的在岗人员",
        unit="人",
        definition="在岗在编执法人员中，统计期末所在年度至期末的培训学时低于年度最低学时（默认60学时）的人员。",
        register=OFFICER,
        records=below_minimum,
        columns=OFFICER_COLUMNS,
    ),
)


def register():
    """Called once from OfficersConfig.ready()."""
    declare_settings(*SETTINGS)
    register_indicators(*FIGURES)
