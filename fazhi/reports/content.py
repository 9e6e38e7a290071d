"""What a report is rendered from: its template, particulars, prose and figures — live while
it is a draft, frozen once submitted."""

import datetime
import hashlib
from functools import lru_cache

from . import default_template, figures, rules
from .default_template import characters_wide, place_signature
from .models import AnnualReport, ProseRevision
from .rendering import Content, TemplateUse, render, template_use
from .rules import PARTICULARS

# The name of the default template as a submission stores it (no upload is named so: an
# uploaded template keeps its file's name, which ends in .docx).
DEFAULT_TEMPLATE_NAME = "默认模板"


@lru_cache(maxsize=1)
def default_template_bytes() -> bytes:
    return default_template.build()


def template_bytes(report: AnnualReport) -> bytes:
    return bytes(report.template.content) if report.template_id else default_template_bytes()


def template_sha256(report: AnnualReport) -> str:
    return hashlib.sha256(template_bytes(report)).hexdigest()


# A 2号 (22 pt) title line of the 156 mm type area (GB/T 9704 5.2.1) holds twenty characters.
TITLE_LINE = 20
TITLE_SUBJECT = "法治政府建设情况的报告"


def title_lines(unit_name: str, year: int) -> tuple[str, str]:
    """The report's title as two lines broken between its phrases, never inside a word
    (GB/T 9704 7.3.1: 回行时，要做到词意完整，排列对称，长短适宜): the unit with 关于, the
    year, the subject. Of the two places to break, the one that leaves the lines closest in
    length, neither longer than a line where it can. Pure; a digit is half a character wide."""
    phrases = (f"{unit_name}关于", f"{year}年度", TITLE_SUBJECT)
    splits = [("".join(phrases[:at]), "".join(phrases[at:])) for at in (1, 2)]
    fitting = [s for s in splits if max(map(characters_wide, s)) <= TITLE_LINE] or splits
    return min(fitting, key=lambda s: abs(characters_wide(s[0]) - characters_wide(s[1])))


def meta_of(report: AnnualReport) -> dict:
    first, second = title_lines(report.unit.name, report.year)
    return {
        "title": first,
        "title_more": second,
        "unit_name": report.unit.name,
        "year": report.year,
        "addressee": report.addressee,
        "signer": report.signer,
        "sign_date": report.sign_date,
    }


def prose_of(report: AnnualReport) -> dict[str, str]:
    """The latest text of each block (one query)."""
    latest = {}
    if report.pk is None:
        return latest
    for block, text in (
        ProseRevision.objects.filter(report=report)
        .order_by("block", "-written_at", "-id")
        .values_list("block", "text")
    ):
        latest.setdefault(block, text)
    return latest


def authors_of(report: AnnualReport) -> dict[str, ProseRevision]:
    latest = {}
    for revision in (
        ProseRevision.objects.filter(report=report)
        .select_related("author")
        .order_by("block", "-written_at", "-id")
    ):
        latest.setdefault(revision.block, revision)
    return latest


def content_for(report: AnnualReport, *, mark: bool = False) -> Content:
    """Frozen: the figures, the previous year's values, the roundings and the settings' notes
    as they were at submission. A draft: the figures from the records now, under the settings
    in force for the report's unit now."""
    if report.is_frozen:
        frozen = report.frozen
        meta = dict(frozen["meta"])
        day = meta.get("sign_date")
        meta["sign_date"] = datetime.date.fromisoformat(day) if day else None
        return Content(
            values=figures.frozen_values(frozen["figures"]),
            prose=frozen["prose"],
            meta=meta,
            mark=mark,
            previous=figures.frozen_previous(frozen),
            roundings=figures.frozen_roundings(
                frozen["figures"], frozen.get("previous", {}).get("figures", {})
            ),
            notes=figures.frozen_notes(frozen["figures"]),
        )
    meta = meta_of(report)
    use = template_use(template_bytes(report), meta)
    return live_content(use, report, meta, mark=mark)


def live_content(use: TemplateUse, report: AnnualReport, meta: dict, *, mark=False) -> Content:
    unit, year = report.unit, report.year
    found = figures.live_figures(use.figures, unit, year)
    previous = figures.previous_figures(use.previous, unit, year)
    return Content(
        values=figures.values_of(found),
        prose=prose_of(report),
        meta=meta,
        mark=mark,
        previous=figures.values_of(previous),
        # This year's rounding wins for a rate printed both ways: both are the unit's now.
        roundings={**figures.roundings_of(previous), **figures.roundings_of(found)},
        notes=figures.notes_of(found),
    )


def docx_for(report: AnnualReport) -> bytes:
    # A default template stored before the 成文日期 style existed styled the date 发文机关署名.
    stored_default = report.template_id is not None and (
        report.template.name == DEFAULT_TEMPLATE_NAME
    )
    docx = render(template_bytes(report), content_for(report))
    return place_signature(docx, stored_default=stored_default)


def particulars_of(report: AnnualReport) -> dict:
    return {name: getattr(report, name) for name in PARTICULARS}


def missing_for_submission(
    report: AnnualReport, today, use: TemplateUse | None = None
) -> list[str]:
    """What stands in the way of submitting the report on `today` (rules.py), asked of its
    template (`use`, when the caller has it already): the blocks and particulars it prints.
    Raises TemplateInvalid."""
    if use is None:
        use = template_use(template_bytes(report), meta_of(report))
    return rules.missing_for_submission(
        year=report.year,
        today=today,
        blocks_used=use.blocks,
        prose=prose_of(report),
        particulars_used=use.names & PARTICULARS.keys(),
        particulars=particulars_of(report),
    )
