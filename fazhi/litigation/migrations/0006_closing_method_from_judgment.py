"""结案方式 of the cases concluded before it was kept, from their 裁判结果 (issue 23).

Every 裁判结果 but 其他 says its 结案方式 (rules.CLOSING_OF_JUDGMENT, inlined here: a migration
must not change when the rules do). A case whose 裁判结果 is 其他 keeps it and is left without a
结案方式: only an officer can say whether it ended by a 判决, a 裁定, 撤诉 or 调解. Such cases
are listed by the register's filter 仅看结案方式待确定 and counted by the figure
litigation.concluded.待确定, and the edit page (an audited write) resolves them. No stored value
is changed but the new, empty 结案方式.

The register's yearly rollups (indicators/rollups.py) were grouped by the families' old fields;
its families now group by more (审级, 结案方式, …), so its stored rollups are dropped and its
figures are counted from the records until `manage.py rollups --register litigation` makes them
again. Rollups are sums of the records, kept for speed: nothing is lost.
"""

from django.db import migrations

JUDGMENT, RULING, WITHDRAWN, MEDIATED = "judgment", "ruling", "withdrawn", "mediated"
CLOSING_OF_JUDGMENT = {
    "claims_dismissed": JUDGMENT,
    "revoked": JUDGMENT,
    "partly_revoked": JUDGMENT,
    "confirmed_illegal": JUDGMENT,
    "confirmed_void": JUDGMENT,
    "ordered": JUDGMENT,
    "varied": JUDGMENT,
    "compensation": JUDGMENT,
    "suit_dismissed": RULING,
    "withdrawn": WITHDRAWN,
    "mediated": MEDIATED,
}
REGISTER = "litigation"


def closing_methods(apps, schema_editor):
    LitigationCase = apps.get_model("litigation", "LitigationCase")
    for method in (JUDGMENT, RULING, WITHDRAWN, MEDIATED):
        results = [j for j, m in CLOSING_OF_JUDGMENT.items() if m == method]
        # One UPDATE per 结案方式, however many cases.
        LitigationCase.objects.filter(judgment__in=results, closing_method="").update(
            closing_method=method
        )


def drop_rollups(apps, schema_editor):
    Rollup = apps.get_model("indicators", "Rollup")
    RollupYear = apps.get_model("indicators", "RollupYear")
    StaleRollup = apps.get_model("indicators", "StaleRollup")
    RollupYear.objects.filter(register=REGISTER).delete()
    Rollup.objects.filter(family__startswith=f"{REGISTER}.").delete()
    StaleRollup.objects.filter(register=REGISTER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("litigation", "0005_closing_method_and_statistics_facts"),
        ("indicators", "0002_rollups"),
    ]

    operations = [
        migrations.RunPython(closing_methods, migrations.RunPython.noop),
        migrations.RunPython(drop_rollups, migrations.RunPython.noop),
    ]
