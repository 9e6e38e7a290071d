"""The 案卷评查 pages: a review round, a department's findings, its 整改通知书, and who reaches
what — a department's 填报员 only his department's findings, and only their rectification."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.enforcement import actions
from fazhi.enforcement.columns import REVIEW_REGISTER
from fazhi.enforcement.models import CaseFileReview, LawReport, ReviewStatus
from fazhi.imports.tests.files import xlsx_bytes

D = datetime.date
BATCH = "2024年县级评查"


@pytest.fixture
def round_(departments, review):
    return {
        "p1": review("古评1", "433126-E01", file_name="治安处罚案卷", problems="未告知权利"),
        "p2": review("古评2", "433126-E01", file_name="交通处罚案卷", score=95),
        "m1": review("古评3", "433126-E02", file_name="食品处罚案卷", problems="证据目录不全"),
    }


@pytest.fixture
def police_clerk(departments, make_user):
    return make_user("gaj", departments["police"], Role.CLERK, full_name="公安填报员")


def department_url(unit, batch=BATCH):
    return reverse("case_file_review:department", args=[batch, unit.pk])


def test_batch_page_groups_files_per_department(client, supervisor, round_, departments):
    client.force_login(supervisor)
    page = client.get(reverse("case_file_review:batch", args=[BATCH])).content.decode()
    assert page.index("古丈县公安局") < page.index("古丈县市场监督管理局")
    assert "评查案卷 2 件，发现问题 1 件，待整改 1 件" in page
    batches = client.get(reverse("case_file_review:batches")).content.decode()
    assert BATCH in batches


def test_supervisor_sends_notice_and_downloads_it(client, supervisor, round_, departments):
    client.force_login(supervisor)
    police = departments["police"]
    response = client.get(reverse("case_file_review:notice", args=[BATCH, police.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "古丈县公安局：" in text and BATCH in text
    assert "治安处罚案卷" in cells and "未告知权利" in cells and "2024-07-12" in cells
    assert "交通处罚案卷" not in cells  # no finding in it
    assert "食品处罚案卷" not in cells  # another department's
    url = reverse("case_file_review:notice_sent", args=[BATCH, police.pk])
    client.post(url, {"day": "2024-06-20"})
    assert CaseFileReview.objects.get(pk=round_["p1"].pk).notice_sent_date == D(2024, 6, 20)
    assert CaseFileReview.objects.get(pk=round_["p2"].pk).notice_sent_date is None
    entry = AuditEntry.objects.filter(register="case_file_review").latest("id")
    assert (entry.action, entry.note) == (AuditAction.UPDATE, "发出整改通知书")


def test_clerk_sees_only_his_department_and_records_rectification(
    client, police_clerk, round_, departments
):
    client.force_login(police_clerk)
    listed = client.get(reverse("case_file_review:list")).content.decode()
    assert "古评1" in listed and "古评2" in listed and "古评3" not in listed
    page = client.get(department_url(departments["police"])).content.decode()
    assert "未告知权利" in page and "登记整改完成" in page
    assert client.get(department_url(departments["market"])).status_code == 404
    assert client.get(reverse("case_file_review:detail", args=[round_["m1"].pk])).status_code == 404
    url = reverse("case_file_review:rectify", args=[round_["p1"].pk])
    response = client.post(url, {"day": "2024-07-01"})
    assert response.status_code == 302
    done = CaseFileReview.objects.get(pk=round_["p1"].pk)
    assert (done.rectified_date, done.status, done.due_label) == (
        D(2024, 7, 1),
        ReviewStatus.RECTIFIED,
        "",
    )
    entry = AuditEntry.objects.filter(register="case_file_review").latest("id")
    assert (entry.actor, entry.action) == (police_clerk, AuditAction.UPDATE)
    other = reverse("case_file_review:rectify", args=[round_["m1"].pk])
    assert client.post(other, {"day": "2024-07-01"}).status_code == 404


def test_clerk_cannot_enter_or_change_scores_and_findings(
    client, police_clerk, round_, departments, supervisor
):
    client.force_login(police_clerk)
    p1 = round_["p1"]
    listing = client.get(reverse("case_file_review:list"))
    assert not listing.context["can_register"]
    assert "登记评查案卷" not in listing.content.decode()
    assert client.get(reverse("case_file_review:create")).status_code == 403
    assert client.get(reverse("case_file_review:edit", args=[p1.pk])).status_code == 403
    # Nor is the edit offered on the record's page: the link only where the page lets him in.
    page = client.get(reverse("case_file_review:detail", args=[p1.pk])).content.decode()
    assert reverse("case_file_review:edit", args=[p1.pk]) not in page
    edit = {"number": "古评1", "batch": BATCH, "reviewed_unit_code": "433126-E01"}
    edit.update(file_name="x", review_date="2024-06-12", score="100")
    assert client.post(reverse("case_file_review:edit", args=[p1.pk]), edit).status_code == 403
    url = reverse("case_file_review:notice_sent", args=[BATCH, departments["police"].pk])
    assert client.post(url, {"day": "2024-06-20"}).status_code == 403
    with pytest.raises(ActionRefused):
        actions.update_case(police_clerk, p1, score=100)
    # nor through the Excel upload page
    row = {h: "" for h in REVIEW_REGISTER.headers}
    row.update(
        评查编号="古评1",
        评查批次=BATCH,
        被评查单位="433126-E01",
        案卷名称="治安处罚案卷",
        评查日期="2024-06-12",
        得分="100",
        所属单位代码="433126-E01",
    )
    upload = io.BytesIO(xlsx_bytes([row], REVIEW_REGISTER.headers))
    upload.name = "评查.xlsx"
    page = client.post(reverse("imports:upload", args=["case_file_review"]), {"file": upload})
    assert page.status_code == 403
    assert client.get(reverse("imports:upload", args=["case_file_review"])).status_code == 403
    # the command line's importer refuses such rows too (links.resolve_reviewed_units)
    assert CaseFileReview.objects.get(pk=p1.pk).score == 80
    assert not CaseFileReview.objects.filter(unit=departments["police"]).exists()


def test_sibling_county_sees_nothing(client, tree, make_user, round_, departments):
    other = make_user("lxjd", tree["sibling"], Role.ENFORCEMENT)
    client.force_login(other)
    assert "古评1" not in client.get(reverse("case_file_review:list")).content.decode()
    assert client.get(department_url(departments["police"])).status_code == 404
    assert client.get(reverse("case_file_review:batch", args=[BATCH])).status_code == 404
    assert (
        client.get(
            reverse("case_file_review:notice", args=[BATCH, departments["police"].pk])
        ).status_code
        == 404
    )


def test_register_through_the_form_resolves_the_department(client, supervisor, departments, tree):
    client.force_login(supervisor)
    data = {
        "unit": tree["county"].pk,
        "number": "古评9",
        "batch": BATCH,
        "reviewed_unit_code": "433126-S01",
        "file_name": "案卷",
        "review_date": "2024-06-12",
        "score": "91",
    }
    form = client.get(reverse("case_file_review:create")).content.decode()
    # Chosen by name among the 行政执法部门 (issue 19): a 司法所 is not offered, nor accepted.
    assert '<option value="433126-E02">古丈县市场监督管理局</option>' in form
    assert 'value="433126-S01"' not in form
    page = client.post(reverse("case_file_review:create"), data).content.decode()
    assert "请在列表中选择被评查单位（行政执法部门）" in page
    assert not CaseFileReview.objects.filter(number="古评9").exists()
    data["reviewed_unit_code"] = "433126-E02"
    response = client.post(reverse("case_file_review:create"), data)
    review = CaseFileReview.objects.get(number="古评9")
    assert response.status_code == 302
    assert (review.reviewed_unit, review.grade) == (departments["market"], "excellent")


def test_pages_query_counts(
    client, supervisor, police_clerk, review, departments, django_assert_max_num_queries
):
    for n in range(12):
        review(
            f"古评{n}", "433126-E01" if n % 2 else "433126-E02", problems="问题" if n % 3 else ""
        )
    client.force_login(supervisor)
    police = departments["police"]
    # The registers' lists are held to their budget by the register contract (list_budget).
    pages = [
        reverse("case_file_review:batches"),
        reverse("case_file_review:batch", args=[BATCH]),
        department_url(police),
    ]
    for url in pages:
        client.get(url)  # warm the session
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    client.force_login(police_clerk)
    with django_assert_max_num_queries(8):
        assert client.get(department_url(police)).status_code == 200


def test_law_report_form_and_list(client, supervisor, tree):
    client.force_login(supervisor)
    data = {
        "unit": tree["county"].pk,
        "number": "古述1",
        "reporter": "龙某",
        "title": "局长",
        "unit_name": "古丈县公安局",
        "report_date": "2024-12-20",
        "mode": "meeting",
        "rating": "good",
    }
    response = client.post(reverse("law_report:create"), data)
    report = LawReport.objects.get(number="古述1")
    assert response.status_code == 302
    assert "会议述法" in client.get(reverse("law_report:detail", args=[report.pk])).content.decode()
    assert "龙某" in client.get(reverse("law_report:list")).content.decode()


def test_open_rectification_is_on_the_deadline_board(client, supervisor, round_):
    client.force_login(supervisor)
    page = client.get("/").content.decode()
    assert "案卷评查" in page and "古评1" in page and "整改期限" in page


def test_supervisor_edits_a_score_and_the_grade_follows(client, supervisor, round_):
    client.force_login(supervisor)
    p2 = round_["p2"]
    data = {
        "number": p2.number,
        "batch": BATCH,
        "reviewed_unit_code": "433126-E01",
        "file_name": p2.file_name,
        "enforcement_type": "penalty",
        "review_date": "2024-06-12",
        "score": "59",
        "problems": "",
    }
    response = client.post(reverse("case_file_review:edit", args=[p2.pk]), data)
    assert response.status_code == 302
    assert CaseFileReview.objects.get(pk=p2.pk).grade == "fail"
    entry = AuditEntry.objects.filter(register="case_file_review").latest("id")
    assert (entry.before["score"], entry.after["score"]) == (95, 59)


def test_the_notice_keeps_typed_symbols_lists_only_open_findings_and_is_audited(
    client, supervisor, departments, review
):
    review("古评8", "433126-E01", file_name="扣押案卷", problems="清单 A & <B> 不全")
    done = review("古评9", "433126-E01", file_name="罚款案卷", problems="未告知")
    actions.record_rectification(supervisor, done, D(2024, 7, 1))
    client.force_login(supervisor)
    url = reverse("case_file_review:notice", args=[BATCH, departments["police"].pk])
    doc = Document(io.BytesIO(client.get(url).content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "清单 A & <B> 不全" in cells and "2024-07-12" in cells
    assert "罚款案卷" not in cells  # already rectified
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert (entry.actor, entry.unit) == (supervisor, departments["police"])


def test_a_clerks_rectification_does_not_regrade_under_changed_thresholds(
    tree, make_user, police_clerk, review
):
    from fazhi.indicators.actions import change_setting

    file = review("古评7", "433126-E01", score=85, problems="未告知")
    assert CaseFileReview.objects.get(pk=file.pk).grade == "pass"
    change_setting(
        make_user("sys", tree["province"], Role.SYSTEM_ADMIN),
        "enforcement.grade.excellent_min",
        "80",
    )
    actions.record_rectification(police_clerk, file, D(2024, 7, 1))
    assert CaseFileReview.objects.get(pk=file.pk).grade == "pass"  # not 优秀 now


def test_a_batch_name_with_a_slash_is_refused_and_a_bad_year_is_ignored(
    client, supervisor, departments, review
):
    from fazhi.core.errors import RecordInvalid

    with pytest.raises(RecordInvalid, match="评查批次"):
        review("古评6", "433126-E01", batch="2024/州级")
    client.force_login(supervisor)
    for year in ("0", "99999", "²"):
        assert client.get(reverse("law_report:list"), {"year": year}).status_code == 200


def test_a_rectification_deadline_set_by_the_notice_is_never_provisional(
    client, supervisor, departments, review
):
    """The notice chose the day; no holiday calendar computed it. In 2027, a year not entered,
    it is shown as it is, on the board and the list, without 暂定."""
    from fazhi.portal.board import board_for

    found = review(
        "古评9", "433126-E01", problems="未告知权利", rectification_deadline=D(2027, 1, 15)
    )
    assert found.running_deadlines[0]["provisional"] is False
    (section,) = [
        s for s in board_for(supervisor, D(2027, 1, 12))[0] if s.register.name == "case_file_review"
    ]
    (line,) = section.due_soon
    assert (line.number, line.date, line.provisional) == ("古评9", D(2027, 1, 15), False)
    client.force_login(supervisor)
    listing = client.get(reverse("case_file_review:list")).content.decode()
    assert "2027-01-15" in listing and "暂定" not in listing
