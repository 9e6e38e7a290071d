"""python manage.py recompute_deadlines — after the calendar package learns a new year's
holidays (or a rule is corrected), recompute every stored deadline and status."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.registers import REGISTERS, audited_fields, records_written

BATCH = 1000


class Command(BaseCommand):
    help = "按当前的节假日日历和规则重新计算各登记簿中记录的法定期限和办理状态。"

    def handle(self, *args, **options):
        for register in REGISTERS.values():
            changed = recompute(register)
            self.stdout.write(f"{register.label}：重新计算后有变化的记录 {changed} 条。")


@transaction.atomic
def recompute(register) -> int:
    """Derive every record again and write what changed, each with its audit entry (before
    and after), as the importer does for its rows."""
    model = register.model
    fields = audited_fields(model)
    now = timezone.now()
    changed, touched, entries = [], {"updated_at"}, []
    settings = register.settings()
    for record in model.objects.select_for_update().iterator(chunk_size=BATCH):
        before = audit.snapshot(record, fields)
        register.derive(record, settings)
        after = audit.snapshot(record, fields)
        differing = {name for name in fields if before[name] != after[name]}
        if not differing:
            continue
        record.updated_at = now
        changed.append(record)
        touched |= differing
        entries.append(
            audit.entry(
                None,
                AuditAction.UPDATE,
                record,
                register=register.name,
                before={name: before[name] for name in differing},
                after={name: after[name] for name in differing},
                note="按当前节假日日历重新计算法定期限",
            )
        )
    model.objects.bulk_update(changed, sorted(touched), batch_size=BATCH)
    records_written.send(register.name, unit_ids={record.unit_id for record in changed})
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(changed)
