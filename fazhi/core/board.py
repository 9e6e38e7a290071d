"""The deadline board: what is overdue and what falls due within five working days, across
every register that watches deadlines, for what the user may see.

A register takes part when its model stores `due_label` (the deadline it is running against
now, "" once nothing is running), `due_date` (None while that date is unknown) and an
`officer`; its rules keep them current
on every save, so the board is three indexed queries per register.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .access import VIEW, Scope, scope_for
from .registers import REGISTERS, Register, mark_due, running_due
from .workdays import CalendarYearUnknown, add_working_days

WATCH_WORKING_DAYS = 5
LINES_SHOWN = 50


@dataclass
class BoardSection:
    register: Register
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    counts: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon)


def watch_horizon(today: datetime.date) -> tuple[datetime.date, str]:
    """The last day of the "due soon" window, and a note when the calendar could not give it."""
    try:
        return add_working_days(today, WATCH_WORKING_DAYS), ""
    except CalendarYearUnknown as unknown:
        # Only the board's window, never a case's deadline, falls back to calendar days here,
        # and the board says so.
        return today + datetime.timedelta(days=7), f"{unknown}（近期范围暂按7个自然日显示）"


def watching_registers() -> list[Register]:
    return [
        r
        for r in REGISTERS.values()
        if {"due_date", "due_label", "officer"} <= {f.name for f in r.model._meta.fields}
    ]


def board_for(user, today: datetime.date) -> tuple[list[BoardSection], str]:
    horizon, note = watch_horizon(today)
    sections = []
    for register in watching_registers():
        if scope_for(user, register.model, VIEW) is Scope.NONE:
            continue
        # A deadline is running while it has a name; its date may still be unknown (待定)
        # when the calendar of its year is not yet published.
        running = (
            register.model.objects.visible_to(user)
            .exclude(due_label="")
            .select_related("unit", "officer")
        )
        lapses = register.model.deadline_lapses
        if lapses:
            running = running.alias(running_due=running_due()).filter(running_due__gte=today)
        soon = Q(due_date__gte=today, due_date__lte=horizon)
        overdue = running.filter(due_date__lt=today).order_by("due_date")
        section = BoardSection(
            register,
            # A deadline that lapses is never overdue: not asked, since the index would walk
            # every lapsed window only to find none.
            overdue=[] if lapses else list(overdue[:LINES_SHOWN]),
            due_soon=list(running.filter(soon).order_by("due_date")[:LINES_SHOWN]),
            counts=list(
                running.values("unit__name", "officer__full_name", "officer__username")
                .annotate(
                    running=Count("id"),
                    overdue=Count("id", filter=Q(due_date__lt=today)),
                    soon=Count("id", filter=soon),
                    undetermined=Count("id", filter=Q(due_date__isnull=True)),
                )
                .order_by("unit__name", "officer__username")
            ),
        )
        mark_due(section.overdue + section.due_soon, today)
        sections.append(section)
    return sections, note
