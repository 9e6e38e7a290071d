"""A record's 文书 on its page (issue 20): drafts, issuing with a number, downloading the document
as issued, 送达 moving the period it starts, 作废, documents issued with a step in its
transaction, the 文书设置 page, and the board's 待送达. The register's own documents are the
register's tests; these declare a small case file of their own, so that they test the pages
alone."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from fazhi.core import case_documents, sealed_files
from fazhi.core.case_documents import CaseDocument, CaseFile, to
from fazhi.core.models import (
    AuditAction,
    AuditEntry,
    DocumentNumbering,
    DocumentTemplate,
    IssuedDocument,
)
from fazhi.core.roles import Role
from fazhi.reconsideration import actions as reconsideration
from fazhi.reconsideration import rules

TODAY = timezone.localdate()
ACCEPTANCE = CaseDocument(
    "acceptance",
    "受理通知书",
    (to("{{ 申请人 }}："), "你对{{ 被申请人 }}提出的行政复议申请，本机关决定受理。"),
    word="复受字",
    step="accept",
    when=lambda case: case.accepted_date is not None,
    recipient="申请人",
)
CORRECTION = CaseDocument(
    "correction",
    "补正通知书",
    (to("{{ 申请人 }}："), "请自收到本通知之日起十日内补正。"),
    word="复补字",
    step="notify_correction",
    when=lambda case: case.correction_notice_date is not None,
    recipient="申请人",
    delivery_step="correction_delivered",
    delivered=lambda case: case.correction_delivered_date is not None,
)
NOTE = CaseDocument("note", "阅卷笔录", ("申请人：{{ 申请人 }}",), signed=False)
CASE_FILE = CaseFile(
    register="reconsideration",
    documents=(ACCEPTANCE, CORRECTION, NOTE),
    values=lambda case: {"申请人": case.applicant, "被申请人": case.respondent},
    names=("申请人", "被申请人"),
    organ=lambda case: case.unit.name.replace("司法局", "人民政府"),
    take_step=reconsideration.record_step,
)


@pytest.fixture(autouse=True)
def _case_file(monkeypatch):
    monkeypatch.setitem(case_documents.CASE_FILES, "reconsideration", CASE_FILE)


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION)


@pytest.fixture
def case(officer, tree):
    return reconsideration.register_case(
        officer,
        unit=tree["county"],
        number="古政复〔2026〕7号",
        applicant="张三",
        respondent="古丈县市场监督管理局",
        received_date=TODAY - datetime.timedelta(days=3),
    )


def page(client, case) -> str:
    return client.get(f"/reconsideration/{case.pk}/").content.decode()


def text_of(data: bytes) -> str:
    return case_documents.docx_text(data)


def test_the_page_offers_what_the_facts_call_for_and_a_draft_is_unnumbered(client, officer, case):
    client.force_login(officer)
    html = page(client, case)
    assert "尚未出具文书" in html and "阅卷笔录" in html
    assert "受理通知书" not in html.split('id="documents"')[1].split("制作文书")[1]
    response = client.get(f"/reconsideration/{case.pk}/documents/draft/note/")
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert "申请人：张三" in text_of(response.content)
    assert not IssuedDocument.objects.exists()
    # A document the facts do not call for is refused, on the page, in Chinese.
    response = client.get(f"/reconsideration/{case.pk}/documents/draft/acceptance/", follow=True)
    assert "这条记录现在不需要受理通知书" in response.content.decode()


def test_a_step_issues_its_documents_in_its_own_transaction(client, officer, case):
    client.force_login(officer)
    day = TODAY - datetime.timedelta(days=1)
    response = client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "accept", "day": day.isoformat(), "documents": ["acceptance", "note"]},
        follow=True,
    )
    assert f"并出具受理通知书（复受字〔{day.year}〕1号）" in response.content.decode()
    issued = IssuedDocument.objects.get()
    assert issued.number == f"复受字〔{day.year}〕1号" and issued.issued_on == day
    assert issued.recipient == "张三" and issued.awaiting_delivery
    text = text_of(sealed_files.unseal(issued.content))
    assert "古丈县人民政府" in text and "张三：" in text and issued.number in text
    assert f"{day.year}年{day.month}月{day.day}日" in text
    # The page lists it as awaiting delivery; the download is the document as issued.
    assert "待送达" in page(client, case)
    download = client.get(f"/reconsideration/{case.pk}/documents/{issued.pk}/")
    assert download.content == sealed_files.unseal(issued.content)


def test_a_step_refused_issues_nothing_and_gives_no_number(client, officer, case):
    client.force_login(officer)
    future = TODAY + datetime.timedelta(days=3)
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "accept", "day": future.isoformat(), "documents": ["acceptance"]},
    )
    assert not IssuedDocument.objects.exists()
    case.refresh_from_db()
    assert case.accepted_date is None


def test_a_document_issued_is_the_same_after_the_record_and_template_change(
    client, officer, case, tree
):
    client.force_login(officer)
    client.post(f"/reconsideration/{case.pk}/documents/issue/note/", {"day": TODAY.isoformat()})
    issued = IssuedDocument.objects.get()
    first = client.get(f"/reconsideration/{case.pk}/documents/{issued.pk}/").content
    reconsideration.update_case(officer, case, applicant="李四")
    DocumentTemplate.objects.create(
        unit=tree["county"],
        kind="reconsideration.note",
        name="新模板.docx",
        content=case_documents.default_template(CORRECTION),
    )
    again = client.get(f"/reconsideration/{case.pk}/documents/{issued.pk}/").content
    assert again == first and "张三" in text_of(again)
    assert issued.number == "" and issued.serial == 0


def test_delivery_recorded_on_the_document_starts_the_correction_period(client, officer, case):
    client.force_login(officer)
    day = TODAY - datetime.timedelta(days=2)
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "notify_correction", "day": day.isoformat(), "documents": ["correction"]},
    )
    case.refresh_from_db()
    assert rules.correction_deadline(case).date is None  # awaiting delivery
    issued = IssuedDocument.objects.get()
    response = client.post(
        f"/reconsideration/{case.pk}/documents/{issued.pk}/deliver/",
        {"day": TODAY.isoformat(), "method": "direct", "signer": "张三"},
        follow=True,
    )
    assert "已登记" in response.content.decode()
    case.refresh_from_db()
    assert case.correction_delivered_date == TODAY
    assert rules.correction_deadline(case).date is not None
    issued.refresh_from_db()
    assert not issued.awaiting_delivery and issued.delivered_to == "张三"
    assert AuditEntry.objects.filter(action=AuditAction.DELIVER_DOCUMENT).count() == 1
    # Twice is refused; before the document's date is refused.
    response = client.post(
        f"/reconsideration/{case.pk}/documents/{issued.pk}/deliver/",
        {"day": TODAY.isoformat(), "method": "direct", "signer": "张三"},
        follow=True,
    )
    assert "已于" in response.content.decode()


def test_a_bad_delivery_is_refused_and_changes_nothing(client, officer, case):
    client.force_login(officer)
    day = TODAY - datetime.timedelta(days=2)
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "notify_correction", "day": day.isoformat(), "documents": ["correction"]},
    )
    issued = IssuedDocument.objects.get()
    url = f"/reconsideration/{case.pk}/documents/{issued.pk}/deliver/"
    for data, message in [
        ({"day": (day - datetime.timedelta(days=1)).isoformat(), "method": "direct"}, "早于"),
        ({"day": TODAY.isoformat(), "method": "pigeon"}, "选择"),
        ({"day": TODAY.isoformat(), "method": "direct", "signer": "张\x07三"}, "控制字符"),
    ]:
        response = client.post(url, {"signer": "张三", **data}, follow=True)
        assert message in response.content.decode(), data
    issued.refresh_from_db()
    case.refresh_from_db()
    assert issued.delivered_on is None and case.correction_delivered_date is None


def test_cancel_keeps_the_number_and_another_county_sees_nothing(
    client, officer, case, tree, make_user
):
    client.force_login(officer)
    client.post(f"/reconsideration/{case.pk}/step/", {"step": "accept", "day": TODAY.isoformat()})
    client.post(
        f"/reconsideration/{case.pk}/documents/issue/acceptance/", {"day": TODAY.isoformat()}
    )
    issued = IssuedDocument.objects.get()
    stranger = make_user("luxi", tree["sibling"], Role.RECONSIDERATION)
    client.force_login(stranger)
    for url in (
        f"/reconsideration/{case.pk}/documents/{issued.pk}/",
        f"/reconsideration/{case.pk}/documents/draft/note/",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/reconsideration/{case.pk}/documents/{issued.pk}/cancel/", {"reason": "x"}
        ).status_code
        == 404
    )
    client.force_login(officer)
    client.post(f"/reconsideration/{case.pk}/documents/{issued.pk}/cancel/", {"reason": "地址错误"})
    issued.refresh_from_db()
    assert issued.cancelled and issued.number == f"复受字〔{TODAY.year}〕1号"
    client.post(
        f"/reconsideration/{case.pk}/documents/issue/acceptance/", {"day": TODAY.isoformat()}
    )
    assert IssuedDocument.objects.latest("id").number == f"复受字〔{TODAY.year}〕2号"
    assert "作废" in page(client, case)


def test_the_board_lists_documents_awaiting_delivery(client, officer, case):
    client.force_login(officer)
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "accept", "day": TODAY.isoformat(), "documents": ["acceptance"]},
    )
    home = client.get("/").content.decode()
    assert "待送达文书" in home and f"复受字〔{TODAY.year}〕1号" in home
    assert f'href="/reconsideration/{case.pk}/#documents"' in home


# --- 文书设置 ---------------------------------------------------------------------------------


@pytest.fixture
def leader(tree, make_user):
    return make_user("leader", tree["county"], Role.LEADER)


def test_settings_page_sets_a_pattern_and_refuses_a_bad_one(client, leader, officer, case):
    client.force_login(leader)
    html = client.get("/documents/settings/").content.decode()
    assert "受理通知书" in html and f"复受字〔{TODAY.year}〕1号" in html
    response = client.post(
        "/documents/settings/reconsideration.acceptance/pattern/",
        {"pattern": "古政复受字〔{年}〕{序号}号"},
        follow=True,
    )
    assert "已设置" in response.content.decode()
    response = client.post(
        "/documents/settings/reconsideration.acceptance/pattern/",
        {"pattern": "古政{单位}〔{年}〕{序号}号"},
        follow=True,
    )
    assert "不认识 {单位}" in response.content.decode()
    assert DocumentNumbering.objects.get().pattern == "古政复受字〔{年}〕{序号}号"
    client.force_login(officer)
    assert client.get("/documents/settings/").status_code == 403


def test_an_uploaded_template_is_checked_then_used(client, leader, officer, case):
    client.force_login(leader)
    url = "/documents/settings/reconsideration.note/template/upload/"
    bad = _docx("{{ 申请人 }}{{ 秘密 }}")
    response = client.post(url, {"template": _upload(bad)}, follow=True)
    assert "未知的占位符「秘密」" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    evil = _docx("{{ 申请人.__class__ }}")
    response = client.post(url, {"template": _upload(evil)}, follow=True)
    assert "模板未保存" in response.content.decode()
    response = client.post(url, {"template": _upload(_docx("本局笔录：{{ 申请人 }}"))}, follow=True)
    assert "已启用" in response.content.decode()
    client.force_login(officer)
    client.post(f"/reconsideration/{case.pk}/documents/issue/note/", {"day": TODAY.isoformat()})
    assert "本局笔录：张三" in text_of(sealed_files.unseal(IssuedDocument.objects.get().content))
    client.force_login(leader)
    client.post("/documents/settings/reconsideration.note/template/reset/")
    assert not DocumentTemplate.objects.exists()
    default = client.get("/documents/settings/reconsideration.note/template/?default=1")
    assert "{{ 申请人 }}" in text_of(default.content)


def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("模板.docx", data)


def test_the_delivery_step_taken_on_the_step_form_delivers_the_document_too(client, officer, case):
    client.force_login(officer)
    day = TODAY - datetime.timedelta(days=2)
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {"step": "notify_correction", "day": day.isoformat(), "documents": ["correction"]},
    )
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {
            "step": "correction_delivered",
            "day": TODAY.isoformat(),
            "delivery_method": "post",
            "recipient": "张三",
        },
    )
    issued = IssuedDocument.objects.get()
    assert issued.delivered_on == TODAY and issued.delivery_method == "post"
    assert "待送达文书" not in client.get("/").content.decode()


def test_an_organ_below_the_bureau_has_its_own_settings(client, leader, tree):
    """A 调委会 numbers its own 协议书: the county's leader sets its pattern on its page; a
    kind the organ does not issue, or an organ outside his county, is not found."""
    committee = tree["committee"]
    client.force_login(leader)
    html = client.get(f"/documents/settings/?unit={committee.code}").content.decode()
    assert "人民调解协议书" in html and "受理通知书" not in html
    response = client.post(
        "/documents/settings/mediation.agreement/pattern/",
        {"unit": committee.code, "pattern": "白果调字〔{年}〕{序号}号"},
        follow=True,
    )
    assert "已设置白果社区人民调解委员会" in response.content.decode()
    assert DocumentNumbering.objects.get(unit=committee).pattern == "白果调字〔{年}〕{序号}号"
    wrong = client.post(
        "/documents/settings/reconsideration.acceptance/pattern/",
        {"unit": committee.code, "pattern": "白果〔{年}〕{序号}号"},
    )
    assert wrong.status_code == 404
    elsewhere = client.get(f"/documents/settings/?unit={tree['sibling'].code}")
    assert elsewhere.status_code == 404


def test_a_document_issued_after_its_delivery_was_recorded_is_delivered_without_the_step(
    client, officer, case
):
    client.force_login(officer)
    day = TODAY - datetime.timedelta(days=2)
    client.post(f"/reconsideration/{case.pk}/step/", {"step": "notify_correction", "day": day})
    client.post(
        f"/reconsideration/{case.pk}/step/",
        {
            "step": "correction_delivered",
            "day": day,
            "delivery_method": "post",
            "recipient": "张三",
        },
    )
    client.post(f"/reconsideration/{case.pk}/documents/issue/correction/", {"day": TODAY})
    issued = IssuedDocument.objects.get()
    response = client.post(
        f"/reconsideration/{case.pk}/documents/{issued.pk}/deliver/",
        {"day": TODAY.isoformat(), "method": "direct", "signer": "张三"},
        follow=True,
    )
    assert "已登记" in response.content.decode()
    case.refresh_from_db()
    issued.refresh_from_db()
    assert issued.delivered_on == TODAY and case.correction_delivered_date == day


def test_a_date_before_the_record_began_is_refused(client, officer, case):
    client.force_login(officer)
    early = case.received_date - datetime.timedelta(days=1)
    response = client.post(
        f"/reconsideration/{case.pk}/documents/issue/note/", {"day": early.isoformat()}, follow=True
    )
    assert "早于这条记录的收到申请日期" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_a_pattern_another_kind_writes_by_default_is_refused(client, leader, officer, case):
    client.force_login(leader)
    response = client.post(
        "/documents/settings/reconsideration.acceptance/pattern/",
        {"pattern": "复补字〔{年}〕{序号}号"},
        follow=True,
    )
    assert "另一种文书已使用这个编号格式" in response.content.decode()
    assert not DocumentNumbering.objects.exists()


def test_a_prefectures_leader_sets_no_countys_documents(client, tree, make_user):
    leader = make_user("zhou", tree["prefecture"], Role.LEADER)
    client.force_login(leader)
    assert client.get("/documents/settings/").status_code == 200
    for unit in (tree["county"], tree["committee"]):
        assert client.get(f"/documents/settings/?unit={unit.code}").status_code == 404
    refused = client.post(
        "/documents/settings/reconsideration.acceptance/pattern/",
        {"unit": tree["county"].code, "pattern": "湘〔{年}〕{序号}号"},
    )
    assert refused.status_code == 404 and not DocumentNumbering.objects.exists()


def test_a_pattern_whose_numbers_another_kind_was_given_is_refused(client, leader, officer, case):
    """受理通知书 numbered under its default, then moved to the bureau's own pattern: its old
    pattern may not go to another kind, whose numbers would repeat the ones already given."""
    client.force_login(officer)
    client.post(f"/reconsideration/{case.pk}/step/", {"step": "accept", "day": TODAY.isoformat()})
    client.post(f"/reconsideration/{case.pk}/documents/issue/acceptance/", {"day": TODAY})
    client.force_login(leader)
    url = "/documents/settings/reconsideration.{}/pattern/"
    client.post(url.format("acceptance"), {"pattern": "古政复受字〔{年}〕{序号}号"})
    response = client.post(
        url.format("correction"), {"pattern": "复受字〔{年}〕{序号}号"}, follow=True
    )
    assert "已按这个格式编过号" in response.content.decode()
    assert not DocumentNumbering.objects.filter(kind="reconsideration.correction").exists()
