"""The rows of 0004's new fields.

Existing tier rows had no unit and applied to every county alike. They become the settings of
the top unit (the one without a parent), which every county inherits until it sets its own:
each county then pays exactly what it paid before, and nobody's payout changes by this
migration. (Where several trees share a database, each top unit gets a copy, for the same
reason.) An operator who doubts a row (issue 15: one county set everybody's tier) sees it on
the top unit's tier page and in its history, and the county concerned sets its own.

Approved cases get their payee basis from their values now, as rules.payee_basis computes it
(inlined: a migration must not change when the rules do), so that a change made after this
migration sends them back to review like a case approved after it.
"""

from decimal import Decimal

from django.db import migrations


def tiers_to_top_units(apps, schema_editor):
    Unit = apps.get_model("core", "Unit")
    SubsidyTier = apps.get_model("mediation", "SubsidyTier")
    tiers = list(SubsidyTier.objects.filter(unit__isnull=True).order_by("set_at", "id"))
    if not tiers:
        return
    tops = list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    if not tops:
        # Tiers without any unit to pay them cannot be anybody's: nothing reads them.
        SubsidyTier.objects.filter(pk__in=[t.pk for t in tiers]).delete()
        return
    first, others = tops[0], tops[1:]
    SubsidyTier.objects.filter(pk__in=[t.pk for t in tiers]).update(unit=first)
    for top in others:
        for tier in tiers:
            copy = SubsidyTier.objects.create(
                unit=top,
                year=tier.year,
                difficulty=tier.difficulty,
                amount=tier.amount,
                set_by_id=tier.set_by_id,
            )
            # auto_now_add stamped now; the copy keeps the original's place in the history.
            SubsidyTier.objects.filter(pk=copy.pk).update(set_at=tier.set_at)


def approved_payees(apps, schema_editor):
    MediationCase = apps.get_model("mediation", "MediationCase")
    approved = MediationCase.objects.filter(subsidy_status="approved").only(
        "id", "committee_code", "mediator", "difficulty", "subsidy_amount", "subsidy_approved"
    )
    batch = []
    for case in approved.iterator(chunk_size=1000):
        amount = case.subsidy_amount
        case.subsidy_approved = {
            "committee_code": (case.committee_code or "").strip(),
            "mediator": case.mediator or "",
            "difficulty": case.difficulty or "",
            "amount": "" if amount is None else f"{Decimal(amount):.2f}",
        }
        batch.append(case)
        if len(batch) >= 1000:
            MediationCase.objects.bulk_update(batch, ["subsidy_approved"])
            batch = []
    if batch:
        MediationCase.objects.bulk_update(batch, ["subsidy_approved"])


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0004_tiers_per_unit_and_approved_payee"),
    ]

    operations = [
        migrations.RunPython(tiers_to_top_units, migrations.RunPython.noop),
        migrations.RunPython(approved_payees, migrations.RunPython.noop),
    ]
