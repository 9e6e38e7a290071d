"""行政复议: deadlines, steps and checks, as pure functions of a case's facts.

A "case" here is anything with the register's attributes (an unsaved model instance will do):
nothing in this module touches the database. Periods of 3, 5, 7 and 10 days in 行政复议法 are
working days (第八十八条); the others are calendar days counted under 民事诉讼法 第八十五条.
"""

import datetime

from fazhi.core.registers import Problem
from fazhi.core.steps import Step, StepRefused
from fazhi.core.workdays import (
    Deadline,
    add_calendar_days,
    add_working_days,
    date_of,
    deadline,
)

from .models import Outcome, Procedure, ReviewResult, Status

REVIEW = "受理审查期限"
CORRECTION_NOTICE = "补正通知期限"
CORRECTION = "补正期限"
COPY = "答复通知期限"
REPLY = "答复期限"
DECISION = "审理期限"
SUSPENSION_LIMIT = "中止满六十日"

# Outcomes that decide a case that was accepted (as opposed to ending it at the door).
MERITS_OUTCOMES = frozenset(Outcome.values) - {Outcome.NOT_ACCEPTED, Outcome.ABANDONED}
EXTENSION_DAYS = 30
SUSPENSION_TERMINATION_DAYS = 60


def _ordinary(case) -> bool:
    return case.procedure != Procedure.SIMPLIFIED


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
    """The applicant has 10 working days from the notice (第三十一条第二款). The law counts
    from the applicant's receipt; the register keeps the notice date, so that is the start."""
    if case.correction_notice_date is None:
        return None
    return deadline(
        CORRECTION,
        "行政复议法第三十一条第二款",
        lambda: add_working_days(case.correction_notice_date, 10),
    )


def copy_deadline(case) -> Deadline | None:
    """The application goes to the respondent within 7 (ordinary) or 3 (simplified) working
    days of acceptance (第四十八条, 第五十四条)."""
    if case.accepted_date is None:
        return None
    days, basis = (7, "行政复议法第四十八条") if _ordinary(case) else (3, "行政复议法第五十四条")
    return deadline(COPY, basis, lambda: add_working_days(case.accepted_date, days))


def reply_deadline(case) -> Deadline | None:
    """The respondent replies within 10 (ordinary) or 5 (simplified) working days of receiving
    the copy (第四十八条, 第五十四条); counted from the notice date the register keeps."""
    if case.reply_notice_date is None:
        return None
    days, basis = (10, "行政复议法第四十八条") if _ordinary(case) else (5, "行政复议法第五十四条")
    return deadline(REPLY, basis, lambda: add_working_days(case.reply_notice_date, days))


def decision_deadline(case) -> Deadline | None:
    """60 calendar days from acceptance (ordinary, 第六十二条第一款), at most 30 more once
    extended; 30 days (simplified, 第六十二条第二款). Days of suspension do not count
    (第三十九条)."""
    if case.accepted_date is None:
        return None
    if _ordinary(case):
        days = 60 + (EXTENSION_DAYS if case.extended else 0)
        basis = "行政复议法第六十二条第一款"
    else:
        days, basis = 30, "行政复议法第六十二条第二款"
    days += case.suspended_days or 0
    return deadline(DECISION, basis, lambda: add_calendar_days(case.accepted_date, days))


def suspension_limit(case) -> Deadline | None:
    """Suspended 60 days with the cause remaining: the case is terminated (第四十一条)."""
    if case.suspended_since is None:
        return None
    return deadline(
        SUSPENSION_LIMIT,
        "行政复议法第四十一条",
        lambda: add_calendar_days(case.suspended_since, SUSPENSION_TERMINATION_DAYS),
    )


def deadlines(case) -> dict[str, Deadline]:
    """Every deadline that applies to the case, by its name in the domain file."""
    found = {REVIEW: review_deadline(case)}
    if case.correction_notice_date is not None or case.review_result == ReviewResult.PENDING:
        found[CORRECTION_NOTICE] = correction_notice_deadline(case)
    for compute in (correction_deadline, copy_deadline, reply_deadline, decision_deadline):
        deadline = compute(case)
        if deadline is not None:
            found[deadline.label] = deadline
    limit = suspension_limit(case)
    if limit is not None:
        found[SUSPENSION_LIMIT] = limit
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


def current_deadline(case) -> Deadline | None:
    """The one deadline the case is running against now, which the board watches."""
    current = status(case)
    if current == Status.PENDING_REVIEW:
        return review_deadline(case)
    if current == Status.AWAITING_CORRECTION:
        return correction_deadline(case)
    if current == Status.IN_REVIEW:
        return decision_deadline(case)
    if current == Status.SUSPENDED:
        return suspension_limit(case)
    return None


def is_overdue(case, today: datetime.date) -> bool:
    due = current_deadline(case)
    return due is not None and due.date is not None and due.date < today


def derive(case, settings: dict | None = None) -> None:
    """Set the stored derived fields from the facts; called before every save."""
    case.status = status(case)
    case.review_deadline = review_deadline(case).date
    case.correction_deadline = date_of(correction_deadline(case))
    case.reply_deadline = date_of(reply_deadline(case))
    case.decision_deadline = date_of(decision_deadline(case))
    due = current_deadline(case)
    case.due_date = date_of(due)
    case.due_label = due.label if due else ""


def check(case) -> list[Problem]:
    """The consistency checks of the domain file, each with its Chinese message."""
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    received = case.received_date
    for header, value in (
        ("补正通知日期", case.correction_notice_date),
        ("补正完成日期", case.correction_done_date),
        ("受理日期", case.accepted_date),
        ("答复通知日期", case.reply_notice_date),
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
    if case.review_result == ReviewResult.ABANDONED and not case.correction_notice_date:
        refuse("审查结果", "“逾期未补正”只能发生在通知补正之后，请填写补正通知日期")
    if case.outcome == Outcome.ABANDONED and case.review_result != ReviewResult.ABANDONED:
        refuse("办结方式", "办结方式“逾期未补正”只能用于审查结果为“逾期未补正”的案件")
    if case.outcome in MERITS_OUTCOMES and case.review_result != ReviewResult.ACCEPTED:
        refuse("办结方式", f"办结方式“{Outcome(case.outcome).label}”只能用于已受理的案件")
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
    if case.sued and not is_closed(case):
        refuse("是否提起行政诉讼", "案件办结后才可能提起行政诉讼")
    return problems


# --- steps -------------------------------------------------------------------------------


STEPS = {
    step.key: step
    for step in (
        Step("accept", "受理", ("procedure",)),
        Step("not_accept", "不予受理"),
        Step("notify_correction", "通知补正"),
        Step("correction_done", "补正完成"),
        Step("correction_lapsed", "逾期未补正"),
        Step("reply_notice", "发送答复通知"),
        Step("extend", "延期"),
        Step("suspend", "中止"),
        Step("resume", "恢复审理"),
        Step("close", "办结", ("outcome",)),
        Step("sued", "提起行政诉讼"),
    )
}


def allowed_steps(case) -> list[Step]:
    """The steps the law allows from where the case stands, in the order of the procedure."""
    return [STEPS[key] for key in STEPS if _refusal(case, key, None) is None]


def _refusal(case, key: str, day: datetime.date | None) -> str | None:
    """Why `key` cannot be taken now (None when it can). `day` None asks only about order."""
    current = status(case)
    closed = current == Status.CLOSED
    if closed and key != "sued":
        return "案件已办结，不能再办理此步骤"
    if key in ("accept", "not_accept", "notify_correction") and current != Status.PENDING_REVIEW:
        return "只有待审查的案件才能作出受理、不予受理或通知补正"
    if key == "notify_correction" and case.correction_notice_date is not None:
        return "补正通知应当一次性载明需要补正的事项（第三十一条），不能再次通知补正"
    if key in ("not_accept", "notify_correction") and day is not None:
        review = review_deadline(case)
        if review.date is not None and day > review.date:
            return (
                f"审查期限已于 {review.date:%Y-%m-%d} 届满，依法自该日起视为受理"
                "（行政复议法第三十条第三款），请登记“受理”"
            )
    if key in ("correction_done", "correction_lapsed") and current != Status.AWAITING_CORRECTION:
        return "只有已通知补正的案件才能记录补正结果"
    if key == "correction_lapsed" and day is not None:
        due = correction_deadline(case)
        if due is not None and due.date is None:
            return f"补正期限无法计算：{due.problem}"
        if due is not None and day <= due.date:
            return f"补正期限至 {due.date:%Y-%m-%d} 才届满，期限内不能认定逾期未补正"
    if key in ("reply_notice", "extend", "suspend", "close") and current not in (
        Status.IN_REVIEW,
        Status.SUSPENDED,
    ):
        return "只有已受理、尚未办结的案件才能办理此步骤"
    if key in ("reply_notice", "extend", "suspend") and current == Status.SUSPENDED:
        return "案件中止期间不能办理此步骤，请先恢复审理"
    if key == "reply_notice" and case.reply_notice_date is not None:
        return "已发送答复通知"
    if key == "extend" and case.extended:
        return "审理期限只能延长一次（第六十二条）"
    if key == "extend" and not _ordinary(case):
        return "简易程序案件不能延期（第六十二条）"
    if key == "resume" and current != Status.SUSPENDED:
        return "只有中止中的案件才能恢复审理"
    if key == "sued" and (not closed or case.sued):
        return "只有已办结、尚未登记起诉的案件才能登记提起行政诉讼"
    return None


def apply_step(case, key: str, day: datetime.date, *, outcome: str = "", procedure: str = ""):
    """Take a step on the case in place, or raise StepRefused saying why not."""
    if key not in STEPS:
        raise StepRefused(f"未知的步骤：{key}")
    refusal = _refusal(case, key, day)
    if refusal:
        raise StepRefused(f"不能“{STEPS[key].label}”：{refusal}")
    floor = _earliest_date(case)
    if day < floor:
        raise StepRefused(f"日期 {day:%Y-%m-%d} 早于本案上一步骤的日期 {floor:%Y-%m-%d}")
    _STEP_EFFECTS[key](case, day, outcome=outcome, procedure=procedure)


def _earliest_date(case) -> datetime.date:
    dates = [
        case.received_date,
        case.correction_notice_date,
        case.correction_done_date,
        case.accepted_date,
        case.reply_notice_date,
        case.suspended_since,
    ]
    return max(d for d in dates if d is not None)


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


def _correction_done(case, day, **_):
    case.review_result, case.correction_done_date = ReviewResult.PENDING, day


def _correction_lapsed(case, day, **_):
    case.review_result = ReviewResult.ABANDONED
    case.outcome, case.closed_date = Outcome.ABANDONED, day


def _reply_notice(case, day, **_):
    case.reply_notice_date = day


def _extend(case, day, **_):
    case.extended = True


def _suspend(case, day, **_):
    case.suspended_since = day


def _resume(case, day, **_):
    case.suspended_days = (case.suspended_days or 0) + (day - case.suspended_since).days
    case.suspended_since = None


def _close(case, day, *, outcome, **_):
    if outcome not in MERITS_OUTCOMES:
        labels = "、".join(Outcome(o).label for o in Outcome.values if o in MERITS_OUTCOMES)
        raise StepRefused(f"请选择办结方式：{labels}")
    if case.suspended_since is not None:
        _resume(case, day)
    case.outcome, case.closed_date = outcome, day


def _sued(case, day, **_):
    case.sued = True


_STEP_EFFECTS = {
    "accept": _accept,
    "not_accept": _not_accept,
    "notify_correction": _notify_correction,
    "correction_done": _correction_done,
    "correction_lapsed": _correction_lapsed,
    "reply_notice": _reply_notice,
    "extend": _extend,
    "suspend": _suspend,
    "resume": _resume,
    "close": _close,
    "sued": _sued,
}


def timeline(case) -> list[tuple[datetime.date, str]]:
    """The steps a case has gone through, from its dates, oldest first."""
    events = [
        (case.received_date, "收到申请"),
        (case.correction_notice_date, "通知补正"),
        (case.correction_done_date, "补正完成"),
        (case.accepted_date, "受理"),
        (case.reply_notice_date, "发送答复通知"),
        (case.suspended_since, "中止（尚未恢复）"),
    ]
    if case.closed_date is not None:
        label = Outcome(case.outcome).label if case.outcome else ""
        events.append((case.closed_date, f"办结（{label}）"))
    return sorted((d, text) for d, text in events if d is not None)
