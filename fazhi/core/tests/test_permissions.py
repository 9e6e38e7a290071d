"""The named permission rules (core/permissions.py): the registry alone, on rules of its own, and
a scan of the code for every rule name asked that no app registers."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.decorators import method_decorator

from fazhi.core import permissions
from fazhi.core.errors import ActionRefused

REFUSAL = "只有调解员可以审核。"


def mediator(user) -> bool:
    return getattr(user, "role", "") == "mediator"


@pytest.fixture
def rules(monkeypatch):
    """An empty registry with one rule, `test.review`; the apps' rules stay as they are."""
    monkeypatch.setattr(permissions, "RULES", {})
    permissions.register("test.review", mediator, REFUSAL)
    return permissions.RULES


MEDIATOR = SimpleNamespace(role="mediator")
CLERK = SimpleNamespace(role="clerk")


def test_a_rule_allows_and_requires_by_its_name(rules):
    assert permissions.allows("test.review", MEDIATOR)
    assert not permissions.allows("test.review", CLERK)
    permissions.require("test.review", MEDIATOR)
    with pytest.raises(ActionRefused) as refused:
        permissions.require("test.review", CLERK)
    assert str(refused.value) == REFUSAL


def test_a_rule_takes_the_arguments_of_what_is_done(rules):
    def owns(user, record) -> bool:
        return record.owner == user.role

    permissions.register("test.own", owns, lambda user, record: f"「{record.name}」不是您的。")
    record = SimpleNamespace(owner="mediator", name="甲案")
    assert permissions.allows("test.own", MEDIATOR, record)
    with pytest.raises(ActionRefused, match="「甲案」不是您的。"):
        permissions.require("test.own", CLERK, record)


def test_an_unknown_name_is_a_programming_error_not_a_refusal(rules):
    for ask in (permissions.allows, permissions.require, permissions.require_page):
        with pytest.raises(LookupError, match="test.reveiw"):
            ask("test.reveiw", MEDIATOR)


def test_a_name_holds_one_rule(rules):
    permissions.register("test.review", mediator, REFUSAL)  # an app's ready() run again
    with pytest.raises(ValueError, match="test.review"):
        permissions.register("test.review", lambda user: True, REFUSAL)


def test_a_page_is_refused_with_the_rules_message(rules):
    with pytest.raises(PermissionDenied, match=REFUSAL):
        permissions.require_page("test.review", CLERK)
    permissions.require_page("test.review", MEDIATOR)


def _request(user):
    request = RequestFactory().get("/review/")
    request.user = user
    return request


def test_the_view_decorator_answers_403_with_the_rules_message(rules):
    @permissions.permission_required("test.review")
    def review(request):
        return HttpResponse("审核列表")

    assert review.permission == "test.review"
    assert review(_request(MEDIATOR)).content.decode() == "审核列表"
    with pytest.raises(PermissionDenied, match=REFUSAL):
        review(_request(CLERK))
    # Through Django's handling, as a request meets it: fazhi's 403 page with the message.
    response = convert_exception_to_response(review)(_request(AnonymousUser()))
    assert response.status_code == 403
    assert REFUSAL in response.content.decode()


def test_the_view_decorator_serves_a_pages_method(rules):
    class Pages:
        @method_decorator(permissions.permission_required("test.review"))
        def review(self, request):
            return HttpResponse("审核列表")

    assert Pages().review(_request(MEDIATOR)).status_code == 200
    with pytest.raises(PermissionDenied, match=REFUSAL):
        Pages().review(_request(CLERK))


# --- every name asked is registered --------------------------------------------------------

FAZHI = Path(permissions.__file__).resolve().parents[1]
# A rule's name where code asks it: allows("x", …), require(…), require_page(…),
# permission_required(…), and partial(permissions.allows, "x") in a declaration.
ASKED = re.compile(r"\b(?:allows|require|require_page|permission_required)\b[(,]\s*\"([^\"]+)\"")
# The names the apps' callers ask today: the scan must keep finding them.
KNOWN = {
    "api.write_records",
    "enforcement.enter_findings",
    "indicators.change_settings",
    "mediation.review_subsidy",
    "mediation.set_tiers",
    "mediation.submit_subsidy",
    "mediation.view_tiers",
    "reports.manage",
    "reports.view",
    "reports.write_block",
}


# A rule's name kept in an app's constant (SCORE = "evaluation.score"), asked by the constant.
NAMED = re.compile(r"^([A-Z_]+) = \"([a-z_]+\.[a-z_]+)\"$", re.MULTILINE)
ASKED_BY = r"\b(?:allows|require|require_page|permission_required)\b[(,]\s*{}\b"


def _asked_names() -> dict[str, list[str]]:
    """Each rule name the code asks → where (tests and migrations aside): by its name, or by
    the constant its app keeps it in."""
    asked = {}
    sources = {}
    for path in sorted(FAZHI.rglob("*.py")):
        parts = path.relative_to(FAZHI).parts
        if "tests" not in parts and "migrations" not in parts:
            sources[path] = path.read_text(encoding="utf-8")
    constants = {}  # (app, constant) → rule name
    for path, text in sources.items():
        app = path.relative_to(FAZHI).parts[0]
        for constant, name in NAMED.findall(text):
            constants[app, constant] = name
    for path, text in sources.items():
        where = str(path.relative_to(FAZHI.parent))
        found = ASKED.findall(text)
        app = path.relative_to(FAZHI).parts[0]
        for (owner, constant), name in constants.items():
            if owner == app and re.search(ASKED_BY.format(constant), text):
                found.append(name)
        for name in found:
            asked.setdefault(name, []).append(where)
    return asked


def test_every_rule_name_the_code_asks_is_registered():
    asked = _asked_names()
    assert set(asked) >= KNOWN, "the scan no longer finds the rules' callers"
    unknown = {name: where for name, where in asked.items() if name not in permissions.RULES}
    assert not unknown, f"rule names asked but registered by no app's ready(): {unknown}"


def test_every_registered_rule_is_asked_somewhere():
    # A rule no code asks is dead, or is asked in a way the scan above cannot see.
    assert set(permissions.RULES) <= set(_asked_names())
