"""The pages of 普法活动 and 宣传稿件 as only they have them: owned by the bureau and 司法所,
their links and audience checked, closed to other roles — and their figures on the figures
page, whose breakdowns sum to the whole and drill down to exactly their records. What every
register's pages keep (scope, the leader, query counts) is core/tests/test_register_contract.py."""

from datetime import date

import pytest

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.publicity import actions
from fazhi.publicity.models import Activity, Article

ROLE = Role.PUBLICITY
ACTIVITIES, ARTICLES = "/publicity_activity/", "/publicity_article/"


@pytest.fixture
def officer(tree, make_user):
    return make_user("pufa", tree["county"], ROLE, full_name="杨丽")


def new_activity(actor, unit, number, held=date(2024, 5, 10), **facts):
    facts.setdefault("category", "villages")
    facts.setdefault("audience", 100)
    facts.setdefault("name", f"活动{number}")
    return actions.register_activity(
        actor, unit=unit, number=number, held_date=held, organizer="古丈县司法局", **facts
    )


def new_article(actor, unit, number, published=date(2024, 6, 18), **facts):
    facts.setdefault("platform", "own_account")
    return actions.register_article(
        actor, unit=unit, number=number, published_date=published, title=f"稿件{number}", **facts
    )


def activity_form(unit, **values):
    data = {
        "unit": unit.pk,
        "number": "古普〔2024〕1号",
        "held_date": "2024-12-04",
        "name": "国家宪法日宣传活动",
        "category": "constitution",
        "organizer": "古丈县司法局",
        "laws": "宪法",
        "audience": "300",
    }
    data.update(values)
    return data


def article_form(unit, **values):
    data = {
        "unit": unit.pk,
        "number": "古稿〔2024〕1号",
        "published_date": "2024-12-05",
        "title": "古丈县开展国家宪法日集中宣传",
        "platform": "county",
        "link": "https://www.guzhang.gov.cn/a/1.html",
    }
    data.update(values)
    return data


def test_the_officer_registers_an_activity_and_sees_it(client, tree, officer):
    client.force_login(officer)
    response = client.post(f"{ACTIVITIES}new/", activity_form(tree["office"]))
    record = Activity.objects.get()
    assert response.status_code == 302 and response.url == f"{ACTIVITIES}{record.pk}/"
    assert (record.unit, record.category, record.audience) == (tree["office"], "constitution", 300)
    entry = AuditEntry.objects.get(register="publicity_activity")
    assert entry.action == AuditAction.CREATE and entry.actor == officer
    page = client.get(response.url).content.decode()
    for text in ("古普〔2024〕1号", "国家宪法日宣传活动", "宪法宣传", "古阳镇司法所", "300"):
        assert text in page, text
    listed = client.get(ACTIVITIES).content.decode()
    assert "古普〔2024〕1号" in listed and "宪法宣传" in listed


def test_the_register_form_offers_the_bureau_and_judicial_offices_only(client, tree, officer):
    client.force_login(officer)
    offered = set(client.get(f"{ACTIVITIES}new/").context["form"].fields["unit"].queryset)
    assert offered == {tree["county"], tree["section"], tree["office"]}  # not the committee
    response = client.post(f"{ARTICLES}new/", article_form(tree["committee"]))
    assert response.status_code == 200 and not Article.objects.exists()


def test_a_judicial_office_officer_registers_for_his_office_only(client, tree, make_user):
    client.force_login(make_user("guyang", tree["office"], ROLE))
    offered = set(client.get(f"{ARTICLES}new/").context["form"].fields["unit"].queryset)
    assert offered == {tree["office"]}
    assert client.post(f"{ARTICLES}new/", article_form(tree["county"])).status_code == 200
    assert client.post(f"{ARTICLES}new/", article_form(tree["office"])).status_code == 302
    assert Article.objects.get().unit == tree["office"]


def test_a_link_that_is_not_http_is_refused_on_the_form(client, tree, officer):
    client.force_login(officer)
    response = client.post(f"{ARTICLES}new/", article_form(tree["county"], link="www.gz.cn/1"))
    assert response.status_code == 200 and not Article.objects.exists()
    assert "http:// 或 https://" in response.content.decode()
    response = client.post(f"{ARTICLES}new/", article_form(tree["county"], link=""))
    assert response.status_code == 302 and Article.objects.get().link == ""


def test_a_negative_audience_is_refused_and_none_is_allowed_on_the_form(client, tree, officer):
    client.force_login(officer)
    response = client.post(f"{ACTIVITIES}new/", activity_form(tree["county"], audience="-1"))
    assert response.status_code == 200 and "audience" in response.context["form"].errors
    assert not Activity.objects.exists()
    response = client.post(f"{ACTIVITIES}new/", activity_form(tree["county"], audience=""))
    assert response.status_code == 302 and Activity.objects.get().audience is None


def test_the_officer_edits_an_article(client, tree, officer):
    record = new_article(officer, tree["county"], "古稿1")
    client.force_login(officer)
    assert client.get(f"{ARTICLES}{record.pk}/edit/").status_code == 200
    data = article_form(tree["county"], number="古稿1", platform="provincial", title="改过的标题")
    response = client.post(f"{ARTICLES}{record.pk}/edit/", data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.platform, record.title) == ("provincial", "改过的标题")
    entry = AuditEntry.objects.filter(register="publicity_article").latest("pk")
    assert entry.action == AuditAction.UPDATE
    assert entry.before["platform"] == "own_account" and entry.after["platform"] == "provincial"


def test_a_bad_edit_changes_nothing(client, tree, officer):
    record = new_article(officer, tree["county"], "古稿2", link="https://www.gz.cn/2")
    client.force_login(officer)
    data = article_form(tree["county"], number="古稿2", link="ftp://www.gz.cn/2")
    assert client.post(f"{ARTICLES}{record.pk}/edit/", data).status_code == 200
    record.refresh_from_db()
    assert record.link == "https://www.gz.cn/2"


def test_a_user_without_the_role_cannot_open_or_register(client, tree, make_user, officer):
    activity = new_activity(officer, tree["county"], "古普2")
    client.force_login(make_user("tiaojie", tree["county"], Role.MEDIATION))
    assert client.get(f"{ACTIVITIES}{activity.pk}/").status_code == 404
    assert client.get(f"{ACTIVITIES}{activity.pk}/edit/").status_code == 404
    assert client.get(f"{ACTIVITIES}new/").status_code == 403
    assert client.post(f"{ACTIVITIES}new/", activity_form(tree["county"])).status_code == 403
    assert "古普2" not in client.get(ACTIVITIES).content.decode()
    assert Activity.objects.count() == 1


def test_list_filters_by_category_and_searches(client, tree, officer):
    new_activity(officer, tree["county"], "古普10", category="schools", name="反诈进校园")
    new_activity(officer, tree["county"], "古普11", category="villages")
    client.force_login(officer)
    numbers = {r.number for r in client.get(ACTIVITIES, {"category": "schools"}).context["page"]}
    assert numbers == {"古普10"}
    numbers = {r.number for r in client.get(ACTIVITIES, {"q": "古普11"}).context["page"]}
    assert numbers == {"古普11"}


def test_the_figures_page_balances_and_drills_down(client, tree, officer):
    new_activity(officer, tree["county"], "古普20", category="schools", audience=500)
    new_activity(officer, tree["office"], "古普21", category="villages", audience=None)
    new_activity(officer, tree["county"], "古普22", held=date(2023, 12, 31))
    new_article(officer, tree["county"], "古稿20", platform="county")
    client.force_login(officer)
    page = client.get("/indicators/", {"year": 2024, "unit": "433126"}).content.decode()
    assert 'data-whole="publicity.activities"' in page
    assert 'data-whole="publicity.articles"' in page
    assert "✗" not in page
    response = client.get(
        "/indicators/publicity.activities.法律进学校/records/", {"year": 2024, "unit": "433126"}
    )
    assert [r["record"].number for r in response.context["rows"]] == ["古普20"]
    assert "古丈县司法局" in response.content.decode()  # the owner unit
    assert response.context["columns"] == ["活动日期", "活动名称", "活动类别"]
    response = client.get("/indicators/publicity.audience/records/", {"year": 2024})
    assert {r["record"].number for r in response.context["rows"]} == {"古普20", "古普21"}
    assert response.context["shown"] == "500"
