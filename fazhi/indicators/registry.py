"""The indicator registry: every figure the system reports, declared once by its register.

An indicator is a key (`reconsideration.received`), a Chinese label, a unit of measure (件, 人,
%), a one-sentence definition shown to users, and `records(period, units)`: the queryset of the
records behind it, for a period and a set of units (a unit's subtree). Its value is the count of
those records unless it says otherwise (`value`, e.g. a sum of money). A rate names the keys of
its numerator and denominator instead, and is stored as both (the report template rounds).

Indicators that are parts of one whole (a breakdown by a choice, and the whole itself) belong to
a `Group`: the group names the base records and the fields to group them by, each member says
which values of those fields it counts (`match`), and the whole family is computed by one
GROUP BY query. Where practice differs (a rate's denominator, which results count as lost), a
register setting (core.register_settings.Setting) holds the choice and `Choose` marks the part
of a definition it decides.

A flow (what happens on a date within the period: received, closed, issued) declares that date
(`dated_by`): its records for a period are exactly those whose date lies in it, so its months
are one query grouped by month (compute.compute_monthly) instead of one query per month. A
family declares it for all its members; an indicator outside a flow family (a plain one, or a
member whose match makes it a flow in a family that is not one) declares its own.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Expression, QuerySet, Sum

from fazhi.core.register_settings import SETTINGS

from . import rounding


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        last_day = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last_day))

    def __str__(self):
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


Records = Callable[[Period, QuerySet], QuerySet]  # (period, units) → records behind the figure
# The date a flow's records fall in the period by: a DateField's name, or an expression of
# DateFields where the records function picks the date by a condition (when → which field).
Dated = str | Expression


@dataclass(frozen=True)
class Choose:
    """A part of an indicator decided by a setting: for each of the setting's values, what the
    part is (`options`); with no options the part is the setting's value itself."""

    setting: str
    options: tuple[tuple[str, object], ...] = ()

    def resolve(self, settings):
        value = settings[self.setting]
        return dict(self.options)[value] if self.options else value


@dataclass(frozen=True)
class Group:
    """A family of indicators computed together: `records(period, units)` grouped by `fields`."""

    key: str
    records: Records
    fields: tuple[str, ...]
    # The breakdowns in this family are parts of the whole keyed like the group, and the
    # figures page shows that they sum to it (a balance check the domain asks for).
    parts_sum_to_whole: bool = False
    # A flow family: `records(period, …)` are exactly the records with this date in the period.
    dated_by: Dated | None = None


Keys = str | tuple[str, ...]  # one indicator key, or several whose values are summed
Match = tuple[tuple[str, tuple | Choose], ...]  # (field, values it counts) for a group member


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    definition: str
    register: str  # the register whose records are behind it
    records: Records | None = None
    # value(records queryset) → number; None means records.count().
    value: Callable[[QuerySet], int | Decimal] | None = None
    numerator: Keys | Choose = ""  # for a rate: the key(s) of its numerator
    denominator: Keys | Choose = ""  # ... and of its denominator
    group: Group | None = None  # computed with its family; `records` then comes from the group
    match: Match = ()  # which rows of the group it counts; () counts them all
    columns: tuple[str, ...] = ()  # model fields the drill-down shows after the number
    # A flow outside a flow family: its records are exactly those with this date in the period.
    dated_by: Dated | None = None

    @property
    def dating(self) -> Dated | None:
        """The date its records fall in the period by, if it is a flow: its own, or its
        family's. None for a rate, a stock, or a figure judged at the period's end."""
        if self.dated_by is not None:
            return self.dated_by
        return self.group.dated_by if self.group is not None else None

    @property
    def by_month(self) -> bool:
        """Whether its months are one query grouped by month: a dated count or sum. Any other
        value is a function of the whole queryset (a distinct count), computed month by month."""
        if self.dating is None or self.is_rate:
            return False
        return self.value is None or hasattr(self.value, "summed_field")

    @property
    def is_rate(self) -> bool:
        return bool(self.numerator)

    @property
    def is_part(self) -> bool:
        """One item of a breakdown (`<register>.<family>.<choice>`), shown indented."""
        return self.key.count(".") >= 2

    def choices(self) -> list[Choose]:
        """The settings this indicator's own definition depends on."""
        parts = [self.numerator, self.denominator, *(values for _, values in self.match)]
        return [part for part in parts if isinstance(part, Choose)]


def breakdown(
    key: str,
    choices,
    *,
    field: str,
    group: Group,
    label: str,
    unit: str,
    definition: str,
    register: str,
    columns: tuple[str, ...] = (),
) -> tuple[Indicator, ...]:
    """One indicator per choice, zeros included, keyed `<key>.<the choice's Chinese label>`
    (domain/README.md); `label` and `definition` are templates with `{label}` in them."""
    return tuple(
        Indicator(
            key=f"{key}.{choice_label}",
            label=label.format(label=choice_label),
            unit=unit,
            definition=definition.format(label=choice_label),
            register=register,
            group=group,
            match=((field, (value,)),),
            columns=columns,
        )
        for value, choice_label in ((v, str(lbl)) for v, lbl in choices)
    )


def sum_of(field: str, zero=0) -> Callable[[QuerySet], int | Decimal]:
    """An Indicator's `value`: the sum of a field over its records (`zero` when none)."""

    def value(records):
        return records.aggregate(total=Sum(field))["total"] or zero

    value.summed_field = field  # lets rollups.py add it up per unit in one query
    value.zero = zero  # ... and compute_monthly give a month without records its value
    return value


INDICATORS: dict[str, Indicator] = {}


def register_indicators(*indicators: Indicator):
    """Each register's indicators.py calls this once, from its AppConfig.ready()."""
    for indicator in indicators:
        if INDICATORS.get(indicator.key, indicator) != indicator:
            raise ValueError(f"indicator {indicator.key!r} declared twice")
        INDICATORS[indicator.key] = indicator


def get_indicator(key: str) -> Indicator:
    try:
        return INDICATORS[key]
    except KeyError:
        raise KeyError(f"未知的统计指标「{key}」") from None


def unit_setting_keys() -> set[str]:
    """The settings a unit may choose for its own subtree: those that decide a figure's
    definition (a rate's denominator, which values count) and how its rates are rounded.
    Practice varies between neighbouring counties on exactly these (issue 23); a deadline or
    a threshold is the same for every unit and is set once, as the defaults."""
    decided = {choice.setting for i in INDICATORS.values() for choice in i.choices()}
    return decided | {key for key in SETTINGS if key.endswith(rounding.SUFFIX)}


def check_registry() -> list[str]:
    """Declaration mistakes a test should catch: operands, groups and settings that are unknown."""
    problems = []
    for indicator in INDICATORS.values():
        problems += [f"{indicator.key}: {p}" for p in _problems_of(indicator)]
    return problems


def _problems_of(indicator: Indicator) -> list[str]:
    problems = []
    if not indicator.is_rate and indicator.records is None and indicator.group is None:
        problems.append("neither records nor group")
    for operand in (indicator.numerator, indicator.denominator):
        for keys in _possible_keys(operand):
            problems += [f"unknown operand {k}" for k in keys if k not in INDICATORS]
            problems += [f"operand {k} is a rate" for k in keys if _is_rate(k)]
    for choice in indicator.choices():
        setting = SETTINGS.get(choice.setting)
        if setting is None:
            problems.append(f"unknown setting {choice.setting}")
        elif choice.options and {v for v, _ in choice.options} != {v for v, _ in setting.choices}:
            problems.append(f"options differ from the choices of {choice.setting}")
    if indicator.group is not None:
        fields = set(indicator.group.fields)
        problems += [f"field {f} not grouped" for f, _ in indicator.match if f not in fields]
    if indicator.dating is not None and not indicator.by_month:
        problems.append("dated, but neither a count nor a sum")
    return problems


def _is_rate(key: str) -> bool:
    return key in INDICATORS and INDICATORS[key].is_rate


def _possible_keys(operand) -> list[tuple[str, ...]]:
    if isinstance(operand, Choose):
        return [as_keys(option) for _, option in operand.options]
    return [as_keys(operand)] if operand else []


def as_keys(operand: Keys) -> tuple[str, ...]:
    return (operand,) if isinstance(operand, str) else tuple(operand)
