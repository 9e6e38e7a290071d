"""专项治理: a campaign of the bureau over the 法律服务机构 it names by their 执业许可证号, and its
progress. Not a register: created and changed here, by those who work its checks
(permissions.MANAGE_CAMPAIGNS), each change audited in the same transaction (as 申领换发 and
评议考核's scheme are). Its checks' findings are legal_service_check records naming it.

The orgs are resolved through the roster (fazhi.profession.holders) when the campaign is saved:
a number no org holds, a practitioner's number, or an org another bureau keeps is refused."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from fazhi.core import audit, permissions, rectification
from fazhi.core.errors import ActionRefused
from fazhi.core.models import BUREAUS_AND_SECTIONS, AuditAction, Unit, UnitKind
from fazhi.core.text import required_text
from fazhi.profession import holders

from .models import Campaign, LegalServiceCheck
from .permissions import MANAGE_CAMPAIGNS

NAME_LIMIT = 200
FIELDS = ("name", "start_date", "end_date", "licence_numbers")
# How a list of numbers is typed or pasted: one a line, or separated by commas, 、 or spaces.
SEPARATORS = re.compile(r"[\s,，、;；]+")


def parse_numbers(text: str) -> list[str]:
    """The licence numbers of a typed list, normalised as the roster keeps them, each once in
    the order written."""
    numbers = (holders.normalise(part) for part in SEPARATORS.split(text or ""))
    return list(dict.fromkeys(n for n in numbers if n))


def _bureau_units(actor):
    """The units whose campaigns `actor` keeps: his unit's subtree, bureaus and sections."""
    units = Unit.objects.filter(kind__in=BUREAUS_AND_SECTIONS)
    return units if actor is None else units.filter(path__startswith=actor.unit.path)


def _covered(unit: Unit, numbers: list[str]) -> list[str]:
    """`numbers` if each is an org of the roster kept in `unit`'s area; else ActionRefused
    naming every number refused."""
    found = holders.find(numbers)
    kept_in = set(
        Unit.objects.filter(
            pk__in={h.unit_id for h in found.values()}, path__startswith=_area(unit).path
        ).values_list("pk", flat=True)
    )
    refused = []
    for number in numbers:
        holder = found.get(number)
        if holder is None:
            refused.append(f"找不到执业许可证号为「{number}」的法律服务机构")
        elif holder.kind != holders.ORG:
            refused.append(
                f"「{number}」是{holder.category_label}「{holder.name}」的执业证号，不是机构"
            )
        elif holder.unit_id not in kept_in:
            refused.append(f"「{holder.name}」不由本单位管理")
    if refused:
        raise ActionRefused("；".join(refused) + "。")
    return numbers


def _area(unit: Unit) -> Unit:
    """The bureau a section belongs to: the orgs a section's campaign covers are its bureau's."""
    if unit.kind == UnitKind.SECTION and unit.parent_id is not None:
        return unit.parent
    return unit


def _valid(unit: Unit, values: dict, campaign: Campaign | None = None) -> dict:
    values = dict(values)
    values["name"] = required_text(values.get("name"), "专项治理名称", NAME_LIMIT)
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        raise ActionRefused("请填写开始日期。")
    if end is not None and end < start:
        raise ActionRefused("结束日期不能早于开始日期。")
    taken = Campaign.objects.filter(unit=unit, name=values["name"])
    if campaign is not None:
        taken = taken.exclude(pk=campaign.pk)
    if taken.exists():
        raise ActionRefused("本单位已有同名的专项治理。")
    numbers = values.get("licence_numbers") or []
    if not numbers:
        raise ActionRefused("请填写专项治理覆盖的机构（执业许可证号）。")
    values["licence_numbers"] = _covered(unit, list(dict.fromkeys(numbers)))
    return values


@transaction.atomic
def create_campaign(actor, *, unit: Unit, **values) -> Campaign:
    """登记专项治理: its name, dates and the orgs it covers."""
    permissions.require(MANAGE_CAMPAIGNS, actor)
    if not _bureau_units(actor).filter(pk=unit.pk).exists():
        raise ActionRefused(f"您不能为「{unit.name}」登记专项治理。")
    values = _valid(unit, {name: values.get(name) for name in FIELDS})
    campaign = Campaign.objects.create(unit=unit, created_by=actor, **values)
    audit.record(
        actor,
        AuditAction.CREATE,
        campaign,
        after=audit.snapshot(campaign, list(FIELDS)),
        note=f"登记专项治理，覆盖机构 {len(campaign.licence_numbers)} 家",
    )
    return campaign


@transaction.atomic
def update_campaign(actor, campaign: Campaign, **changes) -> Campaign:
    """修改专项治理. Its name is what its checks name it by, and what they found is about the
    orgs and days it covered: once it has checks, a new name, an org checked taken out, or
    dates leaving a check outside are refused."""
    permissions.require(MANAGE_CAMPAIGNS, actor)
    campaign = Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)
    if not _bureau_units(actor).filter(pk=campaign.unit_id).exists():
        raise ActionRefused(f"您不能修改「{campaign.unit.name}」的专项治理。")
    values = {name: changes.get(name, getattr(campaign, name)) for name in FIELDS}
    values = _valid(campaign.unit, values, campaign)
    checks = LegalServiceCheck.objects.filter(campaign=campaign)
    if checks.exists():
        if values["name"] != campaign.name:
            raise ActionRefused("已有检查记录的专项治理不能改名：检查记录按名称对应专项治理。")
        dropped = checks.exclude(licence_number__in=values["licence_numbers"])
        if dropped.exists():
            gone = "、".join(sorted(set(dropped.values_list("licence_number", flat=True))))
            raise ActionRefused(f"已检查的机构不能移出专项治理：{gone}。")
        outside = Q(check_date__lt=values["start_date"])
        if values["end_date"] is not None:
            outside |= Q(check_date__gt=values["end_date"])
        if checks.filter(outside).exists():
            raise ActionRefused("已有检查日期在新的起止日期之外的检查记录，不能这样修改期间。")
    before = audit.snapshot(campaign, list(FIELDS))
    for name, value in values.items():
        setattr(campaign, name, value)
    after = audit.snapshot(campaign, list(FIELDS))
    changed = [name for name in FIELDS if before[name] != after[name]]
    if not changed:
        return campaign
    campaign.save(update_fields=changed)
    audit.record(
        actor,
        AuditAction.UPDATE,
        campaign,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
        note="修改专项治理",
    )
    return campaign


# --- progress -------------------------------------------------------------------------------


@dataclass
class Covered:
    """One org the campaign covers, and what its checks found."""

    number: str
    holder: object = None  # holders.Holder, None when the roster no longer has it
    checks: int = 0
    findings: int = 0
    rectified: int = 0
    on_time: int = 0
    overdue: int = 0
    latest: int | None = None  # its latest record, whose check's page the row links to

    @property
    def name(self) -> str:
        return self.holder.name if self.holder is not None else ""


@dataclass
class Progress:
    rows: list[Covered] = field(default_factory=list)

    @property
    def covered(self) -> int:
        return len(self.rows)

    @property
    def checked(self) -> int:
        """The orgs checked at least once."""
        return sum(1 for row in self.rows if row.checks)

    @property
    def findings(self) -> int:
        return sum(row.findings for row in self.rows)

    @property
    def rectified(self) -> int:
        return sum(row.rectified for row in self.rows)

    @property
    def on_time(self) -> int:
        return sum(row.on_time for row in self.rows)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)


def progress(campaign: Campaign, checks, today: datetime.date | None = None) -> Progress:
    """Per org covered (of the `checks` the reader may see): checks made, findings, rectified,
    rectified on time, overdue today. One grouped query, and the roster's two."""
    today = today or timezone.localdate()
    found = holders.find(campaign.licence_numbers)
    grouped = {
        row["licence_number"]: row
        for row in checks.filter(campaign=campaign)
        .order_by()
        .values("licence_number")
        .annotate(
            checks=Count("check_number", distinct=True),
            findings=Count("id", filter=Q(status__in=rectification.FOUND)),
            rectified=Count("id", filter=Q(status=rectification.Status.RECTIFIED)),
            on_time=Count("id", filter=rectification.on_time_condition()),
            overdue=Count(
                "id",
                filter=Q(status=rectification.Status.RECTIFYING, rectification_deadline__lt=today),
            ),
            latest=Max("id"),
        )
    }
    rows = []
    for number in campaign.licence_numbers:
        row = grouped.get(number, {})
        rows.append(
            Covered(
                number=number,
                holder=found.get(number),
                checks=row.get("checks", 0),
                findings=row.get("findings", 0),
                rectified=row.get("rectified", 0),
                on_time=row.get("on_time", 0),
                overdue=row.get("overdue", 0),
                latest=row.get("latest"),
            )
        )
    return Progress(rows)
