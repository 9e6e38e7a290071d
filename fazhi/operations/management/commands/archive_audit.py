"""manage.py archive_audit --before DATE --out FILE: move old audit entries to a file.

Entries are kept at least FAZHI_AUDIT_RETENTION_DAYS (never under 180 days, 网络安全法 第二十一条);
older ones may be archived, never dropped: the file (JSON lines and a closing manifest with the
count, the first and last chain position and the last MAC) is written and fsynced before the
entries are deleted, in the same transaction, and `verify_audit --archive FILE` checks it.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期「{text}」格式不正确，应为 YYYY-MM-DD。") from None


class Command(BaseCommand):
    help = "把某日期之前的审计日志归档到文件（保存期满180天以上），然后从数据库删除。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="归档此日期（YYYY-MM-DD）之前的条目")
        parser.add_argument("--out", required=True, metavar="FILE", help="归档文件（不得已存在）")

    def handle(self, *args, before, out, **options):
        try:
            result = audit.archive(_date(before), out)
        except (audit.ArchiveRefused, ImproperlyConfigured) as refused:
            raise CommandError(str(refused)) from refused
        if not result.count:
            self.stdout.write(f"没有 {before} 之前可归档的审计日志，未写文件。")
            return
        self.stdout.write(
            f"已归档 {result.count} 条审计日志（链位置 {result.first_position}–"
            f"{result.last_position}）至 {result.path}，并已从数据库删除。"
        )
