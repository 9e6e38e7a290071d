"""整改: the rectification of a finding, one rule for every register that finds problems in
another unit's work and follows up their correction (案卷评查's files, 法治督察's findings;
issue 21). Pure: nothing here reads the database.

A record that takes part stores three fields under these names: `problems` (发现问题: blank
when nothing was found), `rectification_deadline` (整改期限, a date the bureau set, so never
暂定) and `rectified_date` (整改完成日期). From them follow its status (无需整改 / 整改中 /
整改到位), its running deadline (while 整改中), whether it is overdue on a day, and whether it
was closed on time. The same rule for the figures, in SQL, sits beside its Python twin
(`overdue_condition`, `on_time_condition`) so that the two cannot drift apart.
"""

import datetime

from django.db import models

from . import steps
from .errors import Problem
from .workdays import Deadline

LABEL = "整改期限"
RECTIFY = "rectify"  # the step that closes a rectification: 整改完成


class Status(models.TextChoices):
    """Where a finding's rectification stands; derived by `status`, never entered."""

    NO_PROBLEM = "no_problem", "无需整改"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "整改到位"


FOUND = (Status.RECTIFYING, Status.RECTIFIED)  # the statuses of a record with a finding


def needs_rectification(record) -> bool:
    """A finding was written down: only then is there anything to rectify."""
    return bool((record.problems or "").strip())


def status(record) -> Status:
    if not needs_rectification(record):
        return Status.NO_PROBLEM
    return Status.RECTIFIED if record.rectified_date else Status.RECTIFYING


def deadlines(record, basis: str) -> dict[str, Deadline]:
    """The rectification's deadline by its label, {} when nothing was found. `basis` says what
    set it (整改通知书, 督察反馈意见)."""
    if not needs_rectification(record):
        return {}
    return {LABEL: Deadline(record.rectification_deadline, basis, LABEL)}


def running(record, basis: str) -> list[Deadline]:
    """The deadline running now: the rectification's, until its completion is recorded. Its
    date is the one the bureau set, not computed on the holiday calendar: never provisional."""
    if status(record) != Status.RECTIFYING:
        return []
    return [deadlines(record, basis)[LABEL]]


def is_overdue(record, today: datetime.date) -> bool:
    """Whether the rectification runs past its deadline now: still open, its day gone."""
    deadline = record.rectification_deadline
    return status(record) == Status.RECTIFYING and deadline is not None and deadline < today


def overdue_on(record, day: datetime.date) -> bool:
    """Whether the rectification was overdue on `day`: a finding whose deadline had passed and
    whose completion had not been recorded by then (a completion after `day` did not count
    yet): what a figure judged at a period's end counts."""
    if not needs_rectification(record) or record.rectification_deadline is None:
        return False
    done = record.rectified_date is not None and record.rectified_date <= day
    return record.rectification_deadline < day and not done


def on_time(record) -> bool | None:
    """Whether the rectification was closed by its deadline; None while it is open or when
    nothing was found."""
    if status(record) != Status.RECTIFIED or record.rectification_deadline is None:
        return None
    return record.rectified_date <= record.rectification_deadline


def late(record, today: datetime.date) -> bool:
    """Not rectified on time: closed after its deadline, or still open with the day gone
    (as of `today`). What 评议考核 holds against a unit."""
    return on_time(record) is False or is_overdue(record, today)


def overdue_condition(day: datetime.date) -> models.Q:
    """`overdue_on(record, day)` as a condition on the three stored fields and the derived
    status, for the figures: one query however many records."""
    not_done = models.Q(rectified_date__isnull=True) | models.Q(rectified_date__gt=day)
    return models.Q(status__in=FOUND, rectification_deadline__lt=day) & not_done


def on_time_condition() -> models.Q:
    """`on_time(record)` is True, as a condition."""
    return models.Q(status=Status.RECTIFIED, rectified_date__lte=models.F("rectification_deadline"))


def late_condition(today: datetime.date) -> models.Q:
    """`late(record, today)`, as a condition."""
    deadline = models.F("rectification_deadline")
    closed_late = models.Q(status=Status.RECTIFIED, rectified_date__gt=deadline)
    open_late = models.Q(status=Status.RECTIFYING, rectification_deadline__lt=today)
    return closed_late | open_late


def problems(record, *, subject: str, start: datetime.date | None, start_label: str):
    """The consistency of the three fields: a deadline or a completion only where something
    was found, a deadline wherever it was, and neither before the day the finding's work began
    (`start`, named `start_label`). `subject` names the record in the messages (案卷, 督察记录)."""
    found = []
    has_problems = needs_rectification(record)
    if record.rectified_date and not has_problems:
        found.append(Problem("整改完成日期", f"未填写发现问题的{subject}不需要整改"))
    if record.rectification_deadline and not has_problems:
        found.append(Problem(LABEL, f"未填写发现问题的{subject}不需要整改期限"))
    if has_problems and record.rectification_deadline is None:
        found.append(Problem(LABEL, f"发现问题的{subject}须填写整改期限"))
    if start and record.rectification_deadline and record.rectification_deadline < start:
        found.append(Problem(LABEL, f"整改期限不能早于{start_label}"))
    if start and record.rectified_date and record.rectified_date < start:
        found.append(Problem("整改完成日期", f"整改完成日期不能早于{start_label}"))
    return found


def _rectify(record, day, **_):
    record.rectified_date = day


def rectify_step(nothing_open: str, effect=_rectify, needs: tuple[str, ...] = ()) -> steps.Step:
    """整改完成: allowed while the rectification is open (`nothing_open` says why not
    otherwise); its effect records the completion date (a register adds what else it records,
    e.g. 整改情况, through `effect` and its `needs`)."""
    return steps.Step(
        RECTIFY,
        "整改完成",
        needs,
        refusal=steps.requires(lambda record: status(record) == Status.RECTIFYING, nothing_open),
        effect=effect,
    )


def not_before(start_of, start_label: str) -> steps.Refusal:
    """A step's date floor (steps.take's `too_early`): the completion is not dated before the
    day the finding's work began (`start_of(record)`)."""

    def refusal(record, day: datetime.date | None) -> str | None:
        start = start_of(record)
        if start and day and day < start:
            return f"整改完成日期不能早于{start_label}"
        return None

    return refusal
