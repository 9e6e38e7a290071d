"""Rollups kept right by writes that need units of their own: an import marks the units it
wrote; a move waits for the worker instead of deadlocking (PostgreSQL). Apart from
test_rollups.py, whose tests share one loaded demo."""

import io
import time

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.indicators import rollups
from fazhi.indicators.models import Rollup, StaleRollup


def test_an_import_marks_the_units_it_wrote(tree, tmp_path):
    from fazhi.imports.tests.files import case, write_csv

    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "a.csv", [
        case("古复0001"), case("古复0002")
    ])), stdout=io.StringIO())  # fmt: skip
    marks = StaleRollup.objects.filter(register="reconsideration")
    assert set(marks.values_list("unit_id", flat=True)) == {tree["county"].pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="锁的先后只在 PostgreSQL 上")
@pytest.mark.django_db(transaction=True)
def test_a_unit_moved_while_the_worker_writes_its_rollups_waits_instead_of_deadlocking(tree):
    """The worker holds the rollup lock and writes rows that refer to a unit (checked at its
    commit); a move of that unit must wait for the lock before it locks the unit's rows."""
    import threading

    from django.db import connections, transaction

    from fazhi.core import actions

    office, other_county = tree["office"], tree["sibling"]
    writing, errors = threading.Event(), []

    def worker():
        try:
            with transaction.atomic():
                rollups._lock()
                Rollup.objects.create(
                    family="mediation.x", year=2024, unit=office, bucket="", value=1, subtree=False
                )
                writing.set()
                time.sleep(1)  # the move starts meanwhile
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    def move():
        try:
            actions.save_unit(None, code=office.code, name=office.name, kind=office.kind,
                              parent=other_county)  # fmt: skip
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=worker)
    first.start()
    assert writing.wait(10)
    second = threading.Thread(target=move)
    second.start()
    first.join(30)
    second.join(30)
    assert errors == []
    office.refresh_from_db()
    assert office.parent_id == other_county.pk
