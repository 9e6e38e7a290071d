"""The official tables' pages: the list, a table in its layout (each number a link to its
records), its .xlsx (refused while a balance check fails), and the records of a cell that adds
several figures or reports the year so far.

A table is shown to whoever may view every register it counts (filling.visible); the units
offered are those of his subtree, as on the figures page.
"""

import functools
import operator
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.pagination import paginate, query_without_page
from fazhi.core.registers import REGISTERS
from fazhi.core.spreadsheet import CONTENT_TYPE
from fazhi.indicators import periods as figure_periods
from fazhi.indicators.compute import records_for
from fazhi.indicators.registry import INDICATORS
from fazhi.indicators.views import asked_unit, record_rows, unit_options

from . import periods
from .filling import fill, fill_cell, ready, resolved, tables_for, visible
from .layout import KIND_LABELS, code_row, head_rows
from .official import TABLES
from .workbook import workbook


def _table(request, key):
    table = TABLES.get(key)
    if table is None:
        raise Http404("没有这张统计报表。")
    if not visible(table, request.user):
        raise PermissionDenied("您没有查看该报表所统计登记簿的权限。")
    if not ready(table):
        raise Http404("该报表所需的统计指标尚未全部提供，暂不能生成。")
    if request.user.unit is None:
        raise PermissionDenied("您尚未分配所属单位，不能查看统计报表。")
    return table


def _chosen(request, table) -> periods.Chosen:
    get = request.GET
    return periods.choose(table.kind, get.get("year"), get.get("period"), timezone.localdate())


def _query(chosen, unit, **more) -> str:
    return urlencode({**chosen.query(), "unit": unit.code, **more})


def _years():
    return range(timezone.localdate().year, figure_periods.FIRST_YEAR - 1, -1)


# --- the list ------------------------------------------------------------------------------


@require_GET
def table_list(request):
    user, today = request.user, timezone.localdate()
    if user.unit is None:
        return render(request, "tables/list.html", {"unit": None})
    unit = asked_unit(request)
    chosen_year = periods.choose(periods.YEAR, request.GET.get("year"), None, today)
    year = chosen_year.year
    rows = []
    for table in tables_for(user):
        links = []
        if ready(table):
            for code, name in periods.options(table.kind, year, today):
                url = reverse("tables:table", args=[table.key])
                chosen = periods.Chosen(table.kind, year, code)
                links.append((name, f"{url}?{_query(chosen, unit)}"))
        rows.append({"table": table, "links": links})
    context = {
        "unit": unit,
        "units": unit_options(user, unit),
        "year": year,
        "years": _years(),
        "problem": chosen_year.problem,
        "rows": rows,
    }
    return render(request, "tables/list.html", context)


# --- a table -------------------------------------------------------------------------------


def _cell_url(table, cell, chosen, unit) -> str:
    """Where a number leads: the figures page's records of its one figure for the same dates,
    else this app's records of the cell (a sum of figures)."""
    if cell.blank:
        return ""
    code = periods.span_code(chosen.period, cell.column.span)
    if len(cell.keys) == 1:
        query = urlencode({"year": chosen.year, "period": code, "unit": unit.code})
        return f"{reverse('indicators:records', args=[cell.keys[0]])}?{query}"
    query = _query(chosen, unit, row=cell.row.code, column=cell.column.code)
    return f"{reverse('tables:cell', args=[table.key])}?{query}"


def _definition(cell) -> str:
    return "；".join(INDICATORS[key].definition for key in cell.keys)


@require_GET
def table_page(request, key):
    table = _table(request, key)
    chosen, unit = _chosen(request, table), asked_unit(request)
    filled = fill(table, chosen, unit, request.user)
    shown = filled.table
    rows = [
        {
            "row": row,
            "cells": [
                {"cell": c, "url": _cell_url(shown, c, chosen, unit), "title": _definition(c)}
                for c in cells
            ],
        }
        for row, cells in filled.rows
    ]
    waiting = [c for c in shown.checks if c.after_period_end and not filled.period_ended]
    context = {
        "table": shown,
        "filled": filled,
        "chosen": chosen,
        "unit": unit,
        "units": unit_options(request.user, unit),
        "years": _years(),
        "period_options": periods.options(table.kind, chosen.year, timezone.localdate()),
        "head": head_rows(shown),
        "codes": code_row(shown),
        "rows": rows,
        "checks": len(shown.checks) - len(waiting),
        "waiting": len(waiting),
        "query": _query(chosen, unit),
        "list_query": urlencode({"year": chosen.year, "unit": unit.code}),
    }
    return render(request, "tables/table.html", context)


def _file_name(table, unit, chosen) -> str:
    return quote(f"{table.title}-{unit.name}-{chosen.label}.xlsx")


@require_GET
def table_xlsx(request, key):
    """The table as .xlsx, only once every balance check passes: a table that does not add up
    is not to be sent upward."""
    table = _table(request, key)
    chosen, unit = _chosen(request, table), asked_unit(request)
    page = f"{reverse('tables:table', args=[key])}?{_query(chosen, unit)}"
    if chosen.problem:
        return redirect(f"{reverse('tables:table', args=[key])}?{request.GET.urlencode()}")
    filled = fill(table, chosen, unit, request.user)
    if not filled.balanced:
        failures = "；".join(i.message for i in filled.imbalances[:3])
        more = f"等{len(filled.imbalances)}处" if len(filled.imbalances) > 3 else ""
        messages.error(request, f"该报表未通过平衡检查，不能下载：{failures}{more}")
        return redirect(page)
    response = HttpResponse(workbook(filled), content_type=CONTENT_TYPE)
    name = _file_name(filled.table, unit, chosen)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


# --- the records of a cell ----------------------------------------------------------------


def _union(keys, period, unit, user):
    """The records behind several figures of one register, each once."""
    parts = [records_for(key, period, unit, user) for key in keys]
    model = parts[0].model
    anyone = functools.reduce(operator.or_, (Q(pk__in=part.values("pk")) for part in parts))
    return model.objects.filter(anyone)


@require_GET
def cell_records(request, key):
    table = _table(request, key)
    chosen, unit = _chosen(request, table), asked_unit(request)
    shown = resolved(table)
    try:
        row = shown.row(request.GET.get("row", ""))
        column = shown.column(request.GET.get("column", ""))
    except KeyError:
        raise Http404("报表中没有这一格。") from None
    keys = row.keys_in(column)
    if not keys:
        raise Http404("这一格本系统不统计。")
    cell = fill_cell(shown, row, column, chosen, unit, request.user)
    first = INDICATORS[keys[0]]
    register = REGISTERS[first.register]
    period = chosen.range(column.span)
    listed = _union(keys, period, unit, request.user).select_related("unit")
    page = paginate(request, listed)
    columns, records = record_rows(register, first, page)
    context = {
        "table": shown,
        "row": row,
        "column": column,
        "cell": cell,
        "indicators": [INDICATORS[k] for k in keys],
        "register": register,
        "chosen": chosen,
        "dates": chosen.dates(column.span),
        "unit": unit,
        "columns": columns,
        "rows": records,
        "page": page,
        "query": query_without_page(request),
        "table_query": _query(chosen, unit),
        "kind_label": KIND_LABELS[table.kind],
    }
    return render(request, "tables/cell.html", context)
