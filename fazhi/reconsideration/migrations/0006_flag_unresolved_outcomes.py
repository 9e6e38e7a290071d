"""Records closed before the 2023 law's outcomes were told apart keep their 办结方式.

Where the old value is one of the new ones it already means it: 撤回终止 is the 撤回 ground of
第四十一条第一项 (its stored value is unchanged), 和解终止 is 第七十四条's, and so on. Where it
may stand for more than one — 撤销 and 部分撤销 (with or without 责令重新作出, 第六十四条), 其他终止
(第四十一条第二至五项) — the value is kept and the record is flagged `outcome_unresolved`, so
that the list's filter 仅看办结方式待明确 shows it and an officer states the precise outcome
through the step “明确办结方式” (audited like every step). Reversing clears the flag only.
"""

from django.db import migrations

# rules.LEGACY_OUTCOMES, as stored values (a migration does not import the app's code).
AMBIGUOUS = ("revoked", "partly_revoked", "other_terminated")


def flag(apps, schema_editor):
    Case = apps.get_model("reconsideration", "ReconsiderationCase")
    Case.objects.filter(outcome__in=AMBIGUOUS).exclude(closed_date=None).update(
        outcome_unresolved=True
    )


def unflag(apps, schema_editor):
    Case = apps.get_model("reconsideration", "ReconsiderationCase")
    Case.objects.filter(outcome_unresolved=True).update(outcome_unresolved=False)


class Migration(migrations.Migration):
    dependencies = [("reconsideration", "0005_outcomes_and_parties")]

    operations = [migrations.RunPython(flag, unflag)]
