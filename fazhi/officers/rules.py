"""The rules of 行政执法人员, 执法证 and 培训 (docs/domain/enforcement-supervision.md), pure:
no database. A card's state on any date follows from its own fields (state_on), so that a
check of many cards for one day (certified.valid_cards) needs one query and no more.

Settings (the domain page's table; indicators.py declares them) reach the rules as the dict
`settings_from` makes of the stored values.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.errors import Problem

from .models import (
    ENDED_STATES,
    ESTABLISHED,
    HELD_STATES,
    CardState,
    ExamKind,
    Staffing,
    TrainingCategory,
)

# --- settings ------------------------------------------------------------------------------

PREFIX = "enforcement_officer."
VALIDITY_YEARS = PREFIX + "certificate_validity_years"
RENEWAL_WINDOW_MONTHS = PREFIX + "renewal_window_months"
REVIEW_REQUIRED = PREFIX + "annual_review_required"
REVIEW_DUE = PREFIX + "annual_review_due"
MISSED_REVIEW_INVALIDATES = PREFIX + "missed_review_invalidates"
EXAM_PASS_SCORE = PREFIX + "exam_pass_score"
EXPIRY_WARNING_DAYS = PREFIX + "expiry_warning_days"
TRAINING_PREFIX = "enforcement_training."
MIN_HOURS_TOTAL = TRAINING_PREFIX + "training_min_hours_total"
MIN_HOURS_PUBLIC = TRAINING_PREFIX + "training_min_hours_public"
MIN_HOURS_PROFESSIONAL = TRAINING_PREFIX + "training_min_hours_professional"

ON, OFF = "on", "off"
DEFAULTS = {
    VALIDITY_YEARS: "5",
    RENEWAL_WINDOW_MONTHS: "6",
    REVIEW_REQUIRED: ON,
    REVIEW_DUE: "04-30",
    MISSED_REVIEW_INVALIDATES: OFF,
    EXAM_PASS_SCORE: "60",
    EXPIRY_WARNING_DAYS: "60",
    MIN_HOURS_TOTAL: "60",
    MIN_HOURS_PUBLIC: "",  # no source splits the 60 hours: no check until one is chosen
    MIN_HOURS_PROFESSIONAL: "",
}


def settings_from(values: dict) -> dict:
    """What the rules read, from RegisterSetting.objects.current() (or any dict of stored
    values by key; a missing key takes its default)."""

    def get(key):
        value = values.get(key)
        return DEFAULTS[key] if value is None else value

    month, day = (int(part) for part in get(REVIEW_DUE).split("-"))

    def hours(key):
        text = get(key)
        return Decimal(text) if text else None

    return {
        "validity_years": int(get(VALIDITY_YEARS)),
        "renewal_window_months": int(get(RENEWAL_WINDOW_MONTHS)),
        "review_required": get(REVIEW_REQUIRED) == ON,
        "review_due": (month, day),
        "missed_review_invalidates": get(MISSED_REVIEW_INVALIDATES) == ON,
        "exam_pass_score": int(get(EXAM_PASS_SCORE)),
        "expiry_warning_days": int(get(EXPIRY_WARNING_DAYS)),
        "min_hours_total": hours(MIN_HOURS_TOTAL),
        "min_hours_public": hours(MIN_HOURS_PUBLIC),
        "min_hours_professional": hours(MIN_HOURS_PROFESSIONAL),
    }


DEFAULT_SETTINGS = settings_from({})

# --- card numbers --------------------------------------------------------------------------

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, as typed in a Chinese sheet.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SEPARATORS = re.compile(r"[、,;\s]+")
CARD_NUMBER_RE = re.compile(r"[0-9A-Z][0-9A-Z\-]{3,31}")


def normalise_card_number(text: str) -> str:
    """A 执法证号 as stored and compared: half-width, upper-case, no surrounding space."""
    return (text or "").translate(_HALF_WIDTH).strip().upper()


def card_numbers(text: str) -> list[str]:
    """The card numbers a cell lists ("43012345、43012346，43012347"; separated by 、 , ， ; ；
    spaces or new lines), normalised, each once, in the order written."""
    parts = _SEPARATORS.split((text or "").translate(_HALF_WIDTH))
    return list(dict.fromkeys(n for n in (normalise_card_number(p) for p in parts) if n))


def card_number_problem(number: str) -> str:
    """Why a (normalised) card number cannot be one, "" when it can."""
    if not number or CARD_NUMBER_RE.fullmatch(number):
        return ""
    return f"执法证号「{number}」格式不正确：应为 4—32 位数字、大写字母或连字符"


# --- validity ------------------------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one: the day after 28 February
        return datetime.date(day.year + years, 3, 1)


def default_valid_until(issued: datetime.date, years: int) -> datetime.date:
    """有效期至 when none is written: 发证日期 + the validity years − 1 day (2023-05-10 for five
    years → 2028-05-09)."""
    return add_years(issued, years) - datetime.timedelta(days=1)


def suspended_on(card, day: datetime.date) -> bool:
    """Whether one of the card's 暂扣 periods covers `day` (an open one has no end)."""
    for period in card.suspensions or ():
        start = datetime.date.fromisoformat(period[0])
        end = datetime.date.fromisoformat(period[1]) if period[1] else None
        if start <= day and (end is None or day <= end):
            return True
    return False


def review_due_on(year: int, settings: dict) -> datetime.date:
    month, day = settings["review_due"]
    return datetime.date(year, month, day)


def review_year_due(card, day: datetime.date, settings: dict) -> int | None:
    """The year whose 年审 is due and past on `day`: the latest year whose due date is before
    `day`, from the year after the card was issued. None when no 年审 is due yet (or none is
    required)."""
    if not settings["review_required"]:
        return None
    year = day.year if day > review_due_on(day.year, settings) else day.year - 1
    return year if year > card.issued_date.year else None


def review_overdue_on(card, day: datetime.date, settings: dict) -> bool:
    """年审逾期 on `day`: no passed review dated in the due year, or later (a late one), by
    `day`. Only a card in force is reviewed: an ended or expired card is not overdue."""
    year = review_year_due(card, day, settings)
    if year is None or state_on(card, day) not in (CardState.VALID, CardState.SUSPENDED):
        return False
    for text in card.passed_reviews or ():
        passed = datetime.date.fromisoformat(text)
        if passed.year >= year and passed <= day:
            return False
    return True


EXPIRED = "expired"
NOT_YET = "not_yet"
NO_CARD = "none"
STATE_LABELS = {
    **dict(CardState.choices),
    EXPIRED: "过期",
    NOT_YET: "未生效",
    NO_CARD: "无证",
}


def state_on(card, day: datetime.date) -> str:
    """The card's state on `day`: 注销/吊销 from the day it was ended, 未生效 before its issue,
    过期 from the day after 有效期至, 暂扣 within a suspension, else 有效."""
    if card.state in ENDED_STATES and (card.ended_date is None or card.ended_date <= day):
        return card.state
    if day < card.issued_date:
        return NOT_YET
    if day > card.valid_until:
        return EXPIRED
    if suspended_on(card, day):
        return CardState.SUSPENDED
    return CardState.VALID


def valid_on(card, day: datetime.date, settings: dict) -> bool:
    """Whether the card lets its holder act on `day` (the two officers of an inspection): 有效
    then, and, where a missed 年审 invalidates (a setting), its 年审 not overdue."""
    if state_on(card, day) != CardState.VALID:
        return False
    return not (settings["missed_review_invalidates"] and review_overdue_on(card, day, settings))


def expiring_within(card, day: datetime.date, settings: dict) -> bool:
    """The board's 即将到期: in force on `day` and 有效期至 within the warning window."""
    if state_on(card, day) not in (CardState.VALID, CardState.SUSPENDED):
        return False
    return card.valid_until <= day + datetime.timedelta(days=settings["expiry_warning_days"])


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier; a day that month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def renewal_opens(valid_until: datetime.date, settings: dict) -> datetime.date:
    """The first day of the renewal window: `renewal_window_months` before expiry (湖南: 6)."""
    return months_before(valid_until, settings["renewal_window_months"])


# --- the officer's record ------------------------------------------------------------------


def not_in_post_holder(in_post: bool, moved: bool, card_state: str) -> bool:
    """非在岗持证: the officer left his post or his department and the card is not yet ended."""
    return (not in_post or moved) and card_state in HELD_STATES


def derive(officer, settings: dict) -> None:
    """The card's derived fields: its number normalised, 有效期至 from the validity years when
    none was written (an imported one wins: cards of a batch share an end date), the state 有效
    for a new card and none without one. A card already kept has been given its own stored state
    by links.resolve_officers before this runs, so a blank state here is a new card's."""
    officer.card_number = normalise_card_number(officer.card_number)
    if officer.card_issued_date and not officer.card_valid_until:
        officer.card_valid_until = default_valid_until(
            officer.card_issued_date, settings["validity_years"]
        )
    if officer.card_number and not officer.card_state:
        officer.card_state = CardState.VALID
    if not officer.card_number:
        officer.card_state = ""


CARD_HEADER = "执法证号"
STAFFING_HEADER = "编制类型"
ISSUED_HEADER = "发证日期"
VALID_UNTIL_HEADER = "有效期至"
NOT_ESTABLISHED = (
    "只有在编人员（行政编制、事业编制）可以持有行政执法证；{staffing}不能持证，"
    "请删去执法证信息，或先核实编制类型。"
)


def check(officer) -> list[Problem]:
    """The roster's rules for one officer: only 在编 staff hold a card, and a card is a number
    with its dates, in order."""
    problems = []
    has_card_facts = bool(
        officer.card_issuer or officer.card_issued_date or officer.card_valid_until
    )
    problem = card_number_problem(officer.card_number)
    if problem:
        problems.append(Problem(CARD_HEADER, problem))
    holds = officer.card_number and officer.card_state in HELD_STATES + ("",)
    if holds and officer.staffing and officer.staffing not in ESTABLISHED:
        label = Staffing(officer.staffing).label
        problems.append(Problem(STAFFING_HEADER, NOT_ESTABLISHED.format(staffing=label)))
    if officer.card_number and not officer.card_issued_date:
        problems.append(Problem(ISSUED_HEADER, "填写了执法证号，须同时填写发证日期。"))
    if not officer.card_number and has_card_facts:
        problems.append(Problem(CARD_HEADER, "填写了发证机关或日期，须同时填写执法证号。"))
    if (
        officer.card_issued_date
        and officer.card_valid_until
        and officer.card_valid_until < officer.card_issued_date
    ):
        problems.append(Problem(VALID_UNTIL_HEADER, "有效期至不能早于发证日期。"))
    return problems


# --- exams ---------------------------------------------------------------------------------


def exam_passed(score: int, settings: dict) -> bool:
    return score >= settings["exam_pass_score"]


def exams_passed(exams) -> set[str]:
    """The kinds of exam the officer has passed (a card needs both, a project rule shown on his
    page, not a refusal: older cards were issued before the record was kept)."""
    return {exam.kind for exam in exams if exam.passed}


MISSING_EXAMS = {ExamKind.GENERAL: "通用法律知识考试", ExamKind.SPECIAL: "专门法律知识考试"}


# --- training ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursShortfall:
    label: str
    required: Decimal
    done: Decimal

    @property
    def missing(self) -> Decimal:
        return self.required - self.done


def hours_by_category(attendances) -> dict[str, Decimal]:
    """An officer's year of 学时 by 培训类别, and the total under ""."""
    totals = {value: Decimal(0) for value in TrainingCategory.values}
    for attendance in attendances:
        totals[attendance.category] += Decimal(attendance.hours)
    totals[""] = sum(totals.values(), Decimal(0))
    return totals


def hours_shortfalls(totals: dict[str, Decimal], settings: dict) -> list[HoursShortfall]:
    """Each yearly minimum the officer's hours fall short of (total; 公共法律知识 and 专业法律知识
    only where a minimum is set)."""
    wanted = (
        ("年度培训总学时", settings["min_hours_total"], ""),
        ("公共法律知识学时", settings["min_hours_public"], TrainingCategory.PUBLIC),
        ("专业法律知识学时", settings["min_hours_professional"], TrainingCategory.PROFESSIONAL),
    )
    return [
        HoursShortfall(label, required, totals.get(key, Decimal(0)))
        for label, required, key in wanted
        if required is not None and totals.get(key, Decimal(0)) < required
    ]


# --- a card's changes ----------------------------------------------------------------------

SANCTIONS = ("suspended", "restored", "revoked")  # the bureau's acts, not the department's


def event_refusal(card, kind: str, day, today, *, until=None, result="", reason="") -> str:
    """Why the change `kind` (EventKind) cannot be recorded on `card` as asked, "" when it
    can. Pure: the action asks it before it writes anything."""
    if day is None:
        return "请填写日期。"
    if day > today:
        return "日期不能晚于今天。"
    if day < card.issued_date:
        return f"日期不能早于发证日期（{card.issued_date.isoformat()}）。"
    needs_reason = kind != "reviewed" or result == "failed"
    if needs_reason and not (reason or "").strip():
        return "请写明事由。"
    current = state_on(card, day)
    if card.state in ENDED_STATES:
        return f"该执法证已{CardState(card.state).label}，不能再办理。"
    if kind == "suspended":
        if current != CardState.VALID:
            return f"该执法证在{day.isoformat()}不是有效状态（{STATE_LABELS[current]}），不能暂扣。"
        if until is None or until < day:
            return "请填写暂扣截止日期，且不早于暂扣日期。"
    elif kind == "restored":
        if card.state != CardState.SUSPENDED:
            return "该执法证未被暂扣，无需恢复。"
        start = datetime.date.fromisoformat(card.suspensions[-1][0])
        if day < start:
            return f"恢复日期不能早于暂扣日期（{start.isoformat()}）。"
    elif kind == "reviewed":
        if result not in ("passed", "failed"):
            return "请选择年审结果。"
        if current not in (CardState.VALID, CardState.SUSPENDED):
            return f"该执法证在{day.isoformat()}已{STATE_LABELS[current]}，不能年审。"
    elif kind not in ("cancelled", "revoked"):
        return "未知的办理事项。"
    return ""


def apply_event(card, kind: str, day, *, until=None, result="") -> None:
    """Record the change on the card's own fields (event_refusal has found none)."""
    if kind == "suspended":
        card.suspensions = [*(card.suspensions or []), [day.isoformat(), until.isoformat()]]
        card.suspended_from, card.suspended_until = day, until
        card.state = CardState.SUSPENDED
    elif kind == "restored":
        start, end = card.suspensions[-1]
        # The suspension ends the day before the restoration, unless it had ended already.
        last = day - datetime.timedelta(days=1)
        if end is None or datetime.date.fromisoformat(end) > last:
            card.suspensions = [*card.suspensions[:-1], [start, last.isoformat()]]
            card.suspended_until = last
        card.state = CardState.VALID
    elif kind in ("cancelled", "revoked"):
        card.state = CardState(kind)
        card.ended_date = day
    elif kind == "reviewed" and result == "passed":
        card.passed_reviews = sorted({*(card.passed_reviews or []), day.isoformat()})
        card.last_passed_review = datetime.date.fromisoformat(card.passed_reviews[-1])


def roster_state(officer, day: datetime.date) -> str:
    """The current card's state on `day` (today, for the roster's columns) from the officer's
    own fields: as state_on, with the latest 暂扣 (a card suspended until a day since past is
    有效 again, restored or not)."""
    if not officer.card_number or officer.card_issued_date is None:
        return NO_CARD
    if officer.card_state in ENDED_STATES:
        return officer.card_state
    if day < officer.card_issued_date:
        return NOT_YET
    if officer.card_valid_until and day > officer.card_valid_until:
        return EXPIRED
    if officer.card_state == CardState.SUSPENDED and (
        officer.card_suspended_until is None or day <= officer.card_suspended_until
    ):
        return CardState.SUSPENDED
    return CardState.VALID


def roster_review_overdue(officer, day: datetime.date, settings: dict) -> bool:
    """年审逾期 of the current card on `day`, from the officer's own fields."""
    if roster_state(officer, day) not in (CardState.VALID, CardState.SUSPENDED):
        return False
    year = day.year if day > review_due_on(day.year, settings) else day.year - 1
    if not settings["review_required"] or year <= officer.card_issued_date.year:
        return False
    last = officer.card_last_review
    return last is None or last.year < year or last > day
