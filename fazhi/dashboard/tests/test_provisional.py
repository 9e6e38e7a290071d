"""The dashboard counts a case whose provisional deadline has passed as overdue, in its board
card and in the 行政复议 overdue figure (issue 16, point 2: "overdue counts use them")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Role
from fazhi.reconsideration.tests.facts import provisional_in_2027

pytestmark = pytest.mark.django_db


def test_a_passed_provisional_deadline_is_counted_overdue(client, tree, make_user, monkeypatch):
    case = provisional_in_2027(tree["county"])  # 2027 is not entered
    assert case.due_date == datetime.date(2027, 1, 25)
    client.force_login(make_user("juzhang", tree["county"], Role.LEADER))

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 20))
    before = client.get(reverse("dashboard:dashboard"), {"year": 2027})
    assert before.context["board"]["overdue"] == 0
    assert before.context["board"]["soon"] == 1

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 2, 10))
    after = client.get(reverse("dashboard:dashboard"), {"year": 2027})
    assert after.context["board"]["overdue"] == 1
    figures = {
        f["indicator"].key: f["value"] for line in after.context["lines"] for f in line["figures"]
    }
    assert figures["reconsideration.overdue"] == 1
