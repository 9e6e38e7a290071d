"""Looking up many subjects at once, for the importer, the API and the form alike
(Register.resolve): the 执行地司法所 their code names, and ID numbers already under an open
term. Queries: two, and a third counting the user's recent refusals (core/duplicates.py)."""

from collections import Counter

from fazhi.core import duplicates
from fazhi.core.crypto import blind_index
from fazhi.core.errors import Problem
from fazhi.core.models import Unit

from . import attempts
from .models import OFFICE_KINDS
from .rules import OPEN_STATUSES

OFFICE_HEADER = "执行地司法所"
ID_HEADER = "身份证号"
DUPLICATE = attempts.GUARD.named


def resolve_subjects(actor, records: list) -> list[tuple[object, Problem]]:
    return _resolve_offices(records) + _open_term_duplicates(actor, records)


def _resolve_offices(records) -> list[tuple[object, Problem]]:
    problems = []
    for record in records:
        if record.office_id is not None and not record.office_code:
            record.office_code = record.office.code  # picked from a list, not typed
        record.office_code = (record.office_code or "").strip()
    codes = {r.office_code for r in records if r.office_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)} if codes else {}
    for record in records:
        unit = units.get(record.office_code)
        record.office = None
        if unit is None:
            message = f"找不到单位代码「{record.office_code}」"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        elif unit.kind not in OFFICE_KINDS:
            message = f"「{unit.name}」不是司法所、县级司法局或其内设机构"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        elif not unit.path.startswith(record.unit.path):
            message = f"「{unit.name}」不是「{record.unit.name}」本身或其下级单位"
            problems.append((record, Problem(OFFICE_HEADER, message)))
        else:
            record.office = unit
    return problems


def _open_term_duplicates(actor, records) -> list[tuple[object, Problem]]:
    """Two open terms of one person — within the batch, or against the database anywhere
    (the subject may have moved from another county). The database's are judged by
    core.duplicates (attempts.GUARD): the other record is named only to those who may see it,
    anyone else is told nothing more than "already under corrections", traced and limited."""
    open_records = [r for r in records if r.status in OPEN_STATUSES]
    for record in records:
        record.id_number_index = blind_index(record.id_number or "")
    in_batch = Counter(r.id_number_index for r in open_records if r.id_number_index)
    refusals = duplicates.judge(attempts.GUARD, actor, open_records)
    problems = []
    for record in open_records:
        message = refusals.get(id(record))
        if message is not None:
            problems.append((record, Problem(ID_HEADER, message)))
        elif in_batch[record.id_number_index] > 1:
            problems.append((record, Problem(ID_HEADER, DUPLICATE.format(where="本文件中"))))
    return problems
