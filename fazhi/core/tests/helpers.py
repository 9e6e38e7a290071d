"""Small helpers the tests of several apps share."""

from html.parser import HTMLParser

import pytest

from fazhi.core.personal import REASONS_SESSION_KEY

PERSONAL_REGISTERS = ("corrections_subject", "resettlement_subject", "legal_aid")


def login_with_reason(client, user, *registers, reason="日常监督管理"):
    """Log `user` in as if he had already said why he needs these registers' personal data
    (core/reasons.py; its own tests go through the page)."""
    client.force_login(user)
    session = client.session
    session[REASONS_SESSION_KEY] = {name: reason for name in registers or PERSONAL_REGISTERS}
    session.save()


class _StrictHTML(HTMLParser):
    """Every opened element closed in order (void elements aside), no element closed that
    was not opened, and no id given twice."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.open = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                assert value not in self.ids, f'id="{value}" twice'
                self.ids.add(value)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-3:]}"
        self.open.pop()


def strict_html(page: str) -> str:
    """`page`, after checking that its HTML parses strictly and offers no choice as Django's
    "---------" (the page contract)."""
    assert "---------" not in page, "页面上有「---------」，应为「请选择」"
    parser = _StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.open == [], parser.open
    return page


def strict(response) -> str:
    """The page of a successful response, after checking its HTML parses strictly."""
    assert response.status_code == 200, response.status_code
    return strict_html(response.content.decode())


def user_fixture(username: str, unit: str, *roles, **fields):
    """A fixture of one test user, named as it is assigned (`leader = user_fixture(…)`):
    `username` in the tree's `unit` (conftest.tree) with `roles`."""

    @pytest.fixture
    def user(tree, make_user):
        return make_user(username, tree[unit], *roles, **fields)

    return user
