"""Accounts that exist before this app keep their passwords: their 90 days start now, rather
than everyone being sent to the password page at once on the day of the upgrade."""

from django.db import migrations
from django.utils import timezone


def existing_accounts(apps, schema_editor):
    User = apps.get_model("core", "User")
    SecurityState = apps.get_model("security", "SecurityState")
    now = timezone.now()
    SecurityState.objects.bulk_create(
        SecurityState(user_id=pk, must_change_password=False, password_changed_at=now)
        for pk in User.objects.values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial"), ("core", "0004_audit_key_rotation")]

    operations = [migrations.RunPython(existing_accounts, migrations.RunPython.noop)]
