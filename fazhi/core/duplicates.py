"""Refused registrations of a person already on a register elsewhere: the refusal's message, its
audit entry, the notice to the unit that holds the person, and the limit on how often one user
is told. For the registers that hold a person at most once across the province (社区矫正: one
open term; 安置帮教: one record 在册), each declaring a Guard.

Registering an ID number that is already held must be refused, wherever it is held. But the
refusal answers a question — is this number under corrections, on the resettlement register? —
that an officer of another county may not ask, and the register would be an oracle over every
ID number in the province. So:

- the refusal names no unit and no record outside what the officer may see (judge());
- every refused attempt is written to the audit log as 登记被拒绝, filed under the record that
  holds the person (so that county's audit administrator sees it), the ID number only masked;
- the unit holding the person gets a DuplicateNotice on the register's list page (its officers
  and its county's see it; the attempting county's do not);
- one user is told "already held" about a person outside his view at most LIMIT times in any
  WINDOW, per register. Beyond that every registration that would hold a person is refused
  with one message, a fresh ID number too, until the window has moved on: were only the
  duplicates refused, "accepted" would still answer the question.

LIMIT and WINDOW: a county meets a person held elsewhere when he moves (执行地变更, 迁出)
before the other county has closed its record — a few times a month, rarely more than once or
twice in an hour for one officer, even while importing a backlog. Five answers an hour leave
room for that and for a retry each, while a user who tests numbers learns at most five an hour
from each register, each one already notified to its holder under his name. The count is the
notices themselves (a table, not memory), so it holds across processes, workers and restarts.

A refused attempt rolls back the transaction it happened in (the web form's, the API
request's, the whole import's), and anything written there with it. So the entries are built
when the refusal is decided (stamped with that time and the request's origin) and kept for
this thread; flush() writes them once that transaction is over: the web actions do it through
flushed(), and the receivers connect() installs do it when a request ends (API, upload page)
and when the worker saves an import job's outcome.
"""

import datetime
import functools
import logging
import threading
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from . import audit
from .crypto import blind_indexes
from .idnumber import mask_id_number
from .models import AuditAction, DuplicateNotice
from .personal import shows_personal_data
from .registers import get_register

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW = datetime.timedelta(hours=1)
REFUSAL_ACTION = AuditAction.REFUSED_REGISTRATION
WAYS = {"web": "网页", "api": "接口", "cli": "后台导入"}


@dataclass(frozen=True)
class Guard:
    """One register's duplicate check: which of its records hold a person, and its words."""

    register: str  # the Register's name: audit entries' and notices' `register`
    open: Q  # the records that hold a person; at most one per person (a constraint)
    verb: str  # what was attempted, opening the audit note: 登记社区矫正对象
    held: str  # the state found, in the audit note: 已在矫
    people: str  # who the limit stops him registering, in the audit note: 在矫人员
    named: str  # the refusal to one who may see the holder: takes {where}
    neutral: str  # the refusal to anyone else: names nothing
    blocked: str  # the refusal after LIMIT answers: takes {limit} and {until}
    notices_url: str  # URL name of the register's notices page
    # The panel's and page's words: whose ID numbers were tried (在矫对象), and the
    # column of the held record's number.
    held_subjects: str = ""
    number_label: str = "编号"

    def __post_init__(self):
        GUARDS[self.register] = self

    @property
    def model(self):
        return get_register(self.register).model


GUARDS: dict[str, Guard] = {}

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
    """How many more "already held" answers about others' records of one register `actor`
    may be given now: the notices of the last WINDOW naming him, written or still pending."""

    def __init__(self, guard: Guard, actor):
        self.guard = guard
        self.actor = actor
        self._times = None

    @property
    def times(self) -> list:
        if self._times is None:
            since = timezone.now() - WINDOW
            stored = DuplicateNotice.objects.filter(
                register=self.guard.register, actor=self.actor, at__gte=since
            )
            pending = [
                notice.at
                for _, notice in _pending()
                if notice is not None
                and notice.register == self.guard.register
                and notice.actor_id == self.actor.pk
                and notice.at >= since
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


def judge(guard: Guard, actor, records: list, *, rewritten=frozenset()) -> dict[int, str]:
    """The refusals of `records` (each would hold its person: the register has kept only
    those) against the stored records that hold a person, looked up by blind index under
    every configured key: {id(record): message} for each refused.

    The holder is named only to those who may see it and its personal data. Anyone else
    learns only that the person is already held, the holder is notified, and the refusal is
    audited; after LIMIT such answers in an hour every such record he enters is refused alike.
    A record that is itself the stored holder asks nothing new. Stored records whose pk is in
    `rewritten` are judged by the batch's values instead (the register checks the batch).
    The command line (actor None) is told everything and leaves no trace here: its operator
    sees every record. Queries: one, and a second counting the user's recent refusals."""
    variants = {id(r): blind_indexes(r.id_number or "") for r in records}
    wanted = {digest for digests in variants.values() for digest in digests}
    stored = {}
    if wanted:
        rows = guard.model.objects.filter(guard.open, id_number_index__in=wanted).values(
            "id_number_index", "pk", "number", "unit_id", "unit__name", "unit__path"
        )
        stored = {row["id_number_index"]: row for row in rows}
    allowance = Allowance(guard, actor) if actor is not None else None
    refusals = {}
    for record in records:
        found = next((stored[d] for d in variants[id(record)] if d in stored), None)
        own = found is not None and record.pk is not None and found["pk"] == record.pk
        if found is not None and (own or found["pk"] in rewritten):
            found = None
        if allowance is not None and not own and allowance.exhausted():
            refusals[id(record)] = _blocked(guard, actor, record, allowance)
        elif found is not None:
            named = actor is None or _may_see(guard, actor, found)
            if named:
                message = guard.named.format(where=f"{found['unit__name']}，{found['number']}")
            else:
                message = guard.neutral
            if actor is not None:
                at = _refused(guard, actor, found, record, notify=not named)
                if not named:
                    allowance.use(at)
            refusals[id(record)] = message
    return refusals


def _may_see(guard: Guard, actor, found) -> bool:
    """Whether the refusal may name the record that holds the person: the actor could open it
    and see its ID number in full right now. Entitlement alone is not enough: an officer who
    has stated no reason sees masks, and a named refusal would confirm a full ID number behind
    them without one (and without the limit)."""
    return (
        actor.unit_id is not None
        and found["unit__path"].startswith(actor.unit.path)
        and shows_personal_data(actor, get_register(guard.register))
    )


def _refused(guard: Guard, actor, found: dict, record, *, notify: bool) -> datetime.datetime:
    """Keep the trace of one registration refused because `found` (a values() row of the
    stored record) holds the person: the audit entry and, when `notify`, the holder's notice.
    Gives the attempt's time."""
    # Only what the lookup read: the entry names the record and files it under its unit.
    held = guard.model(pk=found["pk"], number=found["number"], unit_id=found["unit_id"])
    told = "已通知持有单位" if notify else "对象在本人查看范围内"
    entry = audit.entry(
        actor,
        REFUSAL_ACTION,
        held,
        register=guard.register,
        note=f"{guard.verb}被拒绝：身份证号 {mask_id_number(record.id_number)} {guard.held}"
        f"（{found['number']}），同一人不能重复登记；{told}",
    )
    notice = None
    if notify:
        notice = DuplicateNotice(
            at=entry.at,
            register=guard.register,
            unit_id=found["unit_id"],
            record_id=found["pk"],
            record_number=found["number"],
            actor=actor,
            actor_label=_actor_label(actor)[:200],
            actor_unit_name=actor.unit.name if actor.unit_id else "",
            way=WAYS.get(entry.channel, entry.channel),
        )
    _pending().append((entry, notice))
    return entry.at


def _blocked(guard: Guard, actor, record, allowance: Allowance) -> str:
    """Keep the audit entry of a registration refused by the limit; give its message."""
    entry = audit.entry(
        actor,
        REFUSAL_ACTION,
        register=guard.register,
        note=f"{guard.verb}被拒绝：一小时内登记{guard.held}人员达 {LIMIT} 次，暂停登记"
        f"{guard.people}（身份证号 {mask_id_number(record.id_number)}，未告知查重结果）",
    )
    _pending().append((entry, None))
    until = timezone.localtime(allowance.until())
    return guard.blocked.format(limit=LIMIT, until=f"{until:%H:%M}")


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


def flushed(action):
    """An action in its own transaction, then flush(): the trace of a refusal it decided
    must outlive the transaction the refusal rolled back."""
    atomic = transaction.atomic(action)

    @functools.wraps(action)
    def run(*args, **kwargs):
        try:
            return atomic(*args, **kwargs)
        finally:
            flush()

    return run


def _flush_after_request(**kwargs) -> None:
    flush()


def _flush_after_job(sender, instance, **kwargs) -> None:
    # The worker saves a job's outcome after its import's transaction has ended.
    flush()


def _discard_stale(**kwargs) -> None:
    """A request starts with nothing kept: entries left by work outside a request that never
    flushed (a test calling the importer directly) must not be written under this one."""
    items = _pending()
    if items:
        logger.warning("丢弃 %d 条未写入的重复登记记录（请求之外产生）", len(items))
        items.clear()


def connect() -> None:
    """Install the receivers that flush at the end of a request and of a worker's import.
    Each register with a Guard calls it from its ready(); the dispatch_uids make it once."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_save

    request_started.connect(_discard_stale, dispatch_uid="duplicates_discard")
    request_finished.connect(_flush_after_request, dispatch_uid="duplicates_flush")
    post_save.connect(_flush_after_job, sender="imports.ImportJob", dispatch_uid="duplicates_job")
