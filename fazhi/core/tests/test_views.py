"""Pages: what each shows, to whom, and in how many SQL queries."""

import re
import subprocess
import sys
from datetime import date

import pytest
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core import actions
from fazhi.core.models import AuditAction, AuditEntry, UnitKind
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.litigation import actions as litigation_actions
from fazhi.reconsideration import actions as reconsideration_actions


@pytest.fixture
def wide_tree(tree):
    """Thirty more 司法所 under the county, so lists span more than one row per query."""
    for n in range(2, 32):
        actions.save_unit(
            None,
            code=f"433126-S{n:02d}",
            name=f"第{n}司法所",
            kind=UnitKind.JUDICIAL_OFFICE,
            parent=tree["county"],
        )
    return tree


def test_pages_need_a_login(client, tree):
    for url in ("/", "/units/", f"/units/{tree['county'].pk}/", "/users/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_unit_list_searches_filters_and_stays_in_the_users_subtree(client, wide_tree, make_user):
    client.force_login(make_user("officer", wide_tree["county"], Role.RECONSIDERATION))
    codes = [u.code for u in client.get("/units/").context["page"]]
    assert codes[0] == "433126" and "433122" not in codes and len(codes) == 34
    codes = [u.code for u in client.get("/units/", {"q": "古阳"}).context["page"]]
    assert codes == ["433126-S01"]
    kinds = client.get("/units/", {"kind": "mediation_committee"}).context["page"]
    assert [u.code for u in kinds] == ["433126-S01-01"]
    assert [u.code for u in client.get("/units/", {"q": "泸溪"}).context["page"]] == []


def test_unit_list_query_count_does_not_grow_with_units(
    client, wide_tree, make_user, django_assert_max_num_queries
):
    client.force_login(make_user("officer", wide_tree["county"], Role.RECONSIDERATION))
    # session + user (with unit) + roles + count + page: not one more per unit.
    with django_assert_max_num_queries(5):
        response = client.get("/units/")
    assert len(response.context["page"]) == 34


def test_unit_list_paginates(client, tree, make_user):
    for n in range(60):
        actions.save_unit(
            None, code=f"433126-T{n:02d}", name=f"单位{n}", kind="section", parent=tree["county"]
        )
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    first = client.get("/units/").context["page"]
    second = client.get("/units/", {"page": 2}).context["page"]
    assert (len(first), len(second)) == (50, 14)
    assert first.paginator.count == 64
    assert "第 2 / 2 页" in client.get("/units/", {"page": 2}).content.decode()


def test_unit_detail_of_another_county_is_not_found(client, tree, make_user):
    client.force_login(make_user("office", tree["office"], Role.MEDIATION))
    assert client.get(f"/units/{tree['committee'].pk}/").status_code == 200
    for key in ("county", "sibling", "sibling_office"):
        assert client.get(f"/units/{tree[key].pk}/").status_code == 404, key


def test_unit_detail_shows_children_and_breadcrumb_within_reach(client, tree, make_user):
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    response = client.get(f"/units/{tree['office'].pk}/")
    page = response.content.decode()
    assert "白果社区人民调解委员会" in page
    assert [a.code for a in response.context["ancestors"]] == ["433126"]


def test_audit_page_pins_its_queries(client, tree, make_user, django_assert_max_num_queries):
    auditor = make_user("auditor", tree["county"], Role.AUDIT_ADMIN)
    for n in range(20):
        make_user(f"u{n}", tree["office"])
    client.force_login(auditor)
    with django_assert_max_num_queries(6):
        response = client.get("/audit/")
    assert len(response.context["page"]) > 20


def test_system_admin_keeps_units_in_the_admin_site_through_the_audited_action(
    client, tree, make_user
):
    admin = make_user("admin", tree["county"], Role.SYSTEM_ADMIN)
    client.force_login(admin)
    assert client.get("/admin/core/unit/").status_code == 200
    response = client.post(
        f"/admin/core/unit/{tree['section'].pk}/change/",
        {"name": "行政复议与应诉股（改）", "kind": "section", "parent": tree["county"].pk},
    )
    assert response.status_code == 302
    tree["section"].refresh_from_db()
    assert tree["section"].name == "行政复议与应诉股（改）"
    entry = AuditEntry.objects.filter(register="unit").latest("id")
    assert (entry.actor, entry.action, entry.object_id) == (
        admin,
        AuditAction.UPDATE,
        str(tree["section"].pk),
    )
    assert entry.after["name"] == "行政复议与应诉股（改）"
    client.force_login(make_user("officer", tree["county"], Role.RECONSIDERATION))
    assert client.get("/admin/core/unit/").status_code == 302


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "FAZHI_DATA_KEYS": "k1:" + "ab" * 32,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_data_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": "s" * 60},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "FAZHI_DATA_KEYS" in result.stderr


def test_user_changes_his_own_password_and_it_is_audited(client, tree, make_user):
    officer = make_user("officer", tree["county"], Role.RECONSIDERATION)
    client.force_login(officer)
    weak = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    assert "new_password2" in client.post("/password/", weak).context["form"].errors
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    good = {
        "old_password": PASSWORD,
        "new_password1": "Gz-2025-xyz",
        "new_password2": "Gz-2025-xyz",
    }
    assert client.post("/password/", good).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Gz-2025-xyz")
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.SET_PASSWORD,
        officer,
        str(officer.pk),
    )
    assert client.get("/").status_code == 200  # still logged in


def test_long_lists_count_no_further_than_the_limit(
    tree, rf, monkeypatch, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from fazhi.core import pagination as views
    from fazhi.core.models import Unit

    monkeypatch.setattr(views, "COUNT_LIMIT", 3)
    request = rf.get("/units/", {"page": "2"})
    with django_assert_num_queries(2):  # the bounded count, the page
        page = views.paginate(request, Unit.objects.order_by("path"), per_page=2)
        assert page.paginator.capped and page.paginator.count == 4
        list(page)
    text = render_to_string("pagination.html", {"page": page, "query": ""})
    assert "共 3 余条" in text and "2 / 2+ 页" in text


# --- running deadlines on the lists and the case pages (issue 16, points 2 and 3) ----------


def _row(page: str, text: str) -> str:
    """The table row of `page` that contains `text`."""
    (row,) = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S) if text in r]
    return row


@pytest.fixture
def on_day(monkeypatch):
    """The pages' today, fixed."""

    def fix(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return fix


@pytest.fixture
def complaint_officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")


def _accepted_case(officer, unit):
    """Accepted Fri 2024-01-05: the copy is due in 7 working days (Tue 01-16, 第四十八条) while
    the 60 days to decide run (03-05, 第六十二条)."""
    case = reconsideration_actions.register_case(
        officer, unit=unit, number="古复1", applicant="甲", respondent="乙",
        received_date=date(2024, 1, 2),
    )  # fmt: skip
    return reconsideration_actions.record_step(officer, case, "accept", date(2024, 1, 5))


def test_the_case_page_marks_every_running_deadline_and_flags_each_passed_one(
    client, tree, complaint_officer, on_day, django_assert_max_num_queries
):
    case = _accepted_case(complaint_officer, tree["county"])
    on_day(date(2024, 3, 11))
    client.force_login(complaint_officer)
    with django_assert_max_num_queries(8):
        page = strict(client.get(f"/reconsideration/{case.pk}/"))
    copy = _row(page, "答复通知期限")
    assert '<span class="badge">当前</span>' in copy and "已超期 55 天" in copy
    assert 'class="overdue"' in copy
    decision = _row(page, ">审理期限")
    assert '<span class="badge">当前</span>' in decision and "已超期 6 天" in decision
    review = _row(page, "受理审查期限")  # met: neither running nor overdue
    assert "当前" not in review and "已超期" not in review and "overdue" not in review
    assert "暂定" not in page  # 2024 is a year of the notice
    # The copy sent: only the decision runs, and the reply waits for the copy's delivery.
    case = reconsideration_actions.record_step(
        complaint_officer, case, "reply_notice", date(2024, 3, 11)
    )
    page = strict(client.get(f"/reconsideration/{case.pk}/"))
    assert "当前" not in _row(page, "答复通知期限") and "已超期" not in _row(page, "答复通知期限")
    reply = _row(page, ">答复期限")
    assert '<span class="badge">当前</span>' in reply and "待送达" in reply


def test_a_provisional_deadline_is_marked_and_explained_on_the_case_page_and_the_list(
    client, tree, complaint_officer, on_day
):
    """2027 is not entered: a suit received 2026-12-20 is due 2027-01-04 on the statutory
    holidays (行政诉讼法第六十七条, 15 days), provisionally."""
    case = litigation_actions.register_case(
        complaint_officer, unit=tree["county"], number="（2026）湘3101行初9号",
        plaintiff="王某", defendant="古丈县自然资源局", notice_received_date=date(2026, 12, 20),
    )  # fmt: skip
    on_day(date(2026, 12, 21))
    client.force_login(complaint_officer)
    page = strict(client.get(f"/litigation/{case.pk}/"))
    assert '2027-01-04</span><span class="provisional"' in _row(page, "答辩期限")
    assert "带“暂定”的期限按法定节假日计算，待录入该年度节假日安排后确定" in page
    listing = strict(client.get("/litigation/"))
    row = _row(listing, case.number)
    assert '答辩期限 <span class="nowrap">2027-01-04<span class="provisional"' in row
    # Past it, it is overdue like any other date.
    on_day(date(2027, 1, 6))
    page = strict(client.get(f"/litigation/{case.pk}/"))
    assert "已超期 2 天" in _row(page, "答辩期限")
    listing = strict(client.get("/litigation/"))
    row = _row(listing, case.number)
    assert 'class="overdue"' in row and "超期 2 天" in row


def test_a_year_entered_is_no_longer_provisional(client, tree, complaint_officer, on_day):
    from fazhi.core import holidays
    from fazhi.core.models import HolidayYear

    case = litigation_actions.register_case(
        complaint_officer, unit=tree["county"], number="（2026）湘3101行初9号",
        plaintiff="王某", defendant="古丈县自然资源局", notice_received_date=date(2026, 12, 20),
    )  # fmt: skip
    HolidayYear.objects.create(year=2027, source="entered")
    holidays.forget()
    on_day(date(2026, 12, 21))
    client.force_login(complaint_officer)
    page = strict(client.get(f"/litigation/{case.pk}/"))
    assert "2027-01-04" in _row(page, "答辩期限") and "暂定" not in page


def test_the_list_names_the_earliest_running_deadline_and_how_many_more_run(
    client, tree, complaint_officer, on_day, django_assert_max_num_queries
):
    case = _accepted_case(complaint_officer, tree["county"])
    on_day(date(2024, 1, 8))
    client.force_login(complaint_officer)
    with django_assert_max_num_queries(7):
        listing = strict(client.get("/reconsideration/"))
    row = _row(listing, case.number)
    assert '答复通知期限 <span class="nowrap">2024-01-16</span>' in row and "另有 1 项期限" in row
    assert "overdue" not in row and ">8<" in row
    # A correction asked for and not delivered: its period waits for the delivery.
    waiting = reconsideration_actions.register_case(
        complaint_officer, unit=tree["county"], number="古复2", applicant="甲", respondent="乙",
        received_date=date(2024, 1, 2),
    )  # fmt: skip
    reconsideration_actions.record_step(
        complaint_officer, waiting, "notify_correction", date(2024, 1, 3)
    )
    row = _row(strict(client.get("/reconsideration/")), "古复2")
    assert '补正期限 <span class="warn">待送达</span>' in row and "另有" not in row
