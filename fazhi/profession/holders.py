"""Who holds a licence number: the one module of this app another may import (投诉 and 专项治理
in profession_oversight name the org or practitioner they are about by its number).

    found = find(["31430000MD0123456X", "14331201910123456"])
    found["14331201910123456"].name  # the practitioner's name

Two queries for any number of numbers (one for the orgs, one for the practitioners with their
org's name). Numbers are compared as stored: half-width, upper-case, without surrounding
spaces (normalise). A number no one holds is absent from the answer. The answer does not
consider who asks: the caller limits it to what its reader may see (`unit_id`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import LegalPractitioner, LegalServiceOrg, PracticeStatus
from .rules import normalise_number

ORG, PRACTITIONER = "org", "practitioner"


@dataclass(frozen=True)
class Holder:
    kind: str  # ORG | PRACTITIONER
    id: int
    number: str
    name: str
    category_label: (
        str  # 律师事务所 / 公证机构 / 基层法律服务所 / 律师 / 公证员 / 基层法律服务工作者
    )
    org_name: str  # an org's own name; a practitioner's 执业机构 ("" when he has none)
    unit_id: int  # the bureau (or its 内设机构) that keeps the record
    status_label: str  # 执业 / 停止执业 / 注销 / 吊销


def normalise(number: str) -> str:
    return normalise_number(number)


def _preferred(found: dict[str, Holder], holder: Holder, practising: bool) -> None:
    """Keep one holder per number: numbers are unique within a bureau's register, and where two
    bureaus both keep one (a practitioner who moved county), the one in 执业 answers, else the
    newest record."""
    key = holder.number
    if key not in found:
        found[key] = holder
        return
    kept = found[key]
    kept_practising = kept.status_label == "执业"
    if (practising, holder.id) > (kept_practising, kept.id):
        found[key] = holder


def find(numbers: Iterable[str]) -> dict[str, Holder]:
    """The org or practitioner holding each of `numbers` (as written), keyed by the normalised
    number; an org's 执业许可证号 is looked for among the orgs, a 执业证号 among the
    practitioners, and where both hold one (never in practice) the org answers."""
    wanted = list(dict.fromkeys(n for n in map(normalise, numbers) if n))
    if not wanted:
        return {}
    practising = PracticeStatus.PRACTISING
    orgs: dict[str, Holder] = {}
    for org in LegalServiceOrg.objects.filter(number__in=wanted).only(
        "id", "number", "name", "kind", "unit_id", "status"
    ):
        holder = Holder(
            kind=ORG,
            id=org.id,
            number=org.number,
            name=org.name,
            category_label=org.get_kind_display(),
            org_name=org.name,
            unit_id=org.unit_id,
            status_label=org.get_status_display(),
        )
        _preferred(orgs, holder, org.status == practising)
    people: dict[str, Holder] = {}
    rest = [n for n in wanted if n not in orgs]
    if not rest:
        return orgs
    for person in (
        LegalPractitioner.objects.filter(number__in=rest)
        .select_related("org")
        .only("id", "number", "name", "kind", "unit_id", "status", "org__name")
    ):
        holder = Holder(
            kind=PRACTITIONER,
            id=person.id,
            number=person.number,
            name=person.name,
            category_label=person.get_kind_display(),
            org_name=person.org.name if person.org is not None else "",
            unit_id=person.unit_id,
            status_label=person.get_status_display(),
        )
        _preferred(people, holder, person.status == practising)
    return {**people, **orgs}
