"""法律服务投诉 and 专项治理检查: their figures (docs/domain/legal-services.md), and the settings
of the complaints' periods (which change their deadlines, hence the overdue figures).

Complaints received are one GROUP BY by 被投诉对象类别 and 投诉渠道; decided (处理结果) one by
核查结论 and 处理方式; closed one by 超期办理. What is overdue is judged on the period's last day
(or today while it runs) from the stored deadlines (rules.overdue_condition, the twin of
rules.overdue_on). The checks' figures are 法治督察's: findings one family by 整改状态, what is
overdue by core.rectification's condition.
"""

from django.utils import timezone

from fazhi.core import rectification
from fazhi.core.rectification import Status
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Group, Indicator, Period, breakdown, register_indicators

from . import rules
from .models import (
    Acceptance,
    Channel,
    Disposal,
    Finding,
    LegalServiceCheck,
    LegalServiceComplaint,
    SubjectKind,
)

COMPLAINT = "legal_service_complaint"
CHECK = "legal_service_check"

# --- settings -------------------------------------------------------------------------------
# No national text fixes these periods for a complaint outside legal aid (rules' docstring):
# each is the bureau's setting, per line where the lines' rules differ, each default that of
# 《法律援助投诉处理办法》(司法部令第149号), the nearest national rule found. A complaint about
# legal aid work takes that rule's own periods, not these.

ABOUT = "未查到对律师、公证、基层法律服务一般投诉的期限规定；"


def _days(unit: str, *numbers) -> tuple[tuple[str, str], ...]:
    return tuple((str(n), f"{n}{unit}") for n in numbers)


def _line_settings(line: str, label: str) -> dict[str, Setting]:
    prefix = f"{COMPLAINT}.{line}"
    return {
        "accept": Setting(
            key=f"{prefix}.accept_days",
            label=f"投诉受理审查期限（{label}）",
            choices=_days("个工作日", 5, 7, 10, 15, 20),
            default=str(rules.DEFAULT_ACCEPT_DAYS),
            help="收到投诉之日起作出受理或不予受理决定的工作日数。"
            + ABOUT
            + "默认参照司法部令第149号第十五条，5个工作日；四川、江苏等省规定为10个工作日。",
        ),
        "handle": Setting(
            key=f"{prefix}.handle_days",
            label=f"投诉处理期限（{label}）",
            choices=_days("日", 30, 45, 60, 90),
            default=str(rules.DEFAULT_HANDLE_DAYS),
            help="受理之日起作出处理结果的日数。"
            + ABOUT
            + "默认参照司法部令第149号第二十三条第一款，60日。",
        ),
        "extend": Setting(
            key=f"{prefix}.extend_days",
            label=f"投诉处理延长期限（{label}）",
            choices=_days("日", 15, 30, 60),
            default=str(rules.DEFAULT_EXTEND_DAYS),
            help="情况复杂、经负责人批准延期的，可延长的日数（只能延期一次）。"
            + ABOUT
            + "默认参照司法部令第149号第二十三条第一款，30日。",
        ),
    }


LINE_SETTINGS = {line: _line_settings(line, label) for line, label in rules.LINES.items()}
REPLY_DAYS = Setting(
    key=f"{COMPLAINT}.reply_days",
    label="投诉处理结果答复期限",
    choices=_days("个工作日", 3, 5, 7, 10),
    default=str(rules.DEFAULT_REPLY_DAYS),
    help="作出处理结果之日起书面答复投诉人的工作日数。"
    + ABOUT
    + "默认参照司法部令第149号第二十四条，5个工作日。",
)
PERIOD_SETTINGS = (*(s for found in LINE_SETTINGS.values() for s in found.values()), REPLY_DAYS)


def period_settings(values: dict) -> dict:
    """The numbers rules.derive needs, from RegisterSetting.objects.current()."""
    found = {
        line: {key: int(values[setting.key]) for key, setting in settings.items()}
        for line, settings in LINE_SETTINGS.items()
    }
    found["reply"] = int(values[REPLY_DAYS.key])
    return found


def _judged_on(period: Period):
    """The day a stock is judged on: the period's last, or today while it runs."""
    return min(period.end, timezone.localdate())


# --- legal_service_complaint ----------------------------------------------------------------

COMPLAINT_COLUMNS = ("received_date", "channel", "subject_kind", "subject_name", "status")
DECIDED_COLUMNS = ("subject_kind", "subject_name", "handled_date", "finding", "disposal")


def _complaints(units):
    return LegalServiceComplaint.objects.filter(unit__in=units)


def received_records(period: Period, units):
    return _complaints(units).filter(received_date__range=(period.start, period.end))


def accepted_records(period: Period, units):
    return _complaints(units).filter(
        acceptance=Acceptance.ACCEPTED, acceptance_date__range=(period.start, period.end)
    )


def decided_records(period: Period, units):
    return _complaints(units).filter(handled_date__range=(period.start, period.end))


def closed_records(period: Period, units):
    return _complaints(units).filter(closed_date__range=(period.start, period.end))


def overdue_complaints(period: Period, units):
    """Complaints open on the period's last day (today while it runs) past a running deadline:
    the acceptance decision, the 处理结果 or the reply not made by then, its day gone."""
    return _complaints(units).filter(rules.overdue_condition(_judged_on(period)))


RECEIVED = Group(
    f"{COMPLAINT}.received_family",
    received_records,
    ("subject_kind", "channel"),
    dated_by="received_date",
)
DECIDED = Group(
    f"{COMPLAINT}.decided_family", decided_records, ("finding", "disposal"), dated_by="handled_date"
)
CLOSED = Group(f"{COMPLAINT}.closed_family", closed_records, ("late",), dated_by="closed_date")

COMPLAINT_INDICATORS = (
    Indicator(
        key=f"{COMPLAINT}.received",
        label="收到法律服务投诉",
        unit="件",
        definition="收到日期在统计期间内的对律师、公证、基层法律服务的投诉。",
        register=COMPLAINT,
        group=RECEIVED,
        columns=COMPLAINT_COLUMNS,
    ),
    *breakdown(
        f"{COMPLAINT}.by_subject_kind",
        SubjectKind.choices,
        field="subject_kind",
        group=RECEIVED,
        label="收到投诉（{label}）",
        unit="件",
        definition="收到日期在统计期间内、被投诉对象类别为“{label}”的投诉。",
        register=COMPLAINT,
        columns=COMPLAINT_COLUMNS,
    ),
    *breakdown(
        f"{COMPLAINT}.by_channel",
        Channel.choices,
        field="channel",
        group=RECEIVED,
        label="收到投诉（{label}）",
        unit="件",
        definition="收到日期在统计期间内、投诉渠道为“{label}”的投诉。",
        register=COMPLAINT,
        columns=COMPLAINT_COLUMNS,
    ),
    Indicator(
        key=f"{COMPLAINT}.accepted",
        label="受理法律服务投诉",
        unit="件",
        definition="受理日期在统计期间内、受理情况为“受理”的投诉（不含不予受理）。",
        register=COMPLAINT,
        records=accepted_records,
        dated_by="acceptance_date",
        columns=(*COMPLAINT_COLUMNS, "acceptance_date"),
    ),
    Indicator(
        key=f"{COMPLAINT}.substantiated",
        label="投诉查证属实",
        unit="件",
        definition="处理日期在统计期间内、核查结论为“查证属实”的投诉（不含部分属实）。",
        register=COMPLAINT,
        group=DECIDED,
        match=(("finding", (Finding.SUBSTANTIATED,)),),
        columns=DECIDED_COLUMNS,
    ),
    Indicator(
        key=f"{COMPLAINT}.referred_penalty",
        label="投诉移送行政处罚",
        unit="件",
        definition="处理日期在统计期间内、处理方式为“移送行政处罚”的投诉"
        "（县级司法行政机关向上一级提出处罚建议）。",
        register=COMPLAINT,
        group=DECIDED,
        match=(("disposal", (Disposal.PENALTY,)),),
        columns=DECIDED_COLUMNS,
    ),
    Indicator(
        key=f"{COMPLAINT}.referred_discipline",
        label="投诉移送行业处分",
        unit="件",
        definition="处理日期在统计期间内、处理方式为“移送行业处分”的投诉（移送律师协会、"
        "公证协会等行业协会）。",
        register=COMPLAINT,
        group=DECIDED,
        match=(("disposal", (Disposal.DISCIPLINE,)),),
        columns=DECIDED_COLUMNS,
    ),
    Indicator(
        key=f"{COMPLAINT}.closed",
        label="法律服务投诉办结",
        unit="件",
        definition="办结日期在统计期间内的投诉，不论何时收到（不予受理的不计入）。",
        register=COMPLAINT,
        group=CLOSED,
        columns=(*COMPLAINT_COLUMNS, "closed_date", "late"),
    ),
    Indicator(
        key=f"{COMPLAINT}.closed_on_time",
        label="法律服务投诉按期办结",
        unit="件",
        definition="办结日期在统计期间内、受理决定、处理结果和答复均未超过各自期限的投诉。",
        register=COMPLAINT,
        group=CLOSED,
        match=(("late", (False,)),),
        columns=(*COMPLAINT_COLUMNS, "closed_date", "late"),
    ),
    Indicator(
        key=f"{COMPLAINT}.overdue",
        label="法律服务投诉超期未办",
        unit="件",
        definition="统计期末（期间未结束时为今天）已超过受理期限、处理期限或答复期限，"
        "而相应决定或答复尚未作出的投诉。",
        register=COMPLAINT,
        records=overdue_complaints,
        columns=(*COMPLAINT_COLUMNS, "acceptance_deadline", "handling_deadline", "reply_deadline"),
    ),
)

# --- legal_service_check --------------------------------------------------------------------

# As 法治督察's findings: the campaign's long name made the drill-down wider than its box.
FINDING_COLUMNS = (
    "check_number",
    "org_name",
    "problems",
    "rectification_deadline",
    "status",
)


def _checks(units):
    return LegalServiceCheck.objects.filter(unit__in=units)


def checked_records(period: Period, units):
    """The records of the checks made in the period (with a finding or without)."""
    return _checks(units).filter(check_date__range=(period.start, period.end))


def on_time_records(period: Period, units):
    """Findings of the period's checks rectified by their deadline."""
    return checked_records(period, units).filter(rectification.on_time_condition())


def overdue_checks(period: Period, units):
    """Findings made by the period's end, past their 整改期限 and not rectified then."""
    day = _judged_on(period)
    return _checks(units).filter(rectification.overdue_condition(day), check_date__lte=day)


def _organisations(records) -> int:
    """An organisation is one licence number, however many times and findings."""
    return records.order_by().values("licence_number").distinct().count()


FINDINGS = Group(f"{CHECK}.records", checked_records, ("status",), dated_by="check_date")

CHECK_INDICATORS = (
    Indicator(
        key=f"{CHECK}.organisations",
        label="检查法律服务机构",
        unit="家",
        definition="检查日期在统计期间内被检查的法律服务机构，按许可证号计，不论检查几次。",
        register=CHECK,
        records=checked_records,
        value=_organisations,
        columns=("check_number", "campaign_name", "org_name", "unmatched", "check_date"),
    ),
    Indicator(
        key=f"{CHECK}.findings",
        label="检查发现问题",
        unit="个",
        definition="检查日期在统计期间内的检查发现的问题。",
        register=CHECK,
        group=FINDINGS,
        match=(("status", rectification.FOUND),),
        columns=FINDING_COLUMNS,
    ),
    Indicator(
        key=f"{CHECK}.rectified",
        label="检查问题整改到位",
        unit="个",
        definition="检查日期在统计期间内的检查发现、已登记整改完成的问题。",
        register=CHECK,
        group=FINDINGS,
        match=(("status", (Status.RECTIFIED,)),),
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{CHECK}.rectified_on_time",
        label="检查问题按期整改到位",
        unit="个",
        definition="检查日期在统计期间内的检查发现、整改完成日期不晚于整改期限的问题。",
        register=CHECK,
        records=on_time_records,
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{CHECK}.on_time_rate",
        label="检查问题按期整改率",
        unit="%",
        definition="按期整改到位的问题 ÷ 发现的问题（检查日期在统计期间内）。",
        register=CHECK,
        numerator=f"{CHECK}.rectified_on_time",
        denominator=f"{CHECK}.findings",
        columns=(*FINDING_COLUMNS, "rectified_date"),
    ),
    Indicator(
        key=f"{CHECK}.overdue",
        label="检查问题整改到期未完成",
        unit="个",
        definition="统计期末（期间未结束时为今天）已过整改期限、尚未整改完成的检查发现的问题。",
        register=CHECK,
        records=overdue_checks,
        columns=FINDING_COLUMNS,
    ),
)


def register():
    """Called once from ProfessionOversightConfig.ready()."""
    declare_settings(*PERIOD_SETTINGS)
    register_indicators(*COMPLAINT_INDICATORS, *CHECK_INDICATORS)
