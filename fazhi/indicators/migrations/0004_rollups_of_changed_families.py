"""Issue 23 changed the families of these registers (new groupings, new figures): a stored
yearly share was made by the old ones and holds no bucket for the new. The years built are
dropped, so their figures are counted from the records until `manage.py rollups` (or the
worker) builds them again. Rollups are sums of the records, kept for speed: nothing is lost.
(行政应诉's were dropped by litigation migration 0006.)"""

from django.db import migrations

# register → the prefix of its figures' keys (a family's rollups are stored under its key)
REGISTERS = {
    "reconsideration": "reconsideration.",
    "mediation": "mediation.",
    "legal_aid": "legal_aid.",
    "corrections_subject": "corrections.",
    # Its figures share the prefix (corrections.activities, corrections.education_person_times):
    # its rollups go with the others', so its years must be counted afresh as well.
    "corrections_activity": "corrections.",
    "resettlement_subject": "resettlement.",
}


def drop(apps, schema_editor):
    Rollup = apps.get_model("indicators", "Rollup")
    RollupYear = apps.get_model("indicators", "RollupYear")
    StaleRollup = apps.get_model("indicators", "StaleRollup")
    for register, prefix in REGISTERS.items():
        RollupYear.objects.filter(register=register).delete()
        Rollup.objects.filter(family__startswith=prefix).delete()
        StaleRollup.objects.filter(register=register).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_move_settings_to_core")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
