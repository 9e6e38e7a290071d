"""Looking up many subjects at once, for the importer, the API and the form alike
(Register.resolve): the 执行地司法所 their code names, and ID numbers already under an open
term. Queries: two, and a third counting the user's recent refusals (attempts.py)."""

from collections import Counter

from fazhi.core.crypto import blind_index, blind_indexes
from fazhi.core.models import Unit, UnitKind
from fazhi.core.personal import sees_personal_data
from fazhi.core.registers import Problem

from . import attempts
from .models import CorrectionsSubject

OFFICE_HEADER = "执行地司法所"
ID_HEADER = "身份证号"
OPEN_STATUSES = ("supervised", "lost_contact")
DUPLICATE = "该身份证号的社区矫正对象已在矫（{where}），同一人不能同时登记两次"


def resolve_subjects(actor, records: list) -> list[tuple[object, Problem]]:
    return _resolve_offices(records) + _open_term_duplicates(actor, records)


def _resolve_offices(records) -> list[tuple[object, Problem]]:
    problems = []
    for record in records:
        record.office_code = (record.office_code or "").strip()
    codes = {r.office_code for r in records if r.office_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        unit = units.get(record.office_code)
        record.office = None
        if unit is None:
            message = f"找不到单位代码「{record.office_code}」"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        elif unit.kind not in (UnitKind.JUDICIAL_OFFICE, UnitKind.COUNTY, UnitKind.SECTION):
            message = f"「{unit.name}」不是司法所或县级司法局"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        elif not unit.path.startswith(record.unit.path):
            message = f"「{unit.name}」不是「{record.unit.name}」本身或其下级单位"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        else:
            record.office = unit
    return problems


def _open_term_duplicates(actor, records) -> list[tuple[object, Problem]]:
    """Two open terms of one person — within the batch, or against the database anywhere
    (the subject may have moved from another county), looked up by blind index under every
    configured key.

    The other record is named only to those who may see it and its personal data. Anyone
    else learns only that the person is already under corrections, the unit holding him is
    notified, and the refusal is audited; after attempts.LIMIT such answers in an hour every
    open term he enters is refused alike, so that no answer tells him about any number
    (attempts.py). A record that is itself the open term found asks nothing new."""
    open_records = [r for r in records if r.status in OPEN_STATUSES]
    for record in records:
        record.id_number_index = blind_index(record.id_number or "")
    variants = {id(r): blind_indexes(r.id_number or "") for r in open_records}
    in_batch = Counter(r.id_number_index for r in open_records if r.id_number_index)
    stored = {}
    wanted = {digest for digests in variants.values() for digest in digests}
    for row in CorrectionsSubject.objects.filter(
        id_number_index__in=wanted, status__in=OPEN_STATUSES
    ).values("id_number_index", "pk", "number", "unit_id", "unit__name", "unit__path"):
        stored[row["id_number_index"]] = row
    allowance = attempts.Allowance(actor) if actor is not None else None
    problems = []
    for record in open_records:
        found = next((stored[d] for d in variants[id(record)] if d in stored), None)
        own = found is not None and found["pk"] == record.pk
        if allowance is not None and not own and allowance.exhausted():
            message = attempts.blocked(actor, record, allowance)
            problems.append((record, Problem(ID_HEADER, message)))
        elif found is not None and not own:
            named = actor is None or _may_see(actor, found)
            if named:
                message = DUPLICATE.format(where=f"{found['unit__name']}，{found['number']}")
            else:
                message = attempts.NEUTRAL
            if actor is not None:
                at = attempts.refused(actor, found, record, notify=not named)
                if not named:
                    allowance.use(at)
            problems.append((record, Problem(ID_HEADER, message)))
        elif in_batch[record.id_number_index] > 1:
            problems.append((record, Problem(ID_HEADER, DUPLICATE.format(where="本文件中"))))
    return problems


def _may_see(actor, found) -> bool:
    return found["unit__path"].startswith(actor.unit.path) and sees_personal_data(
        actor, CorrectionsSubject
    )
