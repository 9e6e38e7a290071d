from pathlib import Path

from django.core.management.base import BaseCommand

from fazhi.imports.workbooks import template_workbook

from ._common import register_named


class Command(BaseCommand):
    help = "生成一个登记簿的 Excel 导入模板。"

    def add_arguments(self, parser):
        parser.add_argument("register", help="登记簿名称，如 reconsideration")
        parser.add_argument("--out", required=True, metavar="F.xlsx", help="模板文件的保存路径")

    def handle(self, *args, **options):
        register = register_named(options["register"])
        out = Path(options["out"])
        out.write_bytes(template_workbook(register))
        self.stdout.write(f"已生成「{register.label}」导入模板：{out}")
