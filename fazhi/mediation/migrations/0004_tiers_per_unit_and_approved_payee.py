"""SubsidyTier gets the unit whose money it is; MediationCase keeps who is paid as approved.
The rows are filled in 0005 and the unit made required in 0006: each its own migration, so its
own transaction (PostgreSQL refuses to build the foreign key's index, or alter the column, in
the transaction that updated the rows)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_actions"),
        ("mediation", "0003_board_due_expression"),
    ]

    operations = [
        migrations.AddField(
            model_name="subsidytier",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.unit",
                verbose_name="设置单位",
            ),
        ),
        migrations.AddField(
            model_name="mediationcase",
            name="subsidy_approved",
            field=models.JSONField(blank=True, default=dict, verbose_name="审核通过时的发放依据"),
        ),
    ]
