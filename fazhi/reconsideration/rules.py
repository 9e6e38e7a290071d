"""行政复议: deadlines, steps and checks, as pure functions of a case's facts.

A "case" here is anything with the register's attributes (an unsaved model instance will do):
nothing in this module touches the database. Periods of 3, 5, 7 and 10 days in 行政复议法 are
working days (第八十八条第二款); the others are calendar days counted under 民事诉讼法 第八十五条.
Delivery, which the 复议法 does not regulate itself, follows the 民事诉讼法's chapter on it
(行政复议法第八十八条第一款): a period the law counts from a party's receipt runs from the
recorded 送达日期, and until a delivery is recorded it waits (Deadline.awaiting "送达").
"""

import datetime

from fazhi.core import steps
from fazhi.core.choices import ActType
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.models import UnitKind
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.text import text_problem
from fazhi.core.workdays import (
    Deadline,
    add_calendar_days,
    add_working_days,
    date_of,
    deadline,
    earliest,
)

from .models import (
    ApplicantKind,
    DeliveryMethod,
    Outcome,
    PreAcceptanceMethod,
    Procedure,
    RespondentKind,
    ReviewResult,
    Status,
    SuspensionGround,
)

REVIEW = "受理审查期限"
CORRECTION_NOTICE = "补正通知期限"
CORRECTION = "补正期限"
COPY = "答复通知期限"
REPLY = "答复期限"
DECISION = "审理期限"
SUSPENSION_LIMIT = "中止满六十日"

AWAITING_DELIVERY = "送达"

# --- outcomes (行政复议法第三十条至第四十一条, 第六十三条至第七十四条) ------------------------
# A case ended before it was accepted: refused (第三十条), the applicant's correction lapsed
# (第三十一条第二款), or the dispute resolved before acceptance. None of them is 审结.
DOOR_OUTCOMES = frozenset(
    {Outcome.NOT_ACCEPTED, Outcome.ABANDONED, Outcome.PRE_ACCEPTANCE_RESOLVED}
)
# The outcomes of an accepted case: 审结.
MERITS_OUTCOMES = frozenset(Outcome.values) - DOOR_OUTCOMES
# 第六十四条: 撤销 or 部分撤销, with or without an order to act again.
REVOCATIONS = (
    Outcome.REVOKED,
    Outcome.PARTLY_REVOKED,
    Outcome.REVOKED_REDO,
    Outcome.PARTLY_REVOKED_REDO,
)
# 直接纠错: the decisions that find the act (or the failure to act) unlawful or improper and
# put it right — 变更 (第六十三条), 撤销 (第六十四条), 确认违法 (第六十五条), 责令履行
# (第六十六条), 确认无效 (第六十七条), and the 行政协议 decisions (第七十一条). The law does not
# define 纠错; this is the statistics' usage, 第七十一条 counted with 责令履行 (its 继续履行).
CORRECTIONS = (
    Outcome.VARIED,
    *REVOCATIONS,
    Outcome.CONFIRMED_ILLEGAL,
    Outcome.CONFIRMED_VOID,
    Outcome.ORDERED,
    Outcome.AGREEMENT_LIABILITY,
    Outcome.AGREEMENT_COMPENSATION,
)
# 终止 (第四十一条): each ground; 和解 ends in 撤回 and 终止 (第七十四条第二款).
TERMINATIONS = (
    Outcome.WITHDRAWN,
    Outcome.SETTLED,
    Outcome.TERMINATED_DEATH,
    Outcome.TERMINATED_DISSOLVED,
    Outcome.TERMINATED_DETAINED,
    Outcome.TERMINATED_SUSPENSION,
    Outcome.OTHER_TERMINATED,
)
# 作出决定: an accepted case ended by a 决定书 (第七十五条) — the decisions of 第六十三至七十二条
# and 驳回申请 (第三十三条: "决定驳回申请") — not by 调解书 (第七十三条) nor by 终止.
DECISIONS = MERITS_OUTCOMES - set(TERMINATIONS) - {Outcome.MEDIATED}
# Values recorded before the law's outcomes were told apart, each standing for any of the
# precise outcomes listed: a record migrated with one of them is flagged `outcome_unresolved`
# until an officer states which (step “明确办结方式”). 其他终止 is retired: a new entry names
# its ground; 撤销 and 部分撤销 remain precise values for a new entry.
LEGACY_OUTCOMES = {
    Outcome.REVOKED: (Outcome.REVOKED, Outcome.REVOKED_REDO),
    Outcome.PARTLY_REVOKED: (Outcome.PARTLY_REVOKED, Outcome.PARTLY_REVOKED_REDO),
    Outcome.OTHER_TERMINATED: tuple(t for t in TERMINATIONS if t != Outcome.OTHER_TERMINATED),
}
RETIRED_OUTCOMES = frozenset({Outcome.OTHER_TERMINATED})
# What an officer closes an accepted case with (the step “办结”, a form, a new row).
CLOSING_OUTCOMES = MERITS_OUTCOMES - RETIRED_OUTCOMES
# Each outcome's legal basis, shown beside it.
OUTCOME_BASIS = {
    Outcome.NOT_ACCEPTED: "行政复议法第三十条",
    Outcome.ABANDONED: "行政复议法第三十一条第二款",
    Outcome.PRE_ACCEPTANCE_RESOLVED: "受理审查期间化解（行政复议法第三十条、第三十一条的审查期间）",
    Outcome.VARIED: "行政复议法第六十三条",
    Outcome.REVOKED: "行政复议法第六十四条",
    Outcome.PARTLY_REVOKED: "行政复议法第六十四条",
    Outcome.REVOKED_REDO: "行政复议法第六十四条",
    Outcome.PARTLY_REVOKED_REDO: "行政复议法第六十四条",
    Outcome.CONFIRMED_ILLEGAL: "行政复议法第六十五条",
    Outcome.ORDERED: "行政复议法第六十六条",
    Outcome.CONFIRMED_VOID: "行政复议法第六十七条",
    Outcome.UPHELD: "行政复议法第六十八条",
    Outcome.CLAIMS_REJECTED: "行政复议法第六十九条",
    Outcome.AGREEMENT_LIABILITY: "行政复议法第七十一条第一款",
    Outcome.AGREEMENT_COMPENSATION: "行政复议法第七十一条第二款",
    Outcome.APPLICATION_REJECTED: "行政复议法第三十三条",
    Outcome.MEDIATED: "行政复议法第七十三条",
    Outcome.SETTLED: "行政复议法第七十四条、第四十一条第一项",
    Outcome.WITHDRAWN: "行政复议法第四十一条第一项",
    Outcome.TERMINATED_DEATH: "行政复议法第四十一条第二项",
    Outcome.TERMINATED_DISSOLVED: "行政复议法第四十一条第三项",
    Outcome.TERMINATED_DETAINED: "行政复议法第四十一条第四项",
    Outcome.TERMINATED_SUSPENSION: "行政复议法第四十一条第五项",
    Outcome.OTHER_TERMINATED: "行政复议法第四十一条（迁移前登记，未区分情形）",
}
# 被申请人类型 of a respondent that is a unit of the tree, by the unit's kind; a unit of any
# other kind (or none) keeps the type entered.
UNIT_RESPONDENT_KINDS = {
    UnitKind.ENFORCEMENT_DEPARTMENT: RespondentKind.COUNTY_DEPARTMENT,
    UnitKind.TOWNSHIP_GOVERNMENT: RespondentKind.TOWNSHIP,
}
EXTENSION_DAYS = 30
SUSPENSION_TERMINATION_DAYS = 60
# 第四十一条（五）: only a suspension under 第三十九条第一款 items (一), (二) and (四) ends in
# 终止 after sixty days; the other grounds have no such limit.
TERMINATING_GROUNDS = frozenset(
    {SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.DISSOLVED}
)
# 民事诉讼法第九十五条 (2023): "自发出公告之日起，经过三十日，即视为送达".
NOTICE_DELIVERY_DAYS = 30
RECIPIENT_MAX_LENGTH = 200


def _ordinary(case) -> bool:
    return case.procedure != Procedure.SIMPLIFIED


def delivered_on(day: datetime.date | None, method: str) -> datetime.date | None:
    """The day a document counts as received: the recorded 送达日期 (民事诉讼法第八十七条:
    the day signed for; 第九十条 electronic: the day it reached the system; 第九十一条 post:
    the day on the receipt). For 公告送达 the recorded day is the day the notice was published
    and delivery is deemed thirty days later (第九十五条) — a plain count: the deemed day is
    the fact the next period starts from, not a time limit for an act, so 第八十五条's
    holiday rule does not move it."""
    if day is None:
        return None
    if method == DeliveryMethod.NOTICE:
        return day + datetime.timedelta(days=NOTICE_DELIVERY_DAYS)
    return day


def review_deadline(case) -> Deadline:
    """5 working days to decide on acceptance (第三十条); after a correction they run again
    from the day the correction arrived (第三十一条第三款)."""
    start = case.correction_done_date or case.received_date
    return deadline(REVIEW, "行政复议法第三十条", lambda: add_working_days(start, 5))


def correction_notice_deadline(case) -> Deadline:
    """A correction must be asked for in writing within 5 working days (第三十一条第一款)."""
    return deadline(
        CORRECTION_NOTICE,
        "行政复议法第三十一条第一款",
        lambda: add_working_days(case.received_date, 5),
    )


def correction_deadline(case) -> Deadline | None:
    """The applicant has 10 working days "自收到补正通知之日起" (第三十一条第二款): from the
    notice's recorded delivery; awaiting delivery until that is recorded."""
    if case.correction_notice_date is None:
        return None
    basis = "行政复议法第三十一条第二款"
    start = delivered_on(case.correction_delivered_date, case.correction_delivery_method)
    if start is None:
        return Deadline(None, basis, CORRECTION, awaiting=AWAITING_DELIVERY)
    return deadline(CORRECTION, basis, lambda: add_working_days(start, 10))


def acceptance_date(case) -> datetime.date | None:
    """The day the case is accepted in law. A review period that ended with no decision
    means acceptance "审查期限届满之日起" (第三十条第三款), whatever later day was recorded as
    受理日期 — the web step stores that day itself, an imported row may carry the later one,
    and both must count the same periods. Not while a correction was asked for and has not
    arrived: the review then waits for it (第三十一条第三款)."""
    if case.accepted_date is None:
        return None
    if case.correction_notice_date is not None and case.correction_done_date is None:
        return case.accepted_date
    review = review_deadline(case).date
    if review is not None and case.accepted_date > review:
        return review
    return case.accepted_date


def copy_deadline(case) -> Deadline | None:
    """The copy of the application is SENT ("发送") to the respondent within 7 (ordinary) or 3
    (simplified) working days of acceptance (第四十八条, 第五十四条): met by the 答复通知日期."""
    accepted = acceptance_date(case)
    if accepted is None:
        return None
    days, basis = (7, "行政复议法第四十八条") if _ordinary(case) else (3, "行政复议法第五十四条")
    return deadline(COPY, basis, lambda: add_working_days(accepted, days))


def reply_deadline(case) -> Deadline | None:
    """The respondent replies within 10 (ordinary) or 5 (simplified) working days "自收到…副本
    …之日起" (第四十八条, 第五十四条): from the copy's recorded delivery; awaiting delivery from
    the day it was sent until that is recorded. A case converted to 普通程序 counts the
    ordinary period: the law (第五十五条) says nothing more."""
    if case.reply_notice_date is None:
        return None
    days, basis = (10, "行政复议法第四十八条") if _ordinary(case) else (5, "行政复议法第五十四条")
    start = delivered_on(case.copy_delivered_date, case.copy_delivery_method)
    if start is None:
        return Deadline(None, basis, REPLY, awaiting=AWAITING_DELIVERY)
    return deadline(REPLY, basis, lambda: add_working_days(start, days))


def decision_deadline(case) -> Deadline | None:
    """60 calendar days from acceptance (ordinary, 第六十二条第一款), at most 30 more once
    extended; 30 days (simplified, 第六十二条第二款). Days of suspension do not count
    (第三十九条). A simplified case converted to 普通程序 (第五十五条) has the ordinary period,
    still "自受理申请之日起": the law does not restart it."""
    accepted = acceptance_date(case)
    if accepted is None:
        return None
    if _ordinary(case):
        days = 60 + (EXTENSION_DAYS if case.extended else 0)
        basis = "行政复议法第六十二条第一款"
        if case.converted_date is not None:
            basis += "、第五十五条"
    else:
        days, basis = 30, "行政复议法第六十二条第二款"
    days += case.suspended_days or 0
    return deadline(DECISION, basis, lambda: add_calendar_days(accepted, days))


def suspension_limit(case) -> Deadline | None:
    """Suspended 60 days under 第三十九条第一款 (一), (二) or (四) with the cause remaining: the
    case is terminated (第四十一条（五）). Other grounds (and a suspension recorded before
    grounds were kept) have no such limit."""
    if case.suspended_since is None or case.suspension_ground not in TERMINATING_GROUNDS:
        return None
    return deadline(
        SUSPENSION_LIMIT,
        "行政复议法第四十一条第五项",
        lambda: add_calendar_days(case.suspended_since, SUSPENSION_TERMINATION_DAYS),
    )


def deadlines(case) -> dict[str, Deadline]:
    """Every deadline that applies to the case, by its name in the domain file."""
    found = {REVIEW: review_deadline(case)}
    if case.correction_notice_date is not None or case.review_result == ReviewResult.PENDING:
        found[CORRECTION_NOTICE] = correction_notice_deadline(case)
    for compute in (
        correction_deadline,
        copy_deadline,
        reply_deadline,
        decision_deadline,
        suspension_limit,
    ):
        deadline = compute(case)
        if deadline is not None:
            found[deadline.label] = deadline
    return found


def is_closed(case) -> bool:
    return bool(case.outcome) and case.closed_date is not None


def status(case) -> str:
    if is_closed(case):
        return Status.CLOSED
    if case.suspended_since is not None:
        return Status.SUSPENDED
    if case.review_result == ReviewResult.ACCEPTED:
        return Status.IN_REVIEW
    if case.review_result == ReviewResult.CORRECTION:
        return Status.AWAITING_CORRECTION
    return Status.PENDING_REVIEW


def running(case) -> list[Deadline | None]:
    """Every deadline running now: a duty of the bureau or of a party whose act is not done.

    Pending review: the review (a notice of correction within it is one way to meet it). Awaiting a
    correction: the applicant's period. Accepted: the decision period, and at the same time
    the sending of the copy until it is sent, then the respondent's reply until it arrives.
    Suspended: only the sixty days of 第四十一条（五）, where they apply (the decision period
    stands still, 第三十九条)."""
    current = status(case)
    if current == Status.CLOSED:
        return []
    if current == Status.SUSPENDED:
        return [suspension_limit(case)]
    if current == Status.AWAITING_CORRECTION:
        return [correction_deadline(case)]
    if current == Status.PENDING_REVIEW:
        # The notice of correction (第三十一条第一款) is one way of meeting the same five days
        # of review (第三十条): one duty, watched once; the case page lists both periods.
        return [review_deadline(case)]
    found = [decision_deadline(case)]
    if case.reply_notice_date is None:
        found.append(copy_deadline(case))
    elif case.reply_received_date is None:
        found.append(reply_deadline(case))
    return found


def current_deadline(case) -> Deadline | None:
    return earliest(running(case))


def passed_deadlines(case, today: datetime.date) -> list[Deadline]:
    """The running deadlines whose day has passed without their act, whatever the step."""
    return passed(running(case), today)


def is_overdue(case, today: datetime.date) -> bool:
    return bool(passed_deadlines(case, today))


def respondent_kind(unit_kind: str | None, entered: str) -> str:
    """被申请人类型: a 行政执法部门 of the tree is a 县政府部门, a 乡镇人民政府 one; any other
    respondent (a unit of another kind, or none) has the type entered."""
    if unit_kind is None:
        return entered
    return UNIT_RESPONDENT_KINDS.get(unit_kind, entered)


def outcome_label(outcome: str) -> str:
    return Outcome(outcome).label if outcome in Outcome.values else ""


def derive(case, settings: dict | None = None) -> None:
    """Set the stored derived fields from the facts; called before every save."""
    unit = case.respondent_unit if case.respondent_unit_id is not None else None
    case.respondent_kind = respondent_kind(unit.kind if unit else None, case.respondent_kind)
    # A precise outcome needs no resolving; a legacy value stays flagged until it is stated.
    if case.outcome not in LEGACY_OUTCOMES:
        case.outcome_unresolved = False
    case.status = status(case)
    case.review_deadline = review_deadline(case).date
    case.correction_deadline = date_of(correction_deadline(case))
    case.reply_deadline = date_of(reply_deadline(case))
    case.decision_deadline = date_of(decision_deadline(case))
    set_running(case, running(case))


def check(case) -> list[Problem]:
    """The consistency checks of the domain file, each with its Chinese message."""
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    received = case.received_date
    for header, value in (
        ("补正通知日期", case.correction_notice_date),
        ("补正通知送达日期", case.correction_delivered_date),
        ("补正完成日期", case.correction_done_date),
        ("受理日期", case.accepted_date),
        ("答复通知日期", case.reply_notice_date),
        ("副本送达日期", case.copy_delivered_date),
        ("收到答复日期", case.reply_received_date),
        ("转为普通程序日期", case.converted_date),
        ("办结日期", case.closed_date),
    ):
        if value is not None and received is not None and value < received:
            refuse(header, f"{value:%Y-%m-%d} 早于收到申请日期 {received:%Y-%m-%d}")
    if case.accepted_date and case.review_result != ReviewResult.ACCEPTED:
        refuse("受理日期", "只有审查结果为“受理”的案件才填写受理日期")
    if case.review_result == ReviewResult.ACCEPTED and not case.accepted_date:
        refuse("受理日期", "审查结果为“受理”时必须填写受理日期")
    if case.outcome == Outcome.NOT_ACCEPTED and case.review_result != ReviewResult.NOT_ACCEPTED:
        refuse("办结方式", "办结方式“不予受理”只能用于审查结果为“不予受理”的案件")
    # A decision at the door ends the case: without its 办结方式 the row would become an open
    # case 待审查 with a review period running, which the decision has ended.
    for result, outcome in (
        (ReviewResult.NOT_ACCEPTED, Outcome.NOT_ACCEPTED),
        (ReviewResult.ABANDONED, Outcome.ABANDONED),
    ):
        if case.review_result == result and case.outcome != outcome:
            label = ReviewResult(result).label
            refuse(
                "办结方式",
                f"审查结果为“{label}”的案件已经办结：办结方式须为“{label}”，"
                f"并填写办结日期（作出决定或认定之日）",
            )
    if case.review_result == ReviewResult.ABANDONED and not case.correction_notice_date:
        refuse("审查结果", "“逾期未补正”只能发生在通知补正之后，请填写补正通知日期")
    if case.outcome == Outcome.ABANDONED and case.review_result != ReviewResult.ABANDONED:
        refuse("办结方式", "办结方式“逾期未补正”只能用于审查结果为“逾期未补正”的案件")
    if case.outcome in MERITS_OUTCOMES and case.review_result != ReviewResult.ACCEPTED:
        refuse("办结方式", f"办结方式“{Outcome(case.outcome).label}”只能用于已受理的案件")
    _check_outcome(case, refuse)
    _check_door_in_time(case, refuse)
    _check_deliveries(case, refuse)
    if case.correction_done_date and not case.correction_notice_date:
        refuse("补正完成日期", "没有补正通知日期，不能填写补正完成日期")
    if (
        case.correction_done_date
        and case.correction_notice_date
        and case.correction_done_date < case.correction_notice_date
    ):
        refuse("补正完成日期", "补正完成日期早于补正通知日期")
    if (
        case.accepted_date
        and case.correction_done_date
        and (case.accepted_date < case.correction_done_date)
    ):
        refuse("受理日期", "受理日期早于补正完成日期")
    if bool(case.outcome) != (case.closed_date is not None):
        if case.outcome:
            refuse("办结日期", "填写了办结方式，也须填写办结日期")
        else:
            refuse("办结方式", "填写了办结日期，也须填写办结方式")
    if case.closed_date and case.accepted_date and case.closed_date < case.accepted_date:
        refuse("办结日期", "办结日期早于受理日期")
    if case.extended and not _ordinary(case):
        refuse("是否延期", "简易程序案件不能延期（行政复议法第六十二条），需先转为普通程序")
    if case.extended and case.review_result != ReviewResult.ACCEPTED:
        refuse("是否延期", "只有已受理的案件才能延期")
    _check_conversion(case, refuse)
    if case.sued and not is_closed(case):
        refuse("是否提起行政诉讼", "案件办结后才可能提起行政诉讼")
    return problems


def _check_outcome(case, refuse) -> None:
    """受理前化解 and its 方式; 其他终止 retired; each 终止 ground and 行政协议 decision only where
    its article applies (as far as the recorded facts tell)."""
    outcome = case.outcome
    if outcome == Outcome.PRE_ACCEPTANCE_RESOLVED:
        if case.review_result not in (ReviewResult.PENDING, ReviewResult.CORRECTION):
            refuse(
                "办结方式",
                "“受理前化解”只能用于尚未受理的案件（审查结果为待审查或通知补正）；"
                "已受理的案件以调解、和解或撤回终止办结",
            )
        if not case.pre_acceptance_method:
            refuse("受理前化解方式", "办结方式为“受理前化解”时须填写受理前化解方式")
    elif case.pre_acceptance_method:
        refuse("受理前化解方式", "只有办结方式为“受理前化解”的案件才填写受理前化解方式")
    if outcome in RETIRED_OUTCOMES and not case.outcome_unresolved:
        grounds = "、".join(Outcome(o).label for o in LEGACY_OUTCOMES[outcome])
        refuse(
            "办结方式",
            f"办结方式“{Outcome(outcome).label}”已停用，请写明行政复议法第四十一条所列的"
            f"终止情形：{grounds}",
        )
    kind = case.applicant_kind
    if outcome == Outcome.TERMINATED_DEATH and kind and kind != ApplicantKind.NATURAL_PERSON:
        refuse("办结方式", "“申请人死亡终止”只适用于申请人是自然人的案件（第四十一条第二项）")
    if outcome == Outcome.TERMINATED_DISSOLVED and kind == ApplicantKind.NATURAL_PERSON:
        refuse(
            "办结方式",
            "“申请人组织终止”只适用于申请人是法人或者其他组织的案件（第四十一条第三项）",
        )
    act = case.act_type
    if (
        outcome == Outcome.TERMINATED_DETAINED
        and act
        and act not in (ActType.PENALTY, ActType.COERCION)
    ):
        refuse(
            "办结方式",
            "“刑事强制措施终止”只适用于对行政拘留或者限制人身自由的行政强制措施不服的案件"
            "（第四十一条第四项），行政行为类别应为行政处罚或行政强制",
        )
    agreement = (Outcome.AGREEMENT_LIABILITY, Outcome.AGREEMENT_COMPENSATION)
    if outcome in agreement and act and act != ActType.AGREEMENT:
        refuse(
            "办结方式",
            f"“{Outcome(outcome).label}”只适用于行政协议案件（第七十一条），"
            "行政行为类别应为行政协议",
        )


def _check_door_in_time(case, refuse) -> None:
    """The web steps' order, for rows that arrive whole (import, API): 不予受理 and 通知补正
    belong to the review period; after it the case is accepted by law (第三十条第三款), and
    逾期未补正 only after the applicant's period has run from the notice's delivery."""
    notice_due = date_of(correction_notice_deadline(case)) if case.received_date else None
    if case.correction_notice_date and notice_due and case.correction_notice_date > notice_due:
        refuse(
            "补正通知日期",
            f"审查期限已于 {notice_due:%Y-%m-%d} 届满，依法自该日起视为受理"
            "（行政复议法第三十条第三款），不能再通知补正",
        )
    if case.review_result == ReviewResult.NOT_ACCEPTED and case.closed_date and case.received_date:
        review = review_deadline(case).date
        if review is not None and case.closed_date > review:
            refuse(
                "办结日期",
                f"审查期限已于 {review:%Y-%m-%d} 届满，依法自该日起视为受理"
                "（行政复议法第三十条第三款），不能再决定不予受理；"
                "受理后发现不符合受理条件的，以“驳回申请”办结（第三十三条）",
            )
    if (
        case.outcome == Outcome.PRE_ACCEPTANCE_RESOLVED
        and case.review_result == ReviewResult.PENDING
        and case.closed_date
        and case.received_date
    ):
        review = review_deadline(case).date
        if review is not None and case.closed_date > review:
            refuse(
                "办结日期",
                f"审查期限已于 {review:%Y-%m-%d} 届满，依法自该日起视为受理"
                "（行政复议法第三十条第三款），不能再登记受理前化解；"
                "受理后化解的，以调解、和解或撤回终止办结",
            )
    if case.review_result == ReviewResult.ABANDONED and case.correction_notice_date:
        if case.correction_delivered_date is None:
            refuse("补正通知送达日期", "补正通知尚未送达，补正期限尚未起算，不能认定逾期未补正")
        elif case.closed_date is not None:
            due = correction_deadline(case)
            if due.date is not None and case.closed_date <= due.date:
                refuse(
                    "办结日期",
                    f"补正期限至 {due.date:%Y-%m-%d} 才届满，期限内不能认定逾期未补正"
                    "（行政复议法第三十一条第二款）",
                )


def _check_deliveries(case, refuse) -> None:
    for what, sent_header, sent, day, method, recipient in (
        (
            "补正通知",
            "补正通知日期",
            case.correction_notice_date,
            case.correction_delivered_date,
            case.correction_delivery_method,
            case.correction_recipient,
        ),
        (
            "副本",
            "答复通知日期",
            case.reply_notice_date,
            case.copy_delivered_date,
            case.copy_delivery_method,
            case.copy_recipient,
        ),
    ):
        if day is None:
            if method or (recipient or "").strip():
                refuse(f"{what}送达日期", f"填写了{what}送达方式或受送达人，也须填写送达日期")
            continue
        if sent is None:
            refuse(f"{what}送达日期", f"没有{sent_header}，不能填写{what}送达日期")
        elif day < sent:
            refuse(f"{what}送达日期", f"{what}送达日期早于{sent_header}")
        if not method:
            refuse(f"{what}送达方式", f"填写了{what}送达日期，也须填写送达方式")
        if not (recipient or "").strip():
            refuse(f"{what}受送达人", f"填写了{what}送达日期，也须填写受送达人")
    if case.reply_received_date is not None:
        if case.reply_notice_date is None:
            refuse("收到答复日期", "没有答复通知日期，不能填写收到答复日期")
        elif case.reply_received_date < case.reply_notice_date:
            refuse("收到答复日期", "收到答复日期早于答复通知日期")


def _check_conversion(case, refuse) -> None:
    converted = case.converted_date
    if converted is None:
        return
    if case.review_result != ReviewResult.ACCEPTED:
        refuse("转为普通程序日期", "只有已受理的案件才能转为普通程序")
    if case.procedure != Procedure.ORDINARY:
        refuse("适用程序", "已转为普通程序的案件，适用程序应为“普通程序”")
    if case.accepted_date and converted < case.accepted_date:
        refuse("转为普通程序日期", "转为普通程序日期早于受理日期")
    if case.closed_date and converted > case.closed_date:
        refuse("转为普通程序日期", "转为普通程序日期晚于办结日期")


# --- steps -------------------------------------------------------------------------------
# Each step's refusal is its guards, asked in the order of the procedure; the guards several
# steps share are named here. A closed case allows nothing but 提起行政诉讼.

_NOT_CLOSED = steps.requires(lambda case: not is_closed(case), "案件已办结，不能再办理此步骤")
_PENDING_REVIEW = steps.requires(
    lambda case: status(case) == Status.PENDING_REVIEW,
    "只有待审查的案件才能作出受理、不予受理或通知补正",
)
_AWAITING_CORRECTION = steps.requires(
    lambda case: status(case) == Status.AWAITING_CORRECTION,
    "只有已通知补正的案件才能记录补正通知的送达和补正结果",
)
# The steps of an accepted case, open: in review or suspended.
_OPEN_ACCEPTED = steps.requires(
    lambda case: status(case) in (Status.IN_REVIEW, Status.SUSPENDED),
    "只有已受理、尚未办结的案件才能办理此步骤",
)
_NOT_SUSPENDED = steps.requires(
    lambda case: status(case) != Status.SUSPENDED, "案件中止期间不能办理此步骤，请先恢复审理"
)
_BEFORE_ACCEPTANCE = steps.requires(
    lambda case: status(case) in (Status.PENDING_REVIEW, Status.AWAITING_CORRECTION),
    "只有尚未受理（待审查或待补正）的案件才能登记受理前化解；已受理的案件以调解、和解或撤回终止"
    "办结",
)
_UNRESOLVED = steps.requires(
    lambda case: is_closed(case) and case.outcome_unresolved,
    "只有迁移前登记、办结方式待明确的案件才需要明确办结方式",
)
_COPY_SENT = steps.requires(
    lambda case: case.reply_notice_date is not None, "尚未发送答复通知（行政复议申请书副本）"
)


def _within_review(case, day: datetime.date | None) -> str | None:
    """不予受理 and 通知补正 belong to the review period: after it the case is accepted by law
    (第三十条第三款)."""
    if day is None:
        return None
    review = review_deadline(case)
    if review.date is not None and day > review.date:
        return (
            f"审查期限已于 {review.date:%Y-%m-%d} 届满，依法自该日起视为受理"
            "（行政复议法第三十条第三款），请登记“受理”"
        )
    return None


def _before_review_ends(case, day: datetime.date | None) -> str | None:
    """受理前化解 while the review runs: once it has run out the case is accepted by law
    (第三十条第三款). Awaiting a correction the review waits (第三十一条第三款)."""
    if status(case) != Status.PENDING_REVIEW:
        return None
    return _within_review(case, day)


def _lapse_refusal(case, day: datetime.date | None) -> str | None:
    """逾期未补正 only once the applicant's period has run: it ends at the end of the tenth
    working day after the notice's delivery (第三十一条第二款), so from the next day on."""
    if case.correction_delivered_date is None:
        return "补正通知尚未送达，补正期限尚未起算（行政复议法第三十一条第二款）"
    if day is None:
        return None
    due = correction_deadline(case)
    if due.date is None:
        return f"补正期限无法计算：{due.problem}"
    if day <= due.date:
        return f"补正期限至 {due.date:%Y-%m-%d} 才届满，期限内不能认定逾期未补正"
    return None


def _delivery(delivery_method: str, recipient: str) -> tuple[str, str]:
    """The 送达方式 and 受送达人 a delivery step records, or StepRefused."""
    if delivery_method not in DeliveryMethod.values:
        labels = "、".join(DeliveryMethod.labels)
        raise StepRefused(f"请选择送达方式：{labels}")
    recipient = (recipient or "").strip()
    if not recipient:
        raise StepRefused("请填写受送达人（签收文书的人或单位）")
    if len(recipient) > RECIPIENT_MAX_LENGTH:
        raise StepRefused(f"受送达人最多 {RECIPIENT_MAX_LENGTH} 个字，实际 {len(recipient)} 个字")
    problem = text_problem(recipient, "受送达人")
    if problem:
        raise StepRefused(problem)
    return delivery_method, recipient


def _accept(case, day, *, procedure, **_):
    # Past the review period the case was accepted by law on its last day (第三十条第三款),
    # and the decision period runs from then, whenever the acceptance is recorded.
    review = review_deadline(case)
    deemed = review.date is not None and day > review.date
    case.review_result = ReviewResult.ACCEPTED
    case.accepted_date = review.date if deemed else day
    if procedure:
        if procedure not in Procedure.values:
            raise StepRefused(f"未知的适用程序：{procedure}")
        case.procedure = procedure


def _not_accept(case, day, **_):
    case.review_result = ReviewResult.NOT_ACCEPTED
    case.outcome, case.closed_date = Outcome.NOT_ACCEPTED, day


def _notify_correction(case, day, **_):
    case.review_result, case.correction_notice_date = ReviewResult.CORRECTION, day


def _correction_delivered(case, day, *, delivery_method, recipient, **_):
    method, recipient = _delivery(delivery_method, recipient)
    case.correction_delivered_date = day
    case.correction_delivery_method, case.correction_recipient = method, recipient


def _correction_done(case, day, **_):
    case.review_result, case.correction_done_date = ReviewResult.PENDING, day


def _correction_lapsed(case, day, **_):
    case.review_result = ReviewResult.ABANDONED
    case.outcome, case.closed_date = Outcome.ABANDONED, day


def _reply_notice(case, day, **_):
    case.reply_notice_date = day


def _copy_delivered(case, day, *, delivery_method, recipient, **_):
    method, recipient = _delivery(delivery_method, recipient)
    case.copy_delivered_date = day
    case.copy_delivery_method, case.copy_recipient = method, recipient


def _reply_received(case, day, **_):
    case.reply_received_date = day


def _convert(case, day, **_):
    case.procedure, case.converted_date = Procedure.ORDINARY, day


def _extend(case, day, **_):
    case.extended = True


def _suspend(case, day, *, suspension_ground, **_):
    if suspension_ground not in SuspensionGround.values:
        raise StepRefused("请选择中止的事由（行政复议法第三十九条第一款所列情形之一）")
    case.suspended_since, case.suspension_ground = day, suspension_ground


def _resume(case, day, **_):
    case.suspended_days = (case.suspended_days or 0) + (day - case.suspended_since).days
    case.suspended_since = None


def _close(case, day, *, outcome, **_):
    if outcome not in CLOSING_OUTCOMES:
        labels = "、".join(Outcome(o).label for o in Outcome.values if o in CLOSING_OUTCOMES)
        raise StepRefused(f"请选择办结方式：{labels}")
    if outcome == Outcome.TERMINATED_SUSPENSION:
        refusal = _suspension_lapse_refusal(case, day)
        if refusal:
            raise StepRefused(refusal)
    if case.suspended_since is not None:
        _resume(case, day)
    case.outcome, case.closed_date = outcome, day


def _suspension_lapse_refusal(case, day: datetime.date) -> str | None:
    """第四十一条第五项: suspended under 第三十九条第一款 (一), (二) or (四) for sixty days, the
    cause still there."""
    limit = suspension_limit(case)
    if limit is None:
        return (
            "只有依照第三十九条第一款第一项、第二项、第四项中止的案件，中止满六十日才终止"
            "（第四十一条第五项）"
        )
    if limit.date is not None and day < limit.date:
        return f"中止至 {limit.date:%Y-%m-%d} 才满六十日（第四十一条第五项）"
    return None


def _resolve_before_acceptance(case, day, *, pre_acceptance_method, **_):
    if pre_acceptance_method not in PreAcceptanceMethod.values:
        labels = "、".join(PreAcceptanceMethod.labels)
        raise StepRefused(f"请选择受理前化解的方式：{labels}")
    case.outcome, case.closed_date = Outcome.PRE_ACCEPTANCE_RESOLVED, day
    case.pre_acceptance_method = pre_acceptance_method


def _resolve_outcome(case, day, *, outcome, **_):
    options = LEGACY_OUTCOMES.get(case.outcome, ())
    if outcome not in options:
        labels = "、".join(Outcome(o).label for o in options)
        raise StepRefused(f"原办结方式“{outcome_label(case.outcome)}”可明确为：{labels}")
    case.outcome, case.outcome_unresolved = outcome, False


def _sued(case, day, **_):
    case.sued = True


STEPS = steps.by_key(
    Step(
        "accept",
        "受理",
        ("procedure",),
        refusal=steps.first(_NOT_CLOSED, _PENDING_REVIEW),
        effect=_accept,
    ),
    Step(
        "not_accept",
        "不予受理",
        refusal=steps.first(_NOT_CLOSED, _PENDING_REVIEW, _within_review),
        effect=_not_accept,
    ),
    Step(
        "notify_correction",
        "通知补正",
        refusal=steps.first(
            _NOT_CLOSED,
            _PENDING_REVIEW,
            steps.requires(
                lambda case: case.correction_notice_date is None,
                "补正通知应当一次性载明需要补正的事项（第三十一条），不能再次通知补正",
            ),
            _within_review,
        ),
        effect=_notify_correction,
    ),
    Step(
        "correction_delivered",
        "补正通知送达",
        ("delivery_method", "recipient"),
        refusal=steps.first(
            _NOT_CLOSED,
            _AWAITING_CORRECTION,
            steps.requires(
                lambda case: case.correction_delivered_date is None, "补正通知已登记送达"
            ),
        ),
        effect=_correction_delivered,
    ),
    Step(
        "correction_done",
        "补正完成",
        refusal=steps.first(_NOT_CLOSED, _AWAITING_CORRECTION),
        effect=_correction_done,
    ),
    Step(
        "correction_lapsed",
        "逾期未补正",
        refusal=steps.first(_NOT_CLOSED, _AWAITING_CORRECTION, _lapse_refusal),
        effect=_correction_lapsed,
    ),
    Step(
        "resolve_before_acceptance",
        "受理前化解",
        ("pre_acceptance_method",),
        refusal=steps.first(_NOT_CLOSED, _BEFORE_ACCEPTANCE, _before_review_ends),
        effect=_resolve_before_acceptance,
    ),
    Step(
        "reply_notice",
        "发送答复通知",
        refusal=steps.first(
            _NOT_CLOSED,
            _OPEN_ACCEPTED,
            _NOT_SUSPENDED,
            steps.requires(lambda case: case.reply_notice_date is None, "已发送答复通知"),
        ),
        effect=_reply_notice,
    ),
    Step(
        "copy_delivered",
        "副本送达",
        ("delivery_method", "recipient"),
        refusal=steps.first(
            _NOT_CLOSED,
            _OPEN_ACCEPTED,
            _COPY_SENT,
            steps.requires(lambda case: case.copy_delivered_date is None, "副本已登记送达"),
        ),
        effect=_copy_delivered,
    ),
    Step(
        "reply_received",
        "收到书面答复",
        refusal=steps.first(
            _NOT_CLOSED,
            _OPEN_ACCEPTED,
            _COPY_SENT,
            steps.requires(lambda case: case.reply_received_date is None, "已登记收到书面答复"),
        ),
        effect=_reply_received,
    ),
    Step(
        "convert",
        "转为普通程序",
        refusal=steps.first(
            _NOT_CLOSED,
            _OPEN_ACCEPTED,
            steps.requires(
                lambda case: not _ordinary(case),
                "只有适用简易程序的案件才能转为普通程序（第五十五条）",
            ),
        ),
        effect=_convert,
    ),
    Step(
        "extend",
        "延期",
        refusal=steps.first(
            _NOT_CLOSED,
            _OPEN_ACCEPTED,
            _NOT_SUSPENDED,
            steps.requires(lambda case: not case.extended, "审理期限只能延长一次（第六十二条）"),
            steps.requires(
                _ordinary, "简易程序案件不能延期（第六十二条），需先转为普通程序（第五十五条）"
            ),
        ),
        effect=_extend,
    ),
    Step(
        "suspend",
        "中止",
        ("suspension_ground",),
        refusal=steps.first(_NOT_CLOSED, _OPEN_ACCEPTED, _NOT_SUSPENDED),
        effect=_suspend,
    ),
    Step(
        "resume",
        "恢复审理",
        refusal=steps.first(
            _NOT_CLOSED,
            steps.requires(
                lambda case: status(case) == Status.SUSPENDED, "只有中止中的案件才能恢复审理"
            ),
        ),
        effect=_resume,
    ),
    Step(
        "close",
        "办结",
        ("outcome",),
        refusal=steps.first(_NOT_CLOSED, _OPEN_ACCEPTED),
        effect=_close,
    ),
    Step(
        "resolve_outcome",
        "明确办结方式",
        ("outcome",),
        refusal=_UNRESOLVED,
        effect=_resolve_outcome,
    ),
    Step(
        "sued",
        "提起行政诉讼",
        refusal=steps.requires(
            lambda case: is_closed(case) and not case.sued,
            "只有已办结、尚未登记起诉的案件才能登记提起行政诉讼",
        ),
        effect=_sued,
    ),
)


def allowed_steps(case) -> list[Step]:
    """The steps the law allows from where the case stands, in the order of the procedure."""
    return steps.allowed(STEPS, case)


def apply_step(
    case,
    key: str,
    day: datetime.date,
    *,
    outcome: str = "",
    procedure: str = "",
    delivery_method: str = "",
    recipient: str = "",
    suspension_ground: str = "",
    pre_acceptance_method: str = "",
):
    """Take a step on the case in place, or raise StepRefused saying why not."""
    steps.take(
        STEPS,
        case,
        key,
        day,
        too_early=_before_last_step,
        outcome=outcome,
        procedure=procedure,
        delivery_method=delivery_method,
        recipient=recipient,
        suspension_ground=suspension_ground,
        pre_acceptance_method=pre_acceptance_method,
    )


def _before_last_step(case, day: datetime.date) -> str | None:
    floor = _earliest_date(case)
    if day < floor:
        return f"日期 {day:%Y-%m-%d} 早于本案上一步骤的日期 {floor:%Y-%m-%d}"
    return None


def _earliest_date(case) -> datetime.date:
    dates = [
        case.received_date,
        case.correction_notice_date,
        case.correction_delivered_date,
        case.correction_done_date,
        case.accepted_date,
        case.reply_notice_date,
        case.copy_delivered_date,
        case.reply_received_date,
        case.converted_date,
        case.suspended_since,
    ]
    return max(d for d in dates if d is not None)


def _delivery_text(what: str, day, method: str, recipient: str) -> str:
    label = DeliveryMethod(method).label if method in DeliveryMethod.values else "方式未记录"
    text = f"{what}送达（{label}，受送达人：{recipient or '未记录'}"
    if method == DeliveryMethod.NOTICE:
        text += f"；发出公告，{delivered_on(day, method):%Y-%m-%d} 视为送达"
    return text + "）"


def timeline(case) -> list[tuple[datetime.date, str]]:
    """The steps a case has gone through, from its dates, oldest first."""
    events = [
        (case.received_date, "收到申请"),
        (case.correction_notice_date, "通知补正"),
        (case.correction_done_date, "补正完成"),
        (case.accepted_date, "受理"),
        (case.reply_notice_date, "发送答复通知"),
        (case.reply_received_date, "收到书面答复"),
        (case.converted_date, "转为普通程序（行政复议法第五十五条）"),
    ]
    if case.correction_delivered_date is not None:
        text = _delivery_text(
            "补正通知",
            case.correction_delivered_date,
            case.correction_delivery_method,
            case.correction_recipient,
        )
        events.append((case.correction_delivered_date, text))
    if case.copy_delivered_date is not None:
        text = _delivery_text(
            "副本", case.copy_delivered_date, case.copy_delivery_method, case.copy_recipient
        )
        events.append((case.copy_delivered_date, text))
    accepted = acceptance_date(case)
    if accepted is not None and accepted != case.accepted_date:
        events.append((accepted, "审查期限届满，依法视为受理（行政复议法第三十条第三款）"))
    if case.suspended_since is not None:
        ground = (
            SuspensionGround(case.suspension_ground).label
            if case.suspension_ground in SuspensionGround.values
            else "：事由未记录"
        )
        events.append((case.suspended_since, f"中止（第三十九条第一款{ground}；尚未恢复）"))
    if case.closed_date is not None:
        events.append((case.closed_date, _closing_text(case)))
    return sorted((d, text) for d, text in events if d is not None)


def _closing_text(case) -> str:
    if case.outcome == Outcome.PRE_ACCEPTANCE_RESOLVED:
        method = (
            PreAcceptanceMethod(case.pre_acceptance_method).label
            if (case.pre_acceptance_method in PreAcceptanceMethod.values)
            else "方式未记录"
        )
        return f"受理前化解（{method}）"
    text = f"办结（{outcome_label(case.outcome)}）"
    if case.outcome_unresolved:
        text += "，办结方式待明确"
    return text
