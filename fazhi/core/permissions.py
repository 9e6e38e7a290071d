"""Named permission rules: who may do what beyond reading and changing a register's records.

Reading and changing records is `core.access` (the scope of a role). What lies beyond it — who
manages a report, reviews a 以奖代补 claim, sets its tiers, changes the indicator settings —
is a rule of one app, and used to be a loose function that each action and each page called and
refused in its own words. Here each such rule has a name, one predicate and one refusal, so that:

- an app declares its rules once (`<app>/permissions.py`, registered in its AppConfig.ready());
- an action calls `require(name, actor, ...)`, a page `require_page` or `permission_required`,
  and both refuse in the same Chinese words;
- code lower in the layers (core, a model's queryset) can ask an app's rule by name without
  importing the app.

It imports nothing of fazhi but the refusals, so any layer may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

from .errors import ActionRefused


@dataclass(frozen=True)
class Rule:
    """`predicate(user, *args)` says whether `user` may; `refusal` is what he is told when he
    may not, in Chinese: a text, or a function of the same arguments when the text names them
    (the register a client may not write through the API)."""

    name: str
    predicate: Callable[..., bool]
    refusal: str | Callable[..., str]

    def refusal_for(self, user, *args) -> str:
        return self.refusal(user, *args) if callable(self.refusal) else self.refusal


RULES: dict[str, Rule] = {}


def register(name: str, predicate: Callable[..., bool], refusal: str | Callable[..., str]):
    """Declare a rule; each app does this for its own, from its AppConfig.ready(). Declaring the
    same rule again is harmless; another rule under a taken name is a programming error."""
    rule = Rule(name, predicate, refusal)
    if RULES.get(name, rule) != rule:
        raise ValueError(f"permission rule {name!r} declared twice")
    RULES[name] = rule
    return rule


def get(name: str) -> Rule:
    """The rule called `name`. An unknown name is a typo or an app not installed — a programming
    error, never a refusal: refusing would hide it behind a message every user takes for true."""
    try:
        return RULES[name]
    except KeyError:
        known = ", ".join(sorted(RULES)) or "none"
        raise LookupError(f"no permission rule {name!r} (known: {known})") from None


def allows(name: str, user, *args) -> bool:
    """Whether the rule `name` lets `user` do it (to `args`, when the rule takes them)."""
    return bool(get(name).predicate(user, *args))


def require(name: str, user, *args) -> None:
    """Refuse an action (ActionRefused, with the rule's message) unless the rule allows it."""
    rule = get(name)
    if not rule.predicate(user, *args):
        raise ActionRefused(rule.refusal_for(user, *args))


def require_page(name: str, user, *args) -> None:
    """Refuse a page unless the rule allows it: Django answers PermissionDenied with 403, and
    fazhi's 403 page shows the rule's message."""
    rule = get(name)
    if not rule.predicate(user, *args):
        raise PermissionDenied(rule.refusal_for(user, *args))


def permission_required(name: str):
    """A view's declared permission, a rule of the user alone, checked before the view runs
    (`view(request, ...)`; on a method, through Django's `method_decorator`)."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            require_page(name, request.user)
            return view(request, *args, **kwargs)

        checked.permission = name  # the page says what it requires, for readers and tests
        return checked

    return decorate
