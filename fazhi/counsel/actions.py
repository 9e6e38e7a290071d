"""Every change to the 法律顾问 register: one function per action, each through core.writes
(scope, the served unit and the one-row-a-year look-up, derived 合计, checks, audit, one
transaction)."""

from fazhi.core.writes import save_record, update_record

from .columns import REGISTER
from .models import LegalAdviser


def register_adviser(actor, *, unit, **facts) -> LegalAdviser:
    """登记: one adviser's year in one served unit."""
    record = LegalAdviser(unit=unit, **facts)
    return save_record(actor, REGISTER, record, note="登记法律顾问")


def update_adviser(actor, record: LegalAdviser, **changes) -> LegalAdviser:
    """Correct a row, add to the year's work, or record a renewal (聘任结束日期)."""
    return update_record(actor, REGISTER, record, changes, note="修改法律顾问")
