"""案卷评查's rules (pure, no database): 等次 from 得分 by the configured thresholds, the
rectification and its running deadline, the consistency checks and the web steps."""

import datetime

from fazhi.core import steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.models import UnitKind
from fazhi.core.records import passed, set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

from .models import Grade, ReviewStatus

RECTIFICATION = "整改期限"
RECTIFICATION_BASIS = "整改通知书确定的整改期限"

# Setting keys (declared in indicators.py) and their defaults.
EXCELLENT_SETTING = "enforcement.grade.excellent_min"
PASS_SETTING = "enforcement.grade.pass_min"
DEFAULT_EXCELLENT, DEFAULT_PASS = 90, 60
MAX_SCORE = 100


def thresholds(settings: dict | None) -> tuple[int, int]:
    """(优秀 from, 合格 from) out of the settings (numeric strings), else the defaults."""
    settings = settings or {}
    return (
        int(settings.get(EXCELLENT_SETTING, DEFAULT_EXCELLENT)),
        int(settings.get(PASS_SETTING, DEFAULT_PASS)),
    )


def grade_for(score: int | None, excellent: int = DEFAULT_EXCELLENT, passing: int = DEFAULT_PASS):
    """等次 of a score: ≥ excellent 优秀, ≥ passing 合格, else 不合格; no score, no 等次."""
    if score is None:
        return ""
    if score >= excellent:
        return Grade.EXCELLENT
    if score >= passing:
        return Grade.PASS
    return Grade.FAIL


def needs_rectification(review) -> bool:
    return bool((review.problems or "").strip())


def status(review) -> str:
    if not needs_rectification(review):
        return ReviewStatus.NO_PROBLEM
    return ReviewStatus.RECTIFIED if review.rectified_date else ReviewStatus.RECTIFYING


def deadlines(review) -> dict[str, Deadline]:
    if not needs_rectification(review):
        return {}
    return {
        RECTIFICATION: Deadline(review.rectification_deadline, RECTIFICATION_BASIS, RECTIFICATION)
    }


def running(review) -> list[Deadline | None]:
    """Every deadline running now: the rectification, until it is recorded. Its date is the
    one the notice set, not computed on the holiday calendar, so it is never provisional."""
    if status(review) != ReviewStatus.RECTIFYING:
        return []
    return [deadlines(review)[RECTIFICATION]]


def is_overdue(review, today: datetime.date) -> bool:
    return bool(passed(running(review), today))


def derive(review, settings: dict | None = None) -> None:
    """等次 from 得分 (thresholds from settings), the status and the running deadline."""
    # The 等次 is decided when the score is given, under the thresholds of that day: a later
    # save (a department recording its rectification) or a changed setting leaves it alone.
    # Without a score, an 等次 entered as such stays.
    if review.score is not None and (review.score != review.graded_score or not review.grade):
        review.grade = grade_for(review.score, *thresholds(settings))
        review.graded_score = review.score
    review.status = status(review)
    set_running(review, running(review))


def check(review) -> list[Problem]:
    problems = []
    if "/" in (review.batch or ""):
        problems.append(Problem("评查批次", "评查批次名称中不能有“/”"))
    if review.score is not None and not 0 <= review.score <= MAX_SCORE:
        problems.append(Problem("得分", f"得分应在 0—{MAX_SCORE} 之间"))
    has_problems = needs_rectification(review)
    if review.rectified_date and not has_problems:
        problems.append(Problem("整改完成日期", "未填写发现问题的案卷不需要整改"))
    if review.rectification_deadline and not has_problems:
        problems.append(Problem("整改期限", "未填写发现问题的案卷不需要整改期限"))
    if has_problems and review.rectification_deadline is None:
        problems.append(Problem("整改期限", "发现问题的案卷须填写整改期限"))
    day = review.review_date
    if day and review.rectification_deadline and review.rectification_deadline < day:
        problems.append(Problem("整改期限", "整改期限不能早于评查日期"))
    if day and review.rectified_date and review.rectified_date < day:
        problems.append(Problem("整改完成日期", "整改完成日期不能早于评查日期"))
    unit = getattr(review, "reviewed_unit", None)
    if unit is not None:
        problems += [Problem("被评查单位", m) for m in unit_problems(unit.code, unit.kind)]
    return problems


def unit_problems(code: str, kind: str) -> list[str]:
    if kind != UnitKind.ENFORCEMENT_DEPARTMENT:
        return [f"单位「{code}」不是行政执法部门"]
    return []


def timeline(review) -> list[tuple[datetime.date, str]]:
    events = [(review.review_date, f"评查（{review.batch}）")]
    if review.notice_sent_date:
        events.append((review.notice_sent_date, "发出整改通知书"))
    if review.rectified_date:
        events.append((review.rectified_date, "整改完成"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])


def _rectify(review, day, **_):
    review.rectified_date = day


def _before_review(review, day: datetime.date) -> str | None:
    if review.review_date and day < review.review_date:
        return "整改完成日期不能早于评查日期"
    return None


RECTIFY = "rectify"
STEPS = steps.by_key(
    Step(
        RECTIFY,
        "整改完成",
        refusal=steps.requires(
            lambda review: status(review) == ReviewStatus.RECTIFYING, "该案卷没有待整改的问题"
        ),
        effect=_rectify,
    ),
)


def allowed_steps(review) -> list[Step]:
    return steps.allowed(STEPS, review)


def apply_step(review, key: str, day: datetime.date, **_):
    steps.take(STEPS, review, key, day, too_early=_before_review, wording=steps.ALONE_UNKEYED)
