"""Migration 0006: each old record gets the 结案方式 its 裁判结果 says; a 其他 keeps its result
and stays without one, for an officer to say; no other stored value changes. The register's
rollups, grouped by its families' old fields, are dropped (they are made again from the
records); another register's are left alone."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.indicators.models import Rollup, RollupYear

BEFORE = [("litigation", "0005_closing_method_and_statistics_facts")]
AFTER = [("litigation", "0006_closing_method_from_judgment")]

# 裁判结果 → the 结案方式 expected after the migration, by hand (docs/domain/litigation.md).
EXPECTED = {
    "claims_dismissed": "judgment",
    "revoked": "judgment",
    "partly_revoked": "judgment",
    "confirmed_illegal": "judgment",
    "confirmed_void": "judgment",
    "ordered": "judgment",
    "varied": "judgment",
    "compensation": "judgment",
    "suit_dismissed": "ruling",
    "withdrawn": "withdrawn",
    "mediated": "mediated",
    "other": "",
    "": "",  # not concluded
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_0006(transactional_db, settings):
    settings.FAZHI_AUDIT_TAIL_FILE = ""
    old_apps = migrate(BEFORE)
    yield old_apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_result_gets_its_closing_method_and_other_is_left_to_resolve(before_0006, tree):
    Case = before_0006.get_model("litigation", "LitigationCase")
    county = tree["county"].pk
    concluded = datetime.date(2024, 6, 1)
    for n, judgment in enumerate(EXPECTED):
        Case.objects.create(
            unit_id=county,
            number=f"L{n:02d}",
            plaintiff="王某",
            defendant="古丈县自然资源局",
            notice_received_date=datetime.date(2024, 3, 1),
            concluded_date=concluded if judgment else None,
            judgment=judgment,
            status="concluded" if judgment else "pending",
        )
    fields = [f.name for f in Case._meta.fields if f.name not in ("closing_method", "updated_at")]
    before = {row["number"]: row for row in Case.objects.values(*fields)}
    for register, family in (("litigation", "litigation.handled"), ("mediation", "mediation.x")):
        RollupYear.objects.create(register=register, year=2023)
        Rollup.objects.create(family=family, year=2023, unit_id=county, bucket="[]", value=1)

    new_apps = migrate(AFTER)
    Case = new_apps.get_model("litigation", "LitigationCase")
    after = {row["number"]: row for row in Case.objects.values(*fields, "closing_method")}
    assert {row["judgment"]: row["closing_method"] for row in after.values()} == EXPECTED
    unchanged = {
        n: {k: v for k, v in row.items() if k != "closing_method"} for n, row in after.items()
    }
    assert unchanged == before
    assert list(RollupYear.objects.values_list("register", flat=True)) == ["mediation"]
    assert list(Rollup.objects.values_list("family", flat=True)) == ["mediation.x"]
