"""Every change to 部门法治政府建设年度报告: one function per action, each through the one write
path (core.writes: scope, links, derived fields, checks, audit, one transaction).

Reports are registered, corrected and graded only by those who work the register (the bureau's
依法治县办); the reporting unit's 填报员 reaches his unit's reports (clerk_unit_field) and
records only their 报送 and 公开 (`record_step`).
"""

import datetime

from django.db import transaction

from fazhi.core import permissions
from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import REGISTER
from .models import DepartmentReport
from .permissions import RULE


def register_report(actor, *, unit, **facts) -> DepartmentReport:
    """登记: a unit's report of a year, received or still awaited."""
    permissions.require(RULE, actor)
    facts.setdefault("officer", actor)
    record = DepartmentReport(unit=unit, **facts)
    return save_record(actor, REGISTER, record, note="登记部门法治政府建设年度报告")


def update_report(actor, record: DepartmentReport, **changes) -> DepartmentReport:
    """Correct a report's particulars or grade it: not for 填报员."""
    permissions.require(RULE, actor)
    return update_record(actor, REGISTER, record, changes, note="修改部门法治政府建设年度报告")


@transaction.atomic
def record_step(actor, record: DepartmentReport, step: str, day: datetime.date, **inputs):
    """报送 or 公开 on `day` (公开 with its address): open to the reporting unit's 填报员 as
    well, for his own unit's report (the scope rule) and these fields only (the effect)."""
    lock(record)
    rules.apply_step(record, step, day, **inputs)
    return save_record(
        actor,
        REGISTER,
        record,
        note=f"年度报告：{rules.STEPS[step].label}",
        effect=rules.STEP_FIELDS[step],
    )


def record_sending(actor, record: DepartmentReport, day: datetime.date) -> DepartmentReport:
    return record_step(actor, record, rules.RECEIVE, day)


def record_publishing(
    actor, record: DepartmentReport, day: datetime.date, link: str = ""
) -> DepartmentReport:
    return record_step(actor, record, rules.PUBLISH, day, link=link)


NUMBER = "{year}年度第{serial:02d}号"


@transaction.atomic
def register_expected(actor, *, owner, year: int) -> list[DepartmentReport]:
    """登记 the year's report of every unit under `owner` that must report and has none yet
    (by anyone), awaiting its 报送: so that each unit's 填报员 finds his unit's report to send
    and publish. Numbered after the owner's numbers of the year (2025年度第07号 …), in the
    units' order. Each goes through the one write path, as the form's would."""
    permissions.require(RULE, actor)
    kinds = rules.reporting_kinds(RegisterSetting.objects.current())
    registered = DepartmentReport.objects.filter(year=year).values("reporting_unit_id")
    units = (
        Unit.objects.filter(path__startswith=owner.path, kind__in=kinds)
        .exclude(pk__in=registered)
        .order_by("path")
    )
    taken = set(DepartmentReport.objects.filter(unit=owner).values_list("number", flat=True))
    made, serial = [], 0
    for unit in units:
        serial += 1
        while NUMBER.format(year=year, serial=serial) in taken:
            serial += 1
        record = DepartmentReport(
            unit=owner,
            number=NUMBER.format(year=year, serial=serial),
            year=year,
            reporting_unit_code=unit.code,
            officer=actor,
        )
        made.append(save_record(actor, REGISTER, record, note="登记应报送的年度报告"))
    return made
