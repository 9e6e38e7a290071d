"""The 以奖代补 tier tables, one per unit that pays (SubsidyTier rows kept as history: the latest
per unit, year and 疑难程度 holds), read once per save or import. A case is paid from the
table of the nearest unit above it that set one (rules.tier_of), so each county pays from its
own money, or from the defaults its prefecture or province set."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from . import rules
from .models import Difficulty, SubsidyTier


def _latest(rows):
    """The rows of `rows` that are the latest setting of their (unit, year, 疑难程度)."""
    latest = SubsidyTier.objects.filter(
        unit=OuterRef("unit"), year=OuterRef("year"), difficulty=OuterRef("difficulty")
    ).order_by("-set_at", "-id")
    return rows.filter(pk=Subquery(latest.values("pk")[:1]))


def current_tiers(rows=None) -> dict[str, dict[tuple[int, str], Decimal]]:
    """{unit path: {(year, difficulty): amount}} of the latest setting of each, for every
    unit (the register's settings: any case may be saved) or for `rows`; one query."""
    rows = SubsidyTier.objects.all() if rows is None else rows
    table: dict[str, dict[tuple[int, str], Decimal]] = {}
    found = _latest(rows).values_list("unit__path", "year", "difficulty", "amount")
    for path, year, difficulty, amount in found:
        table.setdefault(path, {})[(year, difficulty)] = amount
    return table


def tiers_above(unit) -> dict[str, dict[tuple[int, str], Decimal]]:
    """current_tiers of `unit` and the units above it only: all a case of `unit` is paid by."""
    return current_tiers(SubsidyTier.objects.filter(unit__path__in=rules.ancestor_paths(unit.path)))


@dataclass(frozen=True)
class TierRow:
    difficulty: str
    label: str
    amount: Decimal
    source: str  # 本单位设置 / 继承自 XX / 默认标准


CENTS = Decimal("0.01")  # the default tiers are whole yuan; shown like stored ones
OWN = "本单位设置"
DEFAULT = "默认标准"


def table_for(user, year: int) -> list[TierRow]:
    """The tiers `user`'s unit pays in `year`, each saying where it comes from; only the
    settings he may see (his unit's and its ancestors'), in one query."""
    visible = SubsidyTier.objects.visible_to(user).filter(year=year)
    tiers: dict[str, dict[tuple[int, str], Decimal]] = {}
    names: dict[str, str] = {}
    found = _latest(visible).values_list("unit__path", "unit__name", "difficulty", "amount")
    for path, name, difficulty, amount in found:
        tiers.setdefault(path, {})[(year, difficulty)] = amount
        names[path] = name
    rows = []
    for value, label in Difficulty.choices:
        amount, source = rules.tier_of(tiers, user.unit.path, year, value)
        if source is None:
            where = DEFAULT
        elif source == user.unit.path:
            where = OWN
        else:
            where = f"继承自{names[source]}"
        rows.append(TierRow(value, label, amount.quantize(CENTS), where))
    return rows
