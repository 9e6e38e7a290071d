"""What a report is rendered from: its template, particulars, prose and figures — live while
it is a draft, frozen once submitted."""

import datetime
from functools import lru_cache

from . import default_template, figures
from .models import AnnualReport, ProseRevision
from .rendering import Content, render, validate_template


@lru_cache(maxsize=1)
def default_template_bytes() -> bytes:
    return default_template.build()


def template_bytes(report: AnnualReport) -> bytes:
    return bytes(report.template.content) if report.template_id else default_template_bytes()


def meta_of(report: AnnualReport) -> dict:
    return {
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
    if report.is_frozen:
        meta = dict(report.frozen["meta"])
        day = meta.get("sign_date")
        meta["sign_date"] = datetime.date.fromisoformat(day) if day else None
        values = figures.frozen_values(report.frozen["figures"])
        return Content(values=values, prose=report.frozen["prose"], meta=meta, mark=mark)
    meta = meta_of(report)
    keys = validate_template(template_bytes(report), meta)
    values = figures.values_of(figures.live_figures(keys, report.unit, report.year))
    return Content(values=values, prose=prose_of(report), meta=meta, mark=mark)


def docx_for(report: AnnualReport) -> bytes:
    return render(template_bytes(report), content_for(report))
