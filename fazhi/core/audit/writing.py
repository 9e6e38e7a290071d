"""Writing the audit log: `record` writes one entry now, `entry` makes an unsaved one for bulk
writers, `snapshot` gives a record's values as the log keeps them; and where the work being
done came from (`origin`, `client_ip`)."""

import contextvars
import datetime
import decimal
from contextlib import contextmanager

from django.db import models

from ..encrypted import BlindIndexField, EncryptedTextField
from ..masks import mask
from ..models import AuditAction, AuditEntry, Unit
from ..registers import register_of

# (ip, channel) of the work being done; outside a request it is the command line.
_origin = contextvars.ContextVar("audit_origin", default=(None, "cli"))


@contextmanager
def origin(ip: str | None, channel: str):
    token = _origin.set((ip, channel))
    try:
        yield
    finally:
        _origin.reset(token)


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client and cannot be trusted unless
    # a proxy we run sets it, which a deployment configures in its proxy, not here.
    return request.META.get("REMOTE_ADDR") or None


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The values of a record as JSON-safe data, by field name.

    A foreign key is kept as "name (#id)": the auditor reads names, and the id stays
    unambiguous when two units share a name.
    """
    names = fields or [f.name for f in obj._meta.concrete_fields]
    register = register_of(type(obj))
    personal = register.sensitive if register is not None else {}
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if isinstance(field, EncryptedTextField):
            # The log records that an ID number or address changed, not the value: the log
            # is read by the audit administrator, who has no call to see it, and it must not
            # keep in clear what the register keeps encrypted.
            values[name] = field.mask(getattr(obj, name))
        elif isinstance(field, BlindIndexField):
            continue
        elif name in personal:
            # 姓名 and 罪名 of a person under supervision are his register's to show, not the
            # log's: the audit administrator reads who did what to which record (its number).
            values[name] = mask(personal[name], getattr(obj, field.attname))
        elif field.is_relation:
            related = getattr(obj, name)
            values[name] = None if related is None else f"{related} (#{related.pk})"
        else:
            values[name] = _plain(getattr(obj, field.attname))
    return values


def entry(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    register: str = "",
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    username: str = "",
    unit=None,
) -> AuditEntry:
    """An unsaved audit entry, stamped with the current origin: `record` saves one, and bulk
    writers (imports) collect many for one bulk_create."""
    ip, channel = _origin.get()
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEntry(
        actor=actor_obj,
        actor_username=username or (actor_obj.username if actor_obj else ""),
        unit_id=_concerned_unit_id(unit, obj, actor_obj),
        ip=ip,
        channel=channel,
        action=action,
        register=register or (obj._meta.model_name if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        note=note[:500],
    )


def record(actor, action: str, obj: models.Model | None = None, **details) -> AuditEntry:
    """Write one audit entry now (inside the caller's transaction)."""
    written = entry(actor, action, obj, **details)
    written.save()
    return written


def _concerned_unit_id(unit, obj, actor):
    if unit is not None:
        return unit.pk
    if isinstance(obj, Unit):
        return obj.pk
    if obj is not None and getattr(obj, "unit_id", None):
        return obj.unit_id
    return actor.unit_id if actor is not None else None


def record_sensitive_read(actor, obj: models.Model, *, register: str = "", fields=()):
    """Log that `actor` was shown `obj`'s sensitive fields unmasked."""
    return record(
        actor,
        AuditAction.READ_SENSITIVE,
        obj,
        register=register,
        note="查看字段：" + "、".join(fields) if fields else "",
    )
