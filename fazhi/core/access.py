"""The one access rule: who may see and change which records.

Every list, detail page, export and figure gets its rows through `visible_to(user, action)` on
the model's queryset, which asks `record_scope` — a pure function — how far the user reaches.
"""

from enum import Enum

from django.db import models

from .roles import Role


class Scope(Enum):
    NONE = "none"  # nothing
    OWN_UNIT = "own_unit"  # records of the user's own unit only
    SUBTREE = "subtree"  # records of the user's unit and every unit below it


VIEW = "view"
CHANGE = "change"


def record_scope(roles: set[str], register_role: str, action: str) -> Scope:
    """How far a user holding `roles` reaches into a register worked by `register_role`.

    - the register's own role works its whole subtree;
    - 局领导 reads the whole subtree and changes nothing;
    - 填报员 (other departments, mediation committees) enters and reads its own unit's records;
    - the three administrators see no business records at all (三员 hold no business data).
    """
    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if register_role in roles:
        return Scope.SUBTREE
    if Role.LEADER in roles and action == VIEW:
        return Scope.SUBTREE
    if Role.CLERK in roles:
        return Scope.OWN_UNIT
    return Scope.NONE


class UnitOwnedQuerySet(models.QuerySet):
    """Queryset of a register: records owned by a unit through the field `unit`.

    The model declares `register_role`, the role that works the register.
    """

    def visible_to(self, user, action: str = VIEW):
        if not user.is_authenticated or not user.is_active or user.unit_id is None:
            return self.none()
        scope = record_scope(user.role_codes, self.model.register_role, action)
        if scope is Scope.SUBTREE:
            return self.filter(unit__path__startswith=user.unit.path)
        if scope is Scope.OWN_UNIT:
            return self.filter(unit_id=user.unit_id)
        return self.none()


def may_change(user, model, unit) -> bool:
    """Whether `user` may create or change a record of `model` owned by `unit`."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return False
    scope = record_scope(user.role_codes, model.register_role, CHANGE)
    if scope is Scope.SUBTREE:
        return unit.path.startswith(user.unit.path)
    if scope is Scope.OWN_UNIT:
        return unit.pk == user.unit_id
    return False
