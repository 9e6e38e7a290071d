"""Yearly rollups give every figure exactly as the records do — for the province, a county and
a 司法所, in every closed year — and stay right while records are written: a changed unit is
counted from its records until the worker has made its rollups again."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.models import Unit, UnitKind
from fazhi.core.roles import Role
from fazhi.indicators import rollups
from fazhi.indicators.compute import compute
from fazhi.indicators.models import Rollup, RollupYear, StaleRollup
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.mediation import actions as mediation
from fazhi.mediation.models import MediationCase

YEARS = (2023, 2024, 2025)


def figures(unit, year, user=None) -> dict:
    found = compute(list(INDICATORS), Period.year(year), unit, user=user)
    return {key: figure.value for key, figure in found.items()}


def from_records(monkeypatch, unit, year, user=None) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(rollups, "available", lambda *args, **kwargs: None)
        return figures(unit, year, user)


def assert_same_as_records(monkeypatch, units, years=YEARS):
    for unit in units:
        for year in years:
            rolled = figures(unit, year)
            live = from_records(monkeypatch, unit, year)
            differing = {k: (rolled[k], live[k]) for k in rolled if rolled[k] != live[k]}
            assert not differing, f"{unit} {year}: {differing}"


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for the module (conftest.demo_once): the tests that build their
    own units are in test_rollups_marks.py."""
    top = Unit.objects.order_by("path").first()
    county = Unit.objects.get(code="433126")
    office = Unit.objects.filter(kind=UnitKind.JUDICIAL_OFFICE, code__startswith="433126").first()
    return {"top": top, "county": county, "office": office}


def test_rollups_give_every_figure_as_the_records_do_and_stay_right(demo, monkeypatch):
    call_command("rollups", stdout=io.StringIO())
    assert set(RollupYear.objects.values_list("year", flat=True)) >= set(YEARS)
    assert not RollupYear.objects.filter(year=2026).exists()  # the running year is live
    assert Rollup.objects.exists() and not StaleRollup.objects.exists()
    units = list(demo.values())
    assert_same_as_records(monkeypatch, units)

    # The province's figures of a built year read no mediation record at all.
    with CaptureQueriesContext(connection) as queries:
        figures(demo["top"], 2024)
    assert not any("mediation_mediationcase" in q["sql"] for q in queries)

    # A case added to 2024 and another moved to 2023: both units are stale at once, and the
    # figures follow the records before the worker has run.
    committee = Unit.objects.filter(kind=UnitKind.MEDIATION_COMMITTEE).first()
    mediation.register_case(
        None,
        unit=committee,
        number="新增2024-1",
        committee_code=committee.code,
        received_date=datetime.date(2024, 6, 1),
        dispute_type="neighbour",
        mediator="向某",
        status="succeeded",
        agreement_form="written",
        closed_date=datetime.date(2024, 6, 5),
    )
    moved = MediationCase.objects.filter(received_date__year=2024).exclude(unit=committee).first()
    mediation.update_case(None, moved, received_date=datetime.date(2023, 12, 30))
    marked = set(StaleRollup.objects.values_list("unit_id", flat=True))
    assert marked == {committee.pk, moved.unit_id}
    assert_same_as_records(monkeypatch, units, (2023, 2024))

    # The worker makes the two units again; nothing else changes.
    assert rollups.refresh() == 2
    assert not StaleRollup.objects.exists()
    assert_same_as_records(monkeypatch, units, (2023, 2024))


def test_a_unit_marked_again_while_the_worker_runs_keeps_its_mark(demo, monkeypatch):
    call_command("rollups", "--register", "mediation", "--year", "2024", stdout=io.StringIO())
    case = MediationCase.objects.filter(received_date__year=2024).first()
    mediation.update_case(None, case, mediator="再次修改前")
    made = rollups._own_shares

    def made_while_written_again(register, year, units):
        shares = made(register, year, units)
        rollups.mark_stale(register, [case.unit_id])  # another write, committed meanwhile
        return shares

    monkeypatch.setattr(rollups, "_own_shares", made_while_written_again)
    rollups.refresh()
    assert StaleRollup.objects.filter(unit_id=case.unit_id).exists()


def test_rollups_serve_only_readers_who_see_the_whole_subtree(demo, make_user, monkeypatch):
    call_command("rollups", "--register", "mediation", stdout=io.StringIO())
    county = demo["county"]
    leader = make_user("rollup-leader", county, Role.LEADER)
    clerk = make_user("rollup-clerk", county, Role.CLERK)
    found = rollups.available(Period.year(2024), county, leader)
    assert found.covers("mediation") and not found.covers("reconsideration")  # not built
    assert not rollups.available(Period.year(2024), county, clerk).covers("mediation")
    assert rollups.available(Period.year(2026), county, None) is None
    quarter = Period(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert rollups.available(quarter, county, None) is None
    assert figures(county, 2024, leader) == from_records(monkeypatch, county, 2024, leader)
    assert figures(county, 2024, clerk) == from_records(monkeypatch, county, 2024, clerk)


def test_a_unit_moved_to_another_county_takes_its_share_with_it(demo, monkeypatch):
    from fazhi.core import actions

    call_command("rollups", stdout=io.StringIO())
    office, old_county = demo["office"], demo["county"]
    new_county = Unit.objects.filter(kind=UnitKind.COUNTY).exclude(pk=old_county.pk).first()
    assert MediationCase.objects.filter(unit__path__startswith=office.path).exists()
    # One stale unit below the moved office: it must be found under its new county too.
    below = Unit.objects.filter(path__startswith=office.path).exclude(pk=office.pk).first()
    rollups.mark_stale("mediation", [below.pk])
    actions.save_unit(None, code=office.code, name=office.name, kind=office.kind, parent=new_county)
    for unit in (old_county, new_county):
        unit.refresh_from_db()
    assert_same_as_records(monkeypatch, [demo["top"], old_county, new_county])
    rollups.refresh()
    assert_same_as_records(monkeypatch, [demo["top"], old_county, new_county])


def test_a_build_keeps_the_marks_of_writes_it_did_not_read(demo):
    """A write marked before the build began but committed while it ran: its records may not
    be in the build, so its mark must survive, whatever its time."""
    case = MediationCase.objects.filter(received_date__year=2024).first()
    made = rollups._own_shares

    def made_while_a_write_commits(register, year, units):
        StaleRollup.objects.update_or_create(
            register=register, unit_id=case.unit_id,
            defaults={"marked_at": timezone.now() - datetime.timedelta(minutes=1)},
        )  # fmt: skip
        return made(register, year, units)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rollups, "_own_shares", made_while_a_write_commits)
        rollups.build("mediation", [2024])
    assert StaleRollup.objects.filter(register="mediation", unit_id=case.unit_id).exists()
    rollups.build("mediation", [2024])  # marks it read before reading records: settled
    assert not StaleRollup.objects.filter(register="mediation").exists()


def test_a_reader_takes_the_total_and_the_stale_shares_in_one_statement(demo):
    """So a refresh committing between two reads cannot pair a new total with old shares."""
    call_command("rollups", "--register", "mediation", stdout=io.StringIO())
    stale = list(
        Unit.objects.filter(kind=UnitKind.MEDIATION_COMMITTEE).values_list("pk", flat=True)
    )
    rollups.mark_stale("mediation", stale)
    found = rollups.available(Period.year(2024), demo["top"], None)
    family = rollups.families("mediation")[0]
    with CaptureQueriesContext(connection) as queries:
        values = rollups._subtree_values(family.key, found, found.stale_units("mediation"))
    assert len(queries) == 2  # the stale units, then totals and their shares together
    assert values and sum(values.values()) >= 0


def test_a_partial_build_keeps_the_marks_of_the_years_it_did_not_make(demo):
    """A mark does not say which year changed: settled only by a build of every built year."""
    call_command("rollups", "--register", "mediation", stdout=io.StringIO())
    office = demo["office"]
    rollups.mark_stale("mediation", [office.pk])
    rollups.build("mediation", [2024])
    assert StaleRollup.objects.filter(register="mediation", unit=office).exists()
    rollups.build("mediation")
    assert not StaleRollup.objects.filter(register="mediation", unit=office).exists()
