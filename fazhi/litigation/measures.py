"""行政应诉's measure for 评议考核 (core/measures.py): a department's suits lost as defendant.

A suit names its defendant as text (被告), not as a unit: it is matched to a department by the
department's exact name (单位名称) among the defendants written, which may be several (共同被告,
separated by 、，；), and only among the suits the department's own bureau handles (the suit's
owner is the department's bureau or a unit above it), so that a namesake elsewhere does not
count. A defendant written otherwise (a short name) is not matched: the unit names of the tree
are the names 应诉 is to use.

败诉 is what the litigation figures call so: concluded in the year (审结日期) with a 裁判结果 in
the setting `litigation.lost_results` (indicators.LOST_RESULTS), the same set as 败诉 and 败诉率.

Declared from LitigationConfig.ready(); the evaluation app asks it by key.
"""

import re
from functools import reduce
from operator import or_

from django.db.models import Q

from fazhi.core.measures import Measure, declare_measures
from fazhi.core.models import RegisterSetting, Unit

from .columns import REGISTER
from .indicators import LOST_RESULTS
from .models import LitigationCase

SEPARATORS = re.compile(r"[、，,；;\s]+")


def defendants(text: str) -> set[str]:
    """The names a 被告 cell lists."""
    return {name for name in SEPARATORS.split(text or "") if name}


def lost_as_defendant(year: int, unit_ids) -> dict:
    """{unit id: suits lost as defendant, concluded in the year}, zeros included. Queries:
    the units, the setting, and the suits naming any of them."""
    units = list(Unit.objects.filter(pk__in=unit_ids).only("pk", "name", "path"))
    counts = {unit_id: 0 for unit_id in unit_ids}
    if not units:
        return counts
    lost = RegisterSetting.objects.current()[LOST_RESULTS.key]
    named = reduce(or_, (Q(defendant__contains=unit.name) for unit in units))
    suits = (
        LitigationCase.objects.filter(concluded_date__year=year, judgment__in=lost)
        .filter(named)
        .values_list("defendant", "unit__path")
    )
    by_name: dict[str, list[Unit]] = {}
    for unit in units:
        by_name.setdefault(unit.name, []).append(unit)
    for defendant, owner_path in suits:
        for name in defendants(defendant):
            for unit in by_name.get(name, ()):
                if unit.path.startswith(owner_path):
                    counts[unit.pk] += 1
    return counts


MEASURES = (
    Measure(
        key="litigation.lost_as_defendant",
        label="行政诉讼败诉",
        unit_label="件",
        per_department=lost_as_defendant,
        source=REGISTER.name,
        help="考核年度内审结、本部门为被告（按单位名称匹配）且裁判结果属于“败诉的裁判结果”设置的"
        "行政诉讼案件件数。",
    ),
)


def declare():
    """Called once from LitigationConfig.ready()."""
    declare_measures(*MEASURES)
