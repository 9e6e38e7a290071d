"""安置帮教's figures (domain/corrections.md) and the settings of the 帮教期.

Who is on the register is decided on the period's last day D (today, while the period runs)
from the dates, not from today's status: released by D, the 帮教期 not over before D, and not
taken off (终止日期) on or before D. Those subjects are one family (one GROUP BY over 重点,
档案完整 and 安置情况); key subjects released in the period are another (grouped by 必接必送).

The rates keep their numerator and denominator as indicators of their own
(resettlement.archived, .placed, .key_released, .escorted), as every rate in the registry does.
"""

from django.db.models import Q
from django.utils import timezone

from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import (
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
)

from . import columns, rules
from .models import PLACED, ResettlementStatus, ResettlementSubject, SubjectKind

REGISTER = columns.REGISTER.name
PREFIX = "resettlement."
# The drill-down shows no ID number or address; the name is masked there by the figures page.
COLUMNS = ("name", "kind", "release_date", "period_end", "status")

# --- settings ---------------------------------------------------------------------------


def _years_setting(kind: str, label: str) -> Setting:
    return Setting(
        key=f"{PREFIX}period_years.{kind}",
        label=f"安置帮教期（{label}）",
        choices=tuple((str(n), f"{n}年") for n in range(1, 6)),
        default=str(rules.DEFAULT_YEARS[SubjectKind(kind)]),
        help=(
            f"{label}人员自释放或解矫之日起的帮教年数，按省级安置帮教规定设置；"
            "修改只用于此后登记或修改的对象；已登记对象的帮教期满日期，须由运维人员在服务器上"
            "重新计算期限（见部署手册“管理命令”）。"
        ),
    )


PERIOD_YEARS = {kind: _years_setting(kind, label) for kind, label in SubjectKind.choices}


def period_settings(values: dict) -> dict:
    """The numbers rules.derive needs, from RegisterSetting.objects.current()."""
    return {"period_years": {kind: int(values[s.key]) for kind, s in PERIOD_YEARS.items()}}


# --- records ----------------------------------------------------------------------------


def _subjects(units):
    return ResettlementSubject.objects.filter(unit__in=units)


def registered_on(day, units):
    """Subjects on the register on `day` (rules.registered_on, in SQL)."""
    return _subjects(units).filter(
        Q(ended_date__isnull=True) | Q(ended_date__gt=day),
        release_date__lte=day,
        period_end__gte=day,
    )


def registered_records(period: Period, units):
    """On the period's last day; for a period not over yet, today: who will be on the register
    at the year's end is not known before (a subject may still reoffend or move away)."""
    return registered_on(min(period.end, timezone.localdate()), units)


def received_records(period: Period, units):
    """Taken on in the period: released from prison, or out of 社区矫正, on a day in it."""
    return _subjects(units).filter(release_date__range=(period.start, period.end))


def key_released_records(period: Period, units):
    return _subjects(units).filter(key_subject=True, release_date__range=(period.start, period.end))


def reoffended_records(period: Period, units):
    return _subjects(units).filter(
        status=ResettlementStatus.REOFFENDED, ended_date__range=(period.start, period.end)
    )


REGISTERED = Group(
    f"{PREFIX}registered", registered_records, ("key_subject", "archive_complete", "placement")
)
# Intake by type, as bureaus report it ("刑释138人、解矫184人"): its two parts sum to the whole.
RECEIVED = Group(
    f"{PREFIX}received",
    received_records,
    ("kind",),
    parts_sum_to_whole=True,
    dated_by="release_date",
)
KEY_RELEASED = Group(
    f"{PREFIX}key_released", key_released_records, ("escorted",), dated_by="release_date"
)

ON_LAST_DAY = (
    "统计期末日（期间未结束的为今天）在册（释放或解矫日期不晚于该日、帮教期满日期不早于该日、"
    "且该日及以前未终止）"
)

RESETTLEMENT_INDICATORS = (
    Indicator(
        key=f"{PREFIX}received",
        label="新接收安置帮教对象",
        unit="人",
        definition="释放或解矫日期在统计期间内的安置帮教对象（刑满释放与解除社区矫正之和）。",
        register=REGISTER,
        group=RECEIVED,
        columns=COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}received",
        SubjectKind.choices,
        field="kind",
        group=RECEIVED,
        label="新接收（{label}）",
        unit="人",
        definition="释放或解矫日期在统计期间内、对象类型为“{label}”的安置帮教对象。",
        register=REGISTER,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}registered",
        label="在册安置帮教对象",
        unit="人",
        definition=f"{ON_LAST_DAY}的安置帮教对象，按日期计算，不看当前状态。",
        register=REGISTER,
        group=REGISTERED,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}key_subjects",
        label="重点帮教对象",
        unit="人",
        definition=f"{ON_LAST_DAY}、且为重点帮教对象的安置帮教对象。",
        register=REGISTER,
        group=REGISTERED,
        match=(("key_subject", (True,)),),
        columns=(*COLUMNS, "key_subject"),
    ),
    Indicator(
        key=f"{PREFIX}archived",
        label="已建档在册对象",
        unit="人",
        definition=f"{ON_LAST_DAY}、档案完整的安置帮教对象（一人一档建档率的分子）。",
        register=REGISTER,
        group=REGISTERED,
        match=(("archive_complete", (True,)),),
        columns=(*COLUMNS, "archive_complete"),
    ),
    Indicator(
        key=f"{PREFIX}archive_rate",
        label="一人一档建档率",
        unit="%",
        definition="档案完整的在册对象 ÷ 在册安置帮教对象（均按统计期末日在册计算）。",
        register=REGISTER,
        numerator=f"{PREFIX}archived",
        denominator=f"{PREFIX}registered",
        columns=(*COLUMNS, "archive_complete"),
    ),
    Indicator(
        key=f"{PREFIX}key_released",
        label="期内释放的重点帮教对象",
        unit="人",
        definition="释放或解矫日期在统计期间内的重点帮教对象（必接必送率的分母）。",
        register=REGISTER,
        group=KEY_RELEASED,
        columns=(*COLUMNS, "escorted"),
    ),
    Indicator(
        key=f"{PREFIX}escorted",
        label="必接必送重点帮教对象",
        unit="人",
        definition="释放或解矫日期在统计期间内、实行了必接必送的重点帮教对象（必接必送率的分子）。",
        register=REGISTER,
        group=KEY_RELEASED,
        match=(("escorted", (True,)),),
        columns=(*COLUMNS, "escorted", "handover_date"),
    ),
    Indicator(
        key=f"{PREFIX}escort_rate",
        label="必接必送率",
        unit="%",
        definition="期内释放的重点帮教对象中必接必送的 ÷ 期内释放的重点帮教对象。",
        register=REGISTER,
        numerator=f"{PREFIX}escorted",
        denominator=f"{PREFIX}key_released",
        columns=(*COLUMNS, "escorted", "handover_date"),
    ),
    Indicator(
        key=f"{PREFIX}placed",
        label="已安置在册对象",
        unit="人",
        definition=(
            f"{ON_LAST_DAY}、安置情况为就业、自主创业、纳入低保或其他的安置帮教对象"
            "（安置率的分子；未填写安置情况的按未安置计）。"
        ),
        register=REGISTER,
        group=REGISTERED,
        match=(("placement", tuple(str(p) for p in PLACED)),),
        columns=(*COLUMNS, "placement"),
    ),
    Indicator(
        key=f"{PREFIX}placement_rate",
        label="安置率",
        unit="%",
        definition="已安置的在册对象 ÷ 在册安置帮教对象；安置情况未填写的按未安置计。",
        register=REGISTER,
        numerator=f"{PREFIX}placed",
        denominator=f"{PREFIX}registered",
        columns=(*COLUMNS, "placement"),
    ),
    Indicator(
        key=f"{PREFIX}reoffended",
        label="重新犯罪",
        unit="人",
        definition="状态为重新犯罪、终止日期在统计期间内的安置帮教对象。",
        register=REGISTER,
        records=reoffended_records,
        columns=(*COLUMNS, "ended_date"),
    ),
)


def register():
    """Called once from ResettlementConfig.ready()."""
    declare_settings(*PERIOD_YEARS.values())
    register_indicators(*RESETTLEMENT_INDICATORS)
