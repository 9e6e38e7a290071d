"""行政应诉's figures, as listed in docs/domain/litigation.md (each with its definition and
source there).

Three families, each one GROUP BY query:

- cases handled in the period (办理: pending at any time in it), with the parts received in it
  (新收): by 审级, 共同应诉, 规范性文件附带审查, and those that followed a reconsideration
  (复议后诉讼), by how each stood at the period's end (its 结案方式, or still pending);
- cases concluded in the period (审结), by 裁判结果 and by 结案方式: the breakdowns, 判决结案,
  败诉 and 胜诉;
- cases heard in the period (开庭审理), by whether the agency's head appeared, and spoke.

Rates are computed from their operands, never queried. 败诉 is defined by no statute: which
results count is the setting `litigation.lost_results`; whether 败诉率 and 胜诉率 divide by every
concluded case or by the judgments only is the setting `litigation.loss_rate.denominator`. Both
are declared here with the register that owns them, and named beside every figure they decide.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, Q, Value, When

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
from .models import LOST_JUDGMENTS_DEFAULT, ClosingMethod, Instance, Judgment, LitigationCase

REGISTER = columns.REGISTER.name
PREFIX = "litigation."
COMMON_COLUMNS = ("plaintiff", "defendant", "notice_received_date")
HANDLED_COLUMNS = (*COMMON_COLUMNS, "concluded_date", "status", "reconsideration_number")
RECEIVED_COLUMNS = (*COMMON_COLUMNS, "instance", "joint_defence", "normative_review")
AFTER_COLUMNS = (*COMMON_COLUMNS, "reconsideration_number", "concluded_date", "closing_method")
CONCLUDED_COLUMNS = (*COMMON_COLUMNS, "concluded_date", "judgment", "closing_method")
HEARD_COLUMNS = (
    *COMMON_COLUMNS,
    "hearing_date",
    "head_appeared",
    "head_name",
    "head_title",
    "head_spoke",
)

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

CONCLUDED, JUDGED = "concluded", "judged"
LOSS_DENOMINATOR = Setting(
    key=f"{PREFIX}loss_rate.denominator",
    label="败诉率、胜诉率的分母",
    choices=(
        (CONCLUDED, "审结件数（判决、裁定、撤诉、调解等全部结案方式）"),
        (JUDGED, "判决结案件数"),
    ),
    default=CONCLUDED,
    help="各地口径不同：有的以全部审结案件为分母，有的只以判决结案的案件为分母"
    "（“已判决的54件中有12件败诉”）。以判决结案为分母时，败诉只计判决结案的败诉案件。",
)

# How a case received in the period stood at its end (`ended_as`): its 结案方式 once concluded
# by then, "" for a concluded case whose 结案方式 is still to be said, else pending.
PENDING = "pending"
UNRESOLVED_LABEL = "待确定"


@dataclass(frozen=True)
class ChooseOthers(Choose):
    """The values of `among` that the setting (a set) does not choose: 胜诉 is a judgment whose
    result is not one the setting counts as lost."""

    among: tuple = ()

    def resolve(self, settings):
        chosen = set(super().resolve(settings))
        return tuple(value for value in self.among if value not in chosen)


def _cases(units):
    return LitigationCase.objects.filter(unit__in=units)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def handled_records(period: Period, units):
    """Pending at some time in the period: received by its end and not concluded before its
    start. A case concluded on the first day was still pending that day, so it counts.

    Annotated with the fields its family is grouped by: `received` (in the period), `linked`
    (to a reconsideration case) and `ended_as` (how it stood at the period's end); 新收 and
    复议后诉讼 are parts of this whole, since a case received in the period was pending in it."""
    concluded_before = Q(concluded_date__lt=period.start) & ~Q(judgment="")
    concluded_by_end = Q(concluded_date__lte=period.end) & ~Q(judgment="")
    return (
        _cases(units)
        .filter(notice_received_date__lte=period.end)
        .exclude(concluded_before)
        .annotate(
            received=_flag(Q(notice_received_date__gte=period.start)),
            linked=_flag(Q(reconsideration__isnull=False)),
            ended_as=Case(
                When(concluded_by_end, then=F("closing_method")),
                default=Value(PENDING),
                output_field=CharField(),
            ),
        )
    )


def concluded_records(period: Period, units):
    """审结 needs both 审结日期 and 裁判结果 (litigation.md); the checks require them together,
    and the judgment and 结案方式 are what the family is grouped by."""
    return (
        _cases(units).filter(concluded_date__range=(period.start, period.end)).exclude(judgment="")
    )


def heard_records(period: Period, units):
    """By the hearing date alone: a hearing in the period counts whether the case was concluded
    in it, later, or not yet (a hearing cannot follow the conclusion, the checks see to that)."""
    return _cases(units).filter(hearing_date__range=(period.start, period.end))


HANDLED = Group(
    f"{PREFIX}handled",
    handled_records,
    ("received", "linked", "instance", "joint_defence", "normative_review", "ended_as"),
)
# The 结案方式 parts (litigation.concluded.<结案方式>, and 待确定) sum to 审结.
CONCLUDED_GROUP = Group(
    f"{PREFIX}concluded",
    concluded_records,
    ("judgment", "closing_method"),
    parts_sum_to_whole=True,
    dated_by="concluded_date",
)
HEARD = Group(f"{PREFIX}heard", heard_records, ("head_appeared", "head_spoke"))

RECEIVED = (("received", (True,)),)
AFTER_RECONSIDERATION = (*RECEIVED, ("linked", (True,)))
BY_JUDGMENT = (("closing_method", (ClosingMethod.JUDGMENT,)),)


def _rate(key, label, definition, numerator, denominator, columns) -> Indicator:
    def operand(keys):
        return keys if isinstance(keys, Choose) else f"{PREFIX}{keys}"

    return Indicator(
        key=f"{PREFIX}{key}",
        label=label,
        unit="%",
        definition=definition,
        register=REGISTER,
        numerator=operand(numerator),
        denominator=operand(denominator),
        columns=columns,
    )


def _received_part(key, label, definition, match) -> Indicator:
    """A part of 新收: a flow by the date the notice was received, as 新收 is."""
    return Indicator(
        key=f"{PREFIX}{key}",
        label=label,
        unit="件",
        definition=definition,
        register=REGISTER,
        group=HANDLED,
        match=(*RECEIVED, *match),
        columns=RECEIVED_COLUMNS,
        dated_by="notice_received_date",
    )


def _after_reconsideration_part(name, label, definition, ended) -> Indicator:
    """How the suits after a reconsideration, received in the period, stood at its end. Not a
    flow: where a case stands depends on the period's last day, not on a date in it."""
    return Indicator(
        key=f"{PREFIX}after_reconsideration.{name}",
        label=label,
        unit="件",
        definition=definition,
        register=REGISTER,
        group=HANDLED,
        match=(*AFTER_RECONSIDERATION, ("ended_as", (ended,))),
        columns=AFTER_COLUMNS,
    )


def _concluded_part(name, label, definition, closing) -> Indicator:
    return Indicator(
        key=f"{PREFIX}concluded.{name}",
        label=label,
        unit="件",
        definition=definition,
        register=REGISTER,
        group=CONCLUDED_GROUP,
        match=(("closing_method", (closing,)),),
        columns=CONCLUDED_COLUMNS,
    )


def _loss_operand(concluded_key: str, judged_key: str) -> Choose:
    return Choose(
        LOSS_DENOMINATOR.key,
        ((CONCLUDED, f"{PREFIX}{concluded_key}"), (JUDGED, f"{PREFIX}{judged_key}")),
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
        match=RECEIVED,
        columns=RECEIVED_COLUMNS,
        # Received in the period, hence pending in it (a case is not concluded before it is
        # received: rules.check): a flow by its receipt, though 办理 as a whole is not one.
        dated_by="notice_received_date",
    ),
    *(
        _received_part(
            f"by_instance.{label}",
            f"新收（{label}）",
            f"收到应诉通知日期在统计期间内、审级为{label}的案件。",
            (("instance", (value,)),),
        )
        for value, label in Instance.choices
    ),
    _received_part(
        "joint_defence",
        "共同应诉",
        "收到应诉通知日期在统计期间内、复议机关维持原行政行为后与作出原行政行为的机关"
        "作共同被告的案件（行政诉讼法第二十六条第二款）。",
        (("joint_defence", (True,)),),
    ),
    _received_part(
        "normative_review",
        "规范性文件附带审查",
        "收到应诉通知日期在统计期间内、原告一并请求审查规范性文件的案件（行政诉讼法第五十三条）。",
        (("normative_review", (True,)),),
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
        match=AFTER_RECONSIDERATION,
        columns=AFTER_COLUMNS,
    ),
    # Its parts, summing to it: "1件被法院裁定驳回原告起诉，另2件暂未审结".
    *(
        _after_reconsideration_part(
            label,
            f"复议后诉讼（{label}结案）",
            f"复议后诉讼中，至统计期末已审结、结案方式为{label}的案件。",
            value,
        )
        for value, label in ClosingMethod.choices
    ),
    _after_reconsideration_part(
        PENDING,
        "复议后诉讼（暂未审结）",
        "复议后诉讼中，至统计期末尚未审结的案件。",
        PENDING,
    ),
    _after_reconsideration_part(
        UNRESOLVED_LABEL,
        "复议后诉讼（已审结、结案方式待确定）",
        "复议后诉讼中，至统计期末已审结、裁判结果为“其他”而结案方式尚待确定的案件。",
        "",
    ),
    Indicator(
        key=f"{PREFIX}concluded",
        label="审结",
        unit="件",
        definition="审结日期在统计期间内的案件，不论何时收到应诉通知、裁判结果如何。",
        register=REGISTER,
        group=CONCLUDED_GROUP,
        columns=CONCLUDED_COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}concluded",
        ClosingMethod.choices,
        field="closing_method",
        group=CONCLUDED_GROUP,
        label="审结（{label}）",
        unit="件",
        definition="审结日期在统计期间内、结案方式为{label}的案件。",
        register=REGISTER,
        columns=CONCLUDED_COLUMNS,
    ),
    _concluded_part(
        UNRESOLVED_LABEL,
        "审结（结案方式待确定）",
        "审结日期在统计期间内、裁判结果为“其他”而结案方式尚待确定的案件；"
        "在登记簿中选“仅看结案方式待确定”逐件补填。",
        "",
    ),
    *breakdown(
        f"{PREFIX}by_result",
        Judgment.choices,
        field="judgment",
        group=CONCLUDED_GROUP,
        label="审结（{label}）",
        unit="件",
        definition="审结日期在统计期间内、裁判结果为“{label}”的案件。",
        register=REGISTER,
        columns=CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}judged",
        label="判决结案",
        unit="件",
        definition="审结日期在统计期间内、以判决结案的案件（不含裁定驳回起诉、撤诉、调解）。",
        register=REGISTER,
        group=CONCLUDED_GROUP,
        match=BY_JUDGMENT,
        columns=CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}lost",
        label="败诉",
        unit="件",
        definition="审结日期在统计期间内、裁判结果属于“败诉的裁判结果”设置的案件。",
        register=REGISTER,
        group=CONCLUDED_GROUP,
        match=(("judgment", Choose(LOST_RESULTS.key)),),
        columns=CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}judged_lost",
        label="判决败诉",
        unit="件",
        definition="审结日期在统计期间内、以判决结案且裁判结果属于“败诉的裁判结果”设置的案件。",
        register=REGISTER,
        group=CONCLUDED_GROUP,
        match=(*BY_JUDGMENT, ("judgment", Choose(LOST_RESULTS.key))),
        columns=CONCLUDED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}won",
        label="胜诉",
        unit="件",
        definition="审结日期在统计期间内、以判决结案且裁判结果不属于“败诉的裁判结果”设置的案件"
        "（默认即判决驳回原告诉讼请求）。",
        register=REGISTER,
        group=CONCLUDED_GROUP,
        match=(
            *BY_JUDGMENT,
            ("judgment", ChooseOthers(LOST_RESULTS.key, among=tuple(Judgment.values))),
        ),
        columns=CONCLUDED_COLUMNS,
    ),
    _rate(
        "loss_rate",
        "败诉率",
        "败诉件数 ÷ 分母。分母按“败诉率、胜诉率的分母”设置：默认为统计期间内审结的全部案件；"
        "选“判决结案件数”时为判决结案的案件，分子也只计判决结案的败诉案件。"
        "哪些裁判结果算败诉，按“败诉的裁判结果”设置。",
        _loss_operand("lost", "judged_lost"),
        _loss_operand("concluded", "judged"),
        CONCLUDED_COLUMNS,
    ),
    _rate(
        "win_rate",
        "胜诉率",
        "胜诉件数（判决结案且不属于败诉的案件）÷ 分母。分母按“败诉率、胜诉率的分母”设置："
        "默认为统计期间内审结的全部案件，或判决结案的案件。",
        "won",
        _loss_operand("concluded", "judged"),
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
        "负责人出庭应诉的件数 ÷ 统计期间内开庭审理的件数（不开庭审理的案件不计入分母）。",
        "head_appeared",
        "heard",
        HEARD_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}head_spoke",
        label="负责人出庭且出声",
        unit="件",
        definition="开庭日期在统计期间内、行政机关负责人出庭并在庭审中陈述、答辩或就实质性化解"
        "争议发表意见的案件（法释〔2020〕3号第十一条）。",
        register=REGISTER,
        group=HEARD,
        match=(("head_appeared", (True,)), ("head_spoke", (True,))),
        columns=HEARD_COLUMNS,
    ),
    _rate(
        "head_spoke_rate",
        "负责人出庭出声率",
        "负责人出庭且出声的件数 ÷ 统计期间内开庭审理的件数。",
        "head_spoke",
        "heard",
        HEARD_COLUMNS,
    ),
)


def register():
    """Called once from LitigationConfig.ready()."""
    declare_settings(LOST_RESULTS, LOSS_DENOMINATOR)
    register_indicators(*LITIGATION_INDICATORS)
