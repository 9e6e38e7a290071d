"""Migration 0003: the stored settings move to core as they were — ids, values, who changed
them and when — so the audit log's entries about them, never rewritten, still name the same
rows and still verify; and back again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditAction, AuditEntry, RegisterSetting
from fazhi.core.roles import Role

BEFORE = [("indicators", "0002_rollups")]
AFTER = [("indicators", "0003_move_settings_to_core")]
DENOMINATOR = "reconsideration.correction_rate.denominator"
LOST = "litigation.lost_results"
CHANGED_AT = timezone.make_aware(datetime.datetime(2025, 3, 4, 9, 30))


def migrate(targets):
    """Migrate to `targets` and give the models of the state reached."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db, settings):
    """The database as it was before 0003; migrated to the latest state again afterwards."""
    settings.FAZHI_AUDIT_TAIL_FILE = ""  # no tail file outside the database in a test
    old_apps = migrate(BEFORE)
    yield old_apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_rows_move_to_core_with_their_ids_and_their_audit_entries_still_verify(
    before_the_move, tree, make_user
):
    admin = make_user("sysadmin", tree["province"], Role.SYSTEM_ADMIN)
    IndicatorSetting = before_the_move.get_model("indicators", "IndicatorSetting")
    IndicatorSetting.objects.create(key="withdrawn.setting", value="x")  # id 1, then deleted
    lost = IndicatorSetting.objects.create(
        key=LOST, value=["revoked", "varied"], updated_by_id=admin.pk
    )
    denominator = IndicatorSetting.objects.create(key=DENOMINATOR, value="closed")
    IndicatorSetting.objects.filter(key="withdrawn.setting").delete()
    # As stored by a change months ago (a save would stamp now: auto_now).
    IndicatorSetting.objects.filter(pk=lost.pk).update(updated_at=CHANGED_AT)
    written = audit.record(
        admin,
        AuditAction.UPDATE,
        lost,
        register="indicator_setting",
        before={"应诉败诉的裁判结果": "（默认）"},
        after={"应诉败诉的裁判结果": "撤销、变更"},
    )
    audit.seal_pending()

    migrate(AFTER)

    moved = RegisterSetting.objects.get(key=LOST)
    assert (moved.pk, moved.value, moved.updated_by, moved.updated_at) == (
        lost.pk,
        ["revoked", "varied"],
        admin,
        CHANGED_AT,
    )
    assert RegisterSetting.objects.get(key=DENOMINATOR).pk == denominator.pk
    assert RegisterSetting.objects.count() == 2
    values = RegisterSetting.objects.current()
    assert (values[LOST], values[DENOMINATOR]) == (("revoked", "varied"), "closed")
    # The entry, as written, still names the row that now holds the setting, and verifies.
    entry = AuditEntry.objects.get(pk=written.pk)
    assert (entry.register, entry.object_id) == ("indicator_setting", str(moved.pk))
    assert audit.verify_chain().count == AuditEntry.objects.count()  # raises when broken
    # The next setting stored gets an id of its own (PostgreSQL's sequence follows the copy).
    added = RegisterSetting.objects.create(key="resettlement.period_years.released", value="5")
    assert added.pk > denominator.pk


def test_backwards_the_rows_return_to_indicators(before_the_move):
    migrate(AFTER)
    RegisterSetting.objects.create(key=DENOMINATOR, value="received")
    old_apps = migrate(BEFORE)
    IndicatorSetting = old_apps.get_model("indicators", "IndicatorSetting")
    assert list(IndicatorSetting.objects.values_list("key", "value")) == [(DENOMINATOR, "received")]
    assert not RegisterSetting.objects.exists()
