"""python manage.py holidays — the holiday calendar the bureau keeps.

holidays import FILE --year 2027 --notice "国办发明电〔2026〕12号" [--notice-date 2026-11-10]
    enter a year from a sheet (.xlsx or .csv; columns 日期, 安排 (放假 or 上班), 名称): a bad
    row stops the whole sheet with its row named, and nothing is stored. Audited as the
    command line; the background worker (manage.py work) then recomputes the deadlines.
holidays show --year 2027
    the year as stored (source, notice, each holiday period, each 调休 working day), or,
    for a year not stored, its provisional statutory arrangement, marked 暂定.
"""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import holidays
from fazhi.core.tabular import TableError, read_table


def _year(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) != 4:
        raise CommandError(f"年度应为四位数字的年份，如 2027，而不是「{text}」。")
    return int(text)


class Command(BaseCommand):
    help = "节假日安排：从表格录入某年的安排（import），或查看某年的安排（show）。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        entering = actions.add_parser("import", help="从 .xlsx 或 .csv 表格录入某年的节假日安排")
        entering.add_argument("file", help="表格文件，列为 日期、安排（放假或上班）、名称")
        entering.add_argument("--year", required=True, help="年度，如 2027")
        entering.add_argument("--notice", required=True, help="通知文号，如 国办发明电〔2026〕12号")
        entering.add_argument("--notice-date", default="", help="通知日期，YYYY-MM-DD")
        showing = actions.add_parser("show", help="查看某年的节假日安排")
        showing.add_argument("--year", required=True, help="年度，如 2027")

    def handle(self, *args, action, **options):
        year = _year(options["year"])
        if action == "show":
            try:
                lines = holidays.show_lines(year)
            except holidays.HolidaysInvalid as error:
                raise CommandError(str(error)) from None
            self.stdout.write("\n".join(lines))
            return
        notice_date = None
        if options["notice_date"]:
            notice_date = holidays.parse_date(options["notice_date"].strip())
            if notice_date is None:
                raise CommandError(
                    f"通知日期「{options['notice_date']}」无效，"
                    "应为 YYYY-MM-DD 格式，如 2026-11-10。"
                )
        try:
            table = read_table(options["file"], options["file"])
            days = holidays.parse_table(table, year)
            holder, job = holidays.enter_year(None, year, days, options["notice"], notice_date)
        except (TableError, holidays.HolidaysInvalid) as error:
            raise CommandError(f"未录入，系统中的数据没有任何改动：{error}") from None
        if job is None:
            self.stdout.write(f"{year}年节假日安排与已录入的相同，没有改动。")
            return
        rest = sum(1 for _, kind, _ in days if kind == "rest")
        self.stdout.write(
            f"已录入{year}年节假日安排（{holder.notice_number}）：放假 {rest} 天，"
            f"调休上班 {len(days) - rest} 天。已排队重新计算受影响的期限（任务 {job.pk}），"
            "由后台任务进程（manage.py work）执行。"
        )
