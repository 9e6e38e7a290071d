"""Yearly rollups: each unit's share of each figure, so that a province's figures read a few
hundred stored numbers instead of grouping ten million records.

What is stored. For every closed calendar year, every unit and every family of indicators (one
GROUP BY, registry.Group), how many records fall in each bucket of the family's fields; for a
plain figure that is a count or a sum (registry.sum_of), its value. Each unit has two sets: its
own records' (`subtree=False`) and its whole subtree's (`subtree=True`, the sum of its own and
every unit's below, since figures add up over units). A subtree's figure is one lookup.

When they are used. compute() takes a family from rollups only when nothing can tell the
difference: a whole calendar year that has ended (a running year's definitions look at today),
a register whose year has been built (RollupYear), and a reader who sees every record of the
subtree (or no reader: the unit's report). Drill-downs always read the records themselves.

How they stay right. Every write of a register's records — writes.save_record, the importer,
recompute_deadlines — sends `records_written` with the units written, in its own transaction;
the receiver marks those units stale (StaleRollup) in that same transaction. A stale unit's share
is counted from its records until the worker (`manage.py work`, or `manage.py rollups`) has made
it again: a reader takes the subtree's total, less the stale units' own stored shares, plus their
records counted now. The worker replaces a stale unit's own shares and moves its ancestors'
totals by the difference, in one transaction with deleting the mark, so a reader sees the old
rows with the mark or the new rows without it; it deletes a mark only if nobody marked the unit
again meanwhile (`marked_at`). A unit moved to another parent carries its subtree totals from
the ancestors it left to those it joined (`carry_subtree`, in the move's transaction). Distinct
counts are not additive and are never rolled up.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, F, Max, Min, Q, Sum, When
from django.utils import timezone

from fazhi.core import locks, retention
from fazhi.core.access import Scope, scope_for
from fazhi.core.models import PATH_SEPARATOR, Unit
from fazhi.core.registers import REGISTERS
from fazhi.core.roles import VIEW

from .models import Rollup, RollupYear, StaleRollup
from .registry import INDICATORS, Group, Indicator, Period

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
    found = retention.expiry_of(model)
    return found is None or found[1] <= datetime.date(year, 1, 1)


def available(period: Period, unit: Unit, user, today: datetime.date | None = None):
    year = closed_year(period, today or timezone.localdate())
    if year is None:
        return None
    built = set(RollupYear.objects.filter(year=year).values_list("register", flat=True))
    return Available(year, unit, user, built) if built else None


def _subtree_values(family: str, found: Available, stale: list[int]) -> dict[str, Decimal]:
    """bucket → value over the subtree: its stored total, less the stale units' own shares
    (their records are counted live instead). One statement, so both come from one moment
    even while the worker moves rows: its total always includes the own shares it subtracts."""
    signed = Case(When(subtree=True, then=F("value")), default=-F("value"))
    rows = (
        Rollup.objects.filter(family=family, year=found.year)
        .filter(Q(unit=found.unit, subtree=True) | Q(unit_id__in=stale, subtree=False))
        .values("bucket")
        .annotate(total=Sum(signed))
        .order_by()
    )
    return {row["bucket"]: row["total"] for row in rows}


def family_rows(group: Group, found: Available, period: Period) -> list[dict]:
    """The rows compute() groups a family into — (field values…, n) — from the subtree's
    stored total and the records of its stale units."""
    fields = group.fields
    stale = found.stale_units(register_of(group))
    rows = [
        {**dict(zip(fields, json.loads(bucket), strict=True)), "n": int(value)}
        for bucket, value in _subtree_values(group.key, found, stale).items()
        if value
    ]
    if stale:
        live = group.records(period, Unit.objects.filter(pk__in=stale))
        rows += list(live.values(*fields).annotate(n=Count("pk")).order_by())
    return rows


def plain_value(indicator: Indicator, found: Available, period: Period):
    stale = found.stale_units(indicator.register)
    total = sum(_subtree_values(indicator.key, found, stale).values(), 0)
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
    locks.hold(locks.SUBTREE_TOTALS)  # one builder at a time, and no unit moving meanwhile


def _own_shares(register: str, year: int, units) -> dict[tuple, Decimal]:
    """(family, unit id, bucket) → value of the records of `units` (a queryset) themselves:
    one GROUP BY per family and per plain figure."""
    period = Period.year(year)
    shares = {}
    for group in families(register):
        grouped = group.records(period, units).values("unit_id", *group.fields)
        for row in grouped.annotate(n=Count("pk")).order_by():
            bucket = _bucket(row[f] for f in group.fields)
            shares[(group.key, row["unit_id"], bucket)] = Decimal(row["n"])
    for indicator in plain_figures(register):
        total = Sum(indicator.value.summed_field) if indicator.value else Count("pk")
        grouped = indicator.records(period, units).values("unit_id").annotate(n=total)
        for row in grouped.order_by():
            shares[(indicator.key, row["unit_id"], "")] = Decimal(row["n"] or 0)
    return shares


class _Tree:
    """Each unit's ancestors (itself included), from the units' paths, read once."""

    def __init__(self):
        units = list(Unit.objects.values_list("pk", "code", "path"))
        by_code = {code: pk for pk, code, _ in units}
        self.above = {
            pk: [by_code[c] for c in path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)]
            for pk, _, path in units
        }

    def totals(self, shares: dict) -> dict[tuple, Decimal]:
        """(family, unit, bucket) → the value over that unit's subtree."""
        summed = defaultdict(Decimal)
        for (family, unit_id, bucket), value in shares.items():
            for ancestor in self.above[unit_id]:
                summed[(family, ancestor, bucket)] += value
        return summed


def _rollup(key, value, year, subtree) -> Rollup:
    family, unit_id, bucket = key
    return Rollup(
        family=family, year=year, unit_id=unit_id, bucket=bucket, value=value, subtree=subtree
    )


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
    transaction, and settle the marks it found before reading. Returns the rows written."""
    today = today or timezone.localdate()
    years = [y for y in (years or _past_years(register, today)) if y < today.year]
    written = 0
    with transaction.atomic():
        _lock()
        # Read before any record: a mark committed from here on is not settled by this build.
        marks = list(StaleRollup.objects.filter(register=register).values_list("pk", "marked_at"))
        tree = _Tree()
        for year in years:
            Rollup.objects.filter(family__in=_keys(register), year=year).delete()
            shares = _own_shares(register, year, Unit.objects.all())
            rows = [_rollup(k, v, year, False) for k, v in shares.items()]
            rows += [_rollup(k, v, year, True) for k, v in tree.totals(shares).items()]
            Rollup.objects.bulk_create(rows, batch_size=5000)
            RollupYear.objects.update_or_create(register=register, year=year)
            written += len(rows)
        # A mark does not say which year changed: settled only if every built year was made.
        built = set(RollupYear.objects.filter(register=register).values_list("year", flat=True))
        if built <= set(years):
            _settle(marks)
    return written


def _remake(register: str, year: int, unit_ids: list[int], tree: _Tree) -> None:
    """Replace the own shares of `unit_ids` and move their ancestors' totals by the change."""
    keys = _keys(register)
    stored = Rollup.objects.filter(family__in=keys, year=year, subtree=False, unit_id__in=unit_ids)
    old = {(r.family, r.unit_id, r.bucket): r.value for r in stored}
    new = _own_shares(register, year, Unit.objects.filter(pk__in=unit_ids))
    change = {k: new.get(k, 0) - old.get(k, 0) for k in old.keys() | new.keys()}
    moved = {k: v for k, v in tree.totals(change).items() if v}
    stored.delete()
    Rollup.objects.bulk_create([_rollup(k, v, year, False) for k, v in new.items()])
    _add_to_totals(moved, year)


def _add_to_totals(moved: dict[tuple, Decimal], year: int) -> None:
    """Add (family, unit, bucket) → value to the stored subtree totals of `year`."""
    families_moved = {family for family, _, _ in moved}
    ancestors = {unit for _, unit, _ in moved}
    totals = {
        (r.family, r.unit_id, r.bucket): r
        for r in Rollup.objects.select_for_update().filter(
            family__in=families_moved, year=year, subtree=True, unit_id__in=ancestors
        )
    }
    for key, value in moved.items():
        if key in totals:
            totals[key].value += value
        else:
            totals[key] = _rollup(key, value, year, True)
    Rollup.objects.bulk_update([r for r in totals.values() if r.pk], ["value"], batch_size=5000)
    Rollup.objects.bulk_create([r for r in totals.values() if not r.pk], batch_size=5000)


def _settle(marks: list[tuple]) -> None:
    """Delete the marks (pk, marked_at) that were read; a unit marked again since keeps its
    mark, and is made again next time."""
    for start in range(0, len(marks), SETTLE_CHUNK):
        settled = Q()
        for pk, marked_at in marks[start : start + SETTLE_CHUNK]:
            settled |= Q(pk=pk, marked_at=marked_at)
        StaleRollup.objects.filter(settled).delete()


def refresh(limit: int = 1000) -> int:
    """Make again the rollups of up to `limit` stale units; returns how many were settled."""
    marks = list(StaleRollup.objects.order_by("marked_at")[:limit])
    by_register: dict[str, list[StaleRollup]] = defaultdict(list)
    for mark in marks:
        by_register[mark.register].append(mark)
    for register, its_marks in by_register.items():
        unit_ids = [mark.unit_id for mark in its_marks]
        years = RollupYear.objects.filter(register=register).values_list("year", flat=True)
        with transaction.atomic():
            _lock()
            tree = _Tree()  # under the lock: a unit's move (carry_subtree) takes it too
            for year in years:
                _remake(register, year, unit_ids, tree)
            _settle([(mark.pk, mark.marked_at) for mark in its_marks])
    return len(marks)


def carry_subtree(unit_id: int, old_path: str, new_path: str) -> None:
    """A unit moved to another parent, with everything below it (core.actions.save_unit, in
    its transaction): its stored subtree totals leave the ancestors it left and join those it
    joined. Stale units below it are then found under their new ancestors, as before."""
    old_above, new_above = _ids_above(old_path), _ids_above(new_path)
    left, joined = old_above - new_above - {unit_id}, new_above - old_above - {unit_id}
    if not (left or joined):
        return
    _lock()
    moved: dict[int, dict[tuple, Decimal]] = defaultdict(dict)
    for row in Rollup.objects.filter(unit_id=unit_id, subtree=True):
        for ancestor in left:
            moved[row.year][(row.family, ancestor, row.bucket)] = -row.value
        for ancestor in joined:
            moved[row.year][(row.family, ancestor, row.bucket)] = row.value
    for year, change in moved.items():
        _add_to_totals(change, year)


def _ids_above(path: str) -> set[int]:
    codes = path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return set(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))
