"""Paging a long register list by key: 下一页 to the end, 上一页 back, 末页, all without OFFSET,
and every case exactly once in the list's order."""

import datetime
import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.pagination import beyond, decode_cursor, sort_key
from fazhi.mediation.models import MediationCase

D = datetime.date
LINK = re.compile(r'<a href="\?([^"]*)">(首页|上一页|下一页|末页)</a>')


def links(html: str) -> dict:
    return {label: query.replace("&amp;", "&") for query, label in LINK.findall(html)}


def numbers(html: str) -> list[str]:
    return re.findall(r"(白果\d+)", html)


def make_cases(mediate, count):
    # Five cases a day, so that the sort key's date ties and the id decides.
    for n in range(count):
        mediate(f"白果{n:03d}", received_date=D(2024, 1, 1) + datetime.timedelta(days=n // 5))


def test_next_pages_walk_every_case_once_in_order_without_offset(client, office, mediate):
    make_cases(mediate, 123)
    expected = list(
        MediationCase.objects.order_by("-received_date", "-id").values_list("number", flat=True)
    )
    client.force_login(office)
    url = reverse("mediation:list")
    html = client.get(url).content.decode()
    seen = numbers(html)
    assert "第 1 / 3 页" in html
    while "下一页" in links(html):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"{url}?{links(html)['下一页']}").content.decode()
        selects = [q["sql"] for q in queries if "mediation_mediationcase" in q["sql"]]
        assert not any("OFFSET" in sql for sql in selects)
        seen += numbers(html)
    assert seen == expected
    assert "第 3 / 3 页" in html

    back = numbers(html)
    while "上一页" in links(html):
        html = client.get(f"{url}?{links(html)['上一页']}").content.decode()
        back = numbers(html) + back
    assert back == expected
    assert "第 1 / 3 页" in html


def test_last_page_and_filters_kept(client, office, mediate):
    make_cases(mediate, 60)
    mediate("白果999", received_date=D(2023, 6, 1))
    client.force_login(office)
    url = reverse("mediation:list")
    html = client.get(url, {"year": 2024}).content.decode()
    assert "year=2024&last=1" in links(html)["末页"]
    html = client.get(f"{url}?{links(html)['末页']}").content.decode()
    oldest_2024 = list(
        MediationCase.objects.filter(received_date__year=2024)
        .order_by("-received_date", "-id")
        .values_list("number", flat=True)
    )[50:]
    assert numbers(html) == oldest_2024
    assert "白果999" not in html


def test_a_broken_cursor_falls_back_to_the_first_page(client, office, mediate):
    make_cases(mediate, 3)
    client.force_login(office)
    response = client.get(reverse("mediation:list"), {"after": "not-a-date~x"})
    assert response.status_code == 200
    assert len(numbers(response.content.decode())) == 3


def test_keyset_condition_follows_each_column_direction(db, mediate):
    make_cases(mediate, 12)
    ordered = MediationCase.objects.order_by("received_date", "-id")
    key = sort_key(ordered)
    assert key == [("received_date", False), ("id", True)]
    rows = list(ordered)
    middle = rows[6]
    cursor = json.dumps([middle.received_date.isoformat(), str(middle.pk)])
    values = decode_cursor(cursor, MediationCase, key)
    assert list(ordered.filter(beyond(key, values, forward=True))) == rows[7:]
    assert list(ordered.filter(beyond(key, values, forward=False))) == rows[:6]


def test_orderings_a_key_cannot_follow_page_by_number(db):
    from django.db.models import F

    by_due = MediationCase.objects.order_by(F("due_date").asc(nulls_last=True), "id")
    assert sort_key(by_due) is None
    assert sort_key(MediationCase.objects.order_by("-received_date")) is None  # no unique end
    assert sort_key(MediationCase.objects.order_by("unit__path", "id")) is None


def test_a_heading_sort_by_text_walks_every_case_once_whatever_its_characters(
    client, office, mediate
):
    """Sorted by a text heading (调解员), the key travels in the link whatever the text holds:
    a mediator written 王~五 once broke a cursor joined by "~" (review)."""
    make_cases(mediate, 70)
    for n, case in enumerate(MediationCase.objects.order_by("id")):
        case.mediator = ["王~五", "李,四", '张"三'][n % 3]
        case.save(update_fields=["mediator"])
    expected = list(
        MediationCase.objects.order_by("mediator", "id").values_list("number", flat=True)
    )
    client.force_login(office)
    url = reverse("mediation:list")
    html = client.get(url, {"sort": "mediator"}).content.decode()
    seen = numbers(html)
    while "下一页" in links(html):
        html = client.get(f"{url}?{links(html)['下一页']}").content.decode()
        seen += numbers(html)
    assert seen == expected


def test_a_long_list_sorted_where_no_key_follows_says_how_far_it_pages(
    client, office, mediate, monkeypatch
):
    """所属单位 and other columns in another table page by number, as far as the count goes:
    the page says so instead of leaving the rest out unsaid (review)."""
    from fazhi.core import pagination

    monkeypatch.setattr(pagination, "ESTIMATE_FROM", 60)
    make_cases(mediate, 130)
    client.force_login(office)
    html = client.get(reverse("mediation:list"), {"sort": "unit__name"}).content.decode()
    assert "按这一列排序时只能逐页翻阅前 60 条" in html
    html = client.get(reverse("mediation:list")).content.decode()
    assert "只能逐页翻阅" not in html
