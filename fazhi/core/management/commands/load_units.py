from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.tabular import TableError, read_table
from fazhi.core.unit_loader import UnitFileRejected, load_units

UNCHANGED_NOTE = "系统中的数据没有任何改动。"


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv 文件导入单位（列：单位代码、单位名称、单位类别、上级单位代码）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="单位文件（.xlsx 或 .csv）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            result = load_units(None, read_table(path, path.name))
        except TableError as error:
            raise CommandError(f"文件未导入：{error}{UNCHANGED_NOTE}") from error
        except UnitFileRejected as rejection:
            for row_error in rejection.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"文件未导入：共 {len(rejection.errors)} 处错误，{UNCHANGED_NOTE}"
            ) from rejection
        self.stdout.write(
            f"已导入单位：新增 {result.created} 个，更新 {result.updated} 个，"
            f"未变 {result.unchanged} 个。"
        )
