"""The one access rule: who may see and change which records.

Every list, detail page, export and figure gets its rows through `visible_to(user, action)` on
the model's queryset, which asks `record_scope` — a pure function — how far the user reaches.
"""

from enum import Enum

from django.db import models

from . import retention
from .registers import REGISTERS
from .roles import CHANGE, VIEW, Role


class Scope(Enum):
    NONE = "none"  # nothing
    OWN_UNIT = "own_unit"  # records of the user's own unit only
    SUBTREE = "subtree"  # records of the user's unit and every unit below it


def record_scope(
    roles: set[str], register_role: str, action: str, *, clerk_enters: bool = False
) -> Scope:
    """How far a user holding `roles` reaches into a register worked by `register_role`.

    - the register's own role works its whole subtree;
    - 局领导 reads the whole subtree and changes nothing;
    - 填报员 (other departments, mediation committees) enters and reads its own unit's records,
      in the registers that take entries from outside the bureau (`clerk_enters`);
    - the three administrators see no business records at all (三员 hold no business data).
    """
    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if register_role in roles:
        return Scope.SUBTREE
    if Role.LEADER in roles and action == VIEW:
        return Scope.SUBTREE
    if Role.CLERK in roles and clerk_enters:
        return Scope.OWN_UNIT
    return Scope.NONE


def scope_for(user, model, action: str) -> Scope:
    """`record_scope` for a user and a register's model, which declares `register_role` and
    whether 填报员 enter its records (`clerk_enters`)."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Scope.NONE
    return record_scope(
        user.role_codes,
        model.register_role,
        action,
        clerk_enters=enters_as_clerk(user, model),
    )


def enters_as_clerk(user, model) -> bool:
    """Whether a 填报员 of the user's unit enters the register's records: the register takes
    entries from outside the bureau (`clerk_enters`), from units of the kinds it names
    (`clerk_kinds`: 人民调解 from committees, 案卷评查's rectification from departments; none
    named, any). The unit is read only for a 填报员."""
    if not getattr(model, "clerk_enters", False) or Role.CLERK not in user.role_codes:
        return False
    kinds = getattr(model, "clerk_kinds", ())
    return not kinds or user.unit.kind in kinds


class UnitOwnedQuerySet(models.QuerySet):
    """Queryset of a register: records owned by a unit through the field `unit`.

    The model declares `register_role`, the role that works the register.
    """

    def visible_to(self, user, action: str = VIEW):
        scope = scope_for(user, self.model, action)
        records = self
        stored_only = retention.expired(self.model)
        if stored_only is not None:
            records = records.exclude(stored_only)
        if scope is Scope.SUBTREE:
            return records.filter(unit__path__startswith=user.unit.path)
        if scope is Scope.OWN_UNIT:
            return records.filter(**{clerk_unit_field(self.model): user.unit_id})
        return self.none()


def sees_unattached_audit(unit) -> bool:
    """Whether the audit administrator of `unit` reads the audit entries tied to no unit:
    failed logins under unknown usernames (often someone's password typed into the name
    field), system-wide work of the command line. They belong to no county, so only the top
    unit's audit administrator, who oversees every unit, reads them; a county's sees its own."""
    return unit is not None and unit.is_top


def clerk_unit_field(model) -> str:
    """The field naming the unit whose 填报员 work a record: its owner by default; a register
    about other units (案卷评查 of a department) names that unit's field instead."""
    return getattr(model, "clerk_unit_field", "unit") + "_id"


def may_change_record(user, record) -> bool:
    """Whether `user` may change this record (or create it as it stands)."""
    scope = scope_for(user, type(record), CHANGE)
    if scope is Scope.SUBTREE:
        return record.unit.path.startswith(user.unit.path)
    if scope is Scope.OWN_UNIT:
        return getattr(record, clerk_unit_field(type(record))) == user.unit_id
    return False


def may_change(user, model, unit) -> bool:
    """Whether `user` may create or change a record of `model` owned by `unit`."""
    scope = scope_for(user, model, CHANGE)
    if scope is Scope.SUBTREE:
        return unit.path.startswith(user.unit.path)
    if scope is Scope.OWN_UNIT:
        return unit.pk == user.unit_id
    return False


def changeable_units(user, model):
    """The units whose records of `model` this user may enter: his subtree, his own unit only,
    or none. The units are those the model's `unit` field points to: core.models asks this
    module who sees what, so it names no model of its own."""
    units = model._meta.get_field("unit").related_model.objects
    scope = scope_for(user, model, CHANGE)
    if scope is Scope.SUBTREE:
        return units.subtree(user.unit)
    if scope is Scope.OWN_UNIT:
        return units.filter(pk=user.unit_id)
    return units.none()


def viewable_registers(user) -> set[str]:
    """The registers whose records the user may view at all (any scope): the figures, the
    dashboard and the report's links show the others' figures without their records."""
    return {
        name
        for name, register in REGISTERS.items()
        if scope_for(user, register.model, VIEW) is not Scope.NONE
    }
