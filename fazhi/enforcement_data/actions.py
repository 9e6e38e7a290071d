"""Every change to 执法数据年报: one function per action, each through core.writes (scope,
the one-filing-a-year look-up, derived 逾期填报, checks, audit, one transaction)."""

from django.utils import timezone

from fazhi.core.writes import save_record, update_record

from .columns import REGISTER, may_date_filing
from .models import AnnualData


def file_annual_data(actor, *, unit, entered_on=None, **facts) -> AnnualData:
    """填报: a department's figures of one year (its 填报员, or the bureau on its behalf). A
    填报员's filing is dated the day he enters it, whatever date he gave (REGISTER.protected);
    the bureau's 执法监督 enters the day it was filed. `entered_on` (default today) is the
    demo's, which files a clerk's year on the day of its story; no page or file passes it."""
    effect = ()
    if actor is not None and not may_date_filing(actor):
        facts["filed_date"] = entered_on or timezone.localdate()
        effect = ("filed_date",)
    record = AnnualData(unit=unit, **facts)
    return save_record(actor, REGISTER, record, note="填报执法数据年报", effect=effect)


def update_annual_data(actor, record: AnnualData, **changes) -> AnnualData:
    """Correct a filing, or add its publication (公开日期, 公开网址)."""
    return update_record(actor, REGISTER, record, changes, note="修改执法数据年报")
