"""人民调解's rules (pure, no database): the consistency checks of mediation.md, the 司法确认
window (人民调解法 第三十三条) as the running deadline, the 以奖代补 tier of a case, and the
steps of the web pages.

The one deadline of a case is the parties' window to ask a court for 司法确认, not work of the
committee: when it passes unused it has lapsed, it is never overdue (MediationCase.
deadline_lapses). The law gives the committee itself no period to keep: 第二十七条 (立卷归档) and
第三十一条第二款 (监督履行) name duties without a time, and mediation.md names none; 以奖代补 runs
by the county's review rounds, not by a statutory date. So nothing of this register is overdue,
and `window_state` is the one rule every page, the export and the filter show the window by."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from fazhi.core import steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.models import UnitKind
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline, add_calendar_days, date_text, deadline, earliest

from .models import DEFAULT_TIERS, AgreementForm, Result, SubsidyStatus, ancestor_paths

CONFIRMATION = "司法确认申请期限"
CONFIRMATION_BASIS = "人民调解法第三十三条（调解协议生效之日起三十日内共同申请司法确认）"
CONFIRMATION_DAYS = 30
TIERS_SETTING = "mediation.subsidy_tiers"  # the key under which settings() passes the tiers


def is_success(case) -> bool:
    return case.status == Result.SUCCEEDED


def status(case):
    return Result(case.status)


def confirmation_deadline(case) -> Deadline | None:
    """第三十三条: a written agreement (it takes effect when signed, 第二十九条; the 结案日期 is
    taken as that day) may be brought to court within 30 days — a calendar period, counted as
    民事诉讼法 counts periods. 民事诉讼法's 确认调解协议案件 (特别程序) sets the same 30 days
    (第二百零一条 as revised in 2021; its text is not among shared/reference/laws, so check the
    number against the edition in force before quoting it). An oral agreement has no document
    to bring (the court asks for the 调解协议, 法释〔2011〕5号 第三条), so it has no window."""
    if not is_success(case) or case.agreement_form != AgreementForm.WRITTEN:
        return None
    if case.closed_date is None:
        return None
    return deadline(
        CONFIRMATION,
        CONFIRMATION_BASIS,
        lambda: add_calendar_days(case.closed_date, CONFIRMATION_DAYS),
    )


def deadlines(case) -> dict[str, Deadline]:
    found = confirmation_deadline(case)
    return {CONFIRMATION: found} if found else {}


def running(case) -> list[Deadline | None]:
    """Every deadline running now (the contract of core.records.set_running): the parties'
    window until they apply (是否申请司法确认 = 是). Whether it has lapsed depends on the day,
    which a stored record cannot know: the board and the pages ask `window_state`."""
    if case.judicial_confirmation:
        return []
    return [confirmation_deadline(case)]


def current_deadline(case) -> Deadline | None:
    return earliest(running(case))


def duties(case) -> list[Deadline | None]:
    """The committee's own running deadlines, which can be overdue: none (see the module's
    docstring for why the law gives it none)."""
    return []


def is_overdue(case, today: datetime.date) -> bool:
    """Overdue is a duty not done in time. The window is the parties' to use: once past it has
    lapsed, which is not the committee's overdue work."""
    return bool(passed(duties(case), today))


# What the 司法确认 window of a case is on a given day.
NO_WINDOW = "none"  # not a written agreement that took effect: nothing to bring to court
OPEN = "open"  # the parties may still apply (its last day included)
LAPSED = "lapsed"  # its last day passed and they did not apply: closed, not overdue
APPLIED = "applied"  # they applied (是否申请司法确认 = 是)
UNDETERMINED = "undetermined"  # the calendar cannot give its date (待定)


@dataclass(frozen=True)
class WindowState:
    state: str
    deadline: Deadline | None = None
    days_left: int | None = None  # while OPEN: days to the last day (0 on it)

    @property
    def date(self) -> datetime.date | None:
        return self.deadline.date if self.deadline else None

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def is_lapsed(self) -> bool:
        return self.state == LAPSED

    def text(self, shown=date_text) -> str:
        """The window in words, its date written by `shown`: date_text ("2027-01-25（暂定）")
        in the export, the template filter's markup on the pages (templatetags/mediation.py),
        so that every place says the same words."""
        day = shown(self.date) if self.date else ""
        return {
            NO_WINDOW: "",
            OPEN: f"申请期至 {day}，剩 {self.days_left} 天",
            LAPSED: f"申请期已于 {day} 届满",
            APPLIED: "已申请",
            UNDETERMINED: "申请期限待定",
        }[self.state]


def window_state(case, today: datetime.date) -> WindowState:
    """THE rule of how a case's 司法确认 window stands on `today`: the list, the case page, the
    仅看超期 filter, the export and the board's selection (core.records.running_due: a
    lapsing deadline runs while its date ≥ today) all agree with it."""
    found = confirmation_deadline(case)
    if case.judicial_confirmation:
        return WindowState(APPLIED, found)
    if found is None:
        return WindowState(NO_WINDOW)
    if found.date is None:
        return WindowState(UNDETERMINED, found)
    if found.date < today:
        return WindowState(LAPSED, found)
    return WindowState(OPEN, found, (found.date - today).days)


def window_open(case, today: datetime.date) -> bool:
    return window_state(case, today).is_open


def tier_of(
    tiers: dict | None, path: str, year: int, difficulty: str
) -> tuple[Decimal, str | None]:
    """(amount, path of the unit whose setting holds) of `difficulty` in `year` for a case of
    the unit at `path`: the nearest unit at or above it that set one wins; (default tier, None)
    when none did. `tiers` is {unit path: {(year, difficulty): amount}}."""
    tiers = tiers or {}
    for above in ancestor_paths(path):
        found = tiers.get(above, {}).get((year, str(difficulty)))
        if found is not None:
            return Decimal(found), above
    return DEFAULT_TIERS[difficulty], None


def tier_amount(tiers: dict | None, path: str, year: int, difficulty: str) -> Decimal:
    return tier_of(tiers, path, year, difficulty)[0]


def unit_path(case) -> str:
    """The path of the case's unit ("" before it has one): whose tiers pay it."""
    try:
        return case.unit.path
    except ObjectDoesNotExist:
        return ""


def subsidy_year_of(case) -> int | None:
    day = case.closed_date or case.received_date
    return day.year if day else None


# What fixes who is paid and how much: the committee and mediator paid (一案一补), the 疑难程度
# the tier was taken from, and the amount itself. The labels name them in the review note.
PAYEE_LABELS = {
    "committee_code": "调解组织",
    "mediator": "调解员",
    "difficulty": "疑难程度",
    "amount": "以奖代补金额",
}


def payee_basis(case) -> dict[str, str]:
    """Who is paid and how much, as plain text (what subsidy_approved keeps); amounts to two
    places, so 100 and 100.00 (before and after a round trip through the database) agree."""
    amount = case.subsidy_amount
    return {
        "committee_code": (case.committee_code or "").strip(),
        "mediator": case.mediator or "",
        "difficulty": str(case.difficulty or ""),
        "amount": "" if amount is None else f"{Decimal(amount):.2f}",
    }


def changed_since_approval(case) -> list[str]:
    """The labels of what changed in who is paid since the subsidy was approved; [] when
    nothing did, or the case is not approved, or its approval kept no basis yet."""
    approved = case.subsidy_approved or {}
    if case.subsidy_status != SubsidyStatus.APPROVED or not approved:
        return []
    now = payee_basis(case)
    return [label for key, label in PAYEE_LABELS.items() if approved.get(key) != now[key]]


def back_to_review_reason(changed: list[str]) -> str:
    return f"审核通过后修改了{'、'.join(changed)}，须重新审核"


def derive(case, settings: dict | None = None) -> None:
    """The running deadlines (set_running); for an approved case without a fixed amount (an
    imported 审核通过 row), its year and the amount of that year's tier of the case's own unit
    (the nearest setting above it). An approved case whose payee or amount changed since
    approval goes back to review (已申报), whoever changed it and however: who is paid must
    not change unseen."""
    set_running(case, running(case))
    changed = changed_since_approval(case)
    if changed:
        case.subsidy_status = SubsidyStatus.SUBMITTED
        case.subsidy_reason = back_to_review_reason(changed)
    if case.subsidy_status == SubsidyStatus.APPROVED:
        if case.subsidy_year is None:
            case.subsidy_year = subsidy_year_of(case)
        if case.subsidy_amount is None and case.subsidy_year:
            tiers = (settings or {}).get(TIERS_SETTING)
            case.subsidy_amount = tier_amount(
                tiers, unit_path(case), case.subsidy_year, case.difficulty
            )
        if not case.subsidy_approved:
            case.subsidy_approved = payee_basis(case)
    else:
        case.subsidy_approved = {}
        if case.subsidy_status in (SubsidyStatus.NONE, SubsidyStatus.SUBMITTED):
            case.subsidy_amount = None


def check(case) -> list[Problem]:
    problems = []
    if is_success(case):
        if case.closed_date is None:
            problems.append(Problem("结案日期", "调解成功的案件须填写结案日期"))
        if not case.agreement_form:
            problems.append(Problem("协议形式", "调解成功的案件须填写协议形式"))
    elif case.agreement_form:
        problems.append(Problem("协议形式", "只有调解成功的案件才有调解协议"))
    if case.status == Result.ONGOING and case.closed_date:
        problems.append(Problem("结案日期", "调解中的案件不应填写结案日期"))
    if case.closed_date and case.received_date and case.closed_date < case.received_date:
        problems.append(Problem("结案日期", "结案日期不能早于受理日期"))
    if case.judicial_confirmation and not is_success(case):
        problems.append(Problem("是否申请司法确认", "只有调解成功的案件才能申请司法确认"))
    if case.subsidy_status != SubsidyStatus.NONE and not is_success(case):
        problems.append(Problem("以奖代补审核", "只有调解成功的案件才能申报以奖代补"))
    committee = getattr(case, "committee", None)
    if committee is not None and committee.kind != UnitKind.MEDIATION_COMMITTEE:
        problems.append(Problem("调解组织", f"单位「{committee.code}」不是人民调解委员会"))
    return problems


def timeline(case) -> list[tuple[datetime.date, str]]:
    events = [(case.received_date, "受理")]
    if case.closed_date:
        events.append((case.closed_date, f"结案（{case.get_status_display()}）"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])


def _close_failed(case, day, **_):
    case.status = Result.FAILED
    case.closed_date = day


def _before_receipt(case, day: datetime.date) -> str | None:
    if case.received_date and day < case.received_date:
        return "结案日期不能早于受理日期"
    return None


CLOSE = "close"
STEPS = steps.by_key(
    Step(
        CLOSE,
        "调解不成结案",
        refusal=steps.requires(lambda case: case.status == Result.ONGOING, "该案件已结案"),
        effect=_close_failed,
    ),
)


def allowed_steps(case) -> list[Step]:
    return steps.allowed(STEPS, case)


def apply_step(case, key: str, day: datetime.date, **_):
    steps.take(STEPS, case, key, day, too_early=_before_receipt, wording=steps.ALONE_UNKEYED)


# --- 以奖代补 transitions (pure) ----------------------------------------------------------


def may_submit(case) -> bool:
    return is_success(case) and case.subsidy_status in (SubsidyStatus.NONE, SubsidyStatus.REJECTED)


def may_review(case) -> bool:
    return is_success(case) and case.subsidy_status == SubsidyStatus.SUBMITTED
