"""Measures: a department's figure for a year, computed from a register's records, that the
评议考核 scheme may score an item by (案卷评查 grades, 行政应诉 losses, 持证率 …).

Each register app declares its own measures from its AppConfig.ready() (`declare_measures`),
so that the evaluation app, which scores every department, never imports another register app:
it asks `MEASURES` by key. A scheme item naming a key nobody declared is scored by hand.

A measure is `per_department(year, unit_ids) → {unit id: value}`: one call for all the
departments of a year, a few queries whatever their number. A unit the measure has no value for
(a rate without a denominator: a department with no officers) is left out of the answer; a count
gives its zeros. Values are ints or Decimals, never floats.

This module is a leaf: it imports nothing of fazhi.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

PerDepartment = Callable[[int, list[int]], dict[int, Decimal | int]]


@dataclass(frozen=True)
class Measure:
    key: str  # "<app label>.<name>", as a scheme names it: enforcement.review_average
    label: str  # Chinese: 案卷评查平均分
    unit_label: str  # 分, 件, %, 家 …
    per_department: PerDepartment
    source: str  # the register whose records it counts (its name, e.g. case_file_review)
    help: str = ""  # one sentence in Chinese: what is counted, shown on the scheme page


MEASURES: dict[str, Measure] = {}


def declare_measures(*measures: Measure) -> None:
    """Each register app calls this once, from its AppConfig.ready(). The same measure
    declared again is harmless; another measure under a taken key is a programming error."""
    for measure in measures:
        if MEASURES.get(measure.key, measure) != measure:
            raise ValueError(f"measure {measure.key!r} declared twice")
        MEASURES[measure.key] = measure


def get_measure(key: str) -> Measure | None:
    """The measure declared under `key`, None when no app declares it (yet)."""
    return MEASURES.get(key)
