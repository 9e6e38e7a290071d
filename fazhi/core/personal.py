"""Personal data on screen and in files: who sees it in full, the masks everyone else sees, and
the audit entry for every value shown in full.

A register names its personal fields and how each is masked (`Register.sensitive`, field →
mask kind). Pages call `reveal(user, register, records)` and show `record.shown[field]`;
exports call `mask` for each personal cell when the reader may not see it.
"""

from .masks import mask
from .models import AuditAction, AuditEntry, UnitKind


def within_county(unit) -> bool:
    """Whether a unit is a county bureau or below one (its section, a 司法所 …).

    The prefecture and province supervise counties through figures, not through the names of
    the people under supervision, so the strictest registers show them masks.
    """
    if unit is None:
        return False
    if unit.kind == UnitKind.COUNTY:
        return True
    if unit.kind in (UnitKind.PROVINCE, UnitKind.PREFECTURE):
        return False
    return any(ancestor.kind == UnitKind.COUNTY for ancestor in unit.ancestors())


def sees_personal_data(user, model) -> bool:
    """Whether `user` sees the personal data of `model`'s records in full.

    The command line's operator does; otherwise only those who work the register, and for a
    register that keeps its people within the county (`personal_data_within_county`, 社区矫正 and
    安置帮教) only its officers of a county bureau, its sections and its 司法所. Since a user
    reaches only records of his own subtree, an officer of a 司法所 sees only his own office's.
    """
    if user is None:
        return True
    if model.register_role not in user.role_codes:
        return False
    if getattr(model, "personal_data_within_county", False):
        cached = getattr(user, "_within_county", None)
        if cached is None:
            cached = user._within_county = within_county(user.unit)
        return cached
    return True


def reveal(user, register, records, *, purpose: str = "查看") -> bool:
    """Set `record.shown` = {field: text} on each record: the value for those who may see it
    (each record shown so written to the audit log, all in one INSERT), the mask otherwise.
    Returns whether the values were shown in full."""
    full = sees_personal_data(user, register.model)
    entries = []
    labels = [register.model._meta.get_field(name).verbose_name for name in register.sensitive]
    for record in records:
        shown = {}
        present = []
        for name, kind in register.sensitive.items():
            value = getattr(record, name)
            if full:
                shown[name] = value or ""
                if value:
                    present.append(name)
            else:
                shown[name] = mask(kind, value)
        record.shown = shown
        if full and present:
            entries.append(_read_entry(user, register, record, labels, purpose))
    if entries:
        AuditEntry.objects.bulk_create(entries)
    return full


def _read_entry(user, register, record, labels, purpose):
    from . import audit

    return audit.entry(
        user,
        AuditAction.READ_SENSITIVE,
        record,
        register=register.name,
        note=f"{purpose}字段：" + "、".join(str(label) for label in labels),
    )
