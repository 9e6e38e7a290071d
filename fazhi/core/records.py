"""The record bases every register's model builds on, and the running deadlines they keep.

`RegisterRecord`: owned by a unit, keyed by `number` in that unit. `WatchedRecord`: a record
whose procedure runs against statutory deadlines, watched by the board; its rules keep the
running deadlines current through `set_running` on every write (core/writes.py).
"""

import datetime

from django.db import models

from .access import UnitOwnedQuerySet
from .columns import FALSE_LABEL, TRUE_LABEL
from .models import Unit
from .workdays import date_text, earliest, is_provisional


class RegisterRecord(models.Model):
    """Base of every register's record."""

    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("编号", max_length=64)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = UnitOwnedQuerySet.as_manager()
    register_role = ""  # the Role that works the register; set by each register
    clerk_enters = False  # whether 填报员 of other units enter their own unit's records here
    clerk_kinds: tuple[str, ...] = ()  # of which kinds of unit (none named: any kind)
    clerk_unit_field = "unit"  # the unit a 填报员 must belong to, to see and change a record

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="本单位已登记过这个编号，请核对编号，或打开已有的记录修改。",
            )
        ]

    def __str__(self):
        return self.number


UNDETERMINED_DUE = datetime.date(9999, 12, 31)  # 待定 sorts after every known date


def running_due():
    """A lapsing deadline's date while it runs (待定 as the last day), else NULL: one expression,
    so that "still running on day D" is one range over it. A register with many lapsed windows
    indexes it (mediation's med_board_due), so the board reads only the running ones; as two
    conditions (a label, and a date ≥ D or none) the planner counts them as if independent and,
    at millions of rows, reads the whole table instead."""
    return models.Case(
        models.When(
            ~models.Q(due_label=""),
            then=models.functions.Coalesce("due_date", models.Value(UNDETERMINED_DUE)),
        ),
        output_field=models.DateField(),
    )


class WatchedRecord(RegisterRecord):
    """A record whose procedure runs against statutory deadlines, watched by the board.

    The register's rules keep `due_date` and `due_label` (the deadline running now, none once
    the case is closed) current on every save, so lists and the board sort and filter on them
    in SQL.
    """

    officer = models.ForeignKey(
        "core.User",
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField("当前期限", null=True, blank=True)
    due_label = models.CharField("当前期限名称", max_length=32, blank=True)
    # Every deadline running now, each a duty whose act is not yet done (set_running): a case
    # may run against two at once (复议's 答复通知 and 审理期限). due_date/due_label hold the
    # earliest of them, so "overdue" and "due soon" stay one indexed comparison.
    running_deadlines = models.JSONField("正在计算的期限", default=list, blank=True)
    # A window the parties may use, not a duty of the bureau (the 30 days to ask for 司法确认):
    # once past it simply closes, and the board does not call it overdue.
    deadline_lapses = False

    class Meta(RegisterRecord.Meta):
        abstract = True


def set_running(record, deadlines) -> None:
    """Store the deadlines `record` runs against now (workdays.Deadline, None for one that
    does not apply): all of them in running_deadlines, the earliest dated one in
    due_date/due_label. One whose start has not happened (awaiting delivery) or whose year
    cannot be computed is kept with no date; it is the current one only when no other has a
    date. Whether a date is provisional is not stored: it follows the calendar in use."""
    running = [found for found in deadlines if found is not None]
    record.running_deadlines = [
        {
            "label": found.label,
            "date": found.date.isoformat() if found.date else None,
            "basis": found.basis,
            "awaiting": found.awaiting,
            # Whether computing it consulted a year not entered; a date that is a fact (a
            # date a person chose) never is. Readers also ask the calendar in use, so that
            # an entered year settles the mark before the recompute reaches the record.
            "provisional": found.provisional,
        }
        for found in running
    ]
    first = earliest(running)
    record.due_date = first.date if first else None
    record.due_label = first.label if first else ""


def stored_provisional(entry: dict, day: datetime.date | None) -> bool:
    """Whether a stored running deadline is 暂定: computed on a year not entered (a date that
    is a fact, such as the day a notice set, never is), and that year still not entered — an
    entered year settles the mark before the recompute reaches the record. An entry stored
    before the flag was kept goes by its year alone."""
    return bool(entry.get("provisional", True)) and is_provisional(day)


def passed(deadlines, today: datetime.date) -> list:
    """The running deadlines (workdays.Deadline, None for one that does not apply) whose date
    has passed without their act: a case is overdue when any one has, whatever its step."""
    return [
        found
        for found in deadlines
        if found is not None and found.date is not None and found.date < today
    ]


def mark_due(records, today: datetime.date):
    """Annotate records for display: days left on the running deadline, and whether overdue.
    A window the parties may let lapse (deadline_lapses) is never overdue: once past it is
    `lapsed`, and no days are counted against anyone."""
    for record in records:
        due = record.due_date
        lapses = getattr(record, "deadline_lapses", False)
        record.lapsed = lapses and due is not None and due < today
        record.days_left = None if due is None or record.lapsed else (due - today).days
        record.overdue = not lapses and due is not None and due < today
        record.overdue_days = -record.days_left if record.overdue else 0


def deadline_fields(rules, record, names, today: datetime.date) -> dict[str, str]:
    """A register's computed export fields: each named deadline (YYYY-MM-DD, followed by
    （暂定） while its year's holidays are not entered: the export is read by people and by
    next year's re-import, which ignores computed columns) with its legal basis, the status,
    and whether the record is overdue."""
    found = rules.deadlines(record)
    values = {}
    for name in names:
        deadline = found.get(name)
        if deadline is None:
            values[name] = ""
        elif deadline.date is None and deadline.awaiting:
            values[name] = f"待{deadline.awaiting}"
        else:
            values[name] = date_text(deadline.date)
        values[f"{name}依据"] = deadline.basis if deadline else ""
    values["办理状态"] = rules.status(record).label
    values["超期"] = TRUE_LABEL if rules.is_overdue(record, today) else FALSE_LABEL
    return values
