"""申领换发 (the reference report's "完成申领换发行政执法资格证工作"): one batch per year and
bureau. Opening it lists the cards due — held by officers in post, the roster's current card,
有效期至 by the campaign's end date — department by department; recording who applied is a
batch action. Whether a holder has passed the exam and been issued his new card is read from
his record: a passed exam, and a card issued, from the day the card's renewal window opened
(rules.renewal_opens) or the campaign opened, whichever came first. Progress is counted per
department.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fazhi.core import audit, permissions
from fazhi.core.access import changeable_units
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, Unit

from . import rules
from .models import (
    HELD_STATES,
    Certificate,
    EnforcementOfficer,
    Exam,
    RenewalCampaign,
    RenewalEntry,
)
from .permissions import SANCTION

AUDIT_SUBJECT = "renewalcampaign"  # the model's name: the log shows its verbose name


def due_cards(unit: Unit, ends_on: datetime.date):
    """The current cards, held and not ended, of officers in post in `unit`'s subtree, that
    expire by `ends_on` (an expired one not yet renewed included)."""
    return Certificate.objects.filter(
        officer__unit__path__startswith=unit.path,
        officer__in_post=True,
        number=F("officer__card_number"),
        state__in=HELD_STATES,
        valid_until__lte=ends_on,
    )


@transaction.atomic
def open_campaign(actor, unit: Unit, year: int, ends_on: datetime.date) -> RenewalCampaign:
    """开展 (or bring up to date) the year's campaign of `unit`: the cards due are added to its
    list; those already listed stay, with what was recorded of them."""
    permissions.require(SANCTION, actor)
    if actor is not None and not unit.path.startswith(actor.unit.path):
        raise ActionRefused(f"您无权组织「{unit.name}」的申领换发。")
    if ends_on.year not in (year, year + 1):
        raise ActionRefused("换证截止日期应在该年度或次年内。")
    campaign, created = RenewalCampaign.objects.select_for_update().get_or_create(
        unit=unit, year=year, defaults={"ends_on": ends_on, "opened_by": actor}
    )
    if not created and campaign.ends_on != ends_on:
        campaign.ends_on = ends_on
        campaign.save(update_fields=["ends_on"])
    listed = set(campaign.entries.values_list("certificate_id", flat=True))
    new = [
        RenewalEntry(campaign=campaign, certificate=card, officer_id=card.officer_id)
        for card in due_cards(unit, ends_on).only("id", "officer_id")
        if card.pk not in listed
    ]
    RenewalEntry.objects.bulk_create(new)
    verb = "开展" if created else "更新名单："
    audit.record(
        actor,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        campaign,
        register=AUDIT_SUBJECT,
        note=f"{verb}{year}年度执法证申领换发，换证截止日期 {ends_on.isoformat()}，"
        f"新列入 {len(new)} 张",
    )
    return campaign


@transaction.atomic
def record_applications(actor, campaign: RenewalCampaign, entry_ids, day: datetime.date):
    """登记申领: the listed holders (of departments the actor keeps) applied on `day`."""
    if day > timezone.localdate():
        raise ActionRefused("申领日期不能晚于今天。")
    units = changeable_units(actor, EnforcementOfficer) if actor is not None else None
    entries = campaign.entries.filter(pk__in=list(entry_ids), applied_date=None)
    if units is not None:
        entries = entries.filter(officer__unit__in=units)
    chosen = list(entries.select_related("officer", "certificate"))
    if not chosen:
        raise ActionRefused("请勾选尚未登记申领、且由您负责的人员。")
    for entry in chosen:
        entry.applied_date = day
    RenewalEntry.objects.bulk_update(chosen, ["applied_date"])
    names = "、".join(f"{e.officer.name}（{e.certificate.number}）" for e in chosen)
    audit.record(
        actor,
        AuditAction.UPDATE,
        campaign,
        register=AUDIT_SUBJECT,
        note=f"登记申领换发：{day.isoformat()}，{names}",
    )
    return len(chosen)


@dataclass
class Progress:
    unit: Unit
    due: int = 0
    applied: int = 0
    passed: int = 0
    issued: int = 0
    entries: list = field(default_factory=list)


def progress(campaign: RenewalCampaign, officers, settings: dict) -> list[Progress]:
    """Per department (of the `officers` the reader may see): cards due, applied, exam passed,
    new card issued. Three queries."""
    entries = list(
        campaign.entries.filter(officer__in=officers)
        .select_related("officer__unit", "certificate")
        .order_by("officer__unit__code", "officer__number")
    )
    officer_ids = {e.officer_id for e in entries}
    exams = {}
    for officer_id, day in Exam.objects.filter(officer_id__in=officer_ids, passed=True).values_list(
        "officer_id", "date"
    ):
        exams.setdefault(officer_id, []).append(day)
    cards = {}
    for officer_id, number, issued in Certificate.objects.filter(
        officer_id__in=officer_ids
    ).values_list("officer_id", "number", "issued_date"):
        cards.setdefault(officer_id, []).append((number, issued))
    by_unit: dict[int, Progress] = {}
    for entry in entries:
        # From the opening of the card's renewal window, or of the campaign if earlier.
        opens = min(
            rules.renewal_opens(entry.certificate.valid_until, settings),
            timezone.localdate(campaign.opened_at),
        )
        entry.passed = any(day >= opens for day in exams.get(entry.officer_id, ()))
        entry.new_card = next(
            (
                number
                for number, issued in cards.get(entry.officer_id, ())
                if number != entry.certificate.number and issued >= opens
            ),
            "",
        )
        row = by_unit.setdefault(entry.officer.unit_id, Progress(entry.officer.unit))
        row.due += 1
        row.applied += entry.applied_date is not None
        row.passed += entry.passed
        row.issued += bool(entry.new_card)
        row.entries.append(entry)
    return list(by_unit.values())
