"""The indicator registry: every figure the system reports, declared once by its register.

An indicator is a key (`reconsideration.received`), a Chinese label, a unit of measure (件, 人,
%), a one-sentence definition shown to users, and `records(period, units)`: the queryset of the
records behind it, for a period and a set of units (a unit's subtree). Its value is the count of
those records unless it says otherwise (`value`, e.g. a sum of money). A rate names the keys of
its numerator and denominator instead, and is stored as both (the report template rounds).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def __str__(self):
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


Records = Callable[[Period, QuerySet], QuerySet]  # (period, units) → records behind the figure


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
    numerator: str = ""  # for a rate: the key of its numerator indicator
    denominator: str = ""  # ... and of its denominator indicator

    @property
    def is_rate(self) -> bool:
        return bool(self.numerator)


INDICATORS: dict[str, Indicator] = {}


def register_indicators(*indicators: Indicator):
    """Each register's indicators.py calls this once, from its AppConfig.ready()."""
    for indicator in indicators:
        if INDICATORS.get(indicator.key, indicator) != indicator:
            raise ValueError(f"indicator {indicator.key!r} declared twice")
        INDICATORS[indicator.key] = indicator
