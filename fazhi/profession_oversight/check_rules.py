"""专项治理检查 (legal_service_check)'s rules (pure, no database): the particulars one check's
records share, the consistency checks, the campaign's bounds, and each finding's
rectification, which is core.rectification's (shared with 案卷评查 and 法治督察): its status,
its running deadline and the step that closes it. A copy of 法治督察's shape: one record per
finding, the findings of one check sharing its 检查编号."""

import datetime

from fazhi.core import rectification, steps
from fazhi.core.errors import Problem
from fazhi.core.errors import StepRefused as StepRefused  # what apply_step raises
from fazhi.core.records import set_running
from fazhi.core.steps import Step
from fazhi.core.workdays import Deadline

RECTIFICATION = rectification.LABEL
# The deadline is the one the bureau's 整改通知 set: a date the bureau chose.
RECTIFICATION_BASIS = "检查反馈意见确定的整改期限"
SUBJECT = "检查记录"
START_LABEL = "检查日期"
LICENCE_HEADER = "被检查机构许可证号"
CAMPAIGN_HEADER = "专项治理"

# What the records of one check (one 检查编号 in one unit) share, by field and header: a check
# is of one organisation, on one day, by one team, in one campaign or none.
PARTICULARS = {
    "campaign_name": CAMPAIGN_HEADER,
    "licence_number": LICENCE_HEADER,
    "check_date": "检查日期",
    "inspectors": "检查人员",
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
    record.status = status(record)
    set_running(record, running(record))


def check(record) -> list[Problem]:
    problems = rectification.problems(
        record, subject=SUBJECT, start=record.check_date, start_label=START_LABEL
    )
    if (record.rectification_note or "").strip() and not needs_rectification(record):
        problems.append(Problem("整改情况", f"未填写发现问题的{SUBJECT}不需要填写整改情况"))
    return problems


def holder_problem(number: str, holder) -> str:
    """A check is of a 法律服务机构: a practitioner's 执业证号 is refused. A number the roster
    does not know is kept and flagged 未匹配 (links), so that a file of checks of organisations
    not yet on the roster still imports."""
    if holder is not None and holder.kind != "org":
        return (
            f"「{number}」是{holder.category_label}「{holder.name}」的执业证号，"
            "被检查的应是法律服务机构（填写其执业许可证号）"
        )
    return ""


def campaign_problems(record, campaign) -> list[Problem]:
    """A check in a 专项治理 is of an organisation the campaign covers, within its dates."""
    problems = []
    if record.licence_number not in (campaign.licence_numbers or []):
        problems.append(
            Problem(
                LICENCE_HEADER,
                f"许可证号「{record.licence_number}」不在专项治理「{campaign.name}」覆盖的机构中，"
                "请先在专项治理页面添加该机构",
            )
        )
    day = record.check_date
    if day is not None and (
        day < campaign.start_date or (campaign.end_date is not None and day > campaign.end_date)
    ):
        span = f"{campaign.start_date:%Y-%m-%d} 至 " + (
            f"{campaign.end_date:%Y-%m-%d}" if campaign.end_date else "今"
        )
        problems.append(
            Problem("检查日期", f"检查日期不在专项治理「{campaign.name}」的期间（{span}）内")
        )
    return problems


def particulars(record) -> dict:
    return {name: getattr(record, name) for name in PARTICULARS}


def disagreement(record, other) -> list[str]:
    """The headers of the particulars in which two records of one check differ."""
    mine, theirs = particulars(record), particulars(other)
    return [header for name, header in PARTICULARS.items() if mine[name] != theirs[name]]


def disagreement_message(check_number: str, headers: list[str]) -> str:
    return (
        f"检查编号「{check_number}」已登记的{'、'.join(headers)}与此不同："
        "同一次检查的各条记录须一致，请在该检查的页面修改检查信息"
    )


def next_number(check_number: str, taken: set[str]) -> str:
    """The 记录编号 of a check's next finding: its 检查编号 and the first free serial."""
    serial = 1
    while f"{check_number}-{serial}" in taken:
        serial += 1
    return f"{check_number}-{serial}"


def timeline(record) -> list[tuple[datetime.date, str]]:
    events = [(record.check_date, f"检查（{record.inspectors}）")]
    if record.rectified_date:
        events.append((record.rectified_date, "整改完成"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])


def _rectify(record, day, *, rectification_note: str = "", **_):
    """整改完成: the day and what the organisation did; the bureau records both."""
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
_before_check = rectification.not_before(lambda record: record.check_date, START_LABEL)


def allowed_steps(record) -> list[Step]:
    return steps.allowed(STEPS, record)


def apply_step(record, key: str, day: datetime.date, **inputs):
    steps.take(
        STEPS,
        record,
        key,
        day,
        too_early=_before_check,
        wording=steps.ALONE_UNKEYED,
        **inputs,
    )
