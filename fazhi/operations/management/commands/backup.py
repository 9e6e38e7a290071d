"""python manage.py backup --out FILE: the database, uploaded files and a manifest, encrypted."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import crypto
from fazhi.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份：数据库（一致性快照）、上传文件和清单，整体以 SM4-GCM 加密写入一个文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, help="备份文件路径，如 /backup/fazhi-20250101.bak"
        )
        parser.add_argument("--note", default="", help="写入审计日志的说明")

    def handle(self, *args, **options):
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"目录「{out.parent}」不存在。")
        try:
            summary = backup(out, note=options["note"])
        except (BackupError, crypto.DataKeyMissing) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已备份到 {summary.path}：{summary.records} 条记录（{len(summary.counts)} 张表）、"
            f"{summary.media_files} 个上传文件。"
        )
