"""Which figures the dashboard shows for each business line.

The registry holds every figure; a dashboard shows a few per line. `main` are the big numbers,
`charted` the counts drawn month by month, `rates` the rates shown as numerator / denominator.
Only flow counts (things that happen on a date within the period) are charted: their months
add up to the year. Stocks (在册 at the period's end), overdue counts judged at the period's
end and yearly subsidy rounds do not, so they are big numbers only.
"""

from dataclasses import dataclass

from fazhi.core.access import viewable_registers
from fazhi.indicators.registry import INDICATORS
from fazhi.portal.business_lines import BUSINESS_LINES, BusinessLine


@dataclass(frozen=True)
class LineFigures:
    main: tuple[str, ...]
    charted: tuple[str, ...] = ()
    rates: tuple[str, ...] = ()


SELECTION: dict[str, LineFigures] = {
    "reconsideration": LineFigures(
        main=(
            "reconsideration.received",
            "reconsideration.accepted",
            "reconsideration.closed",
            "reconsideration.corrected",
            "reconsideration.overdue",
        ),
        charted=("reconsideration.received", "reconsideration.closed"),
        rates=("reconsideration.correction_rate", "reconsideration.mediation_rate"),
    ),
    "litigation": LineFigures(
        main=(
            "litigation.handled",
            "litigation.received",
            "litigation.concluded",
            "litigation.lost",
        ),
        charted=("litigation.received", "litigation.concluded"),
        rates=("litigation.loss_rate", "litigation.head_appearance_rate"),
    ),
    "legality": LineFigures(
        main=("legality.opinions", "legality.overdue", "normative.filed", "normative.late_filed"),
        charted=("legality.opinions", "normative.filed"),
    ),
    "enforcement": LineFigures(
        main=(
            "enforcement.files_reviewed",
            "enforcement.files_with_problems",
            "enforcement.units_rectifying",
            "law_report.reporters",
        ),
        charted=("enforcement.files_reviewed", "enforcement.files_with_problems"),
        rates=("enforcement.rectified_rate",),
    ),
    "legal_services": LineFigures(
        main=(
            "legal_aid.accepted",
            "legal_aid.closed",
            "legal_aid.recovered",
            "consultation.person_times",
            "notarization.issued",
        ),
        charted=("legal_aid.accepted", "consultation.person_times", "notarization.issued"),
    ),
    "mediation": LineFigures(
        main=("mediation.received", "mediation.succeeded", "mediation.subsidy_amount"),
        charted=("mediation.received", "mediation.succeeded"),
        rates=("mediation.success_rate",),
    ),
    "corrections": LineFigures(
        main=(
            "corrections.registered",
            "corrections.admitted",
            "corrections.released",
            "corrections.education_person_times",
        ),
        charted=("corrections.admitted", "corrections.released"),
    ),
    "resettlement": LineFigures(
        main=("resettlement.registered", "resettlement.key_subjects", "resettlement.key_released"),
        charted=("resettlement.key_released",),
        rates=(
            "resettlement.archive_rate",
            "resettlement.escort_rate",
            "resettlement.placement_rate",
        ),
    ),
    "publicity": LineFigures(
        main=("publicity.activities", "publicity.audience", "publicity.articles"),
        charted=("publicity.activities", "publicity.articles"),
    ),
}


@dataclass(frozen=True)
class LineChoice:
    line: BusinessLine
    main: tuple[str, ...]
    charted: tuple[str, ...]
    rates: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.main + self.rates


def lines_for(user) -> list[LineChoice]:
    """The lines the user may view, each with the figures of its registers he may view."""
    registers = viewable_registers(user)

    def mine(keys):
        return tuple(k for k in keys if k in INDICATORS and INDICATORS[k].register in registers)

    chosen = []
    for line in BUSINESS_LINES:
        figures = SELECTION.get(line.key)
        if figures is None:
            continue
        choice = LineChoice(line, mine(figures.main), mine(figures.charted), mine(figures.rates))
        if choice.main or choice.rates:
            chosen.append(choice)
    return chosen


def comparison_columns(user) -> list[tuple[BusinessLine, list[str]]]:
    """Every indicator the user may view that is not one item of a breakdown, by line, in the
    registry's order: the comparison table's columns."""
    registers = viewable_registers(user)
    columns = []
    for line in BUSINESS_LINES:
        keys = [
            key
            for key, indicator in INDICATORS.items()
            if indicator.register in line.registers
            and indicator.register in registers
            and not indicator.is_part
        ]
        if keys:
            columns.append((line, keys))
    return columns
