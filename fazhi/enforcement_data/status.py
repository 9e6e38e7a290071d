"""Who has filed a year's data and who has not, over what a reader may see: the bureau's 填报情况
page and the board's 未报执法数据 both read it here.

The departments expected to file are the 行政执法部门 in the reader's reach: his unit's subtree
for the bureau's 执法监督 and 局领导, his own department for its 填报员 (core.access.scope_for,
the one rule). A 乡镇人民政府 may file (for powers handed down to it) and is then listed and
counted, but is not expected to.
"""

from dataclasses import dataclass

from fazhi.core.access import Scope, scope_for
from fazhi.core.models import Unit, UnitKind
from fazhi.core.roles import VIEW

from . import rules
from .models import AnnualData

EXPECTED_KINDS = (UnitKind.ENFORCEMENT_DEPARTMENT,)


def expected_units(user, within: Unit | None = None):
    """The departments `user` sees and that must file, under `within` (default his unit)."""
    scope = scope_for(user, AnnualData, VIEW)
    units = Unit.objects.filter(kind__in=EXPECTED_KINDS)
    if scope is Scope.SUBTREE:
        return units.filter(path__startswith=(within or user.unit).path)
    if scope is Scope.OWN_UNIT:
        return units.filter(pk=user.unit_id)
    return units.none()


def unfiled_units(user, year: int):
    """Expected departments with no filing for `year` that `user` may see, by code: one
    query when taken."""
    filed = AnnualData.objects.visible_to(user).filter(year=year).values("unit_id")
    return expected_units(user).exclude(pk__in=filed).order_by("code")


@dataclass
class Row:
    unit: Unit
    record: AnnualData | None
    state: str

    @property
    def state_label(self) -> str:
        return rules.STATE_LABELS[self.state]

    @property
    def cells(self) -> list[str]:
        """Each kind's count and the 罚没金额 as shown: 无此职权 for empty, nothing unfiled."""
        if self.record is None:
            return [""] * (len(rules.KINDS) + 1)
        fields = [name for name, _ in rules.KINDS] + [rules.FINES]
        return [rules.power_text(getattr(self.record, name)) for name in fields]


@dataclass
class YearStatus:
    year: int
    due: object
    rows: list[Row]
    totals: dict[str, rules.Total]

    def _count(self, *states) -> int:
        return sum(1 for row in self.rows if row.state in states)

    @property
    def filed(self) -> list[Row]:
        return [row for row in self.rows if row.record is not None]

    @property
    def unfiled(self) -> list[Row]:
        return [row for row in self.rows if row.record is None]

    @property
    def expected(self) -> int:
        """The 行政执法部门 among the rows: those that must file."""
        return sum(1 for row in self.rows if row.unit.kind in EXPECTED_KINDS)

    @property
    def late(self) -> int:
        return self._count(rules.LATE)

    @property
    def missing(self) -> int:
        return self._count(rules.MISSING)

    @property
    def total_cells(self) -> list[str]:
        fields = [name for name, _ in rules.KINDS] + [rules.FINES]
        return [self.totals[name].shown for name in fields]


def year_status(user, year: int, within: Unit, month_day: str, today) -> YearStatus:
    """The year's filings under `within` and the expected departments without one, with the
    totals of what was filed. Queries: two (the departments, the filings)."""
    records = list(
        AnnualData.objects.visible_to(user)
        .filter(year=year, unit__path__startswith=within.path)
        .select_related("unit")
    )
    by_unit = {record.unit_id: record for record in records}
    units = {unit.pk: unit for unit in expected_units(user, within)}
    units.update({record.unit_id: record.unit for record in records})
    due = rules.due_date(year, month_day)
    rows = [
        Row(unit, by_unit.get(pk), rules.filing_state(by_unit.get(pk), due, today))
        for pk, unit in sorted(units.items(), key=lambda item: item[1].code)
    ]
    return YearStatus(year, due, rows, rules.totals(records))
