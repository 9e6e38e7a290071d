"""python manage.py indicators --year Y [--period P] [--unit CODE] --format json|table
                              [--from D --to D]
   python manage.py indicators --list [--unit CODE]
   python manage.py indicators --set KEY=VALUE [--set ...] [--unit CODE]
   python manage.py indicators --clear KEY [--unit CODE]
   python manage.py indicators --doc > docs/figures.md

--set without --unit changes the defaults every unit inherits; with it, the choice for that
unit's subtree (only a figure setting: a denominator, which values count, a rate's rounding).
A set of choices is written VALUE1,VALUE2.
"""

import argparse
import datetime
import json
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.register_settings import SETTINGS, valid_value
from fazhi.indicators import periods
from fazhi.indicators.actions import (
    SettingInvalid,
    change_setting,
    clear_setting,
    stored_unit,
)
from fazhi.indicators.compute import compute
from fazhi.indicators.doc import figures_doc
from fazhi.indicators.registry import INDICATORS, Period, unit_setting_keys

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
        parser.add_argument(
            "--period",
            help="统计期间：year 全年，h1/h2 上下半年，q1–q4 季度，m1–m12 月份，"
            "c1–c12 1月至N月累计",
        )
        parser.add_argument(
            "--list", action="store_true", help="列出全部指标（键、名称、口径）和现行设置"
        )
        parser.add_argument(
            "--doc", action="store_true", help="输出指标口径文档（docs/figures.md 的内容）"
        )
        parser.add_argument(
            "--set",
            dest="assignments",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="修改设置；不指定 --unit 时修改全部单位的默认值",
        )
        parser.add_argument(
            "--clear",
            dest="cleared",
            action="append",
            default=[],
            metavar="KEY",
            help="取消单位的设置，恢复沿用上级（不指定 --unit 时恢复系统默认）",
        )

    def handle(self, *args, **options):
        if options["assignments"] or options["cleared"]:
            unit = stored_unit(_unit(options["unit"])) if options["unit"] else None
            self.stdout.write(change(options["assignments"], options["cleared"], unit))
            return
        if options["doc"]:
            self.stdout.write(figures_doc(), ending="")
            return
        if options["list"]:
            unit = stored_unit(_unit(options["unit"])) if options["unit"] else None
            self.stdout.write(listing(unit))
            return
        period = _period(
            options["year"], options["date_from"], options["date_to"], options["period"]
        )
        unit = _unit(options["unit"])
        figures = compute(list(INDICATORS), period, unit)
        if options["format"] == "json":
            self.stdout.write(as_json(figures))
        else:
            self.stdout.write(as_table(figures, period, unit))


def _period(year, date_from, date_to, named=None) -> Period:
    """--period names a part of --year; --from/--to narrow (or replace) the year; a range
    needs both ends one way or another."""
    if named:
        if not year:
            raise CommandError("使用 --period 时请同时指定 --year。")
        try:
            return periods.period_range(year, named)
        except periods.PeriodInvalid as invalid:
            raise CommandError(f"{invalid}；可用的期间：{'、'.join(periods.PERIODS)}。") from None
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


def change(assignments, cleared, unit) -> str:
    """Apply each KEY=VALUE (and each cleared KEY) for `unit` (None: the defaults), through the
    one audited action; every line of the answer says what now holds."""
    lines, where = [], unit.name if unit is not None else "全部单位的默认值"
    try:
        with transaction.atomic():
            for assignment in assignments:
                key, sign, text = assignment.partition("=")
                setting = SETTINGS.get(key.strip())
                if not sign or setting is None:
                    raise CommandError(
                        f"「{assignment}」不正确，应为 设置项=取值，设置项见 --list。"
                    )
                value = [v.strip() for v in text.split(",")] if setting.multiple else text.strip()
                change_setting(None, setting.key, value, unit)
                shown = setting.label_of(valid_value(setting, value))
                lines.append(f"{where}：{setting.label} = {shown}")
            for key in cleared:
                if key not in SETTINGS:
                    raise CommandError(f"未知的设置项「{key}」，设置项见 --list。")
                clear_setting(None, key, unit)
                shown = SETTINGS[key].label_of(RegisterSetting.objects.current(unit)[key])
                lines.append(f"{where}：{SETTINGS[key].label} 恢复沿用 = {shown}")
    except SettingInvalid as invalid:
        raise CommandError(str(invalid)) from None
    return "\n".join(lines)


def listing(unit) -> str:
    """Every indicator (key, label, unit of measure, definition), then every setting with the
    value in force for `unit` (None: the defaults) and where it comes from."""
    lines = ["# 指标", "指标键\t名称\t单位\t口径"]
    lines += [f"{i.key}\t{i.label}\t{i.unit}\t{i.definition}" for i in INDICATORS.values()]
    where = f"{unit.name}（{unit.code}）" if unit is not None else "全部单位的默认值"
    lines += ["", f"# 设置（{where}）", "设置项\t名称\t现行取值\t来源\t可选取值"]
    per_unit = unit_setting_keys()
    for key, (value, source) in RegisterSetting.objects.in_force(unit).items():
        setting = SETTINGS[key]
        origin = source.name if source is not None else "默认值"
        scope = "" if key in per_unit else "（全部单位统一）"
        options = "、".join(f"{v}={label}" for v, label in setting.choices)
        lines.append(
            f"{key}\t{setting.label}{scope}\t{setting.label_of(value)}\t{origin}\t{options}"
        )
    return "\n".join(lines)


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
