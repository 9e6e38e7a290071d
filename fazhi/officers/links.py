"""Looking up many records at once, for the importer, the API and the forms alike
(Register.resolve).

Officers: a person in post on one roster only; a card number held by one officer only; the
card's state as its own actions left it (an import or an edit enters a new card as 有效, a
blank 证件状态 keeps a stored card's own, and changes no state: 暂扣, 恢复, 注销 and 吊销 are
recorded on the officer's page with their date and reason). Three queries for any number of
officers (four when a person is found in post elsewhere: may the writer read that roster).

Training: each attendance matched to its department's roster by the ID number's blind index.
Two queries.
"""

from collections import Counter

from fazhi.core.crypto import blind_index
from fazhi.core.errors import Problem

from . import rules
from .models import HELD_STATES, CardState, Certificate, EnforcementOfficer, TrainingAttendance

ID_HEADER = "身份证号"
CARD_HEADER = "执法证号"
STATE_HEADER = "证件状态"
IN_POST_ELSEWHERE = (
    "该身份证号的人员已在{where}在岗登记，不能重复登记；调入的人员请先由原单位登记为不在岗。"
)
# For whoever may not read the roster that holds the person (a department's 填报员): whether
# an ID number is in post in another department is not his to learn by trying numbers.
CANNOT_REGISTER = "该身份证号无法登记，请联系县司法局执法监督股核实。"
CARD_TAKEN = "执法证号「{number}」已登记在其他人员名下，请核对。"
CARD_TWICE = "本文件中有两名人员填写了执法证号「{number}」。"
STATE_BY_ACTION = (
    "证件状态不能在此修改：暂扣、恢复、注销、吊销请在人员页面办理，并写明日期和事由；"
    "新登记的执法证为“有效”。"
)
STILL_HELD = "该人员的执法证尚未注销，不能删去证号；请先在人员页面办理注销。"


def resolve_officers(actor, records: list) -> list[tuple[object, Problem]]:
    for record in records:
        record.card_number = rules.normalise_card_number(record.card_number)
        record.id_number_index = blind_index(record.id_number or "")
    return _in_post_elsewhere(actor, records) + _card_problems(records)


def _in_post_elsewhere(actor, records) -> list[tuple[object, Problem]]:
    in_post = [r for r in records if r.in_post and r.id_number_index]
    if not in_post:
        return []
    in_batch = Counter(r.id_number_index for r in in_post)
    own = [r.pk for r in in_post if r.pk]
    held = {
        index: (pk, unit_id)
        for index, pk, unit_id in EnforcementOfficer.objects.filter(
            in_post=True, id_number_index__in={r.id_number_index for r in in_post}
        )
        .exclude(pk__in=own)
        .values_list("id_number_index", "pk", "unit_id")
    }
    seen = _visible(actor, [pk for pk, _ in held.values()])
    problems = []
    for record in in_post:
        pk, unit_id = held.get(record.id_number_index, (None, None))
        if pk is not None and pk not in seen:
            problems.append((record, Problem(ID_HEADER, CANNOT_REGISTER)))
        elif pk is not None:
            where = "本单位" if unit_id == record.unit_id else "其他单位"
            problems.append((record, Problem(ID_HEADER, IN_POST_ELSEWHERE.format(where=where))))
        elif in_batch[record.id_number_index] > 1:
            message = IN_POST_ELSEWHERE.format(where="本文件中")
            problems.append((record, Problem(ID_HEADER, message)))
    return problems


def _visible(actor, pks) -> set:
    """Which of the officers `pks` the actor may read (all of them for the system itself: a
    command, a test); one query, only when someone is held elsewhere."""
    if not pks:
        return set()
    if actor is None:
        return set(pks)
    return set(
        EnforcementOfficer.objects.visible_to(actor).filter(pk__in=pks).values_list("pk", flat=True)
    )


def _card_problems(records) -> list[tuple[object, Problem]]:
    numbers = {r.card_number for r in records if r.card_number}
    cards = {
        number: (officer_id, state)
        for number, officer_id, state in Certificate.objects.filter(number__in=numbers).values_list(
            "number", "officer_id", "state"
        )
    }
    stored = {
        pk: (number, state)
        for pk, number, state in EnforcementOfficer.objects.filter(
            pk__in=[r.pk for r in records if r.pk]
        ).values_list("pk", "card_number", "card_state")
    }
    in_batch = Counter(r.card_number for r in records if r.card_number)
    problems = []
    for record in records:
        number = record.card_number
        before = stored.get(record.pk, ("", ""))
        if not number:
            if before[0] and before[1] in HELD_STATES:
                problems.append((record, Problem(CARD_HEADER, STILL_HELD)))
            continue
        if in_batch[number] > 1:
            problems.append((record, Problem(CARD_HEADER, CARD_TWICE.format(number=number))))
            continue
        holder, state = cards.get(number, (None, CardState.VALID))
        if holder is None and number != before[0]:
            # A new card (换发): its state and history start afresh, whatever the old card's
            # state the record carried over.
            if record.card_state in ("", before[1], CardState.VALID):
                record.card_state = CardState.VALID
            record.card_suspended_until = record.card_last_review = None
        elif not record.card_state:
            # A card already kept: a blank state (an empty cell, a form or an API call that
            # leaves it out) is the card's own, never 有效 afresh, so that no edit of the
            # roster undoes the bureau's 吊销 or 暂扣.
            record.card_state = state if holder is not None else before[1]
        if holder is not None and holder != record.pk:
            problems.append((record, Problem(CARD_HEADER, CARD_TAKEN.format(number=number))))
        elif (record.card_state or state) != state:
            # A new card is 有效; a card's state is its own actions'.
            problems.append((record, Problem(STATE_HEADER, STATE_BY_ACTION)))
    return problems


def resolve_attendances(actor, records: list) -> list[tuple[object, Problem]]:
    """Match each attendee to the officer of his department's roster with his ID number (the
    one in post, else the latest); none found: kept, flagged 未匹配 (derive)."""
    for record in records:
        record.id_number_index = blind_index(record.id_number or "")
    indexes = {r.id_number_index for r in records if r.id_number_index}
    found = {}
    rows = (
        EnforcementOfficer.objects.filter(id_number_index__in=indexes)
        .order_by("in_post", "id")
        .values_list("unit_id", "id_number_index", "pk")
    )
    for unit_id, index, pk in rows:
        found[unit_id, index] = pk  # in post last, so it wins
    for record in records:
        record.officer_id = found.get((record.unit_id, record.id_number_index))
        record.unmatched = record.officer_id is None
    key = lambda r: (r.unit_id, r.session_number, r.id_number_index)  # noqa: E731
    in_batch = Counter(key(r) for r in records)
    stored = set(
        TrainingAttendance.objects.filter(
            unit_id__in={r.unit_id for r in records},
            session_number__in={r.session_number for r in records},
            id_number_index__in=indexes,
        )
        .exclude(pk__in=[r.pk for r in records if r.pk])
        .values_list("unit_id", "session_number", "id_number_index")
    )
    problems = []
    for record in records:
        if key(record) in stored:
            problems.append((record, Problem(ID_HEADER, "本单位该培训已登记过此人。")))
        elif in_batch[key(record)] > 1:
            problems.append((record, Problem(ID_HEADER, "本文件中同一培训重复登记了此人。")))
    return problems


def training_check(attendance) -> list[Problem]:
    return []
