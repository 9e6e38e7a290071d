"""python manage.py tables --list
   python manage.py tables --table KEY --year Y [--period P] [--unit CODE] --out FILE.xlsx

The operator's way to the official tables (as the web page gives them, for every record: the
command line reads as no user). A table that fails a balance check is not written: the
failures are printed instead, as the page shows them.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.tables import periods
from fazhi.tables.filling import fill, ready
from fazhi.tables.official import TABLES
from fazhi.tables.workbook import workbook


class Command(BaseCommand):
    help = "按统计制度的表式生成统计报表（.xlsx）；未通过平衡检查的报表不生成。"

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="列出全部报表")
        parser.add_argument("--table", help="报表键（见 --list）")
        parser.add_argument("--year", help="统计年度")
        parser.add_argument(
            "--period",
            help="统计期间：年报 year，季报 q1–q4，月报 m1–m12；默认为该年已开始的最后一期",
        )
        parser.add_argument("--unit", help="单位代码；默认为顶级单位")
        parser.add_argument("--out", help="输出的 .xlsx 文件")

    def handle(self, *args, **options):
        if options["list"]:
            for table in TABLES.values():
                state = "" if ready(table) else "（所需指标尚未全部提供）"
                self.stdout.write(f"{table.key}\t{table.title}\t{table.kind_label}{state}")
            return
        table = TABLES.get(options["table"] or "")
        if table is None:
            raise CommandError("请用 --table 指定报表（可用 --list 查看全部报表）。")
        if not ready(table):
            raise CommandError(f"「{table.title}」所需的统计指标尚未全部提供，暂不能生成。")
        if not options["out"]:
            raise CommandError("请用 --out 指定输出的 .xlsx 文件。")
        unit = self._unit(options["unit"])
        today = timezone.localdate()
        chosen = periods.choose(table.kind, options["year"], options["period"], today)
        if chosen.problem:
            raise CommandError(chosen.problem)
        filled = fill(table, chosen, unit, None, today)
        if not filled.balanced:
            lines = "\n".join(i.message for i in filled.imbalances)
            raise CommandError(f"「{table.title}」未通过平衡检查，未生成：\n{lines}")
        Path(options["out"]).write_bytes(workbook(filled))
        self.stdout.write(f"已生成 {options['out']}：{unit.name}{chosen.label}{table.title}。")

    @staticmethod
    def _unit(code) -> Unit:
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"找不到单位代码「{code}」。")
            return unit
        top = Unit.objects.filter(parent__isnull=True).order_by("path").first()
        if top is None:
            raise CommandError("系统中还没有单位。")
        return top
