"""python manage.py recompute_deadlines — after the calendar package learns a new year's
holidays (or a rule is corrected), recompute every stored deadline and status."""

from django.core.management.base import BaseCommand
from django.db import transaction

from fazhi.core import audit
from fazhi.core.models import AuditAction
from fazhi.core.registers import REGISTERS

BATCH = 1000


class Command(BaseCommand):
    help = "按当前的节假日日历和规则重新计算各登记簿中记录的法定期限和办理状态。"

    def handle(self, *args, **options):
        for register in REGISTERS.values():
            changed = recompute(register)
            self.stdout.write(f"{register.label}：重新计算后有变化的记录 {changed} 条。")


@transaction.atomic
def recompute(register) -> int:
    """Derive every record again; write only what changed, with one audit entry saying so."""
    model = register.model
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    changed, touched = [], set()
    for record in model.objects.select_for_update().iterator(chunk_size=BATCH):
        before = [getattr(record, f.attname) for f in fields]
        register.derive(record)
        after = [getattr(record, f.attname) for f in fields]
        differing = {f.name for f, b, a in zip(fields, before, after, strict=True) if b != a}
        if differing:
            changed.append(record)
            touched |= differing
    if changed:
        model.objects.bulk_update(changed, sorted(touched), batch_size=BATCH)
        audit.record(
            None,
            AuditAction.UPDATE,
            register=register.name,
            note=f"重新计算法定期限：{len(changed)} 条记录的{'、'.join(sorted(touched))}有变化",
        )
    return len(changed)
