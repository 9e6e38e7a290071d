"""The 以奖代补 tier table per year, kept as history (SubsidyTier rows; the latest per year and
疑难程度 holds), read once per save or import."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery

from .models import DEFAULT_TIERS, Difficulty, SubsidyTier


def current_tiers() -> dict[tuple[int, str], Decimal]:
    """{(year, difficulty): amount} of the latest setting of each; one query."""
    latest = SubsidyTier.objects.filter(
        year=OuterRef("year"), difficulty=OuterRef("difficulty")
    ).order_by("-set_at", "-id")
    rows = SubsidyTier.objects.filter(pk=Subquery(latest.values("pk")[:1]))
    return {(t.year, t.difficulty): t.amount for t in rows}


def table_for(year: int, tiers: dict | None = None) -> list[tuple[str, str, Decimal]]:
    """[(difficulty, label, amount)] of a year, defaults where nothing was set."""
    tiers = current_tiers() if tiers is None else tiers
    return [
        (value, label, tiers.get((year, value), DEFAULT_TIERS[value]))
        for value, label in Difficulty.choices
    ]
