"""The home page and the sidebar: the lines a user works or reads, his own marked, and nothing
else (issue 19, defect 3: a village committee's 填报员 saw 行政复议 and 社区矫正; the system
administrator opened an empty 行政复议 list)."""

import re

from django.urls import reverse

from fazhi.core.roles import Role

ALL_LINES = (
    "行政复议",
    "行政应诉",
    "合法性审查与备案",
    "人民调解",
    "社区矫正",
    "安置帮教",
    "普法宣传",
)


def _sidebar(page: str) -> str:
    return re.search(r'<nav class="sidebar".*?</nav>', page, re.S).group(0)


def _lines(client) -> list[str]:
    return [item["line"].label for item in client.get("/").context["lines"]]


def test_the_leader_reads_every_line(client, tree, make_user):
    client.force_login(make_user("leader", tree["county"], Role.LEADER))
    page = client.get("/").content.decode()
    for label in ALL_LINES:
        assert label in _sidebar(page) and label in _lines(client)


def test_an_officer_sees_his_own_lines_only_and_they_are_marked(client, tree, make_user):
    client.force_login(make_user("med", tree["office"], Role.MEDIATION))
    page = client.get("/").content.decode()
    assert "古阳镇司法所" in page
    assert _lines(client) == ["人民调解"]
    sidebar = _sidebar(page)
    assert "人民调解" in sidebar and "行政复议" not in sidebar and "社区矫正" not in sidebar
    mine = [item["line"].key for item in client.get("/").context["lines"] if item["mine"]]
    assert mine == ["mediation"]


def test_a_committee_clerk_is_not_shown_the_bureaus_lines(client, tree, make_user):
    client.force_login(make_user("clerk", tree["committee"], Role.CLERK))
    sidebar = _sidebar(client.get("/").content.decode())
    assert "人民调解" in sidebar
    for label in ("行政复议", "行政应诉", "行政执法监督", "社区矫正", "安置帮教", "普法宣传"):
        assert label not in sidebar


def test_an_administrator_has_no_business_line_and_no_list_to_open(client, tree, make_user):
    client.force_login(make_user("admin", tree["county"], Role.SYSTEM_ADMIN))
    page = client.get("/").content.decode()
    assert "业务条线" not in _sidebar(page) and _lines(client) == []
    refused = client.get(reverse("reconsideration:list"))
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "您的角色不办理也不查阅行政复议" in text and "没有符合条件的记录" not in text


def test_a_clerk_enters_only_the_registers_of_his_kind_of_unit(tree, make_user):
    """A committee's 填报员 enters 人民调解, not 案卷评查; a department's, the reverse (issue 19,
    defect 3: a village committee's 填报员 saw a 案卷评查 board)."""
    from fazhi.core.access import Scope, scope_for
    from fazhi.core.models import Unit, UnitKind
    from fazhi.core.roles import VIEW
    from fazhi.enforcement.models import CaseFileReview
    from fazhi.mediation.models import MediationCase

    department = Unit.objects.create(
        code="433126-E05",
        name="古丈县市场监督管理局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=tree["county"],
    )
    committee_clerk = make_user("committee", tree["committee"], Role.CLERK)
    department_clerk = make_user("department", department, Role.CLERK)
    assert scope_for(committee_clerk, MediationCase, VIEW) is Scope.OWN_UNIT
    assert scope_for(committee_clerk, CaseFileReview, VIEW) is Scope.NONE
    assert scope_for(department_clerk, CaseFileReview, VIEW) is Scope.OWN_UNIT
    assert scope_for(department_clerk, MediationCase, VIEW) is Scope.NONE
