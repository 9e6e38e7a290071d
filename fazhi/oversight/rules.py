"""法治督察's rules (pure, no database): the particulars one inspection's records share, the
consistency checks, and each finding's rectification, which is core.rectification's (shared
with 案卷评查): its status, its running deadline and the step that closes it."""

import datetime

from fazhi.core import rectification, steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.models import UnitKind
from fazhi.core.records import set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

RECTIFICATION = rectification.LABEL
# The deadline is the one the 督察反馈意见 (or the 整改通知) set: a date the bureau chose.
RECTIFICATION_BASIS = "督察反馈意见确定的整改期限"
SUBJECT = "督察记录"
START_LABEL = "督察开始日期"
INSPECTED_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT, UnitKind.TOWNSHIP_GOVERNMENT)

# What the records of one inspection (one 督察编号 in one unit) share, by field and header: an
# inspection is of one unit, by one team, over one span of days, so every finding says the
# same, and the inspection's page, its count and its unit's figures read any one of them.
PARTICULARS = {
    "kind": "督察类别",
    "inspected_unit_code": "督察对象",
    "start_date": "督察开始日期",
    "end_date": "督察结束日期",
    "team": "督察组",
}


needs_rectification = rectification.needs_rectification
status = rectification.status
is_overdue = rectification.is_overdue


def deadlines(record) -> dict[str, Deadline]:
    return rectification.deadlines(record, RECTIFICATION_BASIS)


def running(record) -> list[Deadline | None]:
    """Every deadline running now: the finding's rectification, until it is recorded."""
    return rectification.running(record, RECTIFICATION_BASIS)


def derive(record, settings: dict | None = None) -> None:
    """The status and the running deadline, from the finding and its rectification."""
    record.status = status(record)
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = []
    if record.end_date and record.start_date and record.end_date < record.start_date:
        problems.append(Problem("督察结束日期", "督察结束日期不能早于督察开始日期"))
    problems += rectification.problems(
        record, subject=SUBJECT, start=record.start_date, start_label=START_LABEL
    )
    if (record.rectification_note or "").strip() and not needs_rectification(record):
        problems.append(Problem("整改情况", f"未填写发现问题的{SUBJECT}不需要填写整改情况"))
    unit = getattr(record, "inspected_unit", None)
    if unit is not None:
        problems += [Problem("督察对象", m) for m in unit_problems(unit.code, unit.kind)]
    return problems


def unit_problems(code: str, kind: str) -> list[str]:
    """法治督察 here inspects the county's 行政执法部门 and 乡镇人民政府."""
    if kind not in INSPECTED_KINDS:
        return [f"单位「{code}」不是行政执法部门或乡镇人民政府"]
    return []


def particulars(record) -> dict:
    """The inspection's particulars as this record states them, by field."""
    return {name: getattr(record, name) for name in PARTICULARS}


def disagreement(record, other) -> list[str]:
    """The headers of the particulars in which two records of one inspection differ."""
    mine, theirs = particulars(record), particulars(other)
    return [header for name, header in PARTICULARS.items() if mine[name] != theirs[name]]


def disagreement_message(inspection_number: str, headers: list[str]) -> str:
    return (
        f"督察编号「{inspection_number}」已登记的{'、'.join(headers)}与此不同："
        "同一次督察的各条记录须一致，请在该督察的页面修改督察信息"
    )


def next_number(inspection_number: str, taken: set[str]) -> str:
    """The 记录编号 of an inspection's next finding: its 督察编号 and the first serial after
    those it has (古法督〔2025〕1号-3), one no record of the unit holds yet."""
    serial = 1
    while f"{inspection_number}-{serial}" in taken:
        serial += 1
    return f"{inspection_number}-{serial}"


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.start_date, f"督察开始（{record.team}）")]
    if record.end_date:
        events.append((record.end_date, "督察结束"))
    if record.rectified_date:
        events.append((record.rectified_date, "整改完成"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])


def _rectify(record, day, *, rectification_note: str = "", **_):
    """整改完成: the day and what the unit did. The unit says what it did: a closure without it
    tells the bureau nothing to check."""
    note = (rectification_note or "").strip()
    if not note:
        raise StepRefused("请填写整改情况")
    record.rectified_date = day
    record.rectification_note = note


RECTIFY = rectification.RECTIFY
STEPS = steps.by_key(
    rectification.rectify_step(
        "该记录没有待整改的问题", effect=_rectify, needs=("rectification_note",)
    )
)
_before_start = rectification.not_before(lambda record: record.start_date, START_LABEL)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, **inputs):
    steps.take(
        STEPS,
        record,
        key,
        day,
        too_early=_before_start,
        wording=steps.ALONE_UNKEYED,
        **inputs,
    )
