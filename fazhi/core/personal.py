"""Personal data on screen and in files: who sees it in full, the masks everyone else sees, and
the audit entry for every display of values in full.

A register names its personal fields and how each is masked (`Register.sensitive`, field →
mask kind). Pages call `reveal(user, register, records)` and show `record.shown[field]`;
exports call `mask` for each personal cell when the reader may not see it.

Even those entitled to the data (`sees_personal_data`) see masks until they have said why they
need it (GB/T 22239 access to personal information on a need basis): the reason, given once per
register and session on the page `personal_data_reason`, is kept in the session, written to the
audit log, and repeated in every entry of a value shown in full while it holds.
"""

from django.db.models import Q

from . import audit
from .masks import mask
from .models import AuditAction, UnitKind


def within_county(unit) -> bool:
    """Whether a unit is a county bureau or below one (its section, a 司法所 …).

    The prefecture and province supervise counties through figures, not through the names of
    the people under supervision, so the strictest registers show them masks.
    """
    if unit is None:
        return False
    # A county is the lowest bureau: a unit with a county above it has that county as its own.
    bureau = unit.bureau()
    return bureau is not None and bureau.kind == UnitKind.COUNTY


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


REASONS_SESSION_KEY = "personal_data_reasons"
COMMAND_LINE = "命令行操作"


def reason_for(user, register_name: str) -> str:
    """The reason `user` gave in this session for seeing a register's personal data, or "".
    The web's requests carry the session's reasons on the user (core.middleware); the command
    line's operator (no user) needs none."""
    if user is None:
        return COMMAND_LINE
    return getattr(user, "personal_data_reasons", {}).get(register_name, "")


def shows_personal_data(user, register) -> bool:
    """Whether pages show `register`'s personal data to `user` in full now: he is entitled to
    it and has given his reason."""
    return sees_personal_data(user, register.model) and bool(reason_for(user, register.name))


def may_unmask(user, register) -> bool:
    """Whether `user` sees masks only for want of a reason: then pages offer to give one."""
    return (
        bool(register.sensitive)
        and sees_personal_data(user, register.model)
        and not (reason_for(user, register.name))
    )


# A search that may look at no field at all finds nothing (an empty Q would find everything).
NOTHING = Q(pk__in=[])


def searches_personal(user, register) -> bool:
    """Whether a list's search reaches `register`'s personal fields (and its person-finding
    hook) for `user` now: a register without any, or a reader who sees them in full now."""
    return not register.sensitive or shows_personal_data(user, register)


def field_label(model, path: str) -> str:
    """The label of a search field, which may be a lookup across a relation
    ("reviewed_unit__name"): the label of the field the reader knows, the first one."""
    return str(model._meta.get_field(path.split("__", 1)[0]).verbose_name)


def search_labels(user, register) -> tuple[list, list]:
    """(what a list's search looks at, what it leaves out) for `user`, as the labels of the
    register's search fields and hook: the search box, the page's notice and the API's say
    the same."""
    full = searches_personal(user, register)
    hook_label = register.search_hook_label if register.search_hook else ""
    searched, left_out = [], []
    for name in register.search_fields:
        label = field_label(register.model, name)
        (searched if full or name not in register.sensitive else left_out).append(label)
    if hook_label:
        (searched if full else left_out).append(hook_label)
    return searched, left_out


def search_condition(user, register, text: str):
    """The condition of a list's search for `text` over the register's `search_fields`
    (`icontains`) and its `search_hook` (a search a lookup cannot do, such as an ID number
    through its blind index; it is always about a person).

    Looking for a person by his name or ID number tells whoever sees the hits what the masks
    hide, so a search reaches a register's personal fields (Register.sensitive) and its hook
    only when the user sees that data in full now: entitled and with his reason stated. Such
    a search is written to the audit log with the kinds of key it looked at (姓名, 身份证号 …)
    and the reason, never the text searched for. Everyone else searches the other fields.
    """
    text = (text or "").strip()
    personal = searches_personal(user, register)
    condition, searched, kinds = Q(), False, []
    hook, hook_label = register.search_hook, register.search_hook_label
    for name in register.search_fields:
        if name in register.sensitive:
            if not personal:
                continue
            kinds.append(field_label(register.model, name))
        condition |= Q(**{f"{name}__icontains": text})
        searched = True
    extra = hook(text) if hook is not None and personal else None
    if extra is not None:
        condition |= extra
        searched = True
        if register.sensitive:
            kinds.append(hook_label or "个人信息")
    if kinds:
        _log_search(user, register, kinds)
    return condition if searched else NOTHING


def _log_search(user, register, kinds) -> None:
    audit.record(
        user,
        AuditAction.READ_SENSITIVE,
        register=register.name,
        note=f"按个人信息检索{register.label}（检索项："
        + "、".join(dict.fromkeys(kinds))
        + f"；检索内容不记录）；事由：{reason_for(user, register.name)}",
    )


def search_notice(user, register) -> str:
    """What a list page says when its search leaves out the personal fields ("" when it
    leaves out none): what it searches instead, and how to search the rest."""
    others, personal = search_labels(user, register)
    if not personal:
        return ""
    searched = f"搜索只查找{'、'.join(others)}，" if others else "搜索"
    hidden = "、".join(dict.fromkeys(personal))
    if sees_personal_data(user, register.model):
        return f"{searched}不按{hidden}查找：说明查看事由后才能按个人信息搜索。"
    return f"您只能看到脱敏信息，{searched}不按{hidden}查找。"


def reveal(user, register, records, *, purpose: str = "查看") -> bool:
    """Set `record.shown` = {field: text} on each record: the value for those who may see it
    and have said why (the display written to the audit log with the reason), the mask
    otherwise. Returns whether the values were shown in full."""
    full = shows_personal_data(user, register)
    in_full = []
    for record in records:
        shown = {}
        present = False
        for name, kind in register.sensitive.items():
            value = getattr(record, name)
            if full:
                shown[name] = value or ""
                present = present or bool(value)
            else:
                shown[name] = mask(kind, value)
        record.shown = shown
        if present:
            in_full.append(record)
    if in_full:
        _log_display(user, register, in_full, purpose)
    return full


def _log_display(user, register, records, purpose) -> None:
    """One READ_SENSITIVE entry per display: on the record when a page showed one; else one
    naming every record shown (a list's page, a person's page, an API page), so that a page
    of 50 is one line in the log and not 50 that bury the rest (issue 19, defect 6)."""
    labels = [register.model._meta.get_field(name).verbose_name for name in register.sensitive]
    note = (
        f"{purpose}字段："
        + "、".join(str(label) for label in labels)
        + f"；事由：{reason_for(user, register.name)}"
    )
    if len({record.pk for record in records}) == 1:
        audit.record(
            user, AuditAction.READ_SENSITIVE, records[0], register=register.name, note=note
        )
        return
    units = {record.unit_id for record in records}
    audit.record_shown(
        user,
        register.name,
        (record.pk for record in records),
        note=note,
        label=register.label,
        unit_id=units.pop() if len(units) == 1 else None,
    )


def give_reason(request, register, reason: str) -> None:
    """Record why the user needs `register`'s personal data: in his session, for the pages he
    opens next, and in the audit log."""
    reasons = dict(request.session.get(REASONS_SESSION_KEY, {}))
    reasons[register.name] = reason
    request.session[REASONS_SESSION_KEY] = reasons
    request.user.personal_data_reasons = reasons
    audit.record(
        request.user,
        AuditAction.ACCESS_REASON,
        register=register.name,
        note=f"说明事由，开始查看{register.label}的完整个人信息；事由：{reason}",
    )


def withdraw_reason(request, register) -> None:
    reasons = dict(request.session.get(REASONS_SESSION_KEY, {}))
    reasons.pop(register.name, None)
    request.session[REASONS_SESSION_KEY] = reasons
    request.user.personal_data_reasons = reasons


def personal_fields_of_form(request, register, form, record) -> None:
    """An edit form shows what it edits: a record's personal fields only to whoever sees them
    in full now (that display audit-logged); for everyone else they are left out, and so
    left unchanged."""
    if not register.sensitive:
        return
    if shows_personal_data(request.user, register):
        if request.method == "GET":
            reveal(request.user, register, [record], purpose="修改")
        return
    for name in register.sensitive:
        form.fields.pop(name, None)
