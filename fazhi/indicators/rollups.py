"""Yearly rollups: each unit's own share of each figure, so that a province's figures add up a
few thousand stored numbers instead of grouping ten million records.

What is stored. For every closed calendar year, every unit and every family of indicators (one
GROUP BY, registry.Group), how many of the unit's records fall in each bucket of the family's
fields; for a plain figure that is a count or a sum (registry.sum_of), its value. Figures are
additive over units, so a subtree's figure is the sum over its units.

When they are used. compute() takes a family from rollups only when nothing can tell the
difference: a whole calendar year that has ended (a running year's definitions look at today),
a register whose year has been built (RollupYear), and a reader who sees every record of the
subtree (or no reader: the unit's report). Drill-downs always read the records themselves.

How they stay right. Every write of a register's records — registers.save_record, the importer,
recompute_deadlines — sends `records_written` with the units written, in its own transaction;
the receiver marks those units stale (StaleRollup) in that same transaction. A stale unit's share
is counted from its records until the worker (`manage.py work`, or `manage.py rollups`) has made
it again; the worker deletes a mark only if nobody marked the unit again meanwhile
(`marked_at`), and replaces a unit's rows in one transaction, so a reader sees the old rows with
the mark or the new rows without it. Distinct counts are not additive and are never rolled up.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from fazhi.core import retention
from fazhi.core.access import VIEW, Scope, scope_for
from fazhi.core.models import Unit
from fazhi.core.registers import REGISTERS

from .models import Rollup, RollupYear, StaleRollup
from .registry import INDICATORS, Group, Indicator, Period

LOCK_ID = 7_2024_0001  # pg_advisory_xact_lock key: one builder at a time
SETTLE_CHUNK = 200  # marks per DELETE: SQLite limits how deep a WHERE may nest


# --- what is rolled up ---------------------------------------------------------------------


def families(register: str) -> list[Group]:
    found = {
        i.group.key: i.group for i in INDICATORS.values() if i.group and i.register == register
    }
    return list(found.values())


def plain_figures(register: str) -> list[Indicator]:
    """The register's figures outside a family that add up over units: counts and sums."""
    return [
        i
        for i in INDICATORS.values()
        if i.register == register
        and not i.is_rate
        and i.group is None
        and (i.value is None or hasattr(i.value, "summed_field"))
    ]


def register_of(group: Group) -> str:
    return next(i.register for i in INDICATORS.values() if i.group == group)


def rolled_registers() -> list[str]:
    return sorted({i.register for i in INDICATORS.values() if not i.is_rate})


def closed_year(period: Period, today: datetime.date) -> int | None:
    """The year a period is, if it is one whole calendar year that has ended."""
    start, end = period.start, period.end
    whole = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole and start.year == end.year and end < today:
        return start.year
    return None


def _bucket(values) -> str:
    return json.dumps(list(values), ensure_ascii=False, default=str)


# --- reading -------------------------------------------------------------------------------


@dataclass
class Available:
    """For one compute(): the rollups it may use, read once."""

    year: int
    unit: Unit
    user: object
    built: set[str]
    stale: dict[str, list[int]] = field(default_factory=dict)

    def covers(self, register: str) -> bool:
        if register not in self.built:
            return False
        if self.user is None:
            return True
        model = REGISTERS[register].model
        if not _all_visible_in(model, self.year):
            return False
        reaches = scope_for(self.user, model, VIEW) is Scope.SUBTREE
        return reaches and self.unit.path.startswith(self.user.unit.path)

    def stale_units(self, register: str) -> list[int]:
        if register not in self.stale:
            marks = StaleRollup.objects.filter(
                register=register, unit__path__startswith=self.unit.path
            )
            self.stale[register] = list(marks.values_list("unit_id", flat=True))
        return self.stale[register]


def _all_visible_in(model, year: int) -> bool:
    """Whether no record of `year` is yet kept for storage only (core/retention.py), which a
    reader does not see but a rollup counts: a record counted in a year ends in it or later."""
    spec = getattr(model, "retention", None)
    if spec is None:
        return True
    years = retention.years_for(spec[0], spec[2])
    return not years or retention.cutoff(years, timezone.localdate()) <= datetime.date(year, 1, 1)


def available(period: Period, unit: Unit, user, today: datetime.date | None = None):
    year = closed_year(period, today or timezone.localdate())
    if year is None:
        return None
    built = set(RollupYear.objects.filter(year=year).values_list("register", flat=True))
    return Available(year, unit, user, built) if built else None


def family_rows(group: Group, found: Available, units, period: Period) -> list[dict]:
    """The rows compute() groups a family into — (field values…, n) — from the rollups of
    the subtree's fresh units and the records of its stale ones."""
    fields = group.fields
    stale = found.stale_units(register_of(group))
    rolled = (
        Rollup.objects.filter(family=group.key, year=found.year, unit__in=units)
        .exclude(unit_id__in=stale)
        .values("bucket")
        .annotate(n=Sum("value"))
        .order_by()
    )
    rows = [
        {**dict(zip(fields, json.loads(r["bucket"]), strict=True)), "n": int(r["n"])}
        for r in rolled
    ]
    if stale:
        live = group.records(period, Unit.objects.filter(pk__in=stale))
        rows += list(live.values(*fields).annotate(n=Count("pk")).order_by())
    return rows


def plain_value(indicator: Indicator, found: Available, units, period: Period):
    stale = found.stale_units(indicator.register)
    rolled = Rollup.objects.filter(family=indicator.key, year=found.year, unit__in=units)
    total = rolled.exclude(unit_id__in=stale).aggregate(total=Sum("value"))["total"] or 0
    if stale:
        records = indicator.records(period, Unit.objects.filter(pk__in=stale))
        total += indicator.value(records) if indicator.value else records.count()
    return _as_figure(indicator, total)


def _as_figure(indicator: Indicator, total):
    """Counts and integer sums come back as int, as compute() gives them from records."""
    if indicator.value is None:
        return int(total)
    model = indicator.records(Period.year(2000), Unit.objects.none()).model
    summed = model._meta.get_field(indicator.value.summed_field)
    if summed.get_internal_type() == "DecimalField":
        return Decimal(total).quantize(Decimal(10) ** -summed.decimal_places)
    return int(total)


# --- writing -------------------------------------------------------------------------------


def mark_stale(register: str, unit_ids) -> None:
    """Called in the transaction that wrote the records (the `records_written` receiver)."""
    ids = {pk for pk in unit_ids if pk is not None}
    if not ids:
        return
    now = timezone.now()
    StaleRollup.objects.bulk_create(
        [StaleRollup(register=register, unit_id=pk, marked_at=now) for pk in ids],
        update_conflicts=True,
        unique_fields=["register", "unit"],
        update_fields=["marked_at"],
    )


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def _rows_for(register: str, year: int, units) -> list[Rollup]:
    """The rollup rows of `units` (a queryset) for one register and year: one GROUP BY per
    family and per plain figure."""
    period = Period.year(year)
    made = []
    for group in families(register):
        records = group.records(period, units)
        grouped = records.values("unit_id", *group.fields).annotate(n=Count("pk")).order_by()
        made += [
            Rollup(
                family=group.key,
                year=year,
                unit_id=row["unit_id"],
                bucket=_bucket(row[f] for f in group.fields),
                value=row["n"],
            )
            for row in grouped
        ]
    for indicator in plain_figures(register):
        records = indicator.records(period, units)
        total = Sum(indicator.value.summed_field) if indicator.value else Count("pk")
        grouped = records.values("unit_id").annotate(n=total).order_by()
        made += [
            Rollup(family=indicator.key, year=year, unit_id=r["unit_id"], value=r["n"] or 0)
            for r in grouped
        ]
    return made


def _keys(register: str) -> list[str]:
    return [g.key for g in families(register)] + [i.key for i in plain_figures(register)]


def _past_years(register: str, today: datetime.date) -> list[int]:
    """From the year of the register's first record to last year."""
    spec = REGISTERS[register]
    dates = spec.model.objects.aggregate(first=Min(spec.date_field), last=Max(spec.date_field))
    if dates["first"] is None:
        return []
    return list(range(dates["first"].year, today.year))


def build(register: str, years=None, today: datetime.date | None = None) -> int:
    """Make a register's rollups of `years` (default: every past year) for every unit, in one
    transaction; marks made before it began are then settled. Returns the rows written."""
    today = today or timezone.localdate()
    years = [y for y in (years or _past_years(register, today)) if y < today.year]
    written = 0
    with transaction.atomic():
        _lock()
        started = timezone.now()
        for year in years:
            Rollup.objects.filter(family__in=_keys(register), year=year).delete()
            rows = _rows_for(register, year, Unit.objects.all())
            Rollup.objects.bulk_create(rows, batch_size=5000)
            RollupYear.objects.update_or_create(register=register, year=year)
            written += len(rows)
        StaleRollup.objects.filter(register=register, marked_at__lt=started).delete()
    return written


def refresh(limit: int = 1000) -> int:
    """Make again the rollups of up to `limit` stale units; returns how many were settled."""
    marks = list(StaleRollup.objects.order_by("marked_at")[:limit])
    by_register: dict[str, list[StaleRollup]] = {}
    for mark in marks:
        by_register.setdefault(mark.register, []).append(mark)
    for register, its_marks in by_register.items():
        unit_ids = [mark.unit_id for mark in its_marks]
        years = RollupYear.objects.filter(register=register).values_list("year", flat=True)
        with transaction.atomic():
            _lock()
            for year in years:
                units = Unit.objects.filter(pk__in=unit_ids)
                Rollup.objects.filter(
                    family__in=_keys(register), year=year, unit_id__in=unit_ids
                ).delete()
                Rollup.objects.bulk_create(_rows_for(register, year, units), batch_size=5000)
            # A unit marked again while this ran keeps its mark, and is made again next time.
            for start in range(0, len(its_marks), SETTLE_CHUNK):
                settled = Q()
                for mark in its_marks[start : start + SETTLE_CHUNK]:
                    settled |= Q(pk=mark.pk, marked_at=mark.marked_at)
                StaleRollup.objects.filter(settled).delete()
    return len(marks)
