"""python manage.py purge_expired — the authorised deletion of records kept for storage only.

Past its retention period (core/retention.py) a record with personal data is hidden from every
reader; this deletes it, when an officer of the register's line authorises it with a reason.
Every record deleted leaves an audit entry with its (masked) content, all in one transaction:
a failure deletes nothing. Its files (案件材料, core/attachments.py), removed ones too, go with
it, their sealed bytes included, each with an audit entry of its own.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from fazhi.core import attachments, audit, document_actions, retention
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.personal import sees_personal_data
from fazhi.core.registers import REGISTERS
from fazhi.core.writes import audited_fields, records_written


class Command(BaseCommand):
    help = "删除超过保存期限、仅存储的个人信息记录（须由本业务人员授权并说明理由）。"

    def add_arguments(self, parser):
        parser.add_argument("--register", required=True, help="登记簿，如 corrections_subject")
        parser.add_argument("--authorised-by", required=True, help="授权删除的业务人员用户名")
        parser.add_argument("--reason", required=True, help="删除理由，记入审计日志")
        parser.add_argument("--dry-run", action="store_true", help="只列出数量，不删除")

    def handle(self, *args, register, authorised_by, reason, dry_run=False, **options):
        spec = REGISTERS.get(register)
        if spec is None:
            raise CommandError(f"没有这个登记簿：{register}")
        expired = retention.expired(spec.model)
        if expired is None:
            raise CommandError(f"{spec.label}没有设定保存期限，没有可删除的记录。")
        authoriser = get_user_model().objects.filter(username=authorised_by).first()
        if authoriser is None or not authoriser.is_active:
            raise CommandError(f"没有这个在用账号：{authorised_by}")
        if not sees_personal_data(authoriser, spec.model):
            raise CommandError(
                f"「{authoriser}」不是可以查看{spec.label}个人信息的业务人员，不能授权删除。"
            )
        if not reason.strip():
            raise CommandError("请写明删除理由。")
        records = spec.model.objects.filter(expired)
        count = records.count()
        if dry_run:
            self.stdout.write(f"{spec.label}：超过保存期限的记录 {count} 条（未删除）。")
            return
        try:
            deleted = purge(spec, records, authoriser, reason.strip())
        except ProtectedError as error:
            raise CommandError(f"有记录仍被其他记录引用，未删除任何记录：{error}") from error
        self.stdout.write(f"{spec.label}：已删除超过保存期限的记录 {deleted} 条。")


@transaction.atomic
def purge(register, records, authoriser, reason: str) -> int:
    fields = audited_fields(register.model)
    entries = []
    doomed = list(records.select_for_update())
    entries += attachments.purge(authoriser, register, doomed, reason)
    entries += document_actions.purge(authoriser, register.name, doomed, reason)
    for record in doomed:
        entries.append(
            audit.entry(
                authoriser,
                AuditAction.DELETE,
                record,
                register=register.name,
                before=audit.snapshot(record, fields),
                note=f"超过保存期限，授权删除；理由：{reason}",
            )
        )
    register.model.objects.filter(pk__in=[r.pk for r in doomed]).delete()
    records_written.send(register.name, unit_ids={record.unit_id for record in doomed})
    AuditEntry.objects.bulk_create(entries)
    audit.record(
        authoriser,
        AuditAction.DELETE,
        register=register.name,
        note=f"删除超过保存期限的{register.label} {len(doomed)} 条；理由：{reason}",
    )
    return len(doomed)
