"""The rules of a 社区矫正对象 (社区矫正法), as pure functions of the record.

- 报到: within 10 days of the judgment (or ruling) taking effect (第二十一条); a subject who has
  not reported by then is 漏管 — the deadline runs on the board until he reports.
- 失去联系: the agency must search at once (第三十条); while contact is lost the subject is
  脱管 and overdue on the board from the day it was lost.
- Supervision ends with 解除矫正 (第四十四条) or with revocation, imprisonment or death
  (第四十五条); each needs the day it ended, which "under supervision on a day" is computed
  from.
"""

import datetime

from fazhi.core.errors import Problem
from fazhi.core.records import set_running
from fazhi.core.workdays import (
    Deadline,
    add_calendar_days,
    date_text,
    deadline,
    is_provisional,
)

from .models import ENDED_STATUSES, CorrectionsStatus, CorrectionsSubject

REPORT_DAYS = 10
REPORT_BASIS = "社区矫正法第二十一条"
REPORT_LABEL = "报到期限（逾期即漏管）"
ABSCONDED_LABEL = "脱管：立即查找"
ABSCONDED_BASIS = "社区矫正法第三十条"
OPEN_STATUSES = (CorrectionsStatus.SUPERVISED, CorrectionsStatus.LOST_CONTACT)


def report_deadline(record: CorrectionsSubject) -> Deadline:
    return deadline(
        REPORT_LABEL,
        REPORT_BASIS,
        lambda: add_calendar_days(record.judgment_effective_date, REPORT_DAYS),
    )


def _report_by(record) -> datetime.date:
    # While the calendar of the 10th day's year is unknown, judge by the plain 10 days: a
    # subject is then flagged a little early, never missed.
    return (
        record.report_deadline
        or report_deadline(record).date
        or record.judgment_effective_date + datetime.timedelta(days=REPORT_DAYS)
    )


def is_unreported(record: CorrectionsSubject, today: datetime.date) -> bool:
    """漏管: not reported within the 10 days — reported late, or not at all and the 10 days
    are over."""
    by = _report_by(record)
    if record.reported_date is not None:
        return record.reported_date > by
    return today > by


def is_absconded(record: CorrectionsSubject) -> bool:
    return record.status == CorrectionsStatus.LOST_CONTACT


def under_supervision_on(record: CorrectionsSubject, day: datetime.date) -> bool:
    """Whether the subject was in corrections on `day`, from the dates alone (the same rule
    as indicators.registered_on, in SQL there)."""
    ended = record.ended_date
    return record.start_date <= day <= record.end_date and (ended is None or ended > day)


def running(record: CorrectionsSubject) -> list[Deadline | None]:
    """What the board watches for a subject now: the 10 days to report while he has not, and,
    while contact is lost, the search that is due at once (from the day it was lost). A
    subject who lost contact before ever reporting runs against both."""
    found = []
    if (
        record.status in OPEN_STATUSES
        and record.reported_date is None
        and record.judgment_effective_date
    ):
        by = _report_by(record)
        found.append(Deadline(by, REPORT_BASIS, REPORT_LABEL, provisional=is_provisional(by)))
    if record.status == CorrectionsStatus.LOST_CONTACT:
        # A day that happened, not a period counted on the calendar: never provisional.
        found.append(Deadline(record.lost_contact_date, ABSCONDED_BASIS, ABSCONDED_LABEL))
    return found


def derive(record: CorrectionsSubject, settings: dict | None = None) -> None:
    record.report_deadline = None  # recomputed from the judgment date, never kept
    record.report_deadline = _report_by(record) if record.judgment_effective_date else None
    set_running(record, running(record))


def check(record: CorrectionsSubject) -> list[Problem]:
    problems = []
    if record.start_date and record.end_date and record.end_date <= record.start_date:
        problems.append(Problem("矫正终止日期", "应晚于矫正起始日期"))
    if (
        record.judgment_effective_date
        and record.reported_date
        and record.reported_date < record.judgment_effective_date
    ):
        problems.append(Problem("报到日期", "不能早于判决生效日期"))
    problems += _ending_problems(record)
    problems += _contact_problems(record)
    if record.office_id and record.unit_id and not _office_within_unit(record):
        problems.append(Problem("执行地司法所", "应为所属单位本身或其下级司法所"))
    return problems


def _ending_problems(record) -> list[Problem]:
    status = CorrectionsStatus(record.status)
    if status in ENDED_STATUSES and record.ended_date is None:
        return [Problem("解除日期", f"状态为“{status.label}”时必须填写解除（终止）日期")]
    if status in OPEN_STATUSES and record.ended_date is not None:
        return [Problem("解除日期", f"状态为“{status.label}”时不应填写解除日期")]
    if record.ended_date and record.start_date and record.ended_date < record.start_date:
        return [Problem("解除日期", "不能早于矫正起始日期")]
    return []


def _contact_problems(record) -> list[Problem]:
    problems = []
    lost, restored = record.lost_contact_date, record.contact_restored_date
    if record.status == CorrectionsStatus.LOST_CONTACT:
        if lost is None:
            problems.append(Problem("失去联系日期", "状态为“失去联系”时必须填写失去联系日期"))
        if restored is not None:
            problems.append(Problem("恢复联系日期", "已恢复联系的，状态不应为“失去联系”"))
    if restored is not None and lost is None:
        problems.append(Problem("恢复联系日期", "须同时填写失去联系日期"))
    if lost and restored and restored < lost:
        problems.append(Problem("恢复联系日期", "不能早于失去联系日期"))
    return problems


def _office_within_unit(record) -> bool:
    return record.office.path.startswith(record.unit.path)


def computed(record: CorrectionsSubject, today: datetime.date) -> dict[str, str]:
    """The export's computed columns."""
    return {
        "报到期限": date_text(record.report_deadline),
        "漏管": "是" if is_unreported(record, today) else "否",
        "脱管": "是" if is_absconded(record) else "否",
    }
