"""人民调解's rules (pure, no database): the consistency checks of mediation.md, the 司法确认
window (人民调解法 第三十三条) as the running deadline, the 以奖代补 tier of a case, and the
steps of the web pages."""

import datetime
from decimal import Decimal

from fazhi.core.models import UnitKind
from fazhi.core.registers import Problem
from fazhi.core.steps import Step, StepRefused
from fazhi.core.workdays import Deadline, add_calendar_days, deadline

from .models import DEFAULT_TIERS, AgreementForm, Result, SubsidyStatus

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
    taken as that day) may be brought to court within 30 days — a calendar period."""
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


def current_deadline(case) -> Deadline | None:
    """The window runs until the parties apply (是否申请司法确认 = 是)."""
    if case.judicial_confirmation:
        return None
    return confirmation_deadline(case)


def is_overdue(case, today: datetime.date) -> bool:
    """A window is not a duty: once it has passed it is closed, not overdue."""
    return False


def window_open(case, today: datetime.date) -> bool:
    running = current_deadline(case)
    return running is not None and running.date is not None and running.date >= today


def tier_amount(tiers: dict | None, year: int, difficulty: str) -> Decimal:
    """The tier of `difficulty` in `year`'s table ({(year, difficulty): amount}), else the
    default tier."""
    tiers = tiers or {}
    found = tiers.get((year, str(difficulty)))
    return Decimal(found) if found is not None else DEFAULT_TIERS[difficulty]


def subsidy_year_of(case) -> int | None:
    day = case.closed_date or case.received_date
    return day.year if day else None


def derive(case, settings: dict | None = None) -> None:
    """The running deadline; for an approved case without a fixed amount (an imported 审核通过
    row), its year and the amount of that year's tier."""
    running = current_deadline(case)
    case.due_date = running.date if running else None
    case.due_label = running.label if running else ""
    if case.subsidy_status == SubsidyStatus.APPROVED:
        if case.subsidy_year is None:
            case.subsidy_year = subsidy_year_of(case)
        if case.subsidy_amount is None and case.subsidy_year:
            tiers = (settings or {}).get(TIERS_SETTING)
            case.subsidy_amount = tier_amount(tiers, case.subsidy_year, case.difficulty)
    elif case.subsidy_status in (SubsidyStatus.NONE, SubsidyStatus.SUBMITTED):
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


CLOSE = "close"
STEPS = {CLOSE: Step(CLOSE, "调解不成结案")}


def allowed_steps(case) -> list[Step]:
    return [STEPS[CLOSE]] if case.status == Result.ONGOING else []


def apply_step(case, key: str, day: datetime.date, **_):
    if key not in STEPS:
        raise StepRefused("未知的步骤")
    if case.status != Result.ONGOING:
        raise StepRefused("该案件已结案")
    if case.received_date and day < case.received_date:
        raise StepRefused("结案日期不能早于受理日期")
    case.status = Result.FAILED
    case.closed_date = day


# --- 以奖代补 transitions (pure) ----------------------------------------------------------


def may_submit(case) -> bool:
    return is_success(case) and case.subsidy_status in (SubsidyStatus.NONE, SubsidyStatus.REJECTED)


def may_review(case) -> bool:
    return is_success(case) and case.subsidy_status == SubsidyStatus.SUBMITTED
