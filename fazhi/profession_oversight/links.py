"""The links of this app's records, for many records at once (the registers' `resolve` hook:
the importer, the API, the actions): a licence number → the org or practitioner holding it
(fazhi.profession.holders, the one module of that app this one may import), a 专项治理's name →
the campaign of the record's unit, and the records of one check kept stating the same
particulars (as 法治督察's are)."""

from fazhi.core.errors import Problem
from fazhi.profession import holders

from . import check_rules, rules
from .models import Campaign, LegalServiceCheck

COMPLAINT_LICENCE_HEADER = "执业证号"


def _normalise(records: list, field: str) -> None:
    for record in records:
        setattr(record, field, holders.normalise(getattr(record, field) or ""))


def resolve_complaints(actor, records: list) -> list[tuple[object, Problem]]:
    """Match each complaint's 执业证号 to the roster: a holder of the category stated gives its
    name; one of another category is refused; a number no one holds is kept, flagged 未匹配.
    Queries: those of holders.find (two)."""
    _normalise(records, "licence_number")
    found = holders.find(r.licence_number for r in records if r.licence_number)
    problems = []
    for record in records:
        holder = found.get(record.licence_number) if record.licence_number else None
        record.unmatched = bool(record.licence_number) and holder is None
        record.holder_name = _holder_label(holder)
        wrong = rules.holder_problem(record.subject_kind, record.licence_number, holder)
        if wrong:
            problems.append((record, Problem(COMPLAINT_LICENCE_HEADER, wrong)))
    return problems


def _holder_label(holder) -> str:
    if holder is None:
        return ""
    if holder.kind == holders.PRACTITIONER and holder.org_name:
        return f"{holder.name}（{holder.org_name}）"
    return holder.name


def resolve_checks(actor, records: list) -> list[tuple[object, Problem]]:
    """Each check's organisation (a holder's name, or 未匹配), its campaign (by name, in the
    record's unit) with the campaign's bounds, then the records of one check agreeing with
    each other and with those stored. Queries: holders.find's, one for the campaigns, one for
    the stored records of the checks."""
    _normalise(records, "licence_number")
    for record in records:
        record.campaign_name = (record.campaign_name or "").strip()
    found = holders.find(r.licence_number for r in records if r.licence_number)
    problems = []
    names = {(r.unit_id, r.campaign_name) for r in records if r.campaign_name}
    campaigns = {}
    if names:
        for campaign in Campaign.objects.filter(
            unit_id__in={unit for unit, _ in names}, name__in={name for _, name in names}
        ):
            campaigns[campaign.unit_id, campaign.name] = campaign
    for record in records:
        holder = found.get(record.licence_number)
        record.unmatched = holder is None
        record.org_name = holder.name if holder is not None else ""
        wrong = check_rules.holder_problem(record.licence_number, holder)
        if wrong:
            problems.append((record, Problem(check_rules.LICENCE_HEADER, wrong)))
            continue
        record.campaign = None
        if not record.campaign_name:
            continue
        campaign = campaigns.get((record.unit_id, record.campaign_name))
        if campaign is None:
            message = f"本单位没有名为「{record.campaign_name}」的专项治理，请先在专项治理页面登记"
            problems.append((record, Problem(check_rules.CAMPAIGN_HEADER, message)))
            continue
        record.campaign = campaign
        problems += [(record, p) for p in check_rules.campaign_problems(record, campaign)]
    failed = {id(record) for record, _ in problems}
    problems += disagreements([r for r in records if id(r) not in failed])
    return problems


def disagreements(records: list) -> list[tuple[object, Problem]]:
    """Each record whose particulars differ from its check's: as stored (a record not among
    those written now), else as the first of these records states them."""
    records = [r for r in records if r.check_number]
    if not records:
        return []
    writing = {r.pk for r in records if r.pk is not None}
    stored = (
        LegalServiceCheck.objects.filter(
            unit_id__in={r.unit_id for r in records},
            check_number__in={r.check_number for r in records},
        )
        .only("pk", "unit_id", "check_number", *check_rules.PARTICULARS)
        .order_by("id")
    )
    reference = {}
    for other in stored:
        if other.pk not in writing:
            reference.setdefault((other.unit_id, other.check_number), other)
    problems = []
    for record in records:
        first = reference.setdefault((record.unit_id, record.check_number), record)
        headers = check_rules.disagreement(record, first)
        if headers:
            message = check_rules.disagreement_message(record.check_number, headers)
            problems.append((record, Problem("检查编号", message)))
    return problems
