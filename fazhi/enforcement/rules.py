"""案卷评查's rules (pure, no database): 等次 from 得分 by the configured thresholds, the
consistency checks, and the rectification of a file's problems, which is core.rectification's
(shared with 法治督察): its status, running deadline and web step."""

import datetime

from fazhi.core import rectification, steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.models import UnitKind
from fazhi.core.records import set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

from .models import Grade

RECTIFICATION = rectification.LABEL
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


needs_rectification = rectification.needs_rectification
status = rectification.status


def deadlines(review) -> dict[str, Deadline]:
    return rectification.deadlines(review, RECTIFICATION_BASIS)


def running(review) -> list[Deadline | None]:
    """Every deadline running now: the rectification, until it is recorded."""
    return rectification.running(review, RECTIFICATION_BASIS)


is_overdue = rectification.is_overdue


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
    problems += rectification.problems(
        review, subject="案卷", start=review.review_date, start_label="评查日期"
    )
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


_before_review = rectification.not_before(lambda review: review.review_date, "评查日期")

RECTIFY = rectification.RECTIFY
STEPS = steps.by_key(rectification.rectify_step("该案卷没有待整改的问题"))


def allowed_steps(review) -> list[Step]:
    return steps.allowed(STEPS, review)


def apply_step(review, key: str, day: datetime.date, **_):
    steps.take(STEPS, review, key, day, too_early=_before_review, wording=steps.ALONE_UNKEYED)
