"""Who has sent and published a year's report and who has not, over what a reader may see: the
报送情况 page and the board's reminders both read it here.

The units that must report are those of the kinds the setting names (行政执法部门 and 乡镇人民
政府 by default) and the 司法行政机关 themselves (rules.reporting_kinds), in the reader's reach:
his unit's subtree for the bureau's 依法治县办 and 局领导, his own unit for its 填报员
(core.access.scope_for, the one rule). A unit of another kind with a record (a kind the setting
no longer names) is listed with it, but not counted as expected.
"""

from dataclasses import dataclass

from fazhi.core.access import Scope, scope_for
from fazhi.core.models import BUREAUS, Unit
from fazhi.core.roles import VIEW

from . import rules
from .models import DepartmentReport


def expected_units(user, kinds: tuple[str, ...], within: Unit | None = None):
    """The units `user` sees that must report, under `within` (default his unit)."""
    scope = scope_for(user, DepartmentReport, VIEW)
    units = Unit.objects.filter(kind__in=kinds)
    if scope is Scope.SUBTREE:
        return units.filter(path__startswith=(within or user.unit).path)
    if scope is Scope.OWN_UNIT:
        return units.filter(pk=user.unit_id)
    return units.none()


def _done(user, year: int, field: str):
    """The reporting units whose `year` report `user` sees with `field` (a date) recorded."""
    return (
        DepartmentReport.objects.visible_to(user)
        .filter(year=year, **{f"{field}__isnull": False})
        .values("reporting_unit_id")
    )


def unsent_units(user, year: int, kinds: tuple[str, ...]):
    """Units that must report with no report of `year` received, by code: one query when
    taken (with or without a record: a unit the bureau has not even registered is the first
    it must chase)."""
    received = _done(user, year, "received_date")
    return expected_units(user, kinds).exclude(pk__in=received).order_by("code")


def unpublished_units(user, year: int, kinds: tuple[str, ...]):
    published = _done(user, year, "published_date")
    return expected_units(user, kinds).exclude(pk__in=published).order_by("code")


@dataclass
class Row:
    unit: Unit
    record: DepartmentReport | None
    expected: bool
    send: str  # rules.ON_TIME …
    publish: str

    @property
    def send_label(self) -> str:
        return rules.SEND_LABELS[self.send]

    @property
    def publish_label(self) -> str:
        return rules.PUBLISH_LABELS[self.publish]

    @property
    def is_bureau(self) -> bool:
        return self.unit.kind in BUREAUS


@dataclass
class YearStatus:
    year: int
    receive_due: object
    publish_due: object
    rows: list[Row]

    def _count(self, **wanted) -> int:
        return sum(
            1
            for row in self.rows
            if row.expected and all(getattr(row, k) in v for k, v in wanted.items())
        )

    @property
    def expected(self) -> int:
        return sum(1 for row in self.rows if row.expected)

    @property
    def unregistered(self) -> list[Row]:
        return [row for row in self.rows if row.expected and row.record is None]

    @property
    def received(self) -> int:
        return self._count(send=(rules.ON_TIME, rules.LATE))

    @property
    def received_late(self) -> int:
        return self._count(send=(rules.LATE,))

    @property
    def unsent(self) -> list[Row]:
        return [r for r in self.rows if r.expected and r.send in (rules.WAITING, rules.MISSING)]

    @property
    def missing(self) -> int:
        return self._count(send=(rules.MISSING,))

    @property
    def published(self) -> int:
        return self._count(publish=(rules.ON_TIME, rules.LATE))

    @property
    def published_late(self) -> int:
        return self._count(publish=(rules.LATE,))

    @property
    def unpublished_overdue(self) -> int:
        return self._count(publish=(rules.MISSING,))


def year_status(user, year: int, within: Unit, settings: dict, today) -> YearStatus:
    """The year's reports of the units under `within` and the units that must report without
    one. Queries: two (the units, the reports)."""
    kinds = rules.reporting_kinds(settings)
    receive_due = rules.due_date(year, settings[rules.RECEIVE_DUE_SETTING])
    publish_due = rules.due_date(year, settings[rules.PUBLISH_DUE_SETTING])
    records = list(
        DepartmentReport.objects.visible_to(user)
        .filter(year=year, reporting_unit__path__startswith=within.path)
        .select_related("reporting_unit")
    )
    by_unit = {record.reporting_unit_id: record for record in records}
    units = {unit.pk: unit for unit in expected_units(user, kinds, within)}
    expected = set(units)
    units.update({record.reporting_unit_id: record.reporting_unit for record in records})
    rows = []
    # The bureau first (its path is every other's start), then the units by code.
    for pk, unit in sorted(units.items(), key=lambda item: (len(item[1].path), item[1].code)):
        record = by_unit.get(pk)
        received = record.received_date if record else None
        published = record.published_date if record else None
        rows.append(
            Row(
                unit=unit,
                record=record,
                expected=pk in expected,
                send=rules.act_state(received, receive_due, today),
                publish=rules.act_state(published, publish_due, today),
            )
        )
    return YearStatus(year, receive_due, publish_due, rows)
