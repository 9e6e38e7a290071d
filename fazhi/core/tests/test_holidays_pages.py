"""The holiday calendar's pages: only the top unit's system administrator reaches them; a
year is shown (stored or provisional), entered from typed lines or a sheet, and the
recomputation's progress and the moved deadlines are listed."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import holiday_views, holidays, workdays
from fazhi.core.models import AuditAction, AuditEntry, DeadlineRecompute, HolidayYear
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict_html as strict
from fazhi.reconsideration.tests.facts import accepted_late_in_2026

NOTICE = "国办发明电〔2026〕12号"
LINES_2027 = "\n".join(
    [
        "2027-01-01 放假 元旦",
        "2027-01-02 放假 元旦",
        "2027-01-03 放假 元旦",
        "2027-01-25 放假 特别放假日",
        *(f"2027-02-{day:02d} 放假 春节" for day in range(5, 12)),
        "2027-02-20 上班 春节",
    ]
)


def shown_text(page: str) -> str:
    """The page's text as the reader sees it (no tags, scripts, or attribute values)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def no_raw_codes(page: str):
    text = shown_text(page)
    for code in ("rest", "work", "entered", "package", "queued", "running", "done", "failed"):
        assert not re.search(rf"\b{code}\b", text), code


@pytest.fixture
def sysadmin(tree, make_user):
    return make_user("xitong", tree["province"], Role.SYSTEM_ADMIN)


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION)


@pytest.fixture
def example_case(officer, tree):
    return accepted_late_in_2026(officer, tree["county"])


def test_others_get_403_and_change_nothing(client, tree, make_user, officer):
    others = [
        make_user("xianxitong", tree["county"], Role.SYSTEM_ADMIN),
        make_user("anquan", tree["province"], Role.SECURITY_ADMIN),
        make_user("shenji", tree["province"], Role.AUDIT_ADMIN),
        officer,
    ]
    for user in others:
        client.force_login(user)
        assert client.get("/holidays/").status_code == 403
        assert client.get("/holidays/2027/").status_code == 403
        form = {"lines-days": LINES_2027, "lines-notice_number": NOTICE}
        assert client.post("/holidays/2027/", form).status_code == 403
        assert client.post("/holidays/2027/recompute/").status_code == 403
        page = client.get("/").content.decode()
        assert "节假日安排" not in page  # no link in the navigation
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not DeadlineRecompute.objects.exists()


def test_the_list_of_years(client, sysadmin, django_assert_num_queries):
    client.force_login(sysadmin)
    client.get("/holidays/")  # the session and the user's roles, read once
    with django_assert_num_queries(5):
        response = client.get("/holidays/")
    page = strict(response.content.decode())
    no_raw_codes(page)
    assert '<a href="/holidays/" class="active">节假日安排</a>' in page
    assert '<a href="/holidays/2026/">2026年</a>' in page
    assert "系统内置数据" in page
    year = date.today().year
    if year + 1 > 2026:
        assert f"{year + 1}年</a>节假日安排尚未录入" in page
    assert client.get("/holidays/?year=2027")["Location"] == "/holidays/2027/"
    refused = client.get("/holidays/?year=27", follow=True).content.decode()
    assert "年度应为 2004 至 2100 之间的四位数字" in refused
    assert client.get("/holidays/2101/").status_code == 404


def test_a_provisional_year_and_its_entry_from_typed_lines(client, sysadmin, example_case):
    client.force_login(sysadmin)
    page = strict(client.get("/holidays/2027/").content.decode())
    no_raw_codes(page)
    assert "2027年节假日安排尚未录入" in page
    assert (
        "2027-02-05 至 2027-02-10" in page and '<span class="provisional">（暂定）</span>' in page
    )
    # The form offers the provisional days to be corrected into the notice's.
    assert "2027-02-09 放假 春节（补假）" in page

    response = client.post(
        "/holidays/2027/",
        {
            "lines-days": LINES_2027,
            "lines-notice_number": NOTICE,
            "lines-notice_date": "2026-11-10",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/holidays/2027/"
    stored = HolidayYear.objects.get(year=2027)
    assert (stored.entered_by, stored.notice_date) == (sysadmin, date(2026, 11, 10))
    assert AuditEntry.objects.get(action=AuditAction.HOLIDAYS).actor == sysadmin
    job = DeadlineRecompute.objects.get()

    page = strict(client.get("/holidays/2027/").content.decode())
    no_raw_codes(page)
    assert "已录入2027年节假日安排（国办发明电〔2026〕12号）" in page
    assert "尚未录入" not in page
    assert "特别放假日" in page and "2027-02-20" in page and "星期六" in page
    assert f'hx-get="/holidays/recompute/{job.pk}/progress/"' in page  # polls while queued
    assert "排队中" in page

    holidays.run_recompute(holidays.claim_recompute())
    fragment = strict(client.get(f"/holidays/recompute/{job.pk}/progress/").content.decode())
    no_raw_codes(fragment)
    assert "hx-get" not in fragment  # finished: no more polling
    assert 'value="100"' in fragment and "已完成" in fragment
    assert "古政复〔2026〕31号" in fragment and "审理期限" in fragment
    assert "2027-01-25" in fragment and "2027-01-26" in fragment
    # Under 三员分立 the system administrator sees no case: the number is not a link.
    assert f'href="/reconsideration/{example_case.pk}/"' not in fragment


def test_moved_cases_link_to_their_page_for_who_may_see_them(officer, example_case):
    entry = {
        "register": "reconsideration",
        "id": example_case.pk,
        "number": example_case.number,
        "field": "审理期限",
        "before": "2027-01-25",
        "after": "2027-01-26",
    }
    assert holiday_views._moved_rows(officer, [entry])[0]["url"] == (
        f"/reconsideration/{example_case.pk}/"
    )


def test_bad_lines_are_refused_naming_the_line(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/holidays/2027/",
        {"lines-days": "2027-01-01 放假 元旦\n2027-01-04 上班 元旦", "lines-notice_number": NOTICE},
    )
    page = strict(response.content.decode())
    assert response.status_code == 200
    assert "未保存，系统中的数据没有任何改动" in page
    assert "第2行：2027-01-04 是星期一，本来就是工作日" in page
    response = client.post("/holidays/2027/", {"lines-days": "2027-01-01 放假 元旦"})
    assert "请填写通知文号" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.HOLIDAYS).exists()


def test_a_sheet_uploaded_on_the_page(client, sysadmin):
    client.force_login(sysadmin)
    bad = "日期,安排,名称\n2027-01-01,放假,元旦\n2027-01-01,放假,元旦\n".encode()
    response = client.post(
        "/holidays/2027/upload/",
        {"sheet-file": SimpleUploadedFile("2027.csv", bad), "sheet-notice_number": NOTICE},
    )
    page = strict(response.content.decode())
    assert "未导入，系统中的数据没有任何改动" in page and "第3行：2027-01-01 与第2行重复" in page
    assert not HolidayYear.objects.filter(year=2027).exists()
    wrong = SimpleUploadedFile("2027.txt", b"x")
    response = client.post(
        "/holidays/2027/upload/", {"sheet-file": wrong, "sheet-notice_number": NOTICE}
    )
    assert "只能上传 .xlsx 或 .csv 文件" in response.content.decode()

    good = "日期,安排,名称\n2027-01-01,放假,元旦\n2027-02-20,上班,春节\n".encode()
    response = client.post(
        "/holidays/2027/upload/",
        {"sheet-file": SimpleUploadedFile("2027.csv", good), "sheet-notice_number": NOTICE},
    )
    assert response["Location"] == "/holidays/2027/"
    assert HolidayYear.objects.get(year=2027).days.count() == 2
    assert workdays.is_working_day(date(2027, 2, 20))


def test_a_failed_recompute_can_be_queued_again(client, sysadmin):
    client.force_login(sysadmin)
    DeadlineRecompute.objects.create(year=2027, status="failed", result="重新计算时发生错误")
    page = strict(client.get("/holidays/2027/").content.decode())
    assert "重新计算时发生错误" in page and "再次重新计算" in page
    assert client.post("/holidays/2027/recompute/")["Location"] == "/holidays/2027/"
    assert DeadlineRecompute.objects.filter(status="queued", requested_by=sysadmin).count() == 1


def test_the_moved_list_pages_in_a_fixed_number_of_queries(
    client, sysadmin, django_assert_num_queries
):
    def moved(count):
        return [
            {
                "register": ("reconsideration", "litigation")[i % 2],
                "id": i + 1,
                "number": f"第{i + 1}号",
                "field": "审理期限",
                "before": "2027-01-25",
                "after": None,
            }
            for i in range(count)
        ]

    few = DeadlineRecompute.objects.create(
        year=2027, status="done", total=4, done=4, moved=moved(4)
    )
    many = DeadlineRecompute.objects.create(
        year=2028, status="done", total=9, done=9, moved=moved(250)
    )
    client.force_login(sysadmin)
    client.get("/holidays/")
    for job in (few, many):
        # session, user, roles, the job; the records the system administrator may see are
        # none (三员分立), known without a query: the same for 4 moves and for 250
        with django_assert_num_queries(4):
            page = client.get(f"/holidays/recompute/{job.pk}/progress/").content.decode()
        strict(page)
    assert "第 1 / 3 页" in page and "第100号" in page and "第101号" not in page
    assert "待定" in page  # a deadline that has no date now
    page = client.get(f"/holidays/recompute/{many.pk}/progress/?page=3").content.decode()
    assert "第250号" in page
