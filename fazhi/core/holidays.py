"""The holiday calendar the bureau keeps (HolidayYear, HolidayDay), and its installation as
the calendar fazhi.core.workdays computes every deadline on.

The rules stay pure functions of a case's facts: they ask workdays, and workdays asks the
provider installed here (core's AppConfig.ready) for the calendar. The calendar is read from
the database once and kept; a process re-reads it when it changed the calendar itself, and
every RELOAD_SECONDS otherwise, so the site's other processes and the worker follow an entered
year within a minute without a query on every request.
"""

import datetime
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, connections, models, transaction
from django.db.models import Q
from django.utils import timezone

from . import audit, workdays
from .errors import ActionRefused
from .models import (
    AuditAction,
    AuditEntry,
    CalendarSource,
    DeadlineRecompute,
    HolidayDay,
    HolidayYear,
    RecomputeStatus,
)
from .records import WatchedRecord
from .registers import REGISTERS
from .roles import Role
from .tabular import TableError, check_headers
from .text import text_problem
from .writes import audited_fields, records_written, stored_values

# How long a process trusts the calendar it read before it looks again.
RELOAD_SECONDS = 60.0
# A recomputation starts this long after it was asked for: by then every process has read the
# calendar again, so no save made with the old calendar can follow it and undo its work.
SETTLE_SECONDS = RELOAD_SECONDS + 5
# DeadlineRecompute.year of a recomputation of every record (after an upgrade that added
# running_deadlines, say), not of one year's change.
ALL_YEARS = 0
# A year has at most 366 days; a sheet with more rows is not a year's arrangement.
MAX_SHEET_ROWS = 400

_loaded: tuple[workdays.Calendar, float] | None = None


def load() -> workdays.Calendar:
    """The calendar as stored: every year in HolidayYear (seeded from the package, or entered)
    with its days. Two queries."""
    years = {
        year: ({}, {}, source) for year, source in HolidayYear.objects.values_list("year", "source")
    }
    for year, day, arrangement, name in HolidayDay.objects.values_list(
        "year__year", "date", "arrangement", "name"
    ):
        rest, work, _ = years[year]
        (work if arrangement == workdays.WORK else rest)[day] = name
    return workdays.Calendar(
        {
            year: workdays.YearCalendar(year, rest, work, source=source)
            for year, (rest, work, source) in years.items()
        }
    )


def current() -> workdays.Calendar:
    """The calendar in use in this process (the provider workdays asks)."""
    global _loaded
    now = time.monotonic()
    if _loaded is None or now - _loaded[1] > RELOAD_SECONDS:
        _loaded = (load(), now)
    return _loaded[0]


def forget() -> None:
    """Read the calendar again on next use: after this process changed it, and between tests."""
    global _loaded
    _loaded = None


def seed_from_package(year_model, day_model) -> int:
    """Store the chinesecalendar package's years that the table does not hold yet (a year
    entered by hand is never overwritten). Takes the models so that a migration can pass its
    historical ones. Returns how many years were added."""
    stored = set(year_model.objects.values_list("year", flat=True))
    package = workdays.package_calendar().years
    added = 0
    for year in sorted(set(package) - stored):
        arrangement = package[year]
        holder = year_model.objects.create(year=year, source="package")
        day_model.objects.bulk_create(
            [
                day_model(year=holder, date=day, arrangement=kind, name=name)
                for kind, days in (
                    (workdays.REST, arrangement.rest),
                    (workdays.WORK, arrangement.work),
                )
                for day, name in days.items()
            ]
        )
        added += 1
    return added


def seed_package_years(sender, **kwargs):
    """After every migrate (post_migrate, connected in CoreConfig.ready): store the years a
    newer chinesecalendar package knows that the table lacks (a year entered by hand is never
    overwritten), and have the worker recompute the deadlines that fell in them, which were
    provisional until now. And when records were stored before every running deadline was (an
    upgrade), recompute them all once."""
    before = set(HolidayYear.objects.values_list("year", flat=True))
    # On a new database the migration seeded the years already; nothing was stored before.
    if seed_from_package(HolidayYear, HolidayDay) and before:
        added = set(HolidayYear.objects.values_list("year", flat=True)) - before
        DeadlineRecompute.objects.bulk_create([DeadlineRecompute(year=y) for y in sorted(added)])
    unfinished = DeadlineRecompute.objects.filter(
        year=ALL_YEARS, status__in=[RecomputeStatus.QUEUED, RecomputeStatus.RUNNING]
    )
    # An open record always runs against something now; one that runs against nothing stored
    # was saved by an earlier version (or its deadline was 待定 then).
    stale = any(
        register.model.objects.exclude(due_label="").filter(running_deadlines=[]).exists()
        for register in watched_registers()
    )
    if stale and not unfinished.exists():
        DeadlineRecompute.objects.create(year=ALL_YEARS)


# --- entering a year from the State Council notice ------------------------------------------

# The package's first year; nothing earlier is a year a deadline of this system runs in.
FIRST_YEAR = 2004
LAST_YEAR = workdays.STATUTORY_UNTIL
ARRANGEMENT_WORDS = {"放假": workdays.REST, "上班": workdays.WORK}
SHEET_HEADERS = ["日期", "安排", "名称"]
NAME_LENGTH = 100
NOTICE_LENGTH = 100
WEEKDAYS = "一二三四五六日"
# The page and the job row keep at most this many moved deadlines; the rest are counted.
MOVED_CAP = 2000
BATCH = 1000
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class HolidaysInvalid(ValueError):
    """Entered days (or a sheet, or a command's arguments) that cannot be stored; each problem
    names the row or line it is about, in Chinese. Nothing was changed."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


def may_enter(user) -> bool:
    """The calendar holds for every unit, so only the system administrator of a top unit (one
    without a parent) keeps it: not the security or audit administrator (三员分立), not a
    county's system administrator."""
    if user is None or not getattr(user, "is_authenticated", False) or user.unit_id is None:
        return False
    return user.has_role(Role.SYSTEM_ADMIN) and user.unit.is_top


def weekday_text(day: date) -> str:
    return "星期" + WEEKDAYS[day.weekday()]


def _longest_rest_run(arrangement: workdays.YearCalendar) -> tuple[int, date | None]:
    longest, start, run, first = 0, None, 0, None
    day = date(arrangement.year, 1, 1)
    while day.year == arrangement.year:
        if arrangement.is_working_day(day):
            run = 0
        else:
            run += 1
            if run == 1:
                first = day
            if run > longest:
                longest, start = run, first
        day += timedelta(days=1)
    return longest, start


def check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise HolidaysInvalid([f"年度应为四位数字的年份，如 2027，而不是「{year}」。"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise HolidaysInvalid([f"年度应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间，而不是 {year}。"])
    return year


def check_days(year: int, days, labels=None) -> list[str]:
    """The problems of `days` ([(date, arrangement, name)]) as a year's arrangement, each
    naming its day's row by `labels` (第3行, 第3条 …). Pure."""
    labels = labels or [f"第{index}条" for index in range(1, len(days) + 1)]
    problems, seen = [], {}
    for label, (day, arrangement, name) in zip(labels, days, strict=True):
        if isinstance(day, datetime.datetime) or not isinstance(day, date):
            problems.append(f"{label}：日期应按“年-月-日”填写，如 {year}-01-01。")
            continue
        if day.year != year:
            problems.append(f"{label}：{day.isoformat()} 不在{year}年内，请只填写该年的日期。")
        if day in seen:
            problems.append(f"{label}：{day.isoformat()} 与{seen[day]}重复，每个日期只能填写一次。")
        else:
            seen[day] = label
        if arrangement not in (workdays.REST, workdays.WORK):
            problems.append(f"{label}：安排只能是「放假」或「上班」。")
        elif arrangement == workdays.WORK and day.weekday() < 5:
            problems.append(
                f"{label}：{day.isoformat()} 是{weekday_text(day)}，本来就是工作日；"
                "「上班」只用于调休上班的星期六或星期日。"
            )
        name = name if isinstance(name, str) else ""
        if not name.strip():
            problems.append(f"{label}：请填写名称（节日名称，如 元旦、春节）。")
        elif len(name) > NAME_LENGTH:
            problems.append(f"{label}：名称不能超过 {NAME_LENGTH} 个字。")
        else:
            bad = text_problem(name, "名称")
            if bad:
                problems.append(f"{label}：{bad}")
    if problems:
        return problems
    if not any(arrangement == workdays.REST for _, arrangement, _ in days):
        return [f"没有任何放假的日期：请按国务院办公厅通知填写{year}年的全部节假日。"]
    arrangement = workdays.YearCalendar(
        year,
        {d: n for d, a, n in days if a == workdays.REST},
        {d: n for d, a, n in days if a == workdays.WORK},
    )
    longest, start = _longest_rest_run(arrangement)
    if longest > workdays._MAX_REST_RUN:
        return [
            f"自 {start.isoformat()} 起连续 {longest} 天不上班，超过了 {workdays._MAX_REST_RUN} "
            "天，请核对所填的放假日期。"
        ]
    return []


def parse_date(text: str) -> date | None:
    """A date typed as YYYY-MM-DD, else None."""
    if not DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_rows(year: int, rows) -> list[tuple[date, str, str]]:
    """Days from rows of text [(label, 日期, 安排, 名称)], each problem naming its row's label;
    raises HolidaysInvalid with every problem found."""
    check_year(year)
    problems, days, labels = [], [], []
    for label, day_text, arrangement_text, name in rows:
        bad = [
            f"{label}：{problem}"
            for header, text in zip(SHEET_HEADERS, (day_text, arrangement_text, name), strict=True)
            if (problem := text_problem(text, header))
        ]
        if bad:
            problems += bad
            continue
        day = parse_date(day_text.strip())
        if day is None:
            problems.append(
                f"{label}：「{day_text}」不是有效的日期，日期应按“年-月-日”填写，如 {year}-01-01。"
            )
            continue
        arrangement = ARRANGEMENT_WORDS.get(arrangement_text.strip())
        if arrangement is None:
            problems.append(f"{label}：安排「{arrangement_text}」无效，只能是「放假」或「上班」。")
            continue
        days.append((day, arrangement, name.strip()))
        labels.append(label)
    if not rows:
        problems.append(f"没有填写任何日期：请按国务院办公厅通知填写{year}年的节假日。")
    problems += check_days(year, days, labels) if not problems else []
    if problems:
        raise HolidaysInvalid(problems)
    return days


def parse_table(table, year: int) -> list[tuple[date, str, str]]:
    """Days from a sheet read by tabular.read_table: columns 日期, 安排 (放假/上班), 名称."""
    try:
        check_headers(table, SHEET_HEADERS, SHEET_HEADERS)
    except TableError as error:
        raise HolidaysInvalid([str(error)]) from None
    if len(table.rows) > MAX_SHEET_ROWS:
        raise HolidaysInvalid(
            [f"表格有 {len(table.rows)} 行，一个年度的节假日安排不会超过 {MAX_SHEET_ROWS} 行。"]
        )
    rows = [
        (f"第{row.number}行", *(row.values.get(header, "") for header in SHEET_HEADERS))
        for row in table.rows
    ]
    return parse_rows(year, rows)


def parse_lines(text: str, year: int) -> list[tuple[date, str, str]]:
    """Days typed one a line: "2027-01-01 放假 元旦" (blank lines skipped)."""
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("\u3000", " ").split(maxsplit=2)
        if not parts:
            continue
        if len(parts) < 3:
            problems.append(
                f"第{number}行：应为「日期 安排 名称」三项，用空格分开，"
                f"如「{year}-01-01 放假 元旦」。"
            )
            continue
        rows.append((f"第{number}行", *parts))
    if problems:
        raise HolidaysInvalid(problems)
    return parse_rows(year, rows)


def days_text(days) -> str:
    """Days as the lines parse_lines reads (the form's text, the audit entry's value)."""
    return "\n".join(
        f"{day.isoformat()} {workdays.ARRANGEMENT_LABELS[arrangement]} {name}"
        for day, arrangement, name in sorted(days)
    )


def stored_days(holder) -> list[tuple[date, str, str]]:
    return sorted(holder.days.values_list("date", "arrangement", "name"))


def arrangement_days(arrangement: workdays.YearCalendar) -> list[tuple[date, str, str]]:
    """A year's arrangement as days (what the form shows to be corrected)."""
    return sorted(
        [(d, workdays.REST, n) for d, n in arrangement.rest.items()]
        + [(d, workdays.WORK, n) for d, n in arrangement.work.items()]
    )


def _audit_values(holder, days) -> dict:
    if holder is None:
        return {"来源": "未录入（按法定节假日暂定计算）"}
    return {
        "来源": holder.get_source_display(),
        "通知文号": holder.notice_number,
        "通知日期": holder.notice_date.isoformat() if holder.notice_date else "",
        "日期安排": days_text(days).replace("\n", "；"),
    }


def enter_year(actor, year, days, notice_number: str, notice_date: date | None = None):
    """Store `year`'s arrangement from the State Council notice, replacing what was stored
    (the package's or an earlier entry), audited, and queue the recomputation of the stored
    deadlines it may move. Returns (HolidayYear, DeadlineRecompute or None when the entry
    changes nothing). Raises ActionRefused or HolidaysInvalid, changing nothing."""
    if actor is not None and not may_enter(actor):
        raise ActionRefused("节假日安排对全部单位生效，只有最上级单位的系统管理员可以录入。")
    check_year(year)
    days = [tuple(day) for day in days]
    problems = check_days(year, days)
    notice_number = (notice_number or "").strip()
    if not notice_number:
        problems.append("请填写通知文号，如「国办发明电〔2026〕12号」。")
    elif len(notice_number) > NOTICE_LENGTH:
        problems.append(f"通知文号不能超过 {NOTICE_LENGTH} 个字。")
    elif bad := text_problem(notice_number, "通知文号"):
        problems.append(bad)
    if notice_date is not None and (
        isinstance(notice_date, datetime.datetime) or not isinstance(notice_date, date)
    ):
        problems.append("通知日期应按“年-月-日”填写。")
    # Years are entered in order: a date is provisional when its own year is not entered
    # (workdays.Calendar.is_provisional), which holds only while no gap lies before it.
    if year - 1 >= FIRST_YEAR and not HolidayYear.objects.filter(year=year - 1).exists():
        problems.append(f"请先录入{year - 1}年的节假日安排：年度须按顺序录入。")
    if problems:
        raise HolidaysInvalid(problems)
    try:
        return _store_year(actor, year, sorted(days), notice_number, notice_date)
    except IntegrityError:
        # Another administrator stored the same new year between our look and our write.
        raise HolidaysInvalid(["该年度刚被他人录入，请刷新页面后核对。"]) from None


def _store_year(actor, year, days, notice_number, notice_date):
    with transaction.atomic():
        holder = HolidayYear.objects.select_for_update().filter(year=year).first()
        old_days = stored_days(holder) if holder else []
        before = _audit_values(holder, old_days)
        if (
            holder is not None
            and holder.source == CalendarSource.ENTERED
            and old_days == days
            and holder.notice_number == notice_number
            and holder.notice_date == notice_date
        ):
            return holder, None
        holder = holder or HolidayYear(year=year)
        holder.source = CalendarSource.ENTERED
        holder.notice_number, holder.notice_date = notice_number, notice_date
        holder.entered_by = actor
        holder.save()
        holder.days.all().delete()
        HolidayDay.objects.bulk_create(
            [HolidayDay(year=holder, date=d, arrangement=a, name=n) for d, a, n in days]
        )
        audit.record(
            actor,
            AuditAction.HOLIDAYS,
            holder,
            before=before,
            after=_audit_values(holder, days),
            note=f"录入{year}年节假日安排（{notice_number}）",
        )
        job = DeadlineRecompute.objects.create(year=year, requested_by=actor)
        # This process computes on the new year at once (its reads in this transaction see it);
        # the commit makes it so again, after any read made meanwhile cached the old one.
        forget()
        transaction.on_commit(forget)
    return holder, job


# --- showing a year -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A holiday as the notice states it: consecutive days off (its weekend days included)."""

    name: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __str__(self) -> str:
        span = self.first.isoformat()
        if self.last != self.first:
            span += f" 至 {self.last.isoformat()}"
        return f"{self.name}：{span}，共 {self.days} 天"


def _base_name(name: str) -> str:
    return name.split("（", 1)[0] or name


def periods(arrangement: workdays.YearCalendar) -> list[Period]:
    """The year's holidays: each run of consecutive days off that holds a day the notice (or
    the statutory rules) names, with the holiday's name. Pure."""
    found = []
    for day in sorted(arrangement.rest):
        if found and found[-1][1] >= day:
            continue  # inside the run already taken
        first = last = day
        while (first - timedelta(days=1)).year == arrangement.year and not (
            arrangement.is_working_day(first - timedelta(days=1))
        ):
            first -= timedelta(days=1)
        while (last + timedelta(days=1)).year == arrangement.year and not (
            arrangement.is_working_day(last + timedelta(days=1))
        ):
            last += timedelta(days=1)
        names = [
            _base_name(arrangement.rest[d]) for d in sorted(arrangement.rest) if first <= d <= last
        ]
        found.append((first, last, "、".join(dict.fromkeys(names))))
    return [Period(name, first, last) for first, last, name in found]


def working_weekends(arrangement: workdays.YearCalendar) -> list[tuple[date, str]]:
    """The year's 调休 working days (weekend days that are working days), with the holiday."""
    return sorted(arrangement.work.items())


def year_arrangement(year: int) -> workdays.YearCalendar:
    """The arrangement the calendar in use computes `year` on: stored, else provisional."""
    return workdays.current_calendar().year(year)


def show_lines(year: int) -> list[str]:
    """`manage.py holidays show --year Y`: the year as stored, or its provisional arrangement."""
    check_year(year)
    holder = HolidayYear.objects.filter(year=year).select_related("entered_by").first()
    if holder is None:
        try:
            arrangement = workdays.statutory_year(year)
        except Exception:  # noqa: BLE001 — a year the lunar library cannot give
            arrangement = None
        if arrangement is None or year < workdays.STATUTORY_FROM:
            first = workdays.STATUTORY_FROM
            return [f"{year}年：未录入，且无法按法定节假日推算（早于{first}年）。"]
        lines = [
            f"{year}年：未录入（暂定）。以下按《全国年节及纪念日放假办法》（国务院令第795号）"
            "的法定节假日推算，节日逢周末在工作日补假，不含调休；据此计算的期限均为暂定，"
            "请在国务院办公厅通知发布后录入。"
        ]
    else:
        arrangement = workdays.YearCalendar(
            year,
            {d: n for d, a, n in stored_days(holder) if a == workdays.REST},
            {d: n for d, a, n in stored_days(holder) if a == workdays.WORK},
        )
        notice = holder.notice_number or "—"
        if holder.notice_date:
            notice += f"（{holder.notice_date.isoformat()}）"
        lines = [f"{year}年：来源 {holder.get_source_display()}；通知文号 {notice}"]
        if holder.entered_by_id:
            lines[0] += f"；录入人 {holder.entered_by}"
    found = periods(arrangement)
    lines.append(f"节假日（{len(found)} 个）：")
    lines += [f"  {period}" for period in found] or ["  无"]
    work = working_weekends(arrangement)
    lines.append(f"调休上班（{len(work)} 天）：")
    lines += [f"  {day.isoformat()}（{weekday_text(day)}）{name}" for day, name in work] or ["  无"]
    return lines


def next_year_warning(user, today: date) -> str:
    """The board's warning to the top unit's system administrator, from 1 October, while
    next year's arrangement is not stored (entered, or from the package): "" otherwise. The
    page to enter it is the URL named "holiday_year" (with the year) or "holidays"."""
    if today < date(today.year, 10, 1) or not may_enter(user):
        return ""
    year = today.year + 1
    if year in workdays.current_calendar().years:
        return ""
    return (
        f"{year}年节假日安排尚未录入：该年度的期限按法定节假日暂定计算。"
        "请在国务院办公厅通知发布后录入。"
    )


# --- recomputing the stored deadlines ---------------------------------------------------------


def deadline_fields(model) -> list[str]:
    """A model's stored deadlines: its date fields named …deadline, and due_date."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField)
        and not isinstance(f, models.DateTimeField)
        and (f.name.endswith("deadline") or f.name == "due_date")
    ]


def affected(register, year: int):
    if year == ALL_YEARS:
        return register.model.objects.all()
    return _affected_by_year(register, year)


def _affected_by_year(register, year: int):
    """The records of a watched register whose stored deadlines a change of `year` may move.
    A deadline that a change of the year moves lies in that year or after it, before and after
    the change (periods are counted forward), so: every record with a stored deadline from
    1 January of the year on, every record with a running deadline (its running_deadlines may
    hold one no field keeps), and, as the rule of thumb the issue gives, every record whose
    register date is from 1 January of the year before on."""
    model = register.model
    condition = Q(**{f"{register.date_field}__gte": date(year - 1, 1, 1)}) | ~Q(due_label="")
    for name in deadline_fields(model):
        condition |= Q(**{f"{name}__gte": date(year, 1, 1)})
    return model.objects.filter(condition)


def recompute_records(register, records, *, note: str, batch: int = BATCH, after_batch=None):
    """Derive `records` (a queryset) again and write what changed, in batches of `batch`, each
    batch one transaction: its rows locked, changed fields bulk-updated, one audit entry per
    changed record (before and after of what changed), the rollups told. `after_batch(count,
    moved)` is called inside each batch's transaction with the moved deadlines found in it
    (see _moved). Returns the number of records that changed. Idempotent: a second run on the
    same calendar changes nothing."""
    model = register.model
    fields = audited_fields(model)
    dated = deadline_fields(model)
    settings = register.settings()
    keys = records.order_by("pk").values_list("pk", flat=True)
    last, changed_count = None, 0
    while True:
        ids = list((keys if last is None else keys.filter(pk__gt=last))[:batch])
        if not ids:
            return changed_count
        last = ids[-1]
        with transaction.atomic():
            locked = model.objects.select_for_update().filter(pk__in=ids).order_by("pk")
            changed, moved = _recompute_batch(register, locked, fields, dated, settings, note)
            changed_count += changed
            if after_batch is not None:
                after_batch(len(ids), moved)


def _recompute_batch(register, records, fields, dated, settings, note) -> tuple[int, list]:
    model = register.model
    attnames = {name: model._meta.get_field(name).attname for name in fields}
    now = timezone.now()
    changed, touched, entries, moved = [], {"updated_at"}, [], []
    for record in records:
        before = stored_values(record, fields)
        register.derive(record, settings)
        after = stored_values(record, fields)
        differing = [name for name in fields if before[name] != after[name]]
        if not differing:
            continue
        # The audit values as every writer shows them (masks, names of related rows), taken
        # for the changed fields only: setting the old values back for a moment is cheaper
        # than a snapshot of every record before its derive.
        shown_after = audit.snapshot(record, differing)
        for name in differing:
            setattr(record, attnames[name], before[name])
        shown_before = audit.snapshot(record, differing)
        for name in differing:
            setattr(record, attnames[name], after[name])
        record.updated_at = now
        changed.append(record)
        touched.update(differing)
        moved += _moved(register, record, dated, before, after)
        entries.append(
            audit.entry(
                None,
                AuditAction.UPDATE,
                record,
                register=register.name,
                before=shown_before,
                after=shown_after,
                note=note,
            )
        )
    if changed:
        _update(model, changed, sorted(touched))
        records_written.send(register.name, unit_ids={record.unit_id for record in changed})
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(changed), moved


def _update(model, records: list, names: list[str]) -> None:
    """Write `names` of `records`: on PostgreSQL one UPDATE … FROM (VALUES …) per batch;
    bulk_update's CASE WHEN per row and field costs about 2 ms a record to build, more than
    deriving it."""
    connection = connections[model.objects.db]
    if connection.vendor != "postgresql":
        model.objects.bulk_update(records, names, batch_size=BATCH)
        return
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    columns = [pk, *fields]
    row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in columns) + ")"
    values, params = [], []
    for record in records:
        values.append(row)
        params += [f.get_db_prep_save(getattr(record, f.attname), connection) for f in columns]
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    names_sql = ", ".join(quote(f.column) for f in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join(values)}) "
            f"AS v({names_sql}) WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
            params,
        )


def _moved(register, record, dated, before: dict, after: dict) -> list[dict]:
    """The record's stored deadlines that moved, as the page lists them. due_date repeats the
    earliest running deadline: it is listed (under its running label) only when no deadline
    field of the record made the same move."""
    moves = [(name, before[name], after[name]) for name in dated if before[name] != after[name]]
    own = {(old, new) for name, old, new in moves if name != "due_date"}
    found = []
    for name, old, new in moves:
        if name == "due_date":
            if (old, new) in own:
                continue
            label = record.due_label or before.get("due_label") or "当前期限"
        else:
            label = str(record._meta.get_field(name).verbose_name)
        found.append(
            {
                "register": register.name,
                "id": record.pk,
                "number": record.number,
                "field": label,
                "before": old.isoformat() if old else None,
                "after": new.isoformat() if new else None,
            }
        )
    return found


def watched_registers() -> list:
    return [r for r in REGISTERS.values() if issubclass(r.model, WatchedRecord)]


def run_recompute(job):
    """Recompute the stored deadlines a change of `job.year` may move, in every watched
    register, writing the job's progress (done of total) and the moved deadlines after each
    batch. A worker killed midway leaves the job running; the next worker's start queues it
    again (requeue_recomputes) and the run starts over: the batches already written change
    nothing the second time, and the moves they found are kept in the job."""
    forget()  # compute on the calendar as stored now, not as this process last read it
    note = (
        "按当前节假日安排重新计算全部法定期限"
        if job.year == ALL_YEARS
        else f"按{job.year}年节假日安排重新计算法定期限"
    )
    moved = list(job.moved or [])
    state = {"extra": 0, "changed": 0}
    try:
        selections = [(r, affected(r, job.year)) for r in watched_registers()]
        job.total = sum(records.count() for _, records in selections)
        job.done = 0
        DeadlineRecompute.objects.filter(pk=job.pk).update(total=job.total, done=0)
        for register, records in selections:

            def after_batch(count, found):
                room = max(0, MOVED_CAP - len(moved))
                moved.extend(found[:room])
                state["extra"] += len(found) - len(found[:room])
                job.done += count
                values = {"done": job.done}
                if found[:room]:
                    values["moved"] = moved
                DeadlineRecompute.objects.filter(pk=job.pk).update(**values)

            state["changed"] += recompute_records(
                register, records, note=note, after_batch=after_batch
            )
    except Exception as error:  # noqa: BLE001 — the job records it; the worker goes on
        job.status = RecomputeStatus.FAILED
        job.result = f"重新计算时发生错误，已写入的批次保留，可重新计算：{error}"[:500]
        job.finished_at = timezone.now()
        job.moved = moved
        job.save(update_fields=["status", "result", "finished_at", "moved"])
        return job
    job.status = RecomputeStatus.DONE
    job.moved = moved
    result = f"重新计算了 {job.done} 条记录，其中 {state['changed']} 条有变化，期限变化 "
    result += f"{len(moved) + state['extra']} 处"
    if state["extra"]:
        result += f"（此处列出前 {len(moved)} 处，另有 {state['extra']} 处未列出，见审计日志）"
    job.result = result + "。"
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "result", "finished_at", "moved", "total", "done"])
        audit.record(None, AuditAction.RECOMPUTE, job, note=f"{note}：{job.result}")
    return job


def claim_recompute():
    """The next queued recomputation, marked running; None when there is none. Queued
    requests of the same year are one piece of work: the latest runs (its row is the one the
    year's page shows) and the earlier ones are marked done by it."""
    settled = timezone.now() - datetime.timedelta(seconds=SETTLE_SECONDS)
    with transaction.atomic():
        queued = DeadlineRecompute.objects.select_for_update(skip_locked=True).filter(
            status=RecomputeStatus.QUEUED, created_at__lte=settled
        )
        first = queued.order_by("created_at", "id").first()
        if first is None:
            return None
        same_year = list(queued.filter(year=first.year).order_by("created_at", "id"))
        job = same_year[-1]
        for earlier in same_year[:-1]:
            earlier.status = RecomputeStatus.DONE
            earlier.result = f"与之后的重新计算（任务 {job.pk}）合并进行。"
            earlier.finished_at = timezone.now()
            earlier.save(update_fields=["status", "result", "finished_at"])
        job.status = RecomputeStatus.RUNNING
        job.save(update_fields=["status"])
    return job


def requeue_recomputes() -> int:
    """Recomputations left running by a worker that stopped: queued again (the worker's
    start; recomputing is idempotent)."""
    return DeadlineRecompute.objects.filter(status=RecomputeStatus.RUNNING).update(
        status=RecomputeStatus.QUEUED
    )


def requeue(actor, year: int):
    """Queue a recomputation of `year` again (after one failed), by the top sysadmin."""
    if actor is not None and not may_enter(actor):
        raise ActionRefused("只有最上级单位的系统管理员可以重新计算期限。")
    check_year(year)
    # The failed run's batches are written and will not move again: carry what they moved,
    # so that the year's page still lists those cases.
    failed = (
        DeadlineRecompute.objects.filter(year=year, status=RecomputeStatus.FAILED)
        .order_by("-created_at", "-id")
        .first()
    )
    return DeadlineRecompute.objects.create(
        year=year, requested_by=actor, moved=list(failed.moved) if failed else []
    )
