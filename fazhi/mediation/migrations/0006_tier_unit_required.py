# A separate migration (its own transaction): on PostgreSQL a column cannot be altered, nor an
# index built, in the transaction that just updated its rows under a deferred foreign key.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_actions"),
        ("mediation", "0005_fill_tier_units_and_approved_payees"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subsidytier",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.unit",
                verbose_name="设置单位",
            ),
        ),
        migrations.AddIndex(
            model_name="subsidytier",
            index=models.Index(
                fields=["unit", "year", "difficulty", "-set_at"], name="med_tier_latest"
            ),
        ),
    ]
