from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Unit
from fazhi.imports.exporter import FORMATS, export_records, filter_year

from ._common import register_named


class Command(BaseCommand):
    help = "导出一个登记簿的记录（模板中的各列及计算字段）。json 和 csv 未指定 --out 时输出到屏幕。"

    def add_arguments(self, parser):
        parser.add_argument("register", help="登记簿名称，如 reconsideration")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--year", type=int, help="只导出该年度的记录（按登记簿的主要日期）")
        parser.add_argument("--unit", metavar="CODE", help="只导出该单位及其下级单位的记录")
        parser.add_argument("--out", metavar="F", help="保存路径（xlsx 必须指定）")

    def handle(self, *args, **options):
        register = register_named(options["register"])
        fmt, out = options["fmt"], options["out"]
        if fmt == "xlsx" and not out:
            raise CommandError("导出 xlsx 必须用 --out 指定保存路径。")
        records, filters = register.model.objects.all(), []
        if options["year"] is not None:
            records = filter_year(register, records, options["year"])
            filters.append(f"年份 {options['year']}")
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"找不到单位代码「{options['unit']}」。")
            records = records.filter(unit__path__startswith=unit.path)
            filters.append(f"单位 {unit.code} 及下级")
        output = export_records(register, records, fmt, note="，".join(filters))
        if not out:
            self.stdout.write(output, ending="" if fmt == "csv" else "\n")
            return
        path = Path(out)
        if isinstance(output, bytes):
            path.write_bytes(output)
        else:
            path.write_text(output, encoding="utf-8", newline="")
        self.stdout.write(f"已导出到 {path}")
