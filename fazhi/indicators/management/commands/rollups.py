"""python manage.py rollups — make the figures' yearly rollups (indicators/rollups.py).

Run once after loading a large body of records by other means than fazhi (a restore, a bulk
COPY), or after changing an indicator's definition; the worker keeps them current after that.
"""

from django.core.management.base import BaseCommand, CommandError

from fazhi.indicators import rollups


class Command(BaseCommand):
    help = "生成各登记簿往年的指标汇总（省、市汇总统计时使用），或只更新有变动的单位。"

    def add_arguments(self, parser):
        parser.add_argument("--register", action="append", help="只生成这个登记簿（可重复）")
        parser.add_argument("--year", type=int, action="append", help="只生成这一年（可重复）")
        parser.add_argument(
            "--refresh", action="store_true", help="只更新记录有变动的单位（后台进程也会做）"
        )

    def handle(self, *args, register=None, year=None, refresh=False, **options):
        if refresh:
            settled = 0
            while done := rollups.refresh():
                settled += done
            self.stdout.write(f"已更新 {settled} 个单位的指标汇总。")
            return
        known = rollups.rolled_registers()
        for name in register or known:
            if name not in known:
                raise CommandError(f"没有这个登记簿的统计指标：{name}（可选：{'、'.join(known)}）")
            rows = rollups.build(name, year)
            self.stdout.write(f"{name}：指标汇总 {rows} 行。")
