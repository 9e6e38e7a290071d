"""行政复议's figures, as listed in docs/domain/reconsideration.md ("Figures").

Each family is one GROUP BY query: cases received in the period (by 行政行为类别), the same
cases classified (被申请人类型, 申请人类型, 行政管理领域: each breakdown sums to the whole),
cases closed in the period (by 办结方式 and 是否提起行政诉讼), cases resolved before acceptance
(by 化解方式), and the two single counts (accepted, overdue). Rates are computed from their
operands, never queried; where practice differs on a rate's numerator or denominator, a
register setting holds the choice (Choose).
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

from . import columns, rules
from .models import (
    AdminField,
    ApplicantKind,
    Outcome,
    PreAcceptanceMethod,
    ReconsiderationCase,
    RespondentKind,
)

REGISTER = columns.REGISTER.name
PREFIX = "reconsideration."
COMMON_COLUMNS = ("applicant", "respondent", "act_type", "received_date")
RECEIVED_COLUMNS = (*COMMON_COLUMNS, "review_result", "status")
CLASSIFIED_COLUMNS = (
    "applicant",
    "applicant_kind",
    "respondent",
    "respondent_kind",
    "admin_field",
    "received_date",
)
# Not the act's kind and receipt: with the 2023 law's longer 办结方式 the list of a closing
# figure would no longer fit a desk's width (the browser half of the page contract).
CLOSED_COLUMNS = ("applicant", "respondent", "closed_date", "outcome", "sued")
PRE_ACCEPTANCE_COLUMNS = (*COMMON_COLUMNS, "closed_date", "pre_acceptance_method")
UNFILLED = "未填"  # the part of a breakdown for records that do not say (older ones)


def _cases(units):
    return ReconsiderationCase.objects.filter(unit__in=units)


def received_records(period: Period, units):
    return _cases(units).filter(received_date__range=(period.start, period.end))


def closed_records(period: Period, units):
    return _cases(units).filter(closed_date__range=(period.start, period.end)).exclude(outcome="")


def pre_acceptance_records(period: Period, units):
    return closed_records(period, units).filter(outcome=Outcome.PRE_ACCEPTANCE_RESOLVED)


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
# The received cases again, grouped by who applied against whom in what field. Its own family
# (the stored yearly shares of `received` keep their shape), whose whole is the same count:
# each of its three breakdowns, 未填 included, sums to it.
CLASSIFIED = Group(
    f"{PREFIX}received_classified",
    received_records,
    ("respondent_kind", "applicant_kind", "admin_field"),
    parts_sum_to_whole=True,
    dated_by="received_date",
)
# Every part of reconsideration.closed.* counts outcomes no other part counts: they sum to 办结.
CLOSED = Group(
    f"{PREFIX}closed",
    closed_records,
    ("outcome", "sued"),
    parts_sum_to_whole=True,
    dated_by="closed_date",
)
PRE_ACCEPTANCE = Group(
    f"{PREFIX}pre_acceptance_resolved",
    pre_acceptance_records,
    ("pre_acceptance_method",),
    parts_sum_to_whole=True,
    dated_by="closed_date",
)

# reconsideration.closed.<key> → the 办结方式 it counts: one per outcome, but 撤销 and 部分撤销
# share the key `revoked` as they always did (each apart: reconsideration.revoked_only and
# reconsideration.partly_revoked_only).
CLOSED_PARTS = (
    ("not_accepted", (Outcome.NOT_ACCEPTED,)),
    ("abandoned", (Outcome.ABANDONED,)),
    ("pre_acceptance_resolved", (Outcome.PRE_ACCEPTANCE_RESOLVED,)),
    ("upheld", (Outcome.UPHELD,)),
    ("varied", (Outcome.VARIED,)),
    ("revoked", (Outcome.REVOKED, Outcome.PARTLY_REVOKED)),
    ("revoked_redo", (Outcome.REVOKED_REDO,)),
    ("partly_revoked_redo", (Outcome.PARTLY_REVOKED_REDO,)),
    ("confirmed_illegal", (Outcome.CONFIRMED_ILLEGAL,)),
    ("confirmed_void", (Outcome.CONFIRMED_VOID,)),
    ("ordered", (Outcome.ORDERED,)),
    ("agreement_liability", (Outcome.AGREEMENT_LIABILITY,)),
    ("agreement_compensation", (Outcome.AGREEMENT_COMPENSATION,)),
    ("claims_rejected", (Outcome.CLAIMS_REJECTED,)),
    ("application_rejected", (Outcome.APPLICATION_REJECTED,)),
    ("mediated", (Outcome.MEDIATED,)),
    ("settled", (Outcome.SETTLED,)),
    ("withdrawn", (Outcome.WITHDRAWN,)),
    ("terminated_death", (Outcome.TERMINATED_DEATH,)),
    ("terminated_dissolved", (Outcome.TERMINATED_DISSOLVED,)),
    ("terminated_detained", (Outcome.TERMINATED_DETAINED,)),
    ("terminated_suspension", (Outcome.TERMINATED_SUSPENSION,)),
    ("other_terminated", (Outcome.OTHER_TERMINATED,)),
)
CORRECTED_OUTCOMES = rules.CORRECTIONS
CONCLUDED_OUTCOMES = tuple(o for o in Outcome.values if o in rules.MERITS_OUTCOMES)
TERMINATED_OUTCOMES = rules.TERMINATIONS
DECIDED_OUTCOMES = tuple(o for o in Outcome.values if o in rules.DECISIONS)
MEDIATION_KEYS = tuple(f"{PREFIX}closed.{k}" for k in ("mediated", "settled", "withdrawn"))

CORRECTED, CONCLUDED = f"{PREFIX}corrected", f"{PREFIX}concluded"
PRE_ACCEPTED = f"{PREFIX}pre_acceptance_resolved"

# The stored values of the first three choices are those of the setting's first version, so
# a choice made then still means what it meant ("closed_on_merits" was always 审结).
CORRECTION_DENOMINATOR = Setting(
    key=f"{PREFIX}correction_rate.denominator",
    label="复议纠错率的分母",
    choices=(
        ("closed_on_merits", "审结件数（受理后办结的，不含不予受理、逾期未补正、受理前化解）"),
        ("accepted", "新受理件数"),
        ("received", "收到申请件数"),
        ("decided", "作出决定件数（审结中以行政复议决定书结案的，不含调解和终止）"),
        ("closed", "办结件数"),
    ),
    default="closed_on_merits",
    help="各地统计口径不同：多数以审结件数为分母，也有以新受理、收到申请或作出决定件数为分母的。",
)
MEDIATION_DENOMINATOR = Setting(
    key=f"{PREFIX}mediation_rate.denominator",
    label="调解和解率的分母",
    choices=(
        ("closed", "办结件数"),
        ("concluded", "审结件数"),
        ("received", "收到申请件数"),
    ),
    default="closed",
    help="各地统计口径不同：有的以办结件数为分母，有的以审结件数为分母。",
)
# 综合化解率's numerator: the outcome groups a bureau counts as resolved. The choices are
# disjoint sets of cases (each an indicator), so their sum counts a case once.
RESOLUTION_NUMERATOR = Setting(
    key=f"{PREFIX}resolution_rate.numerator",
    label="综合化解率计入的结案方式",
    choices=(
        (f"{PREFIX}closed.mediated", "调解"),
        (f"{PREFIX}closed.settled", "和解"),
        (f"{PREFIX}closed.withdrawn", "申请人撤回申请（撤回终止）"),
        (PRE_ACCEPTED, "受理前化解"),
        (CORRECTED, "直接纠错（变更、撤销、确认违法、责令履行、确认无效等）"),
        (f"{PREFIX}closed.upheld", "维持"),
        (f"{PREFIX}closed.claims_rejected", "驳回复议请求"),
    ),
    default=(
        f"{PREFIX}closed.mediated",
        f"{PREFIX}closed.settled",
        f"{PREFIX}closed.withdrawn",
        PRE_ACCEPTED,
        CORRECTED,
    ),
    help="没有查到全国统一的“综合化解率”口径；默认计入调解、和解、撤回、受理前化解和直接纠错。",
)
RESOLUTION_DENOMINATOR = Setting(
    key=f"{PREFIX}resolution_rate.denominator",
    label="综合化解率的分母",
    choices=(
        ("concluded_and_pre_acceptance", "审结件数加受理前化解件数"),
        ("closed", "办结件数"),
        ("concluded", "审结件数"),
        ("received", "收到申请件数"),
    ),
    default="concluded_and_pre_acceptance",
    help="分子计入受理前化解时，分母也应包括受理前化解的案件。",
)
SETTINGS = (
    CORRECTION_DENOMINATOR,
    MEDIATION_DENOMINATOR,
    RESOLUTION_NUMERATOR,
    RESOLUTION_DENOMINATOR,
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


def _closed_count(key, label, definition, outcomes) -> Indicator:
    return Indicator(
        key=f"{PREFIX}{key}",
        label=label,
        unit="件",
        definition=definition,
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


def _classified(key: str, choices, field: str, what: str) -> tuple[Indicator, ...]:
    """One part per choice and one for the records that do not say: they sum to received."""
    parts = breakdown(
        f"{PREFIX}{key}",
        choices,
        field=field,
        group=CLASSIFIED,
        label=f"收到申请（{what}：{{label}}）",
        unit="件",
        definition=f"收到申请日期在统计期间内、{what}为“{{label}}”的案件。",
        register=REGISTER,
        columns=CLASSIFIED_COLUMNS,
    )
    unfilled = Indicator(
        key=f"{PREFIX}{key}.{UNFILLED}",
        label=f"收到申请（{what}未填）",
        unit="件",
        definition=f"收到申请日期在统计期间内、没有填写{what}的案件（多为此项登记前的案件）。",
        register=REGISTER,
        group=CLASSIFIED,
        match=((field, ("",)),),
        columns=CLASSIFIED_COLUMNS,
    )
    return (*parts, unfilled)


CONCLUDED_WORDS = "受理后办结（审结）的案件，即办结方式不是不予受理、逾期未补正或受理前化解的案件"
DECIDED_WORDS = (
    "审结案件中以行政复议决定书（第七十五条）结案的，即变更、撤销（含部分撤销、责令重新作出）、"
    "确认违法、责令履行、确认无效、维持、驳回复议请求、行政协议决定（第七十一条）和驳回申请"
    "（第三十三条），不含调解（调解书，第七十三条）和终止（第四十一条、第七十四条）"
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
        key=CLASSIFIED.key,
        label="收到申请（分类统计）",
        unit="件",
        definition="收到申请日期在统计期间内的行政复议案件，与“收到行政复议申请”相同；按被申请人"
        "类型、申请人类型、行政管理领域分别分类，各类（含未填）之和均等于本数。",
        register=REGISTER,
        group=CLASSIFIED,
        columns=CLASSIFIED_COLUMNS,
    ),
    *_classified("by_respondent_kind", RespondentKind.choices, "respondent_kind", "被申请人类型"),
    *_classified("by_applicant_kind", ApplicantKind.choices, "applicant_kind", "申请人类型"),
    *_classified("by_field", AdminField.choices, "admin_field", "行政管理领域"),
    Indicator(
        key=f"{PREFIX}accepted",
        label="受理",
        unit="件",
        definition="受理日期在统计期间内的案件（新受理）。",
        register=REGISTER,
        records=accepted_records,
        columns=(*COMMON_COLUMNS, "accepted_date", "procedure", "status"),
    ),
    Indicator(
        key=f"{PREFIX}closed",
        label="办结",
        unit="件",
        definition="办结日期在统计期间内的案件，不论何时收到申请、以何种方式办结（含不予受理、"
        "逾期未补正和受理前化解）。",
        register=REGISTER,
        group=CLOSED,
        columns=CLOSED_COLUMNS,
    ),
    *(_closed_part(key, outcomes) for key, outcomes in CLOSED_PARTS),
    # reconsideration.closed.revoked counts 撤销 and 部分撤销 together; each apart:
    _closed_count(
        "revoked_only",
        "办结（撤销，不含部分撤销）",
        "办结日期在统计期间内、办结方式为“撤销”的案件（不含部分撤销和责令重新作出的）。",
        (Outcome.REVOKED,),
    ),
    _closed_count(
        "partly_revoked_only",
        "办结（部分撤销）",
        "办结日期在统计期间内、办结方式为“部分撤销”的案件（不含责令重新作出的）。",
        (Outcome.PARTLY_REVOKED,),
    ),
    _closed_count(
        "concluded",
        "审结",
        f"办结日期在统计期间内、{CONCLUDED_WORDS}。",
        CONCLUDED_OUTCOMES,
    ),
    _closed_count(
        "decided",
        "作出决定",
        f"办结日期在统计期间内、{DECIDED_WORDS}的案件。",
        DECIDED_OUTCOMES,
    ),
    _closed_count(
        "terminated",
        "终止",
        "办结日期在统计期间内、决定终止行政复议的案件：第四十一条所列各项情形（撤回终止、"
        "申请人死亡终止、申请人组织终止、刑事强制措施终止、中止满六十日终止），和解后撤回终止"
        "（第七十四条），以及迁移前登记的“其他终止”。",
        TERMINATED_OUTCOMES,
    ),
    Indicator(
        key=PRE_ACCEPTED,
        label="受理前化解",
        unit="件",
        definition="办结日期在统计期间内、在受理前（待审查或待补正时）化解争议而办结的案件；"
        "不计入审结。",
        register=REGISTER,
        group=PRE_ACCEPTANCE,
        columns=PRE_ACCEPTANCE_COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}pre_acceptance",
        PreAcceptanceMethod.choices,
        field="pre_acceptance_method",
        group=PRE_ACCEPTANCE,
        label="受理前化解（{label}）",
        unit="件",
        definition="办结日期在统计期间内、受理前以“{label}”方式化解的案件。",
        register=REGISTER,
        columns=PRE_ACCEPTANCE_COLUMNS,
    ),
    _closed_count(
        "corrected",
        "直接纠错",
        f"办结日期在统计期间内、办结方式为{_part_label(CORRECTED_OUTCOMES)}的案件。",
        CORRECTED_OUTCOMES,
    ),
    _rate(
        "correction_rate",
        "纠错率",
        "分子：直接纠错件数（办结方式为变更、撤销、部分撤销、撤销或部分撤销并责令重新作出、"
        "确认违法、确认无效、责令履行、行政协议决定的案件）；分母按“复议纠错率的分母”设置："
        "审结件数（默认，受理后办结的案件）、新受理件数、收到申请件数、作出决定件数"
        "（审结中以行政复议决定书结案的）或办结件数。",
        CORRECTED,
        Choose(
            CORRECTION_DENOMINATOR.key,
            (
                ("closed_on_merits", CONCLUDED),
                ("accepted", f"{PREFIX}accepted"),
                ("received", f"{PREFIX}received"),
                ("decided", f"{PREFIX}decided"),
                ("closed", f"{PREFIX}closed"),
            ),
        ),
    ),
    _rate(
        "mediation_rate",
        "调解和解率",
        "分子：办结方式为调解、和解终止或撤回终止的件数；分母按“调解和解率的分母”设置："
        "办结件数（默认）、审结件数或收到申请件数。",
        MEDIATION_KEYS,
        Choose(
            MEDIATION_DENOMINATOR.key,
            (
                ("closed", f"{PREFIX}closed"),
                ("concluded", CONCLUDED),
                ("received", f"{PREFIX}received"),
            ),
        ),
    ),
    _rate(
        "resolution_rate",
        "综合化解率",
        "分子：按“综合化解率计入的结案方式”设置的各类案件之和（默认为调解、和解、撤回终止、"
        "受理前化解和直接纠错的件数，各类互不重复）；分母按“综合化解率的分母”设置："
        "审结件数加受理前化解件数（默认）、办结件数、审结件数或收到申请件数。",
        Choose(RESOLUTION_NUMERATOR.key),
        Choose(
            RESOLUTION_DENOMINATOR.key,
            (
                ("concluded_and_pre_acceptance", (CONCLUDED, PRE_ACCEPTED)),
                ("closed", f"{PREFIX}closed"),
                ("concluded", CONCLUDED),
                ("received", f"{PREFIX}received"),
            ),
        ),
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
        "分子：复议后起诉件数（办结后申请人又提起行政诉讼的案件）；分母：办结件数。",
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
    declare_settings(*SETTINGS)
    register_indicators(*RECONSIDERATION_INDICATORS)
