"""The cards behind the roster: each officer's current card kept as a `Certificate`, with its
history of `CertificateEvent`s.

The roster's card columns are written like any register's fields (a form, the API, an import
of a whole department), all through core.writes. Whatever wrote them, the write sends
`records_written` in its transaction, and `sync` answers it there: a card number not yet among
the cards becomes a new card (发证), which supersedes the officer's older card still held (注销,
换发新证); corrected dates or issuer of a card are carried over (更正证件信息). Attendances of
training left unmatched in those departments are matched to the officers now on their roster.

The card's state changes only by an action of its own (actions.change_card), which records the
event and mirrors the state onto the roster in the officer's audited write.
"""

import contextvars
from contextlib import contextmanager

from django.db.models import Q

from fazhi.core.writes import records_written

from .models import (
    HELD_STATES,
    CardState,
    Certificate,
    CertificateEvent,
    EnforcementOfficer,
    EventKind,
    TrainingAttendance,
)

REGISTER_NAME = "enforcement_officer"
TRAINING_NAME = "enforcement_training"

# Who is writing, for the events a sync records (an import's rows have the import's audit
# entry; an action sets it around its write).
_actor = contextvars.ContextVar("officers_actor", default=None)


@contextmanager
def acting(actor):
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def on_records_written(sender, unit_ids=(), **kwargs) -> None:
    """records_written's receiver (apps.ready): keep the cards of the roster just written."""
    if sender == REGISTER_NAME:
        units = {u for u in unit_ids if u is not None}
        sync(units)
        match_attendances(units)


CORRECTABLE = (("issuer", "card_issuer"), ("issued_date", "card_issued_date"))
CORRECTABLE += (("valid_until", "card_valid_until"),)


def sync(unit_ids) -> None:
    """Make the cards of the officers of `unit_ids` agree with their roster's card columns.
    Three queries, and one write of each kind that is needed."""
    if not unit_ids:
        return
    officers = list(
        EnforcementOfficer.objects.filter(unit_id__in=unit_ids)
        .exclude(card_number="")
        .exclude(card_issued_date=None)
        .only("unit_id", "card_number", "card_issuer", "card_issued_date", "card_valid_until")
    )
    if not officers:
        return
    cards = list(Certificate.objects.filter(officer__in=officers))
    by_number = {card.number: card for card in cards}
    held = {}
    for card in cards:
        if card.state in HELD_STATES:
            held.setdefault(card.officer_id, []).append(card)
    actor = _actor.get()
    new, changed, events = [], [], []
    for officer in officers:
        card = by_number.get(officer.card_number)
        if card is None:
            card = Certificate(
                officer=officer,
                unit_id=officer.unit_id,
                number=officer.card_number,
                issuer=officer.card_issuer,
                issued_date=officer.card_issued_date,
                valid_until=officer.card_valid_until,
                state=CardState.VALID,
            )
            new.append(card)
            events.append(_event(card, EventKind.ISSUED, card.issued_date, actor, "登记执法证"))
            for old in held.get(officer.pk, ()):
                if old.issued_date <= card.issued_date:
                    old.state, old.ended_date = CardState.CANCELLED, card.issued_date
                    changed.append(old)
                    reason = f"换发新证（新证号 {card.number}）"
                    events.append(_event(old, EventKind.CANCELLED, card.issued_date, actor, reason))
            continue
        corrected = [
            f"{Certificate._meta.get_field(name).verbose_name}"
            for name, column in CORRECTABLE
            if getattr(card, name) != getattr(officer, column)
        ]
        if corrected:
            for name, column in CORRECTABLE:
                setattr(card, name, getattr(officer, column))
            changed.append(card)
            reason = "更正" + "、".join(corrected)
            day = officer.card_issued_date
            events.append(_event(card, EventKind.CORRECTED, day, actor, reason))
    Certificate.objects.bulk_create(new)
    if changed:
        fields = ["state", "ended_date", "issuer", "issued_date", "valid_until", "updated_at"]
        Certificate.objects.bulk_update(changed, fields)
    for event in events:
        event.certificate_id = event.certificate.pk
    CertificateEvent.objects.bulk_create(events)


def _event(card, kind, day, actor, reason) -> CertificateEvent:
    return CertificateEvent(certificate=card, kind=kind, date=day, reason=reason, recorded_by=actor)


def match_attendances(unit_ids) -> None:
    """Attendances of these departments that matched no one are matched to whoever is on
    the roster now with their ID number (a person entered on the roster after his training)."""
    waiting = list(
        TrainingAttendance.objects.filter(unit_id__in=unit_ids, unmatched=True).only(
            "unit_id", "id_number_index"
        )
    )
    if not waiting:
        return
    found = dict(
        (((unit_id, index), pk))
        for unit_id, index, pk in EnforcementOfficer.objects.filter(
            Q(unit_id__in=unit_ids), id_number_index__in={a.id_number_index for a in waiting}
        )
        .order_by("in_post", "id")
        .values_list("unit_id", "id_number_index", "pk")
    )
    matched = []
    for attendance in waiting:
        pk = found.get((attendance.unit_id, attendance.id_number_index))
        if pk is not None:
            attendance.officer_id, attendance.unmatched = pk, False
            matched.append(attendance)
    if matched:
        TrainingAttendance.objects.bulk_update(matched, ["officer", "unmatched"])
        # The training figures kept from these records are out of date now too.
        records_written.send(TRAINING_NAME, unit_ids={a.unit_id for a in matched})


def current_card(officer, *, lock: bool = False) -> Certificate | None:
    """The officer's current card (the one his roster names)."""
    if not officer.card_number:
        return None
    cards = Certificate.objects.filter(officer=officer, number=officer.card_number)
    if lock:
        cards = cards.select_for_update()
    return cards.first()
