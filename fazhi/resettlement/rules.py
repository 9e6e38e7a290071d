"""安置帮教对象: the 帮教期, who is on the register on a given day, and the consistency checks
(domain/corrections.md). Pure functions: no database.

The 帮教期 runs from the day of release (刑满释放) or of the end of community corrections
(解除社区矫正) for a number of whole years that the administrators set (default 5 and 3); a
subject is on the register from that day to the end of the period, unless 重新犯罪, 死亡 or 迁出
ended it earlier on its 终止日期.
"""

import datetime

from fazhi.core.crypto import normalise
from fazhi.core.errors import Problem

from .models import ENDED_STATUSES, ResettlementStatus, SubjectKind

DEFAULT_YEARS = {SubjectKind.PRISON_RELEASE: 5, SubjectKind.CORRECTIONS_ENDED: 3}
STATUS_LABELS = dict(ResettlementStatus.choices)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year (the
    period must not run into March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def period_years(kind: str, settings: dict) -> int:
    configured = (settings or {}).get("period_years", {})
    return int(configured.get(kind, DEFAULT_YEARS[SubjectKind(kind)]))


def period_end(release_date: datetime.date | None, kind: str, settings: dict):
    """帮教期满日期: release (or end of corrections) + the configured years; None while the
    date or kind is unknown."""
    if release_date is None or kind not in SubjectKind.values:
        return None
    return add_years(release_date, period_years(kind, settings))


def derive(record, settings: dict) -> None:
    """Set the derived fields before every save: the normalised ID number (a trailing x is
    the same person as X) and the end of the 帮教期."""
    if record.id_number:
        record.id_number = record.id_number.strip().upper()
    record.period_end = period_end(record.release_date, record.kind, settings)


def registered_on(record, day: datetime.date) -> bool:
    """Whether the subject was on the register on `day`, from the dates alone: released by
    then, the 帮教期 not yet over, and not taken off earlier (终止日期). Today's status does not
    decide it: a subject 期满解除 today was registered on every day of his period."""
    if record.release_date is None or record.period_end is None:
        return False
    if not record.release_date <= day <= record.period_end:
        return False
    return record.ended_date is None or record.ended_date > day


def check(record) -> list[Problem]:
    """The domain's consistency checks. 衔接日期 may precede the release (必接必送 collects
    the subject at the prison gate, and the handover is arranged before), so it is not
    compared with it; the ID number's GB 11643 check is the model field's validator."""
    problems = []
    status, ended = record.status, record.ended_date
    label = STATUS_LABELS.get(status, status)
    if status in ENDED_STATUSES and ended is None:
        problems.append(Problem("终止日期", f"状态为“{label}”时必须填写终止日期"))
    if status == ResettlementStatus.REGISTERED and ended is not None:
        problems.append(Problem("终止日期", "状态为“在册”时不能填写终止日期"))
    if ended is not None and record.release_date is not None and ended < record.release_date:
        problems.append(
            Problem(
                "终止日期",
                f"终止日期 {ended.isoformat()} 不能早于释放或解矫日期 "
                f"{record.release_date.isoformat()}",
            )
        )
    if record.corrections_subject_id is not None:
        problems += _link_problems(record)
    return problems


def _link_problems(record) -> list[Problem]:
    """A record made from a corrections subject is about that same person, released from
    corrections."""
    problems = []
    if record.kind != SubjectKind.CORRECTIONS_ENDED:
        problems.append(Problem("对象类型", "关联了社区矫正记录的对象，对象类型应为“解除社区矫正”"))
    source = record.corrections_subject
    if (
        source is not None
        and record.id_number
        and normalise(source.id_number) != normalise(record.id_number)
    ):
        problems.append(Problem("身份证号", "身份证号与关联的社区矫正记录不一致"))
    return problems
