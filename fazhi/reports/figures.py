"""The figures of a report: live from the records, or frozen at submission — and what has
changed since.

Frozen figures keep, per indicator key the template uses, the value (numerator and denominator
for a rate), the ids of the records behind it, the settings that decided it (`setting_note`)
and, for a rate, the rounding its register's setting gave it then; and the values of the year
before that the template compares with (`previous`). So a published report renders the same
text later, whatever the settings have become, and a record changed since shows up as a named
difference.
"""

from decimal import Decimal

from fazhi.core.models import RegisterSetting
from fazhi.core.registers import get_register
from fazhi.indicators.compute import DENOMINATOR, NUMERATOR, balances, compute, records_for
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.indicators.rounding import Rounding, rounding_of

from .numbers import LEGACY


def live_figures(keys, unit, year: int) -> dict:
    """The report's figures over the unit's whole subtree: the report is the unit's, not its
    reader's, so no user narrows it (whoever opens the records behind a figure still sees only
    what the access rule allows)."""
    return compute(sorted(keys), Period.year(year), unit)


def values_of(figures: dict) -> dict:
    return {key: figure.value for key, figure in figures.items()}


def notes_of(figures: dict) -> dict:
    return {key: figure.setting_note for key, figure in figures.items()}


def previous_figures(keys, unit, year: int) -> dict:
    """The same figures of the year before, for the same unit (a template's prev() and yoy)."""
    return live_figures(keys, unit, year - 1) if keys else {}


def roundings_of(found: dict) -> dict[str, Rounding]:
    """How each rate among computed figures is printed: as compute() recorded it for their
    unit (Figure.rounding)."""
    return {key: figure.rounding for key, figure in found.items() if figure.indicator.is_rate}


def roundings(keys, unit) -> dict[str, Rounding]:
    """How each rate among `keys` is printed for `unit`: its register's rounding setting as
    in force there (a unit's own choice, else the nearest one above it, else the default)."""
    rates = [key for key in keys if INDICATORS[key].is_rate]
    if not rates:
        return {}
    settings = RegisterSetting.objects.current(unit)
    return {key: rounding_of(INDICATORS[key].register, settings) for key in rates}


def rounding_text(rounding: Rounding) -> str:
    """A rounding as its setting stores it (`half_up_2`), as a frozen report keeps it."""
    return f"{rounding.mode}_{rounding.places}"


def balance_problems(unit, year: int) -> list[str]:
    """Every breakdown declared to sum to its whole, checked for the report's unit and year."""
    wanted = [i for i in INDICATORS.values() if i.group is not None and i.group.parts_sum_to_whole]
    found = compute([i.key for i in wanted], Period.year(year), unit)
    return [
        f"「{b['whole'].indicator.label}」为 {b['whole'].value}，"
        f"但其 {b['parts']} 项分类之和为 {b['total']}"
        for b in balances(wanted, found)
        if not b["ok"]
    ]


def _ids(key: str, unit, year: int, part: str) -> list[int]:
    records = records_for(key, Period.year(year), unit, part=part)
    return sorted(records.values_list("pk", flat=True))


def freeze(keys, unit, year: int) -> dict:
    """{key: {value, numerator, denominator, records: {numerator: ids, denominator: ids},
    setting_note, rounding (a rate's)}}."""
    frozen = {}
    for key, figure in live_figures(keys, unit, year).items():
        entry = {"value": as_text(figure.value), "register": INDICATORS[key].register}
        entry["setting_note"] = figure.setting_note
        if INDICATORS[key].is_rate:
            entry["rounding"] = rounding_text(figure.rounding)
        entry["records"] = {NUMERATOR: _ids(key, unit, year, NUMERATOR)}
        if INDICATORS[key].is_rate:
            entry["numerator"], entry["denominator"] = (
                as_text(figure.numerator),
                as_text(figure.denominator),
            )
            entry["records"][DENOMINATOR] = _ids(key, unit, year, DENOMINATOR)
        frozen[key] = entry
    return frozen


def freeze_previous(keys, unit, year: int) -> dict:
    """The values of the year before that the template uses: {year, figures: {key: {value,
    setting_note}}}."""
    entries = {}
    for key, figure in previous_figures(keys, unit, year).items():
        entries[key] = {"value": as_text(figure.value), "setting_note": figure.setting_note}
        if INDICATORS[key].is_rate:
            # A rate printed only as last year's (`prev`) keeps its rounding too.
            entries[key]["rounding"] = rounding_text(figure.rounding)
    return {"year": year - 1, "figures": entries}


def frozen_values(frozen_figures: dict) -> dict:
    return {key: _number(entry["value"]) for key, entry in frozen_figures.items()}


def frozen_previous(frozen: dict) -> dict:
    """The previous year's values a frozen report keeps (none before they were kept)."""
    return frozen_values(frozen.get("previous", {}).get("figures", {}))


def frozen_roundings(frozen_figures: dict, frozen_previous_figures: dict | None = None) -> dict:
    """Each frozen rate's rounding as it was frozen (of this year's figures, and of last
    year's a template prints with `prev`); a report frozen before rounding was a setting
    printed `pct` as LEGACY, and so it still does."""
    found = {
        key: Rounding.parse(entry["rounding"])
        for key, entry in (frozen_previous_figures or {}).items()
        if "rounding" in entry
    }
    found.update(
        {
            key: Rounding.parse(entry["rounding"]) if "rounding" in entry else LEGACY
            for key, entry in frozen_figures.items()
            if "denominator" in entry or (key in INDICATORS and INDICATORS[key].is_rate)
        }
    )
    return found


def frozen_notes(frozen_figures: dict) -> dict:
    return {key: entry.get("setting_note", "") for key, entry in frozen_figures.items()}


def as_text(value) -> str | None:
    return None if value is None else str(value)


def _number(text):
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else value


def differences(frozen_figures: dict, unit, year: int, since) -> list[dict]:
    """The frozen figures that the records would now give differently, each with why: records
    counted now that were not, records no longer counted, records changed since `since`."""
    live = live_figures(frozen_figures, unit, year)
    found = []
    for key, entry in frozen_figures.items():
        now = live[key]
        parts = entry["records"]
        current = {part: set(_ids(key, unit, year, part)) for part in parts}
        before = {part: set(ids) for part, ids in parts.items()}
        added = sum(len(current[p] - before[p]) for p in parts)
        removed = sum(len(before[p] - current[p]) for p in parts)
        model = _model(entry["register"])
        kept = set().union(*(current[p] & before[p] for p in parts))
        changed = model.objects.filter(pk__in=kept, updated_at__gt=since).count() if kept else 0
        if as_text(now.value) != entry["value"] or added or removed:
            found.append(
                {
                    "key": key,
                    "label": INDICATORS[key].label,
                    "frozen": entry["value"],
                    "now": as_text(now.value),
                    "added": added,
                    "removed": removed,
                    "changed": changed,
                }
            )
    return found


def _model(register_name: str):
    return get_register(register_name).model
