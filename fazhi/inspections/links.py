"""执法人员证号 as written → how many officers count towards the two an inspection needs,
for many inspections at once: the register's `resolve` hook, used by the importer and the
actions alike.

An officer counts when his card was valid on the inspection date, he is in post (在岗), and
the card is the inspecting department's (a card serves the department it was issued for);
for a 联合 inspection, carried out with other departments, in-post holders of any
department's valid card count. (在岗 is the roster's state when the inspection is written:
the roster keeps no history of it.)

The roster is asked through `fazhi.officers.certified` only (the one import of the officers
app the import contract allows): `valid_cards(numbers, day)` answers for one day, so the
records are grouped by their inspection date, one question per distinct date of the batch.
"""

from collections import defaultdict

from fazhi.officers import certified

from .models import InspectionMethod
from .rules import NOT_IN_POST, NOT_VALID, OTHER_DEPARTMENT


def resolve_officers(actor, records: list) -> list:
    """Set each record's `officer_numbers` as stored (one 证号 after another, 、 between),
    `valid_officers` (distinct officers who count), for the check's message `cards_not_counted`
    ({reason: numbers}), and `facts_checked`: its code, officers, date, department or method
    are written now, so the check refuses a failing one (rules.check_inspection). Problems
    are not returned here: fewer than two is the register's check, refused on entry and kept
    on import."""
    by_day = defaultdict(list)
    for record in records:
        numbers = certified.card_numbers(record.officer_numbers or "")
        record.officer_numbers = "、".join(numbers)
        record.card_list = numbers
        record.facts_checked = True
        if record.inspection_date is None:
            record.valid_officers = 0
            record.cards_not_counted = {NOT_VALID: numbers} if numbers else {}
        else:
            by_day[record.inspection_date].append(record)
    if not by_day:
        return []
    # The officers' settings (a missed 年审 may make a card invalid) read once for the batch.
    settings = certified.current_settings()
    for day, dated in by_day.items():
        wanted = sorted({number for record in dated for number in record.card_list})
        valid = certified.valid_cards(wanted, day, settings) if wanted else {}
        for record in dated:
            _count(record, valid)
    return []


def _count(record, valid: dict) -> None:
    joint = record.method == InspectionMethod.JOINT
    counted, not_counted = set(), defaultdict(list)
    for number in record.card_list:
        holder = valid.get(number)
        if holder is None:
            not_counted[NOT_VALID].append(number)
        elif not holder.in_post:
            not_counted[NOT_IN_POST].append(number)
        elif not joint and holder.unit_id != record.unit_id:
            not_counted[OTHER_DEPARTMENT].append(number)
        else:
            counted.add(holder.officer_id)
    record.valid_officers = len(counted)
    record.cards_not_counted = dict(not_counted)
