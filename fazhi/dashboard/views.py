"""The dashboard (a unit subtree's year at a glance) and the comparison of child units.

Figures are computed with the reader as `user`, so they count only records he may see, and a
line appears only if he may view one of its registers. A unit code outside the reader's own
subtree is refused (403), the same answer whether or not the code exists.
"""

import datetime
from urllib.parse import quote, urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core import audit
from fazhi.core.models import AuditAction, Unit
from fazhi.core.spreadsheet import CONTENT_TYPE
from fazhi.indicators.compute import DENOMINATOR, compute, compute_monthly
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.portal.board import board_for

from .compare import (
    CHILDREN,
    COUNTIES,
    comparison,
    comparison_xlsx,
    has_compared_units,
    number,
    percent,
)
from .dates import default_year, report_dates
from .selection import lines_for

FIRST_YEAR = 2000
MONTH_NUMBERS = range(1, 13)
MONTHS = [f"{m}月" for m in MONTH_NUMBERS]


def _year(request, today: datetime.date) -> int:
    fallback = default_year(today)
    try:
        year = int(request.GET.get("year", fallback))
    except ValueError:
        return fallback
    return year if FIRST_YEAR <= year <= today.year else fallback


def _unit(request) -> Unit:
    user = request.user
    if user.unit_id is None:
        raise PermissionDenied("您尚未分配所属单位，不能查看统计数据。")
    code = request.GET.get("unit", "").strip()
    if not code or code == user.unit.code:
        return user.unit
    unit = Unit.objects.visible_to(user).filter(code=code).first()
    if unit is None:
        raise PermissionDenied("您只能查看本单位及下级单位的数据。")
    return unit


def _unit_options(user, chosen: Unit) -> list[Unit]:
    """His unit and two levels below it (a select stays short even for a province), plus the
    unit chosen if it lies deeper."""
    near = Q(pk=user.unit_id) | Q(parent_id=user.unit_id) | Q(parent__parent_id=user.unit_id)
    units = list(Unit.objects.visible_to(user).filter(near).order_by("path"))
    if chosen not in units:
        units.append(chosen)
    for unit in units:
        unit.indent = "\u3000" * max(unit.depth - user.unit.depth, 0)
    return units


def _records_url(key: str, year: int, unit: Unit, part: str = "") -> str:
    params = {"year": year, "unit": unit.code}
    if part:
        params["part"] = part
    return f"{reverse('indicators:records', args=[key])}?{urlencode(params)}"


def _plain(value):
    """A figure as JSON can carry it (json_script would turn a Decimal into a string)."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def monthly_series(keys, year: int, unit: Unit, user, today: datetime.date) -> dict:
    """{key: {year: [12 values]}} for `year` and the year before, from compute_monthly over the
    months begun (one query per family of flows, not one per month); a month that has not
    begun is None (not yet), not 0."""
    last = min((year, 12), (today.year, today.month))
    found = compute_monthly(keys, (year - 1, 1), last, unit, user=user)
    return {
        key: {
            y: [_plain(found[key][(y, m)]) if (y, m) in found[key] else None for m in MONTH_NUMBERS]
            for y in (year, year - 1)
        }
        for key in keys
    }


def _board_counts(user, today) -> dict:
    sections, note = board_for(user, today)
    overdue = sum(c["overdue"] for s in sections for c in s.counts)
    soon = sum(c["soon"] for s in sections for c in s.counts)
    return {"overdue": overdue, "soon": soon, "note": note, "shown": bool(sections)}


def _rate_row(figure, year, unit) -> dict:
    return {
        "indicator": figure.indicator,
        "figure": figure,
        "shown": percent(figure.value),
        "numerator_url": _records_url(figure.key, year, unit),
        "denominator_url": _records_url(figure.key, year, unit, DENOMINATOR),
    }


@require_GET
def dashboard(request):
    user, today = request.user, timezone.localdate()
    year, unit = _year(request, today), _unit(request)
    choices = lines_for(user)
    keys = list(dict.fromkeys(k for c in choices for k in c.keys))
    charted = list(dict.fromkeys(k for c in choices for k in c.charted))
    found = compute(keys, Period.year(year), unit, user=user) if keys else {}
    series = monthly_series(charted, year, unit, user, today) if charted else {}
    lines, charts = [], []
    for choice in choices:
        chart_id = f"chart-{choice.line.key}"
        lines.append(
            {
                "line": choice.line,
                "figures": [
                    {
                        "indicator": INDICATORS[k],
                        "value": found[k].value,
                        "shown": number(found[k].value),
                        "url": _records_url(k, year, unit),
                    }
                    for k in choice.main
                ],
                "rates": [_rate_row(found[k], year, unit) for k in choice.rates],
                "chart_id": chart_id if choice.charted else "",
            }
        )
        if choice.charted:
            charts.append(
                {
                    "id": chart_id,
                    "title": choice.line.label,
                    "keys": list(choice.charted),
                    "series": [
                        {
                            "name": f"{y}年{INDICATORS[k].label}",
                            "key": k,
                            "year": y,
                            "current": y == year,
                            "data": series[k][y],
                        }
                        for k in choice.charted
                        for y in (year, year - 1)
                    ],
                }
            )
    reported_year, dates = report_dates(today)
    query = {"year": year, "unit": unit.code}
    context = {
        "year": year,
        "years": range(today.year, FIRST_YEAR - 1, -1),
        "unit": unit,
        "units": _unit_options(user, unit),
        "lines": lines,
        "data": {"months": MONTHS, "charts": charts},
        "reported_year": reported_year,
        "report_dates": dates,
        "board": _board_counts(user, today),
        "can_compare": has_compared_units(unit),
        "compare_url": f"{reverse('dashboard:compare')}?{urlencode(query)}",
    }
    return render(request, "dashboard/dashboard.html", context)


def _scope(request) -> str:
    return COUNTIES if request.GET.get("scope") == COUNTIES else CHILDREN


@require_GET
def compare(request):
    user, today = request.user, timezone.localdate()
    year, unit, scope = _year(request, today), _unit(request), _scope(request)
    table = comparison(user, unit, year, scope)
    if request.GET.get("format") == "xlsx":
        return _xlsx(user, table)
    query = {"year": year, "unit": unit.code}
    context = {
        "table": table,
        "year": year,
        "years": range(today.year, FIRST_YEAR - 1, -1),
        "unit": unit,
        "units": _unit_options(user, unit),
        "scope": scope,
        "counties": COUNTIES,
        "export_url": f"?{urlencode({**query, 'scope': scope, 'format': 'xlsx'})}",
        "children_url": f"?{urlencode(query)}",
        "counties_url": f"?{urlencode({**query, 'scope': COUNTIES})}",
        "dashboard_url": f"{reverse('dashboard:dashboard')}?{urlencode(query)}",
    }
    return render(request, "dashboard/compare.html", context)


def _xlsx(user, table) -> HttpResponse:
    data = comparison_xlsx(table)
    audit.record(
        user,
        AuditAction.EXPORT,
        unit=table.unit,
        note=(
            f"导出下级单位指标对比：{table.unit.name}，{table.year}年度，"
            f"{len(table.rows)} 个单位，{len(table.keys)} 项指标，格式 xlsx"
        ),
    )
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    filename = quote(f"{table.unit.name}{table.year}年度指标对比.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
