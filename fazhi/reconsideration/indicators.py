"""行政复议's figures, as listed in domain/reconsideration.md.

Three families are each one GROUP BY query: cases received in the period (by 行政行为类别),
cases closed in the period (by 办结方式 and 是否提起行政诉讼), and the two single counts
(accepted, overdue). Rates are computed from their operands, never queried.
"""

from django.db.models import F, Q
from django.utils import timezone

from fazhi.core.choices import ActType
from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import (
    Choose,
    Group,
    Indicator,
    Period,
    breakdown,
    register_indicators,
)

from . import columns
from .models import Outcome, ReconsiderationCase

REGISTER = columns.REGISTER.name
PREFIX = "reconsideration."
COMMON_COLUMNS = ("applicant", "respondent", "act_type", "received_date")
RECEIVED_COLUMNS = (*COMMON_COLUMNS, "review_result", "status")
CLOSED_COLUMNS = (*COMMON_COLUMNS, "closed_date", "outcome", "sued")


def _cases(units):
    return ReconsiderationCase.objects.filter(unit__in=units)


def received_records(period: Period, units):
    return _cases(units).filter(received_date__range=(period.start, period.end))


def closed_records(period: Period, units):
    return _cases(units).filter(closed_date__range=(period.start, period.end)).exclude(outcome="")


def accepted_records(period: Period, units):
    return _cases(units).filter(accepted_date__range=(period.start, period.end))


def overdue_records(period: Period, units):
    """Accepted by the period's end, still open then (a case closed later was open), and past
    its decision deadline. A case suspended at the end counts only if its deadline had passed
    before the suspension began: suspension stops the clock (第三十九条), and the stored
    deadline adds suspended days only once the case resumes."""
    # A period not over yet is judged as of today: a deadline still ahead is not overdue.
    end = min(period.end, timezone.localdate())
    open_at_end = Q(closed_date__isnull=True) | Q(closed_date__gt=end)
    clock_ran_out = (
        Q(suspended_since__isnull=True)
        | Q(suspended_since__gt=end)
        | Q(decision_deadline__lt=F("suspended_since"))
    )
    return _cases(units).filter(
        open_at_end, clock_ran_out, accepted_date__lte=end, decision_deadline__lt=end
    )


RECEIVED = Group(f"{PREFIX}received", received_records, ("act_type",), dated_by="received_date")
CLOSED = Group(f"{PREFIX}closed", closed_records, ("outcome", "sued"), dated_by="closed_date")

# reconsideration.closed.<key> → the 办结方式 it counts (撤销 includes 部分撤销).
CLOSED_PARTS = (
    ("not_accepted", (Outcome.NOT_ACCEPTED,)),
    ("abandoned", (Outcome.ABANDONED,)),
    ("upheld", (Outcome.UPHELD,)),
    ("varied", (Outcome.VARIED,)),
    ("revoked", (Outcome.REVOKED, Outcome.PARTLY_REVOKED)),
    ("confirmed_illegal", (Outcome.CONFIRMED_ILLEGAL,)),
    ("confirmed_void", (Outcome.CONFIRMED_VOID,)),
    ("ordered", (Outcome.ORDERED,)),
    ("claims_rejected", (Outcome.CLAIMS_REJECTED,)),
    ("application_rejected", (Outcome.APPLICATION_REJECTED,)),
    ("mediated", (Outcome.MEDIATED,)),
    ("settled", (Outcome.SETTLED,)),
    ("withdrawn", (Outcome.WITHDRAWN,)),
    ("other_terminated", (Outcome.OTHER_TERMINATED,)),
)
CORRECTED_OUTCOMES = (
    Outcome.VARIED,
    Outcome.REVOKED,
    Outcome.PARTLY_REVOKED,
    Outcome.CONFIRMED_ILLEGAL,
    Outcome.CONFIRMED_VOID,
    Outcome.ORDERED,
)
# Closed at the door, not decided: excluded from the default denominator of 纠错率.
DOOR_PARTS = ("not_accepted", "abandoned")
MERITS_KEYS = tuple(f"{PREFIX}closed.{k}" for k, _ in CLOSED_PARTS if k not in DOOR_PARTS)
MEDIATION_KEYS = tuple(f"{PREFIX}closed.{k}" for k in ("mediated", "settled", "withdrawn"))

CORRECTION_DENOMINATOR = Setting(
    key=f"{PREFIX}correction_rate.denominator",
    label="复议纠错率的分母",
    choices=(
        ("closed_on_merits", "实体审理办结件数（办结件数不含不予受理、逾期未补正）"),
        ("closed", "办结件数"),
        ("received", "收到申请件数"),
    ),
    default="closed_on_merits",
    help="各地统计口径不同：有的以办结件数为分母，有的以收到件数为分母。",
)


def _part_label(outcomes) -> str:
    return "、".join(Outcome(o).label for o in outcomes)


def _quoted(outcomes) -> str:
    return "或".join(f"“{Outcome(o).label}”" for o in outcomes)


def _closed_part(key: str, outcomes) -> Indicator:
    return Indicator(
        key=f"{PREFIX}closed.{key}",
        label=f"办结（{_part_label(outcomes)}）",
        unit="件",
        definition=f"办结日期在统计期间内、办结方式为{_quoted(outcomes)}的案件。",
        register=REGISTER,
        group=CLOSED,
        match=(("outcome", tuple(outcomes)),),
        columns=CLOSED_COLUMNS,
    )


def _rate(key, label, definition, numerator, denominator) -> Indicator:
    return Indicator(
        key=f"{PREFIX}{key}",
        label=label,
        unit="%",
        definition=definition,
        register=REGISTER,
        numerator=numerator,
        denominator=denominator,
        columns=CLOSED_COLUMNS,
    )


RECONSIDERATION_INDICATORS = (
    Indicator(
        key=f"{PREFIX}received",
        label="收到行政复议申请",
        unit="件",
        definition="收到申请日期在统计期间内的行政复议案件。",
        register=REGISTER,
        group=RECEIVED,
        columns=RECEIVED_COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}by_act_type",
        ActType.choices,
        field="act_type",
        group=RECEIVED,
        label="收到申请（{label}）",
        unit="件",
        definition="收到申请日期在统计期间内、行政行为类别为“{label}”的案件。",
        register=REGISTER,
        columns=RECEIVED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}accepted",
        label="受理",
        unit="件",
        definition="受理日期在统计期间内的案件。",
        register=REGISTER,
        records=accepted_records,
        columns=(*COMMON_COLUMNS, "accepted_date", "procedure", "status"),
    ),
    Indicator(
        key=f"{PREFIX}closed",
        label="办结",
        unit="件",
        definition="办结日期在统计期间内的案件，不论何时收到申请、以何种方式办结。",
        register=REGISTER,
        group=CLOSED,
        columns=CLOSED_COLUMNS,
    ),
    *(_closed_part(key, outcomes) for key, outcomes in CLOSED_PARTS),
    Indicator(
        key=f"{PREFIX}corrected",
        label="直接纠错",
        unit="件",
        definition=f"办结日期在统计期间内、办结方式为{_part_label(CORRECTED_OUTCOMES)}的案件。",
        register=REGISTER,
        group=CLOSED,
        match=(("outcome", CORRECTED_OUTCOMES),),
        columns=CLOSED_COLUMNS,
    ),
    _rate(
        "correction_rate",
        "纠错率",
        "直接纠错件数 ÷ 分母；分母按“复议纠错率的分母”设置，默认为实体审理办结件数"
        "（办结件数不含不予受理、逾期未补正）。",
        f"{PREFIX}corrected",
        Choose(
            CORRECTION_DENOMINATOR.key,
            (
                ("closed_on_merits", MERITS_KEYS),
                ("closed", f"{PREFIX}closed"),
                ("received", f"{PREFIX}received"),
            ),
        ),
    ),
    _rate(
        "mediation_rate",
        "调解和解率",
        "办结方式为调解、和解终止或撤回终止的件数 ÷ 办结件数。",
        MEDIATION_KEYS,
        f"{PREFIX}closed",
    ),
    Indicator(
        key=f"{PREFIX}sued_after",
        label="复议后起诉",
        unit="件",
        definition="办结日期在统计期间内、申请人又提起行政诉讼的案件。",
        register=REGISTER,
        group=CLOSED,
        match=(("sued", (True,)),),
        columns=CLOSED_COLUMNS,
    ),
    _rate(
        "sued_after_rate",
        "复议后起诉率",
        "复议后起诉件数 ÷ 办结件数。",
        f"{PREFIX}sued_after",
        f"{PREFIX}closed",
    ),
    Indicator(
        key=f"{PREFIX}overdue",
        label="超期未办结",
        unit="件",
        definition="统计期末已受理、尚未办结且已超过审理期限的案件（中止期间不计入审理期限）。",
        register=REGISTER,
        records=overdue_records,
        columns=(*COMMON_COLUMNS, "accepted_date", "decision_deadline", "status"),
    ),
)


def register():
    """Called once from ReconsiderationConfig.ready()."""
    declare_settings(CORRECTION_DENOMINATOR)
    register_indicators(*RECONSIDERATION_INDICATORS)
