"""Computing figures over (period, unit subtree), each family of indicators by one SQL query.

When a user is given, the records are further limited by the one access rule
(`Model.objects.visible_to(user)`), so a figure never counts a record its reader may not see.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet
from django.db.models.query import EmptyQuerySet

from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.register_settings import SETTINGS

from . import rollups
from .registry import INDICATORS, Choose, Group, Indicator, Period, as_keys, get_indicator

NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass(frozen=True)
class Figure:
    key: str
    value: int | Decimal | None  # a rate's value is None when its denominator is 0
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None
    numerator_keys: tuple[str, ...] = ()
    denominator_keys: tuple[str, ...] = ()
    setting_note: str = ""  # which setting decided the figure, in Chinese

    @property
    def indicator(self) -> Indicator:
        return INDICATORS[self.key]

    @property
    def shown(self) -> str:
        """The value as people read it: a rate as a percentage with two decimals."""
        if not self.indicator.is_rate:
            return str(self.value)
        if self.value is None:
            return "—"
        return f"{(self.value * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


class _Settings:
    """The settings' values, read (one query) only if some definition asks for one."""

    def __init__(self):
        self._values = None

    def __getitem__(self, key):
        if self._values is None:
            self._values = RegisterSetting.objects.current()
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
    return _Scope(period, Unit.objects.subtree(unit), user, _Settings())


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


def _figure(indicator: Indicator, values: dict, operands, settings) -> Figure:
    if operands is None:
        note = setting_note(indicator, settings)
        return Figure(indicator.key, values[indicator.key], setting_note=note)
    numerator_keys, denominator_keys = operands
    numerator = sum(values[k] for k in numerator_keys)
    denominator = sum(values[k] for k in denominator_keys)
    return Figure(
        indicator.key,
        Decimal(numerator) / Decimal(denominator) if denominator else None,
        numerator,
        denominator,
        numerator_keys,
        denominator_keys,
        setting_note(indicator, settings, numerator_keys + denominator_keys),
    )


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
