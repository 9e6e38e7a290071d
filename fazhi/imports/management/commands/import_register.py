from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.tabular import TableError, read_table
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.workbooks import error_workbook

from ._common import register_named

UNCHANGED_NOTE = "系统中的数据没有任何改动。"


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv 文件导入一个登记簿的记录；有任何错误则整个文件不导入。"
    # Data work, not a deployment: the system checks (about 2 s here, most of it importing
    # the API's schemas for the URL check) belong to `check --deploy`, migrate and the server.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("register", help="登记簿名称，如 reconsideration")
        parser.add_argument("file", help="数据文件（.xlsx 或 .csv），表头与导入模板一致")
        parser.add_argument(
            "--errors", metavar="OUT.xlsx", help="文件被拒绝时，把错误说明写入此文件"
        )

    def handle(self, *args, **options):
        register = register_named(options["register"])
        path = Path(options["file"])
        try:
            table = read_table(path, path.name)
            result = import_rows(None, register, table, filename=path.name, progress=self._progress)
        except TableError as error:
            raise CommandError(f"文件未导入：{error}{UNCHANGED_NOTE}") from error
        except ImportRejected as rejection:
            for row_error in rejection.errors:
                self.stderr.write(str(row_error))
            if options["errors"]:
                out = Path(options["errors"])
                out.write_bytes(error_workbook(table, rejection.errors, path.name))
                self.stderr.write(f"错误说明已写入 {out}")
            raise CommandError(
                f"文件未导入：共 {len(rejection.errors)} 处错误，{UNCHANGED_NOTE}"
            ) from rejection
        self.stdout.write(f"已导入：{result}。")

    STAGES = {"read": "已读取", "validated": "已校验", "written": "已写入"}

    def _progress(self, stage: str, done: int, total: int):
        """A progress line on stderr, rewritten in place on a terminal."""
        line = f"{self.STAGES[stage]} {done}/{total} 行"
        if self.stderr.isatty():
            self.stderr.write(
                f"\r{line}", ending="" if done < total or stage != "written" else "\n"
            )
        elif done == total:
            self.stderr.write(line)
