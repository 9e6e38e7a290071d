"""What the 人民调解 list costs at ten million rows (issue 18 point 6), held in small: its queries
pinned, the count exact up to its limit and an estimate beyond it, the filters' <select>s written
in Python exactly as Django's templates write them, and each row's link found once per page."""

import re

import pytest
from django import forms
from django.db import connection
from django.urls import reverse

from fazhi.core import pagination
from fazhi.core.forms import QuickSelect
from fazhi.core.pagination import approximately
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.forms import ListFilter
from fazhi.mediation.models import MediationCase

URL = "/mediation/"
POSTGRES = connection.vendor == "postgresql"
# session, user, roles; the bounded count, the page; may register; the unit filter's choices
LIST_QUERIES = 7


def _total(html: str) -> str:
    return re.search(r"共\s*([^<]*?)\s*条", html).group(1)


def test_the_list_costs_its_pinned_queries(client, office, mediate, django_assert_num_queries):
    for n in range(3):
        mediate(f"白果{n:03d}")
    client.force_login(office)
    client.get(URL)  # the session's first view
    with django_assert_num_queries(LIST_QUERIES):
        html = client.get(URL, {"status": "succeeded", "year": 2024}).content.decode()
    assert _total(html) == "3"


def test_below_the_limit_the_count_is_exact(client, office, mediate, monkeypatch):
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 3)
    for n in range(3):
        mediate(f"白果{n:03d}")
    mediate("白果失败", status="failed", closed_date=None, agreement_form="")
    client.force_login(office)
    assert _total(client.get(URL, {"status": "succeeded"}).content.decode()) == "3"


def test_beyond_the_limit_the_count_is_an_estimate_said_as_one(
    client, office, mediate, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 3)
    for n in range(5):
        mediate(f"白果{n:03d}")
    client.force_login(office)
    client.get("/password/")  # the session's first view
    # The estimate is one more statement, planned and not run, on PostgreSQL only.
    with django_assert_num_queries(LIST_QUERIES + (1 if POSTGRES else 0)):
        html = client.get(URL, {"page": 1}).content.decode()
    # A list found long is neither counted nor planned again for a while (LONG_LIST_SECONDS).
    with django_assert_num_queries(LIST_QUERIES - (1 if POSTGRES else 0)):
        again = client.get(URL, {"page": 1}).content.decode()
    assert _total(again) == _total(html)
    total = _total(html)
    if POSTGRES:
        # Never fewer than the count found: more than the limit.
        assert total.startswith("约") and int(total.removeprefix("约").strip()) >= 4
    else:
        assert total == "3 余"
    assert "分页" not in html  # 5 cases at 50 a page: one page, no paging bar


@pytest.mark.parametrize(
    "rows, said",
    [(9_993_859, "999 万"), (1_234_567, "123 万"), (45_382, "4.5 万"), (40_000, "4 万")]
    + [(3_449, "3400"), (1_001, "1000"), (7, "7")],
)
def test_an_estimate_shows_no_digits_it_cannot_know(rows, said):
    assert approximately(rows) == said


def test_the_count_counts_no_further_than_its_limit(db, mediate, monkeypatch, rf):
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 2)
    for n in range(4):
        mediate(f"白果{n:03d}")
    page = pagination.paginate(rf.get(URL), MediationCase.objects.order_by("-id"), estimate=True)
    assert page.paginator.count == 3 and page.paginator.capped
    exact = pagination.paginate(rf.get(URL), MediationCase.objects.order_by("-id"))
    assert exact.paginator.count == 4 and not exact.paginator.capped
    assert exact.paginator.estimated is None


def _spaced(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "query",
    [{}, {"status": "succeeded", "dispute_type": "neighbour", "sort": "due"}, {"unit": "433126"}],
)
def test_quick_selects_write_what_django_writes(db, office, committees, query):
    from fazhi.core.models import Unit

    form = ListFilter(
        query or None,
        units=Unit.objects.filter_choices(office),
        register=REGISTER,
    )
    form.is_valid()
    fields = [*form.exact_fields, form["window"], form["unit"], form["sort"]]
    assert all(type(field.field.widget) is QuickSelect for field in fields)
    ours = [_spaced(field) for field in fields]
    for field in fields:
        field.field.widget.__class__ = forms.Select  # the same widget, rendered by Django
    by_django = [_spaced(field) for field in fields]
    assert ours == by_django
    if query.get("status"):
        assert '<option value="succeeded" selected>调解成功</option>' in by_django[0]


def test_each_row_links_to_its_case(client, office, mediate):
    case = mediate("白果001")
    client.force_login(office)
    html = client.get(URL).content.decode()
    assert f'<a href="{reverse("mediation:detail", args=[case.pk])}">白果001</a>' in html


def test_a_long_list_is_remembered_for_its_own_rows_only(db, mediate, monkeypatch, rf, tree):
    """The kept estimate is the statement's: another scope, filter or limit is counted anew."""
    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 2)
    for n in range(4):
        mediate(f"白果{n:03d}")
    ours = MediationCase.objects.filter(unit__path__startswith=tree["county"].path)
    theirs = MediationCase.objects.filter(unit__path__startswith=tree["sibling"].path)
    first = pagination.paginate(rf.get(URL), ours.order_by("-id"), estimate=True)
    assert first.paginator.capped
    other = pagination.paginate(rf.get(URL), theirs.order_by("-id"), estimate=True)
    assert other.paginator.count == 0 and not other.paginator.capped
    exact = pagination.paginate(rf.get(URL), ours.order_by("-id"))  # no estimate: no memory
    assert exact.paginator.count == 4
