"""python manage.py indicators --year Y [--unit CODE] --format json|table [--from D --to D]"""

import argparse
import datetime
import json
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Unit
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period

RATE_PLACES = Decimal("0.0001")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式不正确，应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "计算统计指标（单位及其下级单位，按年度或日期区间），输出 JSON 或表格。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="统计年度")
        parser.add_argument("--unit", help="单位代码；默认为顶级单位")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--from", dest="date_from", type=_date, help="起始日期（含）")
        parser.add_argument("--to", dest="date_to", type=_date, help="截止日期（含）")

    def handle(self, *args, **options):
        period = _period(options["year"], options["date_from"], options["date_to"])
        unit = _unit(options["unit"])
        figures = compute(list(INDICATORS), period, unit)
        if options["format"] == "json":
            self.stdout.write(as_json(figures))
        else:
            self.stdout.write(as_table(figures, period, unit))


def _period(year, date_from, date_to) -> Period:
    """--from/--to narrow (or replace) the year; a range needs both ends one way or another."""
    start = date_from or (datetime.date(year, 1, 1) if year else None)
    end = date_to or (datetime.date(year, 12, 31) if year else None)
    if start is None or end is None:
        raise CommandError("请指定 --year，或同时指定 --from 和 --to。")
    if start > end:
        raise CommandError(f"起始日期 {start:%Y-%m-%d} 晚于截止日期 {end:%Y-%m-%d}。")
    return Period(start, end)


def _unit(code: str | None) -> Unit:
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"未知的单位代码「{code}」。")
        return unit
    roots = list(Unit.objects.filter(parent=None).order_by("code"))
    if not roots:
        raise CommandError("系统中还没有单位，请先用 load_units 导入单位。")
    if len(roots) > 1:
        listed = "、".join(f"{u.code} {u.name}" for u in roots)
        raise CommandError(f"有多个顶级单位（{listed}），请用 --unit 指定单位代码。")
    return roots[0]


def _number(value, *, rate: bool = False):
    if value is None:
        return None
    if rate:
        return float(Decimal(value).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def as_json(figures) -> str:
    found = {}
    for key, figure in figures.items():
        indicator = figure.indicator
        item = {
            "label": indicator.label,
            "unit": indicator.unit,
            "value": _number(figure.value, rate=indicator.is_rate),
        }
        if indicator.is_rate:
            item["numerator"] = _number(figure.numerator)
            item["denominator"] = _number(figure.denominator)
        found[key] = item
    return json.dumps(found, ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _shown(figure) -> str:
    if not figure.indicator.is_rate:
        return str(_number(figure.value))
    return f"{figure.shown}（{figure.numerator}/{figure.denominator}）"


def as_table(figures, period: Period, unit: Unit) -> str:
    rows = [("指标键", "指标", "数值", "单位")]
    notes = []
    for key, figure in figures.items():
        rows.append((key, figure.indicator.label, _shown(figure), figure.indicator.unit))
        if figure.setting_note:
            notes.append(f"注：{figure.indicator.label} — {figure.setting_note}")
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = [f"{unit.name}（{unit.code}）及下级单位 · {period}"]
    for row in rows:
        cells = [_pad(cell, widths[i], right=i == 2) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines + notes)
