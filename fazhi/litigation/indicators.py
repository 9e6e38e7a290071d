"""行政应诉's figures, as listed in domain/litigation.md.

Three families, each one GROUP BY query:

- cases handled in the period (办理: pending at any time in it), with the two parts received
  in it (新收) and, of those, the ones that followed a reconsideration (复议后诉讼);
- cases concluded in the period (审结), by 裁判结果: the breakdown and 败诉;
- cases heard in the period (开庭审理), by whether the agency's head appeared.

Rates are computed from their operands, never queried. 败诉 is defined by no statute: which
results count is the setting `litigation.lost_results`, declared here with the register that
owns it, and named beside every figure it decides.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q

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
from .models import LOST_JUDGMENTS_DEFAULT, Judgment, LitigationCase

REGISTER = columns.REGISTER.name
PREFIX = "litigation."
COMMON_COLUMNS = ("plaintiff", "defendant", "notice_received_date")
HANDLED_COLUMNS = (*COMMON_COLUMNS, "concluded_date", "status", "reconsideration_number")
CONCLUDED_COLUMNS = (*COMMON_COLUMNS, "concluded_date", "judgment")
HEARD_COLUMNS = (*COMMON_COLUMNS, "hearing_date", "head_appeared", "head_name", "head_title")

# The stored values are those of Judgment, so `judgment` is matched against the setting
# directly; the default is in Judgment's order because a set setting is stored in the order of
# its choices, and only then does the stored default compare equal to it ("（默认）").
LOST_RESULTS = Setting(
    key=f"{PREFIX}lost_results",
    label="败诉的裁判结果",
    choices=tuple((value, str(label)) for value, label in Judgment.choices),
    default=tuple(value for value in Judgment.values if value in LOST_JUDGMENTS_DEFAULT),
    help="计入“败诉”及败诉率的裁判结果。法律没有规定败诉的范围，默认采用通行做法。",
)


def _cases(units):
    return LitigationCase.objects.filter(unit__in=units)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def handled_records(period: Period, units):
    """Pending at some time in the period: received by its end and not concluded before its
    start. A case concluded on the first day was still pending that day, so it counts.

    Annotated with `received` (in the period) and `linked` (to a reconsideration case), the
    fields its family is grouped by: 新收 and 复议后诉讼 are parts of this whole, since a case
    received in the period was pending in it."""
    concluded_before = Q(concluded_date__lt=period.start) & ~Q(judgment="")
    return (
        _cases(units)
        .filter(notice_received_date__lte=period.end)
        .exclude(concluded_before)
        .annotate(
            received=_flag(Q(notice_received_date__gte=period.start)),
            linked=_flag(Q(reconsideration__isnull=False)),
        )
    )


def concluded_records(period: Period, units):
    """审结 needs both 审结日期 and 裁判结果 (litigation.md); the checks require them together,
    and the judgment is what the family is grouped by."""
    return (
        _cases(units).filter(concluded_date__range=(period.start, period.end)).exclude(judgment="")
    )


def heard_records(period: Period, units):
    """By the hearing date alone: a hearing in the period counts whether the case was concluded
    in it, later, or not yet (a hearing cannot follow the conclusion, the checks see to that)."""
    return _cases(units).filter(hearing_date__range=(period.start, period.end))


HANDLED = Group(f"{PREFIX}handled", handled_records, ("received", "linked"))
CONCLUDED = Group(f"{PREFIX}concluded", concluded_records, ("judgment",), dated_by="concluded_date")
HEARD = Group(f"{PREFIX}heard", heard_records, ("head_appeared",))


def _rate(key, label, definition, numerator, denominator, columns) -> Indicator:
    return Indicator(
        key=f"{PREFIX}{key}",
        label=label,
        unit="%",
        definition=definition,
        register=REGISTER,
        numerator=f"{PREFIX}{numerator}",
        denominator=f"{PREFIX}{denominator}",
        columns=columns,
    )


LITIGATION_INDICATORS = (
    Indicator(
        key=f"{PREFIX}handled",
        label="办理行政诉讼案件",
        unit="件",
        definition="统计期间内曾处于审理中的行政应诉案件：期间内收到应诉通知的，"
        "以及此前收到、期间开始时尚未审结的。",
        register=REGISTER,
        group=HANDLED,
        columns=HANDLED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}received",
        label="新收",
        unit="件",
        definition="收到应诉通知日期在统计期间内的案件。",
        register=REGISTER,
        group=HANDLED,
        match=(("received", (True,)),),
        columns=HANDLED_COLUMNS,
        # Received in the period, hence pending in it (a case is not concluded before it is
        # received: rules.check): a flow by its receipt, though 办理 as a whole is not one.
        dated_by="notice_received_date",
    ),
    # By receipt, like 新收: the suit is counted in the year it reaches the bureau. The
    # reconsideration register's own 复议后起诉 counts from the other end, by the year the
    # reconsideration closed, so the two figures differ across a year's end by design.
    Indicator(
        key=f"{PREFIX}after_reconsideration",
        label="复议后诉讼",
        unit="件",
        definition="收到应诉通知日期在统计期间内、关联了行政复议案件的案件。",
        register=REGISTER,
        group=HANDLED,
        match=(("received", (True,)), ("linked", (True,))),
        columns=HANDLED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}concluded",
        label="审结",
        unit="件",
        definition="审结日期在统计期间内的案件，不论何时收到应诉通知、裁判结果如何。",
        register=REGISTER,
        group=CONCLUDED,
        columns=CONCLUDED_COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}by_result",
        Judgment.choices,
        field="judgment",
        group=CONCLUDED,
        label="审结（{label}）",
        unit="件",
        definition="审结日期在统计期间内、裁判结果为“{label}”的案件。",
        register=REGISTER,
        columns=CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}lost",
        label="败诉",
        unit="件",
        definition="审结日期在统计期间内、裁判结果属于“败诉的裁判结果”设置的案件。",
        register=REGISTER,
        group=CONCLUDED,
        match=(("judgment", Choose(LOST_RESULTS.key)),),
        columns=CONCLUDED_COLUMNS,
    ),
    _rate(
        "loss_rate",
        "败诉率",
        "败诉件数 ÷ 审结件数；哪些裁判结果算败诉，按“败诉的裁判结果”设置。",
        "lost",
        "concluded",
        CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}heard",
        label="开庭审理",
        unit="件",
        definition="开庭日期在统计期间内的案件，不论已审结还是尚在审理。",
        register=REGISTER,
        group=HEARD,
        columns=HEARD_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}head_appeared",
        label="负责人出庭应诉",
        unit="件",
        definition="开庭日期在统计期间内、行政机关负责人出庭应诉的案件。",
        register=REGISTER,
        group=HEARD,
        match=(("head_appeared", (True,)),),
        columns=HEARD_COLUMNS,
    ),
    _rate(
        "head_appearance_rate",
        "负责人出庭应诉率",
        "负责人出庭应诉件数 ÷ 开庭审理件数。",
        "head_appeared",
        "heard",
        HEARD_COLUMNS,
    ),
)


def register():
    """Called once from LitigationConfig.ready()."""
    declare_settings(LOST_RESULTS)
    register_indicators(*LITIGATION_INDICATORS)
