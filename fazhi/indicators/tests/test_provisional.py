"""A provisional deadline that passed counts as overdue in the figures, and the records behind
the figure show it marked 暂定 (issue 16, point 2: "overdue counts use them")."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from fazhi.core.registers import REGISTERS
from fazhi.core.roles import Role
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period
from fazhi.indicators.views import _is_computed_deadline
from fazhi.reconsideration.tests.facts import make_case, provisional_in_2027

pytestmark = pytest.mark.django_db

OVERDUE = "reconsideration.overdue"
AFTER = datetime.date(2027, 2, 10)  # the 审理期限 2027-01-25 has passed


@pytest.fixture
def provisional_case(tree, monkeypatch):
    """The issue's case (facts.provisional_in_2027), and then it is 2027-02-10."""
    case = provisional_in_2027(tree["county"])
    assert case.decision_deadline == datetime.date(2027, 1, 25)
    monkeypatch.setattr(timezone, "localdate", lambda *args: AFTER)
    return case


@pytest.fixture
def officer(tree, make_user):
    return make_user("officer", tree["county"], Role.RECONSIDERATION)


def test_a_passed_provisional_decision_deadline_counts_as_overdue(tree, provisional_case):
    figure = compute([OVERDUE], Period.year(2027), tree["county"])[OVERDUE]
    assert figure.value == 1


def test_the_records_behind_the_figure_mark_the_deadline_provisional(
    client, tree, provisional_case, officer
):
    client.force_login(officer)
    response = client.get(f"/indicators/{quote(OVERDUE)}/records/", {"year": 2027})
    assert response.status_code == 200
    html = response.content.decode()
    assert provisional_case.number in html
    assert '2027-01-25<span class="provisional"' in html and "（暂定）" in html
    # The other dates of the row are plain: 受理日期 is a fact, not a computed deadline.
    assert "2026-11-25<span" not in html


def test_a_settled_deadline_is_not_marked(client, tree, officer, monkeypatch):
    make_case(tree["county"], "K9", "2024-03-01", accepted="2024-03-04")
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2024, 12, 1))
    client.force_login(officer)
    html = client.get(f"/indicators/{quote(OVERDUE)}/records/", {"year": 2024}).content.decode()
    assert "K9" in html and "2024-05-06" in html
    assert "暂定" not in html


def test_only_a_computed_deadline_is_marked():
    def field(register, name):
        return _is_computed_deadline(
            REGISTERS[register], REGISTERS[register].model._meta.get_field(name)
        )

    assert field("reconsideration", "decision_deadline")
    assert field("legal_aid", "decision_deadline")
    assert not field("reconsideration", "accepted_date")
    # 案卷评查's 整改期限 is a date the reviewer chose, settled whatever the calendar.
    assert not field("case_file_review", "rectification_deadline")
