"""python manage.py restore FILE: bring a backup back into a freshly migrated, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import crypto
from fazhi.operations.backup import BackupError, inspect, restore


class Command(BaseCommand):
    help = "从备份文件恢复到新建并已执行 migrate 的空数据库（校验清单、条数和校验值，全部或全不）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup 命令写出的备份文件")
        parser.add_argument(
            "--check", action="store_true", help="只校验备份文件是否完整、未被篡改，不恢复"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"备份文件「{path}」不存在。")
        try:
            if options["check"]:
                manifest = inspect(path)
                records = sum(manifest["counts"].values())
                self.stdout.write(
                    f"备份文件完整：{manifest['created']} 备份，{records} 条记录、"
                    f"{manifest['media_files']} 个上传文件。"
                )
                return
            summary = restore(path)
        except (BackupError, crypto.DataKeyMissing) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已恢复：{summary.records} 条记录（{len(summary.counts)} 张表）、"
            f"{summary.media_files} 个上传文件。"
        )
