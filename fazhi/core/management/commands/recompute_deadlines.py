"""python manage.py recompute_deadlines — after the holiday calendar changed (a year entered,
a newer chinesecalendar package) or a rule was corrected, recompute every stored deadline and
status of every register, all years.

After a year is entered the background worker recomputes only the records that year can
move (fazhi.core.holidays.run_recompute); both write through holidays.recompute_records:
batches of one transaction each, one audit entry per changed record."""

from django.core.management.base import BaseCommand

from fazhi.core import holidays
from fazhi.core.registers import REGISTERS


class Command(BaseCommand):
    help = "按当前的节假日日历和规则重新计算各登记簿中记录的法定期限和办理状态。"

    def handle(self, *args, **options):
        holidays.forget()  # the calendar as stored now
        for register in REGISTERS.values():
            changed = recompute(register)
            self.stdout.write(f"{register.label}：重新计算后有变化的记录 {changed} 条。")


def recompute(register) -> int:
    """Derive every record of the register again and write what changed, each with its audit
    entry (before and after), as the importer does for its rows."""
    return holidays.recompute_records(
        register, register.model.objects.all(), note="按当前节假日日历重新计算法定期限"
    )
