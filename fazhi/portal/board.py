"""The deadline board: what is overdue and what falls due within five working days, across
every register that watches deadlines, for what the user may see.

A register takes part when its model stores `due_label` (the earliest deadline it is running
against now, "" once nothing is running), `due_date` (None while no running deadline has a
date), `running_deadlines` (every deadline running now) and an `officer`; its rules keep them
current on every save (records.set_running). The selection is three indexed queries per
register on `due_date`: a case whose earliest deadline is overdue or due soon is the only kind
that can have any running deadline overdue or due soon. Each selected case is then shown once
per running deadline that is overdue or due soon, so a case running against two (复议's
答复通知 and 审理期限) shows both.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from fazhi.core import case_documents, case_file_views, holidays
from fazhi.core.access import Scope, scope_for
from fazhi.core.alerts import Alert
from fazhi.core.models import IssuedDocument
from fazhi.core.personal import shows_personal_data
from fazhi.core.records import running_due, stored_provisional
from fazhi.core.registers import REGISTERS, Register, get_register
from fazhi.core.roles import VIEW
from fazhi.core.workdays import CalendarYearUnknown, add_working_days, is_provisional

WATCH_WORKING_DAYS = 5
LINES_SHOWN = 50


@dataclass
class BoardLine:
    """One running deadline of one case."""

    record: object
    label: str
    date: datetime.date | None
    awaiting: str = ""  # the event the period waits for (送达) while it has no date
    provisional: bool = False  # computed on a year not entered yet (暂定)
    days_left: int | None = None

    @property
    def number(self) -> str:
        """The case's 编号 (a line is named by its case)."""
        return self.record.number

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def undated(self) -> str:
        """What stands for the date while there is none: 待送达 (or the event awaited), 待定."""
        return f"待{self.awaiting}" if self.awaiting else "待定"


@dataclass
class BoardSection:
    register: Register
    overdue: list[BoardLine] = field(default_factory=list)
    due_soon: list[BoardLine] = field(default_factory=list)
    counts: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_soon)

    @property
    def overdue_cases(self) -> int:
        return len({line.record.pk for line in self.overdue})

    @property
    def due_soon_cases(self) -> int:
        return len({line.record.pk for line in self.due_soon})


class Board(list):
    """The board's sections, and the warning its reader must see above them ("" for none)."""

    warning = ""


def awaiting_delivery(user) -> list[IssuedDocument]:
    """The documents issued for records `user` may see that still await their 送达 (issue 20),
    oldest first: one query over every register that issues documents. Each is given its
    record's page as `record_url`."""
    visible = Q()
    for name in case_documents.CASE_FILES:
        model = get_register(name).model
        if scope_for(user, model, VIEW) is not Scope.NONE:
            ids = model.objects.visible_to(user).values("pk")
            visible |= Q(register=name, record_id__in=ids)
    if not visible:
        return []
    documents = list(
        IssuedDocument.objects.filter(visible)
        .exclude(recipient="")
        .filter(delivered_on__isnull=True, cancelled_at__isnull=True)
        .order_by("issued_on", "id")[:LINES_SHOWN]
    )
    for document in documents:
        register = get_register(document.register)
        document.record_url = reverse(f"{document.register}:detail", args=[document.record_id])
        document.register_label = register.label
        # The 受送达人 of a register of personal data is a person: masked until his reason.
        masked = bool(register.sensitive) and not shows_personal_data(user, register)
        case_file_views.show_names([document], masked)
    return documents


def register_alerts(user, today: datetime.date) -> list[tuple[Register, list[Alert]]]:
    """Each register's reminders that are not a case's running deadline (core/alerts.py): a
    执法证 expiring within its window, a plan not filed. Only registers whose records `user`
    may read are asked, and only alerts that count something are kept."""
    found = []
    for register in REGISTERS.values():
        if register.alerts is None or scope_for(user, register.model, VIEW) is Scope.NONE:
            continue
        alerts = [alert for alert in register.alerts(user, today) if alert.count]
        if alerts:
            found.append((register, alerts))
    return found


def watch_horizon(today: datetime.date) -> tuple[datetime.date, str]:
    """The last day of the "due soon" window, and a note when the calendar could not give it."""
    try:
        return add_working_days(today, WATCH_WORKING_DAYS), ""
    except CalendarYearUnknown as unknown:
        # Only beyond the years the provisional calendar reaches (2100), or before the first
        # stored one: the board's window, never a case's deadline, falls back to calendar days
        # there, and the board says so.
        return today + datetime.timedelta(days=7), f"{unknown}（近期范围暂按7个自然日显示）"


def watching_registers() -> list[Register]:
    return [
        r
        for r in REGISTERS.values()
        if {"due_date", "due_label", "officer"} <= {f.name for f in r.model._meta.fields}
    ]


def running_of(record) -> list[BoardLine]:
    """Every deadline `record` runs against now, as stored by its rules. A record saved before
    they were stored has only its earliest (due_date/due_label) until it is saved again."""
    stored = getattr(record, "running_deadlines", None) or []
    if not stored:
        if not record.due_label:
            return []
        due = record.due_date
        return [BoardLine(record, record.due_label, due, provisional=is_provisional(due))]
    lines = []
    for entry in stored:
        day = datetime.date.fromisoformat(entry["date"]) if entry.get("date") else None
        lines.append(
            BoardLine(
                record,
                entry.get("label", ""),
                day,
                entry.get("awaiting") or "",
                provisional=stored_provisional(entry, day),
            )
        )
    return lines


def lines_of(records, today, horizon, *, lapses: bool) -> tuple[list, list]:
    """The overdue and the due-soon lines of `records` (each record once, in the order given),
    each sorted by date. A deadline that lapses is never overdue: once past, it has closed."""
    overdue, soon, seen = [], [], set()
    for record in records:
        if record.pk in seen:
            continue
        seen.add(record.pk)
        for line in running_of(record):
            if line.date is None:
                continue
            line.days_left = (line.date - today).days
            if line.date < today:
                if not lapses:
                    overdue.append(line)
            elif line.date <= horizon:
                soon.append(line)
    by_date = lambda line: (line.date, line.record.pk)  # noqa: E731
    return sorted(overdue, key=by_date)[:LINES_SHOWN], sorted(soon, key=by_date)[:LINES_SHOWN]


def next_year_warning(user, today: datetime.date) -> str:
    """The warning that next year's holidays are not entered yet, for whoever must enter them
    (fazhi.core.holidays decides who and when); "" for everyone else."""
    warn = getattr(holidays, "next_year_warning", None)
    return warn(user, today) if warn is not None else ""


def board_for(user, today: datetime.date) -> tuple[Board, str]:
    horizon, note = watch_horizon(today)
    sections = Board()
    sections.warning = next_year_warning(user, today)
    for register in watching_registers():
        if scope_for(user, register.model, VIEW) is Scope.NONE:
            continue
        # A deadline is running while it has a name; its date may still be unknown (待定, or
        # 待送达 while the event it runs from has not happened).
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
        # A deadline that lapses is never overdue: not asked, since the index would walk
        # every lapsed window only to find none.
        selected = [] if lapses else list(overdue[:LINES_SHOWN])
        selected += list(running.filter(soon).order_by("due_date")[:LINES_SHOWN])
        overdue_lines, soon_lines = lines_of(selected, today, horizon, lapses=lapses)
        sections.append(
            BoardSection(
                register,
                overdue=overdue_lines,
                due_soon=soon_lines,
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
        )
    return sections, note
