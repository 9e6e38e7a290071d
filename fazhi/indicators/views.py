"""The figures page, the records behind a figure, and the settings that change figures.

Figures are computed with the reader as `user`, so they count only records he may see; a
register's section appears only for readers with a view scope on it.
"""

from collections import defaultdict
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import permissions
from fazhi.core.access import viewable_registers
from fazhi.core.columns import cell_text
from fazhi.core.errors import ActionRefused
from fazhi.core.masks import mask
from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.pagination import paginate, query_without_page
from fazhi.core.register_settings import SETTINGS, valid_value
from fazhi.core.registers import REGISTERS
from fazhi.core.spreadsheet import CONTENT_TYPE, Book
from fazhi.core.templatetags.fazhi import deadline_date

from . import periods
from .actions import SettingInvalid, change_setting, clear_setting, stored_unit
from .compute import DENOMINATOR, NUMERATOR, balances, compute, records_for
from .registry import INDICATORS, Choose, unit_setting_keys


def _chosen(request) -> periods.Chosen:
    """The period asked for by `year` and `period`, or a default with the reason."""
    get = request.GET
    return periods.choose(get.get("year"), get.get("period"), timezone.localdate())


def _query(chosen: periods.Chosen, unit, **more) -> str:
    return urlencode({**chosen.query(), "unit": unit.code, **more})


def asked_unit(request):
    """The unit asked for (by code) among those the user sees, else his own (the figures page
    and the official tables choose their unit alike)."""
    code = request.GET.get("unit", "").strip()
    if code:
        return get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    return request.user.unit


def unit_options(user, chosen):
    """His unit and two levels below it: a select stays short even for a province."""
    near = Q(pk=user.unit_id) | Q(parent_id=user.unit_id) | Q(parent__parent_id=user.unit_id)
    units = list(Unit.objects.visible_to(user).filter(near).order_by("path"))
    if chosen is not None and chosen not in units:
        units.append(chosen)
    for unit in units:
        unit.indent = "\u3000" * max(unit.depth - user.unit.depth, 0)
    return units


def _viewable(user, register_name: str) -> bool:
    return register_name in viewable_registers(user)


def _by_register(user) -> dict[str, list]:
    found = defaultdict(list)
    for indicator in INDICATORS.values():
        if _viewable(user, indicator.register):
            found[indicator.register].append(indicator)
    return found


def _records_url(key: str, chosen, unit, part: str = NUMERATOR) -> str:
    # The same period as the figure, so the records listed are exactly those it counted.
    more = {"part": DENOMINATOR} if part == DENOMINATOR else {}
    return f"{reverse('indicators:records', args=[key])}?{_query(chosen, unit, **more)}"


def _row(figure, chosen, unit) -> dict:
    indicator = figure.indicator
    return {
        "indicator": indicator,
        "figure": figure,
        "shown": figure.shown,
        "url": _records_url(indicator.key, chosen, unit),
        "denominator_url": _records_url(indicator.key, chosen, unit, DENOMINATOR),
    }


def _sections(user, chosen, unit) -> list[dict]:
    """The figures of each register the user reads, for `unit`'s subtree in the period."""
    if unit is None:
        return []
    families = _by_register(user)
    keys = [i.key for indicators in families.values() for i in indicators]
    found = compute(keys, chosen.range, unit, user=user)
    return [
        {
            "register": REGISTERS[name],
            "rows": [_row(found[i.key], chosen, unit) for i in indicators],
            "balances": balances(indicators, found),
        }
        for name, indicators in families.items()
    ]


@require_GET
def figures(request):
    user, chosen = request.user, _chosen(request)
    unit = asked_unit(request)
    sections = _sections(user, chosen, unit)
    context = {
        "chosen": chosen,
        "query": _query(chosen, unit) if unit is not None else "",
        "years": range(timezone.localdate().year, periods.FIRST_YEAR - 1, -1),
        "period_groups": periods.OPTION_GROUPS,
        "unit": unit,
        "units": unit_options(user, unit) if unit is not None else [],
        "sections": sections,
    }
    return render(request, "indicators/figures.html", context)


def _period_text(chosen) -> str:
    return f"{chosen.label}（{chosen.dates}）" if chosen.dates else chosen.label


FIGURE_HEADERS = ("条线", "指标", "数值", "分子", "分母", "单位", "口径")


@require_GET
def figures_xlsx(request):
    """What the figures page shows, as a workbook: one row per figure, its line first, the
    value as the page shows it and a rate's numerator and denominator as numbers."""
    user, chosen = request.user, _chosen(request)
    unit = asked_unit(request)
    if unit is None:
        raise Http404("没有可统计的单位")
    if chosen.problem:
        # A workbook cannot say why it holds another period: the page says it, and offers
        # the workbook of the period it shows.
        return redirect(f"{reverse('indicators:figures')}?{request.GET.urlencode()}")
    with Book(title=f"{unit.name}{chosen.label}统计指标") as book:
        sheet = book.sheet("统计指标")
        sheet.add_row([f"{unit.name}及下级单位 · {_period_text(chosen)}"])
        sheet.add_row(FIGURE_HEADERS)
        for section in _sections(user, chosen, unit):
            for row in section["rows"]:
                figure, indicator = row["figure"], row["indicator"]
                rate = indicator.is_rate
                sheet.add_row(
                    [
                        section["register"].label,
                        indicator.label,
                        row["shown"] if rate else figure.value,
                        figure.numerator if rate else None,
                        figure.denominator if rate else None,
                        indicator.unit,
                        indicator.definition,
                    ]
                )
        content = book.save()
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = quote(f"统计指标-{unit.name}-{chosen.label}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _columns(register, indicator) -> list:
    model = register.model
    names = (
        indicator.columns
        or [c.field for c in register.columns if c.field not in ("number", "unit")][:4]
    )
    return [model._meta.get_field(name) for name in names]


def _detail_url(register, record) -> str:
    """The record's page, when its register declares one."""
    if not register.detail_url:
        return ""
    try:
        return reverse(register.detail_url, args=[record.pk])
    except NoReverseMatch:
        return ""


def _operand_label(indicator, part: str, keys, unit) -> str:
    """What the listed records are: the figures they are (败诉, 判决败诉), or where a setting
    chose a long list of them, the setting's choice, which reads better than a dozen labels."""
    operand = indicator.denominator if part == DENOMINATOR else indicator.numerator
    if isinstance(operand, Choose) and len(keys) > LABELLED_OPERANDS:
        setting = SETTINGS[operand.setting]
        return setting.label_of(RegisterSetting.objects.current(unit)[setting.key])
    return " + ".join(INDICATORS[k].label for k in keys)


LABELLED_OPERANDS = 3


def _figures_url(chosen, unit) -> str:
    return f"{reverse('indicators:figures')}?{_query(chosen, unit)}"


def _part(request, indicator) -> str:
    asked = request.GET.get("part")
    return DENOMINATOR if indicator.is_rate and asked == DENOMINATOR else NUMERATOR


def _is_computed_deadline(register, field) -> bool:
    """A stored deadline the rules compute on the calendar (审理期限 decision_deadline, the
    current due_date), which may be provisional; one entered in a column (案卷评查's 整改期限)
    is a date someone chose, settled whatever the calendar."""
    is_deadline = field.name == "due_date" or field.name.endswith("_deadline")
    return is_deadline and all(c.field != field.name for c in register.columns)


def _cell(register, record, field):
    # Personal data is masked here even for those who may see it: the list is about a
    # figure, and the record's own page shows (and logs) the full value.
    if field.name in register.sensitive:
        return mask(register.sensitive[field.name], getattr(record, field.attname))
    # A deadline counted as passed may be provisional (暂定): the list behind the figure says
    # so, as the case page and the board do, so nobody takes the count for settled.
    if _is_computed_deadline(register, field) and getattr(record, field.attname):
        return deadline_date(getattr(record, field.attname))
    return cell_text(record, field)


def record_rows(register, indicator, page) -> tuple[list, list]:
    columns = _columns(register, indicator)
    rows = [
        {
            "record": record,
            "url": _detail_url(register, record),
            "cells": [_cell(register, record, field) for field in columns],
        }
        for record in page
    ]
    return [field.verbose_name for field in columns], rows


@require_GET
def records(request, key):
    indicator = INDICATORS.get(key)
    if indicator is None:
        raise Http404("未知的统计指标。")
    if not _viewable(request.user, indicator.register):
        raise PermissionDenied("您没有查看该登记簿的权限。")
    chosen, unit = _chosen(request), asked_unit(request)
    if unit is None:
        raise PermissionDenied("您尚未分配所属单位，不能查看统计数据。")
    register, period, part = (
        REGISTERS[indicator.register],
        chosen.range,
        _part(request, indicator),
    )
    figure = compute([key], period, unit, user=request.user)[key]
    listed = records_for(key, period, unit, request.user, part=part).select_related("unit")
    page = paginate(request, listed)
    columns, rows = record_rows(register, indicator, page)
    other = NUMERATOR if part == DENOMINATOR else DENOMINATOR
    part_keys = figure.denominator_keys if part == DENOMINATOR else figure.numerator_keys
    context = {
        "indicator": indicator,
        "figure": figure,
        "shown": figure.shown,
        "part": part,
        "part_label": _operand_label(indicator, part, part_keys, unit),
        "other_url": _records_url(key, chosen, unit, other),
        "register": register,
        "chosen": chosen,
        "unit": unit,
        "columns": columns,
        "rows": rows,
        "page": page,
        "query": query_without_page(request),
        "figures_url": _figures_url(chosen, unit),
    }
    return render(request, "indicators/records.html", context)


DEFAULTS = "defaults"  # the settings page's choice of the defaults' row, not a unit's


def _settings_unit(request):
    """The unit whose settings the page shows: asked for by code among those the user sees, or
    the defaults (`unit=defaults`, or nothing asked by a top unit's user), else his own unit.
    Returns (unit or None for the defaults, whether the defaults were asked for)."""
    code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
    user = request.user
    if code == DEFAULTS or (not code and (user.unit is None or user.unit.is_top)):
        return None
    unit = user.unit if not code else get_object_or_404(Unit.objects.visible_to(user), code=code)
    return stored_unit(unit)


def _setting_rows(user, unit) -> list[dict]:
    """Every setting as it holds for `unit` (None: the defaults), where its value comes from,
    and whether `user` may choose it there."""
    own = {
        row.key: row
        for row in RegisterSetting.objects.filter(key__in=SETTINGS, unit=unit).select_related(
            "updated_by"
        )
    }
    in_force = RegisterSetting.objects.in_force(unit)
    per_unit = unit_setting_keys()
    may = permissions.allows("indicators.change_settings", user, unit)
    rows = []
    for key, setting in SETTINGS.items():
        value, source = in_force[key]
        chosen = set(value) if setting.multiple else {value}
        rows.append(
            {
                "setting": setting,
                "value_label": setting.label_of(value),
                "default_label": setting.label_of(setting.default),
                "source": _source(unit, source, key in own, value == setting.default),
                "choices": [(v, label, v in chosen) for v, label in setting.choices],
                "stored": own.get(key),
                "changeable": may and (unit is None or key in per_unit),
                "per_unit": key in per_unit,
            }
        )
    return rows


def _source(unit, source, own: bool, is_default: bool) -> str:
    """Where a value comes from, in words."""
    if own:
        return "本单位设置" if unit is not None else "已设置的默认值"
    if source is not None:
        return f"沿用{source.name}的设置"
    return "系统默认" if is_default else "沿用全部单位的默认值"


@require_http_methods(["GET", "POST"])
def settings_page(request):
    unit = _settings_unit(request)
    if request.method == "POST":
        permissions.require_page("indicators.change_settings", request.user, unit)
        _change(request, unit)
        code = unit.code if unit is not None else DEFAULTS
        return redirect(f"{reverse('indicators:settings')}?{urlencode({'unit': code})}")
    user = request.user
    context = {
        "rows": _setting_rows(user, unit),
        "unit": unit,
        "units": unit_options(user, unit) if user.unit is not None else [],
        "offers_defaults": user.unit is not None and user.unit.is_top,
        "defaults": DEFAULTS,
        "can_change": permissions.allows("indicators.change_settings", user, unit),
    }
    return render(request, "indicators/settings.html", context)


def _change(request, unit):
    setting = SETTINGS.get(request.POST.get("key", ""))
    if setting is None:
        messages.error(request, "未知的指标设置。")
        return
    where = unit.name if unit is not None else "全部单位的默认值"
    try:
        if request.POST.get("clear"):
            cleared = clear_setting(request.user, setting.key, unit)
            shown = RegisterSetting.objects.current(unit)[setting.key]
            if cleared:
                messages.success(
                    request,
                    f"「{setting.label}」（{where}）已恢复沿用：{setting.label_of(shown)}。",
                )
            return
        value = request.POST.getlist("value") if setting.multiple else request.POST.get("value")
        change_setting(request.user, setting.key, value, unit)
    except (ActionRefused, SettingInvalid) as refusal:
        messages.error(request, str(refusal))
        return
    chosen = valid_value(setting, value)
    messages.success(
        request, f"已将「{setting.label}」（{where}）修改为：{setting.label_of(chosen)}。"
    )
