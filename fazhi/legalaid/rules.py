"""法律援助案件: deadlines with their articles, status, steps and checks (pure).

法律援助法 counts these periods in 日 without saying 工作日, so they are calendar days
(民事诉讼法第八十五条, add_calendar_days): only 行政复议法 makes its short periods working days.
- 申请: decision within 7 days of the application (第四十三条第一款), then, if aid is given,
  appointment within 3 days of the decision (第四十三条第一款).
- 通知辩护/通知代理: no means test (第二十五条、第二十八条), no decision; appointment within
  3 days of receiving the notice (第三十六条), the notice day being the 申请日期 column.
"""

import datetime

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_calendar_days, date_of, deadline, earliest

from .models import NOTIFIED_ROUTES, AidDecision, AidStatus

DECISION = "决定期限"
APPOINTMENT = "指派期限"
DECISION_DAYS = 7
APPOINTMENT_DAYS = 3
DECISION_BASIS = "法律援助法第四十三条第一款，收到申请之日起七日内作出决定"
APPOINTMENT_BASIS = "法律援助法第四十三条第一款，决定给予援助之日起三日内指派"
NOTIFIED_BASIS = "法律援助法第三十六条，收到通知后三日内指派"


def is_notified(record) -> bool:
    return record.route in NOTIFIED_ROUTES


def decision_deadline(record) -> Deadline | None:
    if is_notified(record):
        return None
    return deadline(
        DECISION, DECISION_BASIS, lambda: add_calendar_days(record.application_date, DECISION_DAYS)
    )


def appointment_deadline(record) -> Deadline | None:
    if is_notified(record):
        start, basis = record.application_date, NOTIFIED_BASIS
    elif record.decision == AidDecision.GRANTED and record.decision_date:
        start, basis = record.decision_date, APPOINTMENT_BASIS
    else:
        return None
    return deadline(APPOINTMENT, basis, lambda: add_calendar_days(start, APPOINTMENT_DAYS))


def deadlines(record) -> dict[str, Deadline]:
    found = {}
    for each in (decision_deadline(record), appointment_deadline(record)):
        if each is not None:
            found[each.label] = each
    return found


def is_granted(record) -> bool:
    """Aid given: by decision, or by notice (no decision needed)."""
    return is_notified(record) or record.decision == AidDecision.GRANTED


def status(record) -> str:
    if record.closed_date is not None:
        return AidStatus.CLOSED
    if record.appointment_date is not None:
        return AidStatus.IN_PROGRESS
    if not is_notified(record):
        if not record.decision:
            return AidStatus.AWAITING_DECISION
        if record.decision != AidDecision.GRANTED:
            return AidStatus.NOT_GRANTED
    return AidStatus.AWAITING_APPOINTMENT


def running(record) -> list[Deadline | None]:
    """Every deadline the case runs against now. The law's two periods follow each other (the
    three days to appoint run from the decision), so one runs at a time: the decision until it
    is made, then the appointment until it is made."""
    current = status(record)
    if current == AidStatus.AWAITING_DECISION:
        return [decision_deadline(record)]
    if current == AidStatus.AWAITING_APPOINTMENT:
        return [appointment_deadline(record)]
    return []


def current_deadline(record) -> Deadline | None:
    return earliest(running(record))


def decided_late(record) -> bool:
    due = date_of(decision_deadline(record))
    return bool(record.decision_date and due and record.decision_date > due)


def is_overdue(record, today: datetime.date) -> bool:
    return bool(passed(running(record), today))


def derive(record, settings: dict | None = None) -> None:
    record.status = status(record)
    record.decision_deadline = date_of(decision_deadline(record))
    record.appointment_deadline = date_of(appointment_deadline(record))
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    applied, decided = record.application_date, record.decision_date
    appointed, closed = record.appointment_date, record.closed_date
    if bool(decided) != bool(record.decision):
        if decided:
            refuse("决定结果", "填写了决定日期，也须填写决定结果")
        else:
            refuse("决定日期", "填写了决定结果，也须填写决定日期")
    if decided and applied and decided < applied:
        refuse("决定日期", f"{decided:%Y-%m-%d} 早于申请日期 {applied:%Y-%m-%d}")
    if appointed:
        if not is_granted(record):
            refuse("指派日期", "决定给予援助后才能指派（通知辩护、通知代理除外）")
        floor = decided if (decided and not is_notified(record)) else applied
        what = "决定" if floor == decided else "申请"
        if floor and appointed < floor:
            refuse(
                "指派日期",
                f"{appointed:%Y-%m-%d} 早于{what}日期 {floor:%Y-%m-%d}",
            )
    if closed and not appointed:
        refuse("结案日期", "没有指派日期，不能填写结案日期")
    if closed and appointed and closed < appointed:
        refuse("结案日期", f"{closed:%Y-%m-%d} 早于指派日期 {appointed:%Y-%m-%d}")
    if record.recovered is not None and record.recovered < 0:
        refuse("挽回经济损失（元）", "不能为负数")
    if record.recovered and not closed:
        refuse("挽回经济损失（元）", "结案后才能填写挽回经济损失")
    return problems


# --- steps -------------------------------------------------------------------------------


def _in_status(wanted: str, message: str) -> steps.Refusal:
    """Each step of an aid case is taken from one status only."""
    return steps.requires(lambda record: status(record) == wanted, message)


def _decide(record, day, *, decision, **_):
    if decision not in AidDecision.values:
        raise StepRefused(f"请选择决定结果：{'、'.join(AidDecision.labels)}")
    record.decision_date, record.decision = day, decision


def _appoint(record, day, *, lawyer, **_):
    record.appointment_date = day
    if lawyer:
        record.lawyer = lawyer


def _close(record, day, *, recovered, **_):
    record.closed_date = day
    if recovered is not None:
        record.recovered = recovered


STEPS = steps.by_key(
    Step(
        "decide",
        "作出决定",
        ("decision",),
        refusal=_in_status(AidStatus.AWAITING_DECISION, "只有待审查决定的申请才能作出决定"),
        effect=_decide,
    ),
    Step(
        "appoint",
        "指派承办人",
        ("lawyer",),
        refusal=_in_status(AidStatus.AWAITING_APPOINTMENT, "只有待指派的案件才能指派"),
        effect=_appoint,
    ),
    Step(
        "close",
        "结案",
        ("recovered",),
        refusal=_in_status(AidStatus.IN_PROGRESS, "只有承办中的案件才能结案"),
        effect=_close,
    ),
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, *, decision="", lawyer="", recovered=None):
    steps.take(
        STEPS,
        record,
        key,
        day,
        too_early=_before_last_step,
        decision=decision,
        lawyer=lawyer,
        recovered=recovered,
    )


def _before_last_step(record, day: datetime.date) -> str | None:
    floor = record.appointment_date or record.decision_date or record.application_date
    if day < floor:
        return f"日期 {day:%Y-%m-%d} 早于上一步骤的日期 {floor:%Y-%m-%d}"
    return None


def timeline(record) -> list[tuple[datetime.date, str]]:
    first = "收到通知" if is_notified(record) else "申请"
    decided = AidDecision(record.decision).label if record.decision else ""
    events = [
        (record.application_date, first),
        (record.decision_date, f"决定（{decided}）"),
        (record.appointment_date, f"指派{record.lawyer}"),
        (record.closed_date, "结案"),
    ]
    return [(d, text) for d, text in events if d is not None]
