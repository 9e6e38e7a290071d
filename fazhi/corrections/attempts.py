"""Refused registrations of a person already under corrections: their audit entries, the notice
to the unit that holds the person, and the limit on how often one user is told.

One person is under one term of corrections at a time in the whole province (the constraint
corrections_one_open_term_per_person), so registering an ID number that is under an open term
must be refused, wherever the term is. But the refusal answers a question — is this number
under corrections? — that an officer of another county may not ask, and the register would be
an oracle over every ID number in the province. So (links.py decides, this module keeps the
trace):

- the refusal names no unit and no record outside what the officer may see;
- every refused attempt is written to the audit log, filed under the record that holds the
  person (so that county's audit administrator sees it), the ID number only masked;
- the unit holding the person gets a DuplicateNotice on its corrections list (its officers
  and its county's see it; the attempting county's do not);
- one user is told "already under corrections" about a person outside his view at most
  LIMIT times in any WINDOW. Beyond that every registration of an open term by him is
  refused with one message, a fresh ID number too, until the window has moved on: were only
  the duplicates refused, "accepted" would still answer the question.

LIMIT and WINDOW: a county meets an open term elsewhere when a person moves (执行地变更) before
the sending county has closed his term — a few times a month, rarely more than once or twice
in an hour for one officer, even while importing a backlog. Five answers an hour leave room
for that and for a retry each, while a user who tests numbers learns at most five an hour,
each one already notified to its holder under his name. The count is the notices themselves
(a table, not memory), so it holds across processes, workers and restarts without a cache.

A refused attempt rolls back the transaction it happened in (the web form's, the API
request's, the whole import's), and anything written there with it. So the entries are built
when the refusal is decided (stamped with that time and the request's origin) and kept for
this thread; flush() writes them once that transaction is over: the web actions call it
themselves, and the receivers connected in apps.py call it when a request ends (API, upload
page) and when the worker saves an import job's outcome.
"""

import datetime
import logging
import threading

from django.db import DatabaseError, transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.idnumber import mask_id_number
from fazhi.core.models import AuditAction

from .models import CorrectionsSubject, DuplicateNotice

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW = datetime.timedelta(hours=1)
REGISTER = "corrections_subject"
# Being told that a person is under corrections is a disclosure of his personal data: the
# entry is a read of sensitive data about the record that holds him. (A dedicated action,
# 登记被拒绝, would read better in the log; it belongs to core.models.AuditAction.)
REFUSAL_ACTION = AuditAction.READ_SENSITIVE
WAYS = {"web": "网页", "api": "接口", "cli": "后台导入"}

NEUTRAL = "该身份证号的人员已在矫，同一人不能同时登记两次；已通知负责其社区矫正的单位核实"
BLOCKED = (
    "您在一小时内已有 {limit} 次登记的人员已在矫。为防止借登记查询他人信息，{until} 前暂停您"
    "登记在矫人员（新的身份证号也不受理）；确需登记的，请联系县级社区矫正机构"
)

_local = threading.local()


def _pending() -> list:
    items = getattr(_local, "items", None)
    if items is None:
        items = _local.items = []
    return items


def _actor_label(actor) -> str:
    name = actor.full_name or actor.username
    return name if name == actor.username else f"{name}（{actor.username}）"


class Allowance:
    """How many more "already under corrections" answers about others' subjects `actor` may be
    given now: the notices of the last WINDOW naming him, written or still pending."""

    def __init__(self, actor):
        self.actor = actor
        self._times = None

    @property
    def times(self) -> list:
        if self._times is None:
            since = timezone.now() - WINDOW
            stored = DuplicateNotice.objects.filter(actor=self.actor, at__gte=since)
            pending = [
                notice.at
                for _, notice in _pending()
                if notice is not None and notice.actor_id == self.actor.pk and notice.at >= since
            ]
            self._times = sorted([*stored.values_list("at", flat=True), *pending])
        return self._times

    def exhausted(self) -> bool:
        return len(self.times) >= LIMIT

    def use(self, at: datetime.datetime) -> None:
        self.times.append(at)

    def until(self) -> datetime.datetime:
        """When the user may be answered again: the window has passed the LIMIT-th latest."""
        return self.times[-LIMIT] + WINDOW


def refused(actor, found: dict, record, *, notify: bool) -> datetime.datetime:
    """Keep the trace of one registration refused because `found` (a values() row of the
    open term) holds the person: the audit entry and, when `notify`, the holder's notice.
    Gives the attempt's time."""
    held = CorrectionsSubject(pk=found["pk"], number=found["number"], unit_id=found["unit_id"])
    told = "已通知持有单位" if notify else "对象在本人查看范围内"
    entry = audit.entry(
        actor,
        REFUSAL_ACTION,
        held,
        register=REGISTER,
        note=f"登记社区矫正对象被拒绝：身份证号 {mask_id_number(record.id_number)} 已在矫"
        f"（{found['number']}），同一人不能重复登记；{told}",
    )
    notice = None
    if notify:
        notice = DuplicateNotice(
            at=entry.at,
            unit_id=found["unit_id"],
            subject_id=found["pk"],
            subject_number=found["number"],
            actor=actor,
            actor_label=_actor_label(actor)[:200],
            actor_unit_name=actor.unit.name if actor.unit_id else "",
            way=WAYS.get(entry.channel, entry.channel),
        )
    _pending().append((entry, notice))
    return entry.at


def blocked(actor, record, allowance: Allowance) -> str:
    """Keep the audit entry of a registration refused by the limit; give its message."""
    entry = audit.entry(
        actor,
        REFUSAL_ACTION,
        register=REGISTER,
        note=f"登记社区矫正对象被拒绝：一小时内登记已在矫人员达 {LIMIT} 次，暂停登记在矫人员"
        f"（身份证号 {mask_id_number(record.id_number)}，未告知查重结果）",
    )
    _pending().append((entry, None))
    until = timezone.localtime(allowance.until())
    return BLOCKED.format(limit=LIMIT, until=f"{until:%H:%M}")


def flush() -> None:
    """Write the kept entries and notices, in one transaction of their own. Called once the
    transaction that refused them has ended; a failure is logged, the refusal stands."""
    items = _pending()
    if not items:
        return
    batch = list(items)
    items.clear()
    try:
        with transaction.atomic():
            for entry, notice in batch:
                entry.save()
                if notice is not None:
                    notice.save()
    except DatabaseError:
        logger.exception("未能写入 %d 条重复登记被拒绝的审计记录和提醒", len(batch))


def flush_after_request(**kwargs) -> None:
    flush()


def flush_after_job(sender, instance, **kwargs) -> None:
    # The worker saves a job's outcome after its import's transaction has ended.
    flush()


def discard_stale(**kwargs) -> None:
    """A request starts with nothing kept: entries left by work outside a request that never
    flushed (a test calling the importer directly) must not be written under this one."""
    items = _pending()
    if items:
        logger.warning("丢弃 %d 条未写入的重复登记记录（请求之外产生）", len(items))
        items.clear()
