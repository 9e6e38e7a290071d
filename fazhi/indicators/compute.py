"""Computing figures over (period, unit subtree), each family of indicators by one SQL query.

When a user is given, the records are further limited by the one access rule
(`Model.objects.visible_to(user)`), so a figure never counts a record its reader may not see.

compute_monthly() gives figures month by month (the dashboard's charts): a flow declared with
its date (registry: `dated_by`) is one query over all the months, grouped by month as well as
by its family's fields, instead of one query per month.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.db.models.query import EmptyQuerySet

from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.register_settings import SETTINGS

from . import rollups
from .registry import (
    INDICATORS,
    Choose,
    Dated,
    Group,
    Indicator,
    Period,
    as_keys,
    get_indicator,
)
from .rounding import Rounding, rounding_of

NUMERATOR, DENOMINATOR = "numerator", "denominator"
Month = tuple[int, int]  # (year, month)
# The month a record falls in, annotated under names no register's field or annotation uses.
IN_YEAR, IN_MONTH = "dated_year", "dated_month"


@dataclass(frozen=True)
class Figure:
    key: str
    value: int | Decimal | None  # a rate's value is None when its denominator is 0
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None
    numerator_keys: tuple[str, ...] = ()
    denominator_keys: tuple[str, ...] = ()
    setting_note: str = ""  # which setting decided the figure, in Chinese
    # How its unit prints it (a rate's family setting), recorded with the figure.
    rounding: Rounding = Rounding()

    @property
    def indicator(self) -> Indicator:
        return INDICATORS[self.key]

    @property
    def shown(self) -> str:
        return shown_value(self.indicator, self.value, self.rounding)


def shown_value(indicator: Indicator, value, rounding: Rounding | None = None) -> str:
    """A figure's value as people read it: a rate as a percentage rounded as its unit's setting
    says (`rounding`; two decimals half up when none is given). `value` as computed, or as a
    frozen report keeps it (text)."""
    if value is None or value == "":
        return "—"
    if not indicator.is_rate:
        return str(value)
    return (rounding or Rounding()).text(value)


class _Settings:
    """The settings in force for the figures' unit, read (one query) only if some definition,
    or a rate's rounding, asks for one."""

    def __init__(self, unit: Unit | None = None):
        self._unit, self._values = unit, None

    def __getitem__(self, key):
        if self._values is None:
            self._values = RegisterSetting.objects.current(self._unit)
        return self._values[key]


@dataclass
class _Scope:
    period: Period
    units: QuerySet
    user: object
    settings: _Settings
    rolled: rollups.Available | None = None  # stored yearly shares it may add up instead

    def restrict(self, records: QuerySet) -> QuerySet:
        if self.user is None:
            return records
        visible = records.model.objects.visible_to(self.user)
        if isinstance(visible, EmptyQuerySet):
            # `records & none()` would be that bare none(), without the family's annotations.
            return records.none()
        return records & visible


def _scope(period: Period, unit: Unit, user) -> _Scope:
    return _Scope(period, Unit.objects.subtree(unit), user, _Settings(unit))


def compute(keys, period: Period, unit: Unit, *, user=None) -> dict[str, Figure]:
    """The figures of `keys` for `unit`'s subtree in `period`, by key, in the order asked."""
    scope = _scope(period, unit, user)
    scope.rolled = rollups.available(period, unit, user)
    wanted = [get_indicator(key) for key in keys]
    operands = {i.key: _operands(i, scope.settings) for i in wanted if i.is_rate}
    counted = {i.key for i in wanted if not i.is_rate}
    counted |= {key for parts in operands.values() for keys_ in parts for key in keys_}
    values = _count(counted, scope)
    return {i.key: _figure(i, values, operands.get(i.key), scope.settings) for i in wanted}


def records_for(key: str, period: Period, unit: Unit, user=None, *, part: str = NUMERATOR):
    """The records behind a figure. For a rate: those of its numerator, or of its denominator
    when `part` is "denominator"."""
    return _records(get_indicator(key), _scope(period, unit, user), part)


def _records(indicator: Indicator, scope: _Scope, part: str = NUMERATOR) -> QuerySet:
    if indicator.is_rate:
        numerator, denominator = _operands(indicator, scope.settings)
        keys = denominator if part == DENOMINATOR else numerator
        return functools.reduce(operator.or_, (_records(INDICATORS[k], scope) for k in keys))
    if indicator.group is None:
        return scope.restrict(indicator.records(scope.period, scope.units))
    records = indicator.group.records(scope.period, scope.units)
    for field, values in indicator.match:
        records = records.filter(**{f"{field}__in": _resolve(values, scope.settings)})
    return scope.restrict(records)


def _resolve(part, settings):
    return part.resolve(settings) if isinstance(part, Choose) else part


def _operands(indicator: Indicator, settings) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (
        as_keys(_resolve(indicator.numerator, settings)),
        as_keys(_resolve(indicator.denominator, settings)),
    )


def _count(keys: set[str], scope: _Scope) -> dict[str, int | Decimal]:
    values, families = {}, defaultdict(list)
    for key in keys:
        indicator = INDICATORS[key]
        if indicator.is_rate:
            raise ValueError(f"rate {key} cannot be the operand of a rate")
        if indicator.group is not None:
            families[indicator.group].append(indicator)
        else:
            values[key] = _plain_value(indicator, scope)
    for group, members in families.items():
        values.update(_family_values(group, members, scope))
    return values


def _plain_value(indicator: Indicator, scope: _Scope) -> int | Decimal:
    rolled = scope.rolled
    if (
        rolled
        and rolled.covers(indicator.register)
        and indicator in rollups.plain_figures(indicator.register)
    ):
        return rollups.plain_value(indicator, rolled, scope.period)
    records = _records(indicator, scope)
    return indicator.value(records) if indicator.value else records.count()


def _family_values(group: Group, members: list[Indicator], scope: _Scope) -> dict[str, int]:
    """One GROUP BY query for the whole family; each member sums the groups it matches."""
    rolled = scope.rolled
    if rolled and rolled.covers(members[0].register):
        rows = rollups.family_rows(group, rolled, scope.period)
    else:
        records = scope.restrict(group.records(scope.period, scope.units))
        rows = list(records.values(*group.fields).annotate(n=Count("pk")).order_by())
    return {m.key: sum(r["n"] for r in rows if _matches(r, m, scope.settings)) for m in members}


def _matches(row: dict, member: Indicator, settings) -> bool:
    return all(row[field] in _resolve(values, settings) for field, values in member.match)


def compute_monthly(keys, first: Month, last: Month, unit: Unit, *, user=None) -> dict:
    """{key: {(year, month): value}} for every month from `first` to `last`, each value what
    compute() gives for that month (a Figure's value). A dated count or sum is one query for
    all the months — per family (and per dated member of a family that is not a flow), and per
    plain indicator; any other key (a rate, a stock) falls back to compute() month by month."""
    months = months_between(first, last)
    if not months:
        return {key: {} for key in keys}
    span = Period(Period.month(*months[0]).start, Period.month(*months[-1]).end)
    scope = _scope(span, unit, user)
    wanted = [get_indicator(key) for key in dict.fromkeys(keys)]
    values, families = {}, defaultdict(list)
    for indicator in wanted:
        if not indicator.by_month:
            continue
        if indicator.group is None:
            values[indicator.key] = _plain_months(indicator, scope, months)
        else:
            families[(indicator.group, indicator.dating)].append(indicator)
    for (group, dating), members in families.items():
        values.update(_family_months(group, dating, members, scope, months))
    undated = [indicator.key for indicator in wanted if not indicator.by_month]
    if undated:
        values.update(_computed_months(undated, months, unit, user))
    return {key: values[key] for key in keys}


def _computed_months(keys, months, unit: Unit, user) -> dict:
    """compute() of each month, for keys whose months cannot be one grouped query."""
    values = {key: {} for key in keys}
    for month in months:
        for key, figure in compute(keys, Period.month(*month), unit, user=user).items():
            values[key][month] = figure.value
    return values


def months_between(first: Month, last: Month) -> list[Month]:
    """The months from `first` to `last`, both included; none if `last` comes first."""
    (year, month), found = first, []
    while (year, month) <= last:
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _by_month(records: QuerySet, dating: Dated) -> QuerySet:
    # Extract on a DateField needs no time zone (a date is the same day everywhere).
    date = F(dating) if isinstance(dating, str) else dating
    return records.annotate(**{IN_YEAR: ExtractYear(date), IN_MONTH: ExtractMonth(date)})


def _month_of(row: dict) -> Month:
    # int(): a database may hand EXTRACT back as a decimal.
    return int(row[IN_YEAR]), int(row[IN_MONTH])


def _family_months(group: Group, dating: Dated, members, scope: _Scope, months) -> dict:
    """As _family_values, over all the months at once: one GROUP BY the month and the family's
    fields; each member sums, month by month, the groups it matches."""
    records = _by_month(scope.restrict(group.records(scope.period, scope.units)), dating)
    rows = records.values(IN_YEAR, IN_MONTH, *group.fields).annotate(n=Count("pk")).order_by()
    values = {member.key: dict.fromkeys(months, 0) for member in members}
    for row in rows:
        for member in members:
            if _matches(row, member, scope.settings):
                values[member.key][_month_of(row)] += row["n"]
    return values


def _plain_months(indicator: Indicator, scope: _Scope, months) -> dict:
    """As _plain_value from the records, over all the months at once: a count or a sum
    (registry.sum_of, `zero` for a month without any) per month, one query."""
    summed = getattr(indicator.value, "summed_field", None)
    zero = indicator.value.zero if summed else 0
    records = _by_month(_records(indicator, scope), indicator.dating)
    total = Sum(summed) if summed else Count("pk")
    rows = records.values(IN_YEAR, IN_MONTH).annotate(total=total).order_by()
    values = dict.fromkeys(months, zero)
    for row in rows:
        values[_month_of(row)] = row["total"] or zero
    return values


def _figure(indicator: Indicator, values: dict, operands, settings) -> Figure:
    if operands is None:
        note = setting_note(indicator, settings)
        return Figure(indicator.key, values[indicator.key], setting_note=note)
    numerator_keys, denominator_keys = operands
    numerator = sum(values[k] for k in numerator_keys)
    denominator = sum(values[k] for k in denominator_keys)
    rounding = rounding_of(indicator.register, settings)
    note = setting_note(indicator, settings, numerator_keys + denominator_keys)
    return Figure(
        indicator.key,
        Decimal(numerator) / Decimal(denominator) if denominator else None,
        numerator,
        denominator,
        numerator_keys,
        denominator_keys,
        "；".join(filter(None, (note, _rounding_note(rounding)))),
        rounding,
    )


def _rounding_note(rounding: Rounding) -> str:
    """Said only where the unit prints otherwise than the default (the figure records it)."""
    return "" if rounding == Rounding() else f"比率取舍：{rounding.label}"


def setting_note(indicator: Indicator, settings, operand_keys=()) -> str:
    """Which settings decided the figure: its own definition's, and its operands'."""
    choices = indicator.choices() + [c for k in operand_keys for c in INDICATORS[k].choices()]
    return "；".join(dict.fromkeys(_note(c.setting, settings) for c in choices))


def _note(key: str, settings) -> str:
    setting, value = SETTINGS[key], settings[key]
    default = "（默认）" if value == setting.default else ""
    return f"{setting.label}：{setting.label_of(value)}{default}"


def balances(indicators, found) -> list[dict]:
    """Parts of a whole sum to the whole: for each breakdown whose group declares it
    (`parts_sum_to_whole`, the whole being the indicator keyed like the group), the whole, the
    sum of its parts, and whether they agree."""
    families = defaultdict(list)
    for indicator in indicators:
        group = indicator.group
        if indicator.is_part and group is not None and group.parts_sum_to_whole:
            families[(indicator.key.rsplit(".", 1)[0], group.key)].append(indicator)
    balances = []
    for (_, whole_key), parts in families.items():
        whole = found.get(whole_key)
        if whole is None:
            continue
        total = sum(found[part.key].value or 0 for part in parts)
        balances.append(
            {"whole": whole, "parts": len(parts), "total": total, "ok": total == whole.value}
        )
    return balances
