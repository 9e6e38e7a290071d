"""Register settings move to core (core.RegisterSetting), then IndicatorSetting goes.

Every row is copied as stored: its id, its value, who changed it and when. The ids must stay:
the audit log names a changed setting by register "indicator_setting" and the row's id, and
its entries are never rewritten (the chain's MACs cover them). Backwards, the rows go back the
same way and core's table is left empty, as before this migration.
"""

from django.core.management.color import no_style
from django.db import migrations

OLD = ("indicators", "IndicatorSetting")
NEW = ("core", "RegisterSetting")


def copy_rows(apps, schema_editor, source, target):
    """Every row of `source` into `target` (the columns they share), as stored. An INSERT …
    SELECT rather than saves: a save would stamp updated_at with now (auto_now). Only the
    shared columns: where core's table has gained one since (a setting's unit, core 0017) and
    this runs after it (a test migrating back and forth), the source has no such column."""
    source, target = apps.get_model(*source), apps.get_model(*target)
    connection, quote = schema_editor.connection, schema_editor.quote_name
    source_columns = {field.column for field in source._meta.concrete_fields}
    shared = [f.column for f in target._meta.concrete_fields if f.column in source_columns]
    columns = ", ".join(quote(column) for column in shared)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(target._meta.db_table)} ({columns}) "
            f"SELECT {columns} FROM {quote(source._meta.db_table)}"
        )
        # PostgreSQL: the next row the target gives an id to comes after the copied ones
        # (SQLite's AUTOINCREMENT follows inserted ids by itself; this is then empty).
        for statement in connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(statement)


def to_core(apps, schema_editor):
    copy_rows(apps, schema_editor, OLD, NEW)


def back_to_indicators(apps, schema_editor):
    copy_rows(apps, schema_editor, NEW, OLD)
    apps.get_model(*NEW).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_register_setting"),
        ("indicators", "0002_rollups"),
    ]

    operations = [
        migrations.RunPython(to_core, back_to_indicators),
        migrations.DeleteModel(name="IndicatorSetting"),
    ]
