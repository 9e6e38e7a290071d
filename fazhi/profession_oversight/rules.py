"""法律服务投诉 (legal_service_complaint): its periods, status, steps and checks, as pure
functions of a complaint's facts (an unsaved model instance will do).

Who handles it: the 县级司法行政部门 "对当事人的投诉，应当及时进行调查" (律师法 第五十二条; a
penalty it proposes to the level above) and "受理对律师的举报和投诉" (律师执业管理办法 第五十条;
律师事务所管理办法 第六十四条); finding a problem it may 警示谈话 and 责令改正, 行业惩戒 it refers
to the 律师协会: hence 处理方式 "移送行政处罚" and "移送行业处分". 公证: 《公证执业活动投诉处理
办法》(司法部令第147号); 基层法律服务: 司法部令第137号、第138号.

The periods (the research notes of issue 22, docs/domain/legal-services.md):
- a complaint about a 律师事务所, 基层法律服务所 or their people "在提供法律援助过程中" follows
  《法律援助投诉处理办法》(司法部令第149号, 施行 2025-06-15): 受理 within 5 working days of
  receipt (第十五条), 办结 within 60 days of acceptance, extended once by at most 30 with the
  head's approval (第二十三条第一款), days of 中止 not counted (第二十三条第三款), the decision
  told in writing within 5 working days (第二十四条). These are fixed (LEGAL_AID);
- for any other complaint no national text fixes a number of days (律师法 says "及时"; the
  periods of 令第147号 and of the provinces' rules were not read in full): each period is a
  setting (indicators.LINE_SETTINGS), per line, whose default follows 令第149号 and whose
  basis says so. 中止 follows 令第149号 第二十三条第三款 (公证: 令第147号 第二十三条).
derive() stores the numbers it used on the record, so that its deadlines can be shown later
without reading the settings again (as 合法性审查 does).
"""

import datetime

from django.db.models import Q

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_calendar_days, add_working_days, deadline

from .models import (
    Acceptance,
    ComplaintStatus,
    Disposal,
    Finding,
    ReplyMethod,
    SubjectKind,
)

ACCEPT = "受理期限"
HANDLE = "处理期限"
REPLY = "答复期限"

# The three lines of the 法律服务队伍, each with its own rules and so its own periods.
LAWYER, NOTARY, GRASSROOTS = "lawyer", "notary", "grassroots"
LINES = {
    LAWYER: "律师、律师事务所",
    NOTARY: "公证机构、公证员",
    GRASSROOTS: "基层法律服务所、基层法律服务工作者",
}
LINE_OF = {
    SubjectKind.LAW_FIRM: LAWYER,
    SubjectKind.LAWYER: LAWYER,
    SubjectKind.NOTARY_OFFICE: NOTARY,
    SubjectKind.NOTARY: NOTARY,
    SubjectKind.GRASSROOTS_OFFICE: GRASSROOTS,
    SubjectKind.GRASSROOTS_WORKER: GRASSROOTS,
}
# Which categories are organisations (an org's 执业许可证号), the others practitioners.
ORG_KINDS = (SubjectKind.LAW_FIRM, SubjectKind.NOTARY_OFFICE, SubjectKind.GRASSROOTS_OFFICE)

# 令第149号 第三条: complaints about 律师事务所, 基层法律服务所 and 法律援助人员 in legal aid; a
# 公证 line has no part in it.
LEGAL_AID_LINES = (LAWYER, GRASSROOTS)
LEGAL_AID_BASIS = "法律援助投诉处理办法（司法部令第149号）"
LEGAL_AID = {"accept": 5, "handle": 60, "extend": 30, "reply": 5}

# The defaults of the settings: 令第149号's numbers, the nearest national rule found.
DEFAULT_ACCEPT_DAYS = 5  # working days
DEFAULT_HANDLE_DAYS = 60  # days
DEFAULT_EXTEND_DAYS = 30  # days
DEFAULT_REPLY_DAYS = 5  # working days
# The rule that makes the bureau handle a complaint of each line.
LINE_BASIS = {
    LAWYER: "律师法第五十二条、律师执业管理办法第五十条",
    NOTARY: "公证执业活动投诉处理办法（司法部令第147号）",
    GRASSROOTS: "基层法律服务工作者管理办法（司法部令第138号）",
}
# Dispositions that say the complaint was (at least partly) true.
PUNISHING = (Disposal.PENALTY, Disposal.DISCIPLINE, Disposal.CORRECTION)


def line_of(record) -> str:
    return LINE_OF.get(record.subject_kind, LAWYER)


def is_legal_aid(record) -> bool:
    """Under 令第149号: a complaint about legal aid work, of a line it covers."""
    return bool(getattr(record, "legal_aid", False)) and line_of(record) in LEGAL_AID_LINES


def periods(subject_kind: str, settings: dict | None = None, legal_aid: bool = False) -> dict:
    """The numbers of days of a complaint about `subject_kind`: accept (working days), handle
    and extend (days), reply (working days): 令第149号's for legal aid work, else the settings
    (indicators.period_settings) or their defaults."""
    line = LINE_OF.get(subject_kind, LAWYER)
    if legal_aid and line in LEGAL_AID_LINES:
        return dict(LEGAL_AID)
    configured = (settings or {}).get(line, {})
    return {
        "accept": configured.get("accept", DEFAULT_ACCEPT_DAYS),
        "handle": configured.get("handle", DEFAULT_HANDLE_DAYS),
        "extend": configured.get("extend", DEFAULT_EXTEND_DAYS),
        "reply": (settings or {}).get("reply", DEFAULT_REPLY_DAYS),
    }


def _days(record, stored: str, key: str) -> int:
    """The stored number of days (derive's), else the default of the record's line."""
    value = getattr(record, stored, None)
    if value is not None:
        return value
    return periods(record.subject_kind, legal_aid=is_legal_aid(record))[key]


def _basis(record, article: str, period: str) -> str:
    """A deadline's basis: 令第149号's article for legal aid work; else the line's rule and the
    bureau's setting, modelled on that article."""
    if is_legal_aid(record):
        return f"{LEGAL_AID_BASIS}第{article}，{period}"
    return f"{LINE_BASIS[line_of(record)]}；参照司法部令第149号第{article}，本局设置{period}"


# --- deadlines ------------------------------------------------------------------------------


def accept_deadline(record) -> Deadline:
    days = _days(record, "acceptance_days", "accept")
    return deadline(
        ACCEPT,
        _basis(record, "十五条", f"收到投诉之日起{days}个工作日"),
        lambda: add_working_days(record.received_date, days),
    )


def is_accepted(record) -> bool:
    return record.acceptance == Acceptance.ACCEPTED and record.acceptance_date is not None


def _handling_days(record, *, extended: bool) -> int:
    """The handling period's days from acceptance: the period, the extension once granted,
    and the days of 中止 already over, which do not count (令第149号 第二十三条第三款)."""
    days = _days(record, "handling_days", "handle") + (record.suspended_days or 0)
    if extended and record.extended_date is not None:
        days += _days(record, "extension_days", "extend")
    return days


def handle_deadline(record) -> Deadline | None:
    """From acceptance, once extended the longer period, moved by the days of 中止."""
    if not is_accepted(record):
        return None
    period = f"受理之日起{_days(record, 'handling_days', 'handle')}日"
    if record.extended_date is not None:
        period += f"，延期{_days(record, 'extension_days', 'extend')}日"
    if record.suspended_days:
        period += f"，中止{record.suspended_days}日不计入"
    days = _handling_days(record, extended=True)
    return deadline(
        HANDLE,
        _basis(record, "二十三条", period),
        lambda: add_calendar_days(record.acceptance_date, days),
    )


def reply_deadline(record) -> Deadline | None:
    if record.handled_date is None:
        return None
    days = _days(record, "reply_days", "reply")
    return deadline(
        REPLY,
        _basis(record, "二十四条", f"作出处理结果之日起{days}个工作日"),
        lambda: add_working_days(record.handled_date, days),
    )


def deadlines(record) -> dict[str, Deadline]:
    found = {ACCEPT: accept_deadline(record)}
    for compute in (handle_deadline, reply_deadline):
        found_one = compute(record)
        if found_one is not None:
            found[found_one.label] = found_one
    return found


def status(record) -> str:
    if record.acceptance == Acceptance.NOT_ACCEPTED:
        return ComplaintStatus.NOT_ACCEPTED
    if not is_accepted(record):
        return ComplaintStatus.PENDING
    if record.closed_date is not None:
        return ComplaintStatus.CLOSED
    if record.replied_date is not None:
        return ComplaintStatus.REPLIED
    if record.handled_date is not None:
        return ComplaintStatus.AWAITING_REPLY
    if record.suspended_since is not None:
        return ComplaintStatus.SUSPENDED
    return ComplaintStatus.HANDLING


def running(record) -> list[Deadline | None]:
    """The deadline running now: the acceptance decision while pending, the 处理结果 while
    accepted (none while 中止: its days do not count), the reply once decided; none once
    answered (办结 is the record's close)."""
    current = status(record)
    if current == ComplaintStatus.PENDING:
        return [accept_deadline(record)]
    if current == ComplaintStatus.HANDLING:
        return [handle_deadline(record)]
    if current == ComplaintStatus.AWAITING_REPLY:
        return [reply_deadline(record)]
    return []


def is_overdue(record, today: datetime.date) -> bool:
    return bool(passed(running(record), today))


def _after(day: datetime.date | None, due: Deadline | None) -> bool:
    return day is not None and due is not None and due.date is not None and day > due.date


def late(record) -> bool:
    """超期办理: a decision or the reply made after its period (the acceptance decision, the
    处理结果, the 答复)."""
    return (
        _after(record.acceptance_date, accept_deadline(record))
        or _after(record.handled_date, handle_deadline(record))
        or _after(record.replied_date, reply_deadline(record))
    )


def ended_on(record) -> datetime.date | None:
    """The day the complaint's business ended: its 办结, or the 不予受理 decision."""
    if record.acceptance == Acceptance.NOT_ACCEPTED:
        return record.acceptance_date
    return record.closed_date


def overdue_on(record, day: datetime.date) -> bool:
    """Whether the complaint ran past a deadline on `day` without its act done by then: what a
    figure judged at a period's end counts. Read from the stored deadlines, as the SQL twin
    (overdue_condition) reads them."""
    if record.received_date is None or record.received_date > day:
        return False

    def not_done_by(done):
        return done is None or done > day

    pending = not_done_by(record.acceptance_date)
    if pending and record.acceptance_deadline and record.acceptance_deadline < day:
        return True
    if record.acceptance != Acceptance.ACCEPTED or pending:
        return False
    handling = not_done_by(record.handled_date)
    # While 中止 no handling period runs (as stored: the suspension now, if it began by then).
    suspended = record.suspended_since is not None and record.suspended_since <= day
    if handling and not suspended and record.handling_deadline and record.handling_deadline < day:
        return True
    return (
        not handling
        and not_done_by(record.replied_date)
        and record.reply_deadline is not None
        and record.reply_deadline < day
    )


def overdue_condition(day: datetime.date) -> Q:
    """`overdue_on(record, day)` as a condition on the stored fields, for the figures."""

    def not_done_by(field):
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": day})

    pending = not_done_by("acceptance_date") & Q(acceptance_deadline__lt=day)
    accepted = Q(acceptance=Acceptance.ACCEPTED, acceptance_date__lte=day)
    handling = (
        accepted
        & not_done_by("handled_date")
        & Q(handling_deadline__lt=day)
        & ~Q(suspended_since__lte=day)
    )
    replying = (
        accepted
        & Q(handled_date__lte=day)
        & not_done_by("replied_date")
        & Q(reply_deadline__lt=day)
    )
    return Q(received_date__lte=day) & (pending | handling | replying)


def derive(record, settings: dict | None = None) -> None:
    """Set the stored derived fields; `settings` is the register's (columns.complaint_settings):
    the periods of the record's line, or 令第149号's for legal aid work."""
    found = periods(record.subject_kind, settings, is_legal_aid(record))
    record.acceptance_days = found["accept"]
    record.handling_days = found["handle"]
    record.extension_days = found["extend"]
    record.reply_days = found["reply"]
    record.status = status(record)
    due = deadlines(record)
    record.acceptance_deadline = due[ACCEPT].date
    record.handling_deadline = due[HANDLE].date if HANDLE in due else None
    record.reply_deadline = due[REPLY].date if REPLY in due else None
    record.late = late(record)
    record.ended_date = ended_on(record)
    set_running(record, running(record))


# --- checks ---------------------------------------------------------------------------------

# (header, field) of the procedure's dates, in its order: none may come before the one above.
DATES = (
    ("受理（不予受理）日期", "acceptance_date"),
    ("调查完成日期", "investigated_date"),
    ("处理日期", "handled_date"),
    ("答复日期", "replied_date"),
    ("办结日期", "closed_date"),
)


def _filled(value) -> bool:
    return bool((value or "").strip()) if isinstance(value, str) else value is not None


def check(record) -> list[Problem]:
    """The consistency of a complaint arriving whole (an import, the API, an edit): each step's
    facts together, in the procedure's order, none before the complaint was received."""
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    received = record.received_date
    for header, name in DATES + (("延期日期", "extended_date"),):
        day = getattr(record, name)
        if day is not None and received is not None and day < received:
            refuse(header, f"{header}不能早于收到日期")
    if getattr(record, "legal_aid", False) and line_of(record) not in LEGAL_AID_LINES:
        refuse(
            "是否法律援助事项",
            "法律援助事项的投诉只涉及律师事务所、基层法律服务所及其人员（司法部令第149号第三条）",
        )
    _check_acceptance(record, refuse)
    _check_handling(record, refuse)
    _check_suspension(record, refuse)
    earlier = None
    for header, name in DATES:
        day = getattr(record, name)
        if day is None:
            continue
        if earlier is not None and day < earlier[1]:
            refuse(header, f"{header}不能早于{earlier[0]}")
        earlier = (header, day)
    return problems


def _check_acceptance(record, refuse) -> None:
    if bool(record.acceptance) != (record.acceptance_date is not None):
        if record.acceptance:
            refuse("受理（不予受理）日期", "填写了受理情况，也须填写受理（不予受理）日期")
        else:
            refuse("受理情况", "填写了受理（不予受理）日期，也须填写受理情况")
    reason = _filled(record.refusal_reason)
    if record.acceptance == Acceptance.NOT_ACCEPTED and not reason:
        refuse("不予受理理由", "不予受理的投诉须填写不予受理理由")
    if reason and record.acceptance != Acceptance.NOT_ACCEPTED:
        refuse("不予受理理由", "只有不予受理的投诉才填写不予受理理由")
    if record.acceptance != Acceptance.ACCEPTED:
        later = [
            header
            for header, name in (
                ("调查完成日期", "investigated_date"),
                ("核查情况", "investigation_note"),
                ("延期日期", "extended_date"),
                ("中止日期", "suspended_since"),
                ("处理日期", "handled_date"),
                ("答复日期", "replied_date"),
                ("办结日期", "closed_date"),
            )
            if _filled(getattr(record, name))
        ]
        if later:
            refuse(later[0], f"尚未受理的投诉不能填写{'、'.join(later)}")


def _check_handling(record, refuse) -> None:
    if _filled(record.investigation_note) != (record.investigated_date is not None):
        refuse("核查情况", "调查完成日期和核查情况须同时填写")
    if _filled(record.extension_reason) != (record.extended_date is not None):
        refuse("延期理由", "延期日期和延期理由须同时填写")
    extended, handled = record.extended_date, record.handled_date
    if extended is not None and handled is not None and extended > handled:
        refuse("延期日期", "延期日期不能晚于处理日期")
    if record.extended_date is not None and record.acceptance_date is not None:
        if record.extended_date < record.acceptance_date:
            refuse("延期日期", "延期日期不能早于受理日期")
        original = _original_handle_deadline(record)
        if original is not None and record.extended_date > original:
            refuse("延期日期", f"处理期限已于 {original:%Y-%m-%d} 届满，届满后不能再延期")
    decided = [bool(record.finding), bool(record.disposal), record.handled_date is not None]
    if any(decided) and not all(decided):
        refuse("处理日期", "处理日期、核查结论和处理方式须同时填写")
    if record.handled_date is not None and record.investigated_date is None:
        refuse("调查完成日期", "作出处理结果前须先登记调查完成日期和核查情况")
    problem = disposal_problem(record.finding, record.disposal)
    if problem:
        refuse("处理方式", problem)
    if bool(record.reply_method) != (record.replied_date is not None):
        refuse("答复方式", "答复日期和答复方式须同时填写")
    if record.replied_date is not None and record.handled_date is None:
        refuse("答复日期", "作出处理结果后才能答复投诉人")
    if record.closed_date is not None and record.replied_date is None:
        refuse("办结日期", "答复投诉人后才能办结")


def _check_suspension(record, refuse) -> None:
    since = record.suspended_since
    if since is not None and not _filled(record.suspension_reason):
        refuse("中止事由", "中止的投诉须填写中止事由")
    if since is not None and record.handled_date is not None:
        refuse("中止日期", "已作出处理结果的投诉不能处于中止状态")
    if since is not None and record.acceptance_date is not None and since < record.acceptance_date:
        refuse("中止日期", "中止日期不能早于受理日期")
    if record.suspended_days and record.acceptance != Acceptance.ACCEPTED:
        refuse("中止天数", "尚未受理的投诉不能有中止天数")


def _original_handle_deadline(record) -> datetime.date | None:
    """The handling period's last day before any extension (days of 中止 not counted)."""
    days = _handling_days(record, extended=False)
    found = deadline(HANDLE, "", lambda: add_calendar_days(record.acceptance_date, days))
    return found.date


def disposal_problem(finding: str, disposal: str) -> str:
    """A complaint found untrue is not punished: 查证不实 goes with 不予处理 or 其他 only."""
    if finding == Finding.UNSUBSTANTIATED and disposal in PUNISHING:
        label = Disposal(disposal).label
        return f"查证不实的投诉，处理方式不能是“{label}”，应为“不予处理”或“其他”"
    return ""


def holder_problem(subject_kind: str, number: str, holder) -> str:
    """A licence number the roster gives to a holder of another category than the complaint
    states (a 律师's 执业证号 under 律师事务所, a 公证员's under 律师) is refused: the complaint
    would be counted under the wrong line. A number the roster does not know is kept (未匹配)."""
    if holder is None or not subject_kind:
        return ""
    stated = SubjectKind(subject_kind).label if subject_kind in SubjectKind.values else ""
    if holder.category_label != stated:
        return (
            f"执业证号「{number}」在执业机构和人员名册中是{holder.category_label}"
            f"「{holder.name}」的，与被投诉对象类别“{stated}”不符"
        )
    return ""


# --- steps ----------------------------------------------------------------------------------

_PENDING = steps.requires(
    lambda r: status(r) == ComplaintStatus.PENDING, "只有待受理的投诉才能作出受理或不予受理"
)
_HANDLING = steps.first(
    steps.requires(
        lambda r: status(r) != ComplaintStatus.SUSPENDED,
        "投诉调查中止期间不能办理此步骤，请先恢复调查",
    ),
    steps.requires(
        lambda r: status(r) == ComplaintStatus.HANDLING,
        "只有已受理、尚未作出处理结果的投诉才能办理此步骤",
    ),
)


def _before_deadline_ends(record, day: datetime.date | None) -> str | None:
    """延期 is decided within the handling period, not after it has run out."""
    original = _original_handle_deadline(record) if record.acceptance_date else None
    if day is not None and original is not None and day > original:
        return f"处理期限已于 {original:%Y-%m-%d} 届满，届满后不能再延期"
    return None


def _text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise StepRefused(f"请填写{label}")
    return value


def _accept(record, day, **_):
    record.acceptance, record.acceptance_date = Acceptance.ACCEPTED, day


def _not_accept(record, day, *, refusal_reason="", **_):
    record.refusal_reason = _text(refusal_reason, "不予受理理由")
    record.acceptance, record.acceptance_date = Acceptance.NOT_ACCEPTED, day


def _investigate(record, day, *, investigation_note="", **_):
    record.investigation_note = _text(investigation_note, "核查情况")
    record.investigated_date = day


def _extend(record, day, *, extension_reason="", **_):
    record.extension_reason = _text(extension_reason, "延期理由")
    record.extended_date = day


def _handle(record, day, *, finding="", disposal="", **_):
    if finding not in Finding.values:
        raise StepRefused(f"请选择核查结论：{'、'.join(Finding.labels)}")
    if disposal not in Disposal.values:
        raise StepRefused(f"请选择处理方式：{'、'.join(Disposal.labels)}")
    problem = disposal_problem(finding, disposal)
    if problem:
        raise StepRefused(problem)
    record.finding, record.disposal, record.handled_date = finding, disposal, day


def _reply(record, day, *, reply_method="", **_):
    if reply_method not in ReplyMethod.values:
        raise StepRefused(f"请选择答复方式：{'、'.join(ReplyMethod.labels)}")
    record.reply_method, record.replied_date = reply_method, day


def _close(record, day, **_):
    record.closed_date = day


def _suspend(record, day, *, suspension_reason="", **_):
    record.suspension_reason = _text(suspension_reason, "中止事由")
    record.suspended_since = day


def _resume(record, day, **_):
    record.suspended_days = (record.suspended_days or 0) + (day - record.suspended_since).days
    record.suspended_since = None


STEPS = steps.by_key(
    Step("accept", "受理", refusal=_PENDING, effect=_accept),
    Step("not_accept", "不予受理", ("refusal_reason",), refusal=_PENDING, effect=_not_accept),
    Step(
        "investigate",
        "调查",
        ("investigation_note",),
        refusal=steps.first(
            _HANDLING,
            steps.requires(lambda r: r.investigated_date is None, "已登记调查核查情况"),
        ),
        effect=_investigate,
    ),
    Step(
        "extend",
        "延期",
        ("extension_reason",),
        refusal=steps.first(
            _HANDLING,
            steps.requires(lambda r: r.extended_date is None, "处理期限只能延长一次"),
            _before_deadline_ends,
        ),
        effect=_extend,
    ),
    Step(
        "suspend",
        "中止调查",
        ("suspension_reason",),
        refusal=_HANDLING,
        effect=_suspend,
    ),
    Step(
        "resume",
        "恢复调查",
        refusal=steps.requires(
            lambda r: status(r) == ComplaintStatus.SUSPENDED, "只有中止调查的投诉才能恢复调查"
        ),
        effect=_resume,
    ),
    Step(
        "handle",
        "处理结果",
        ("finding", "disposal"),
        refusal=steps.first(
            _HANDLING,
            steps.requires(
                lambda r: r.investigated_date is not None, "请先登记调查核查情况（步骤“调查”）"
            ),
        ),
        effect=_handle,
    ),
    Step(
        "reply",
        "答复投诉人",
        ("reply_method",),
        refusal=steps.requires(
            lambda r: status(r) == ComplaintStatus.AWAITING_REPLY,
            "作出处理结果后、尚未答复的投诉才能答复投诉人",
        ),
        effect=_reply,
    ),
    Step(
        "close",
        "办结",
        refusal=steps.requires(
            lambda r: status(r) == ComplaintStatus.REPLIED, "已答复投诉人、尚未办结的投诉才能办结"
        ),
        effect=_close,
    ),
)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, **inputs):
    """Take a step in place, or raise StepRefused saying why not."""
    steps.take(STEPS, record, key, day, too_early=_before_last_step, **inputs)


def _before_last_step(record, day: datetime.date) -> str | None:
    dates = [
        record.received_date,
        record.acceptance_date,
        record.investigated_date,
        record.extended_date,
        record.suspended_since,
        record.handled_date,
        record.replied_date,
    ]
    floor = max(d for d in dates if d is not None)
    if day < floor:
        return f"日期 {day:%Y-%m-%d} 早于本投诉上一步骤的日期 {floor:%Y-%m-%d}"
    return None


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.received_date, "收到投诉")]
    if record.acceptance == Acceptance.ACCEPTED:
        events.append((record.acceptance_date, "受理"))
    elif record.acceptance == Acceptance.NOT_ACCEPTED:
        events.append((record.acceptance_date, f"不予受理（{record.refusal_reason}）"))
    events.append((record.investigated_date, "调查核查完毕"))
    if record.extended_date is not None:
        events.append((record.extended_date, f"延期（{record.extension_reason}）"))
    if record.suspended_since is not None:
        events.append((record.suspended_since, f"中止调查（{record.suspension_reason}）；尚未恢复"))
    if record.handled_date is not None:
        finding = Finding(record.finding).label if record.finding in Finding.values else ""
        disposal = Disposal(record.disposal).label if record.disposal in Disposal.values else ""
        events.append((record.handled_date, f"处理结果：{finding}，{disposal}"))
    if record.replied_date is not None:
        method = (
            ReplyMethod(record.reply_method).label
            if record.reply_method in ReplyMethod.values
            else ""
        )
        events.append((record.replied_date, f"答复投诉人（{method}）"))
    events.append((record.closed_date, "办结"))
    return sorted((d, text) for d, text in events if d is not None)
