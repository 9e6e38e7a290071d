"""python manage.py annual_report --year 2024 --unit 433126 --out report.docx

Writes the unit's annual report as .docx: the submitted (frozen) one if there is one, else a
draft from the records as they are now, with the prose written so far and the unit's template
(the default one if none was chosen).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Unit
from fazhi.reports.actions import new_report
from fazhi.reports.content import docx_for
from fazhi.reports.models import AnnualReport
from fazhi.reports.rendering import TemplateInvalid


class Command(BaseCommand):
    help = "生成单位的法治政府建设年度报告（.docx，GB/T 9704 格式）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="报告年度")
        parser.add_argument("--unit", required=True, help="单位代码")
        parser.add_argument("--out", required=True, help="输出文件（.docx）")

    def handle(self, *args, year, unit, out, **options):
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"找不到单位代码「{unit}」。")
        report = AnnualReport.objects.filter(unit=found, year=year).first()
        if report is None:
            # A draft that is not saved: the records' figures, no prose yet.
            report = new_report(found, year)
        try:
            data = docx_for(report)
        except TemplateInvalid as invalid:
            raise CommandError("；".join(invalid.problems)) from None
        Path(out).write_bytes(data)
        state = report.get_status_display() if report.pk else "草稿（未建立报告）"
        self.stdout.write(f"已生成 {out}（{found.name}{year}年度，{state}）。")
