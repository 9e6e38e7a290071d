"""行政应诉: the answer deadline, steps and checks, as pure functions of a case's facts.

A "case" here is anything with the register's attributes (an unsaved model instance will do):
nothing in this module touches the database — the link to a reconsideration case is resolved
in links.py. The one statutory period, 15 days to answer (行政诉讼法第六十七条), is a calendar
period counted under 民事诉讼法 第八十五条.
"""

import datetime

from fazhi.core import steps
from fazhi.core.errors import Problem, StepRefused
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_calendar_days, date_of, deadline, earliest

from .models import ClosingMethod, Judgment, Status

ANSWER = "答辩期限"
ANSWER_DAYS = 15


# 结案方式 of each 裁判结果 that says it (docs/domain/litigation.md). A judgment under 行政诉讼法
# 第六十九条至第七十八条 is a 判决; 裁定驳回起诉 a 裁定 (法释〔2018〕1号第六十九条); 原告撤诉 is
# granted by a 裁定 too (第六十二条), but the courts' statistics and the bureaus' reports count 撤诉
# apart from the other 裁定, and so do we; 调解结案 ends in a 调解书 (第六十条). 其他 (移送, 终结,
# a second instance's 驳回上诉 …) says nothing: its 结案方式 is entered.
CLOSING_OF_JUDGMENT = {
    Judgment.CLAIMS_DISMISSED: ClosingMethod.JUDGMENT,
    Judgment.REVOKED: ClosingMethod.JUDGMENT,
    Judgment.PARTLY_REVOKED: ClosingMethod.JUDGMENT,
    Judgment.CONFIRMED_ILLEGAL: ClosingMethod.JUDGMENT,
    Judgment.CONFIRMED_VOID: ClosingMethod.JUDGMENT,
    Judgment.ORDERED: ClosingMethod.JUDGMENT,
    Judgment.VARIED: ClosingMethod.JUDGMENT,
    Judgment.COMPENSATION: ClosingMethod.JUDGMENT,
    Judgment.SUIT_DISMISSED: ClosingMethod.RULING,
    Judgment.WITHDRAWN: ClosingMethod.WITHDRAWN,
    Judgment.MEDIATED: ClosingMethod.MEDIATED,
}
# The 裁判结果 that are judgments (判决): the only ones 胜诉 and 败诉 among judgments are told from.
JUDGMENT_RESULTS = tuple(
    value for value, method in CLOSING_OF_JUDGMENT.items() if method == ClosingMethod.JUDGMENT
)


def closing_of(judgment: str) -> str:
    """The 结案方式 a 裁判结果 implies, or "" where it implies none (其他, or no result yet)."""
    return CLOSING_OF_JUDGMENT.get(judgment, "")


def answer_deadline(case) -> Deadline | None:
    """Evidence, legal basis and the defence are due 15 days after the copy of the complaint
    arrives (第六十七条); the register keeps the day the notice to respond arrived."""
    if case.notice_received_date is None:
        return None
    return deadline(
        ANSWER,
        "行政诉讼法第六十七条",
        lambda: add_calendar_days(case.notice_received_date, ANSWER_DAYS),
    )


def deadlines(case) -> dict[str, Deadline]:
    """Every deadline that applies to the case, by its name in the domain file."""
    answer = answer_deadline(case)
    return {ANSWER: answer} if answer is not None else {}


def is_concluded(case) -> bool:
    return bool(case.judgment) and case.concluded_date is not None


def has_hearing(case) -> bool:
    return bool(case.hearing_held) or case.hearing_date is not None


def status(case) -> str:
    if is_concluded(case):
        return Status.CONCLUDED
    # The Excel template has no 答辩提交日期: a case imported with its hearing already held is
    # past the defence, or it would be watched against an answer deadline long gone.
    if case.defence_date is not None or has_hearing(case):
        return Status.PENDING
    return Status.AWAITING_DEFENCE


def running(case) -> list[Deadline | None]:
    """Every deadline the case runs against now, which the board watches: the answer deadline
    until the defence is filed. Evidence (第三十四条) is due within the same fifteen days of the
    same article (第六十七条), so 举证 and 答辩 are one deadline, not two; the court's own
    periods are not the bureau's."""
    if status(case) == Status.AWAITING_DEFENCE:
        return [answer_deadline(case)]
    return []


def current_deadline(case) -> Deadline | None:
    return earliest(running(case))


def is_overdue(case, today: datetime.date) -> bool:
    return bool(passed(running(case), today))


def derive(case, settings: dict | None = None) -> None:
    """Set the stored derived fields from the facts; called before every save. 结案方式 follows
    the 裁判结果 wherever that says it (a 结案方式 written beside it is the result's, or a slip);
    for 其他 the one entered is kept, and check() asks for it."""
    case.closing_method = closing_of(case.judgment) or case.closing_method
    case.status = status(case)
    case.answer_deadline = date_of(answer_deadline(case))
    set_running(case, running(case))


def check(case) -> list[Problem]:
    """The consistency checks of the domain file, each with its Chinese message.

    Whether 关联复议案件编号 names an existing case needs the database: links.resolve_links.
    """
    problems = []

    def refuse(header, message):
        problems.append(Problem(header, message))

    notice = case.notice_received_date
    if notice is None:
        refuse("收到应诉通知日期", "必须填写收到应诉通知日期")
    for header, value in (
        ("答辩提交日期", case.defence_date),
        ("开庭日期", case.hearing_date),
        ("审结日期", case.concluded_date),
    ):
        if value is not None and notice is not None and value < notice:
            refuse(header, f"{value:%Y-%m-%d} 早于收到应诉通知日期 {notice:%Y-%m-%d}")
    if bool(case.judgment) != (case.concluded_date is not None):
        if case.judgment:
            refuse("审结日期", "填写了裁判结果，也须填写审结日期")
        else:
            refuse("裁判结果", "填写了审结日期，也须填写裁判结果")
    problems += _closing_problems(case)
    if case.hearing_date is not None and not case.hearing_held:
        refuse("开庭日期", "只有是否开庭为“是”的案件才填写开庭日期")
    if case.hearing_held and case.hearing_date is None:
        # 开庭审理 is counted by its date: a hearing without one would vanish from the figures.
        refuse("开庭日期", "是否开庭为“是”时必须填写开庭日期")
    if case.head_appeared and not case.hearing_held:
        refuse("负责人是否出庭", "负责人出庭应诉须有开庭：是否开庭应为“是”")
    if case.head_appeared and not case.head_name:
        refuse("出庭负责人", "负责人是否出庭为“是”时必须填写出庭负责人")
    if not case.head_appeared and case.head_name:
        refuse("出庭负责人", "负责人是否出庭为“否”时不填写出庭负责人")
    if not case.head_appeared and case.head_title:
        refuse("出庭负责人职务", "负责人是否出庭为“否”时不填写出庭负责人职务")
    if case.head_spoke and not case.head_appeared:
        # 出庭且出声 (法释〔2020〕3号 第十一条): only a head who appeared can have spoken.
        refuse("负责人是否出声", "负责人未出庭的，负责人是否出声应为“否”")
    concluded = case.concluded_date
    if concluded is not None and case.hearing_date is not None and concluded < case.hearing_date:
        refuse("审结日期", "审结日期早于开庭日期")
    if concluded is not None and case.defence_date is not None and concluded < case.defence_date:
        refuse("审结日期", "审结日期早于答辩提交日期")
    return problems


def _closing_problems(case) -> list[Problem]:
    """结案方式 goes with the 裁判结果: entered where the result does not say it (其他), and none
    before the case is concluded."""
    if not case.judgment:
        if case.closing_method:
            return [Problem("结案方式", "填写了结案方式，也须填写裁判结果和审结日期")]
        return []
    # Any other result says its own (derive sets it before the checks run).
    if case.judgment == Judgment.OTHER and not case.closing_method:
        return [Problem("结案方式", OTHER_NEEDS_METHOD)]
    return []


OTHER_NEEDS_METHOD = "裁判结果为“其他”的，须填写结案方式（判决、裁定、撤诉或调解）"


def unresolved(case) -> bool:
    """Concluded without a 结案方式: a record from before 结案方式 was kept whose 裁判结果 is 其他,
    which only an officer can say (migration 0006 lists them; the edit page resolves them)."""
    return bool(case.judgment) and not case.closing_method


# --- steps -------------------------------------------------------------------------------

_NOT_CONCLUDED = steps.requires(
    lambda case: status(case) != Status.CONCLUDED, "案件已审结，不能再办理此步骤"
)


def _defence(case, day, **_):
    case.defence_date = day


def _hearing(case, day, *, head_appeared, head_name, head_title, head_spoke, **_):
    if head_appeared and not head_name:
        raise StepRefused("负责人出庭的，请填写出庭负责人")
    if not head_appeared and (head_name or head_title):
        raise StepRefused("负责人未出庭的，不填写出庭负责人及职务")
    if head_spoke and not head_appeared:
        raise StepRefused("负责人未出庭的，不能登记负责人出声")
    case.hearing_held, case.hearing_date = True, day
    case.head_appeared, case.head_name, case.head_title = head_appeared, head_name, head_title
    case.head_spoke = head_spoke


def _conclude(case, day, *, judgment, closing_method, **_):
    if judgment not in Judgment.values:
        raise StepRefused(f"请选择裁判结果：{'、'.join(Judgment.labels)}")
    if closing_method and closing_method not in ClosingMethod.values:
        raise StepRefused(f"请选择结案方式：{'、'.join(ClosingMethod.labels)}")
    implied = closing_of(judgment)
    if implied and closing_method and closing_method != implied:
        judged, label = Judgment(judgment).label, ClosingMethod(implied).label
        raise StepRefused(f"裁判结果为“{judged}”的，结案方式应为“{label}”")
    if not (implied or closing_method):
        raise StepRefused(OTHER_NEEDS_METHOD)
    case.concluded_date, case.judgment = day, judgment
    case.closing_method = implied or closing_method


STEPS = steps.by_key(
    Step(
        "defence",
        "提交答辩",
        refusal=steps.first(
            _NOT_CONCLUDED,
            steps.requires(
                lambda case: status(case) == Status.AWAITING_DEFENCE,
                "只有待答辩的案件才能登记提交答辩",
            ),
        ),
        effect=_defence,
    ),
    Step(
        "hearing",
        "开庭",
        ("head",),
        refusal=steps.first(
            _NOT_CONCLUDED,
            steps.requires(
                lambda case: status(case) == Status.PENDING, "请先登记提交答辩，再登记开庭"
            ),
            steps.requires(lambda case: not has_hearing(case), "已登记开庭"),
        ),
        effect=_hearing,
    ),
    # 审结 may come before any defence: a suit withdrawn or dismissed at the door.
    Step("conclude", "审结", ("judgment",), refusal=_NOT_CONCLUDED, effect=_conclude),
)


def allowed_steps(case) -> list[Step]:
    """The steps allowed from where the case stands, in the order of the procedure."""
    return steps.allowed(STEPS, case)


def apply_step(
    case,
    key: str,
    day: datetime.date,
    *,
    judgment: str = "",
    closing_method: str = "",
    head_appeared: bool = False,
    head_name: str = "",
    head_title: str = "",
    head_spoke: bool = False,
):
    """Take a step on the case in place, or raise StepRefused saying why not."""
    steps.take(
        STEPS,
        case,
        key,
        day,
        too_early=_before_last_step,
        judgment=judgment,
        closing_method=closing_method or "",
        head_appeared=bool(head_appeared),
        head_name=(head_name or "").strip(),
        head_title=(head_title or "").strip(),
        head_spoke=bool(head_spoke),
    )


def _before_last_step(case, day: datetime.date) -> str | None:
    floor = _earliest_date(case)
    if floor is not None and day < floor:
        return f"日期 {day:%Y-%m-%d} 早于本案上一步骤的日期 {floor:%Y-%m-%d}"
    return None


def _earliest_date(case) -> datetime.date | None:
    dates = [case.notice_received_date, case.defence_date, case.hearing_date]
    return max((d for d in dates if d is not None), default=None)


def timeline(case) -> list[tuple[datetime.date, str]]:
    """The steps a case has gone through, from its dates, oldest first."""
    events = [(case.notice_received_date, "收到应诉通知")]
    if case.defence_date is not None:
        answer = answer_deadline(case)
        late = answer is not None and answer.date is not None and case.defence_date > answer.date
        events.append((case.defence_date, "提交答辩（超过答辩期限）" if late else "提交答辩"))
    if case.hearing_date is not None:
        if case.head_appeared:
            head = f"{case.head_title or '负责人'}{case.head_name}"
            spoke = "并出声" if case.head_spoke else ""
            events.append((case.hearing_date, f"开庭（{head}出庭应诉{spoke}）"))
        else:
            events.append((case.hearing_date, "开庭（负责人未出庭）"))
    if case.concluded_date is not None:
        label = Judgment(case.judgment).label if case.judgment else ""
        if case.closing_method and case.judgment == Judgment.OTHER:
            label += f"，{ClosingMethod(case.closing_method).label}结案"
        events.append((case.concluded_date, f"审结（{label}）"))
    # A stable sort by date alone keeps same-day events in the procedure's order.
    return sorted((e for e in events if e[0] is not None), key=lambda e: e[0])
