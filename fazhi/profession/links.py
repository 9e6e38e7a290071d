"""Looking up many records at once (Register.resolve), for the importer, the API and the forms
alike. "The bureau" of a record is the 司法行政机关 owning it: its unit, or the bureau above the
内设机构 that keeps it (bureau_path).

- orgs: a 执业许可证号 held once in a bureau;
- practitioners: a 执业证号 held once in a bureau, a person (身份证号) in practice once in a
  bureau, and the 执业机构 as written → the org of the same bureau, of the kind his fits;
- assessments: matched to the org or practitioner of the same bureau by number (kept and
  flagged 未匹配 when none is found), one per subject and year.
Each is a few queries for any number of records.
"""

from collections import Counter

from fazhi.core.crypto import blind_index
from fazhi.core.errors import Problem
from fazhi.core.models import BUREAUS, PATH_SEPARATOR

from . import rules
from .models import (
    ENDED_STATUSES,
    LegalPractitioner,
    LegalServiceOrg,
    PracticeStatus,
    PractitionerAssessment,
    SubjectKind,
)

ORG_NUMBER_HEADER = "执业许可证号"
PRACTITIONER_NUMBER_HEADER = "执业证号"
ORG_HEADER = "执业机构"
ID_HEADER = "身份证号"
SUBJECT_HEADER = "执业证号或许可证号"
YEAR_HEADER = "考核年度"


def bureau_path(unit) -> str:
    """The path of the bureau a record of `unit` belongs to: the unit's own when it is a
    bureau, else its parent's (a 内设机构 sits right below its bureau)."""
    if unit.kind in BUREAUS:
        return unit.path
    parts = unit.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return PATH_SEPARATOR + PATH_SEPARATOR.join(parts[:-1]) + PATH_SEPARATOR


def _bureau_of(record) -> str:
    return bureau_path(record.unit)


def _taken(model, records, header: str, label: str, *, key=None) -> list[tuple[object, Problem]]:
    """A number held by another record of the same bureau, stored or in this batch."""
    key = key or (lambda r: r.number)
    numbers = {key(r) for r in records if key(r)}
    if not numbers:
        return []
    writing = {r.pk for r in records if r.pk}
    stored = Counter(
        (bureau_path(other.unit), other.number)
        for other in model.objects.filter(number__in=numbers)
        .exclude(pk__in=writing)
        .select_related("unit")
        .only("number", "unit__path", "unit__kind")
    )
    batch = Counter((_bureau_of(r), key(r)) for r in records if key(r))
    problems = []
    for record in records:
        found = (_bureau_of(record), key(record))
        if not key(record):
            continue
        if stored[found]:
            problems.append((record, Problem(header, f"本局已登记过{label}「{key(record)}」")))
        elif batch[found] > 1:
            problems.append(
                (record, Problem(header, f"本文件中{label}「{key(record)}」出现了多次"))
            )
    return problems


def resolve_orgs(actor, records: list) -> list[tuple[object, Problem]]:
    for record in records:
        record.number = rules.normalise_number(record.number)
    return _taken(LegalServiceOrg, records, ORG_NUMBER_HEADER, "执业许可证号")


def resolve_practitioners(actor, records: list) -> list[tuple[object, Problem]]:
    """The number and the person held once, then the 执业机构. One query each."""
    for record in records:
        record.number = rules.normalise_number(record.number)
        record.org_number = rules.normalise_number(record.org_number)
        record.id_number_index = blind_index(record.id_number) if record.id_number else ""
    problems = _taken(LegalPractitioner, records, PRACTITIONER_NUMBER_HEADER, "执业证号")
    problems += _person_in_practice(records)
    failed = {id(record) for record, _ in problems}
    problems += resolve_orgs_of([r for r in records if id(r) not in failed])
    return problems


def _person_in_practice(records) -> list[tuple[object, Problem]]:
    """One person, one practice in a bureau: a second record of the same 身份证号 not ended is
    refused (转所 is a change of his 执业机构, not a new record)."""
    open_ = [r for r in records if r.id_number_index and r.status not in ENDED_STATUSES]
    if not open_:
        return []
    writing = {r.pk for r in records if r.pk}
    held = {
        (bureau_path(other.unit), other.id_number_index): other
        for other in LegalPractitioner.objects.filter(
            id_number_index__in={r.id_number_index for r in open_}
        )
        .exclude(status__in=ENDED_STATUSES)
        .exclude(pk__in=writing)
        .select_related("unit")
        .only("number", "name", "id_number_index", "unit__path", "unit__kind")
    }
    batch = Counter((_bureau_of(r), r.id_number_index) for r in open_)
    problems = []
    for record in open_:
        key = (_bureau_of(record), record.id_number_index)
        other = held.get(key)
        if other is not None:
            message = (
                f"该身份证号的人员已登记执业（执业证号 {other.number}），不能重复登记；"
                "转所请修改其执业机构，原执业证注销后方可重新登记"
            )
            problems.append((record, Problem(ID_HEADER, message)))
        elif batch[key] > 1:
            problems.append(
                (record, Problem(ID_HEADER, "本文件中有两名执业人员填写了同一身份证号"))
            )
    return problems


def resolve_orgs_of(records: list) -> list[tuple[object, Problem]]:
    """Each practitioner's 执业机构 as written → the org of his bureau with that 执业许可证号,
    of the kind he practises in; an unknown number, an org of another kind, and (for a
    practitioner in practice moving to it or newly registered) an org 注销 or 吊销 are refused."""
    numbers = {r.org_number for r in records if r.org_number}
    orgs = {}
    if numbers:
        for org in LegalServiceOrg.objects.filter(number__in=numbers).select_related("unit"):
            orgs[bureau_path(org.unit), org.number] = org
    problems = []
    for record in records:
        if not record.org_number:
            record.org = None
            continue
        org = orgs.get((_bureau_of(record), record.org_number))
        if org is None:
            message = (
                f"找不到执业许可证号为「{record.org_number}」的法律服务机构（须为本局登记的机构）"
            )
            problems.append((record, Problem(ORG_HEADER, message)))
            continue
        wrong = rules.org_kind_problem(record.kind, org.kind, record.org_number)
        if wrong:
            problems.append((record, Problem(ORG_HEADER, wrong)))
            continue
        joining = record.org_id != org.pk
        if joining and org.status in ENDED_STATUSES and record.status not in ENDED_STATUSES:
            message = f"执业机构「{org.name}」已{org.get_status_display()}，不能在该机构执业"
            problems.append((record, Problem(ORG_HEADER, message)))
            continue
        record.org = org
    return problems


def resolve_assessments(actor, records: list) -> list[tuple[object, Problem]]:
    """Match each assessment to its org or practitioner (kept, 未匹配, when none); refuse a
    second assessment of one subject for one year. Three queries."""
    for record in records:
        record.subject_number = rules.normalise_number(record.subject_number)
    numbers = {r.subject_number for r in records if r.subject_number}
    holders = {}
    for model, kind in (
        (LegalServiceOrg, SubjectKind.ORG),
        (LegalPractitioner, SubjectKind.PRACTITIONER),
    ):
        if not any(r.subject_kind == kind for r in records):
            continue
        found = (
            model.objects.filter(number__in=numbers)
            .select_related("unit")
            .only("number", "status", "unit__path", "unit__kind")
        )
        # The one in practice wins over an ended record of the same number.
        for holder in sorted(found, key=lambda h: (h.status == PracticeStatus.PRACTISING, h.pk)):
            holders[kind, bureau_path(holder.unit), holder.number] = holder
    for record in records:
        holder = holders.get((record.subject_kind, _bureau_of(record), record.subject_number))
        record.org = holder if record.subject_kind == SubjectKind.ORG else None
        record.practitioner = holder if record.subject_kind == SubjectKind.PRACTITIONER else None
        record.unmatched = holder is None
    return _assessed_twice(records)


def _assessed_twice(records) -> list[tuple[object, Problem]]:
    def key(r):
        return (_bureau_of(r), r.subject_kind, r.subject_number, r.year)

    going = [r for r in records if r.subject_number and r.year]
    if not going:
        return []
    writing = {r.pk for r in records if r.pk}
    stored = Counter(
        (bureau_path(other.unit), other.subject_kind, other.subject_number, other.year)
        for other in PractitionerAssessment.objects.filter(
            subject_number__in={r.subject_number for r in going},
            year__in={r.year for r in going},
        )
        .exclude(pk__in=writing)
        .select_related("unit")
        .only("subject_kind", "subject_number", "year", "unit__path", "unit__kind")
    )
    batch = Counter(key(r) for r in going)
    problems = []
    for record in going:
        subject = f"「{record.subject_number}」{record.year}年度的考核"
        if stored[key(record)]:
            problems.append(
                (record, Problem(SUBJECT_HEADER, f"本局已登记过{subject}，不能重复登记"))
            )
        elif batch[key(record)] > 1:
            problems.append((record, Problem(SUBJECT_HEADER, f"本文件中{subject}出现了多次")))
    return problems
