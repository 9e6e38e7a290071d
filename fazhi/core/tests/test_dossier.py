"""A case's 卷宗 (issue 20): one .zip of its cover, index, issued documents and attachments, in
the bound order, read back file by file; another county's record is a 404; a register holding
personal data has the assembly audited and asks for the reason first."""

import datetime
import io
import zipfile
from urllib.parse import quote

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from fazhi.core import case_documents, document_actions, dossier, sealed_files
from fazhi.core.case_documents import CaseDocument, CaseFile, cn_date, docx_text, to
from fazhi.core.dossier_views import NEEDS_REASON, dossier_view
from fazhi.core.errors import ActionRefused
from fazhi.core.models import Attachment, AttachmentKind, AuditAction, AuditEntry, SealedFilePart
from fazhi.core.registers import get_register
from fazhi.core.roles import Role
from fazhi.legalaid import actions as aid_actions
from fazhi.legalaid.views import PAGES as AID_PAGES
from fazhi.reconsideration import actions
from fazhi.reconsideration.views import PAGES

NUMBER = "古政复〔2025〕3号"

# A small CaseFile of our own, put in place for each test (the register's real one, when it
# exists, is restored after): the dossier must work from any declaration.
RECONSIDERATION_FILE = CaseFile(
    register="reconsideration",
    documents=(
        CaseDocument(
            key="acceptance",
            title="受理通知书",
            word="复受字",
            recipient="申请人",
            body=(to("{{ 申请人 }}："), "你提出的行政复议申请（{{ 案件编号 }}）本机关已受理。"),
        ),
        CaseDocument(
            key="reply",
            title="答复通知书",
            word="复答字",
            recipient="被申请人",
            body=(to("{{ 被申请人 }}："), "请于收到本通知之日起十日内提出书面答复。"),
        ),
        CaseDocument(key="hearing", title="听证笔录", body=("案件：{{ 案件编号 }}",)),
    ),
    values=lambda case: {"申请人": case.applicant, "被申请人": case.respondent},
    names=("申请人", "被申请人"),
)
AID_FILE = CaseFile(
    register="legal_aid",
    documents=(
        CaseDocument(
            key="grant",
            title="给予法律援助决定书",
            word="援决字",
            recipient="受援人",
            body=(to("{{ 受援人 }}："), "决定给予法律援助。"),
        ),
    ),
    values=lambda case: {"受援人": case.recipient},
    names=("受援人",),
)


@pytest.fixture(autouse=True)
def case_files(monkeypatch):
    monkeypatch.setitem(case_documents.CASE_FILES, "reconsideration", RECONSIDERATION_FILE)
    monkeypatch.setitem(case_documents.CASE_FILES, "legal_aid", AID_FILE)


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")


@pytest.fixture
def case(tree, officer):
    return actions.register_case(
        officer,
        unit=tree["county"],
        number=NUMBER,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        received_date=datetime.date(2025, 3, 3),
    )


def attach(record, register, kind, name, data, file_type, **fields):
    return Attachment.objects.create(
        register=register,
        record_id=record.pk,
        kind=kind,
        name=name,
        file_type=file_type,
        file=sealed_files.seal(data),
        **fields,
    )


def issue(officer, case_file, record, key, day):
    return document_actions.make(officer, case_file, record, key, day)


@pytest.fixture
def filed(case, officer):
    """The case's documents and attachments, made out of the bound order: the 卷 puts them
    in it."""
    other = attach(case, "reconsideration", AttachmentKind.OTHER, "情况说明.docx", b"O", "docx")
    late = issue(officer, RECONSIDERATION_FILE, case, "acceptance", datetime.date(2025, 3, 10))
    reply = issue(officer, RECONSIDERATION_FILE, case, "reply", datetime.date(2025, 3, 5))
    early = issue(officer, RECONSIDERATION_FILE, case, "acceptance", datetime.date(2025, 3, 6))
    cancelled = issue(officer, RECONSIDERATION_FILE, case, "acceptance", datetime.date(2025, 3, 8))
    document_actions.cancel(officer, cancelled, case, "文号打错")
    hearing = issue(officer, RECONSIDERATION_FILE, case, "hearing", datetime.date(2025, 3, 12))
    files = {
        "application": attach(
            case, "reconsideration", AttachmentKind.APPLICATION, "行政复议申请书.pdf", b"A", "pdf"
        ),
        # A name a hostile upload might carry: a path, a right-to-left override, a bell.
        "evidence": attach(
            case,
            "reconsideration",
            AttachmentKind.EVIDENCE,
            "../..\\证据\u202e一\x07.JPEG",
            b"E",
            "jpeg",
        ),
        "receipt": attach(case, "reconsideration", AttachmentKind.RECEIPT, "送达回证", b"R", "pdf"),
        "scan": attach(case, "reconsideration", AttachmentKind.SCAN, "卷面扫描.png", b"S", "png"),
        "other": other,
        "removed": attach(
            case,
            "reconsideration",
            AttachmentKind.EVIDENCE,
            "已删除的证据.pdf",
            b"X",
            "pdf",
            removed_at=timezone.now(),
        ),
    }
    documents = {"late": late, "reply": reply, "early": early, "cancelled": cancelled}
    return {**files, **documents, "hearing": hearing}


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def names_in_order(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def table_rows(docx: bytes, columns: int) -> list[list[str]]:
    lines = docx_text(docx).split("\n")
    cells = lines[lines.index("序号") :]
    return [cells[i : i + columns] for i in range(0, len(cells), columns)]


def test_the_dossier_holds_every_file_in_the_bound_order(case, officer, filed):
    data = dossier.assemble(officer, get_register("reconsideration"), case)
    assert names_in_order(data) == [
        "01-卷宗封面.docx",
        "02-卷内目录.docx",
        "03-申请材料-行政复议申请书.pdf",
        "04-受理通知书（复受字〔2025〕2号）.docx",
        "05-受理通知书（复受字〔2025〕1号）.docx",
        "06-答复通知书（复答字〔2025〕1号）.docx",
        "07-听证笔录.docx",
        "08-证据材料-证据一.jpeg",
        "09-送达回证-送达回证.pdf",
        "10-扫描件-卷面扫描.png",
        "11-其他材料-情况说明.docx",
    ]
    files = entries(data)
    # The documents as issued, byte for byte; the attachments as uploaded.
    for name, key in (("04", "early"), ("05", "late"), ("06", "reply"), ("07", "hearing")):
        found = next(v for n, v in files.items() if n.startswith(name))
        assert found == sealed_files.unseal(filed[key].content)
    assert files["03-申请材料-行政复议申请书.pdf"] == b"A"
    assert files["08-证据材料-证据一.jpeg"] == b"E"
    assert NUMBER in docx_text(files["07-听证笔录.docx"])
    # Neither the cancelled document's file nor the removed attachment is in the 卷.
    assert not any("3号" in name or "已删除" in name for name in files)


def test_the_cover_names_the_organ_the_case_its_parties_and_the_dates(case, officer, filed):
    files = entries(dossier.assemble(officer, get_register("reconsideration"), case))
    lines = docx_text(files["01-卷宗封面.docx"]).split("\n")
    assert "古丈县司法局" in lines and "行政复议案件卷宗" in lines
    rows = dict(table_rows_of(lines))
    assert rows == {
        "案件编号": NUMBER,
        "申请人": "张某",
        "被申请人": "古丈县市场监督管理局",
        "承办人": "向红梅",
        "立卷人": "",
        "立卷日期": cn_date(timezone.localdate()),
        "保管期限": "",  # no rule found: left for the officer to write
    }


def table_rows_of(lines: list[str]) -> list[tuple[str, str]]:
    cells = lines[lines.index("案件编号") :]
    return [(cells[i], cells[i + 1]) for i in range(0, len(cells), 2)]


def test_the_index_lists_each_file_and_the_cancelled_document_without_its_file(
    case, officer, filed
):
    files = entries(dossier.assemble(officer, get_register("reconsideration"), case))
    uploaded = cn_date(timezone.localdate())
    organ = "古丈县司法局"
    assert table_rows(files["02-卷内目录.docx"], 6) == [
        ["序号", "文号", "责任者", "题名", "日期", "备注"],
        ["1", "", "", "行政复议申请书", "", f"申请材料，{uploaded}上传"],
        ["2", "复受字〔2025〕2号", organ, "受理通知书", "2025年3月6日", "待送达"],
        ["", "复受字〔2025〕3号", organ, "受理通知书", "2025年3月8日", dossier.CANCELLED_NOTE],
        ["3", "复受字〔2025〕1号", organ, "受理通知书", "2025年3月10日", "待送达"],
        ["4", "复答字〔2025〕1号", organ, "答复通知书", "2025年3月5日", "待送达"],
        ["5", "", organ, "听证笔录", "2025年3月12日", ""],
        ["6", "", "", "证据一", "", f"证据材料，{uploaded}上传"],
        ["7", "", "", "送达回证", "", f"送达回证，{uploaded}上传"],
        ["8", "", "", "卷面扫描", "", f"扫描件，{uploaded}上传"],
        ["9", "", "", "情况说明", "", f"其他材料，{uploaded}上传"],
    ]


def test_a_case_with_nothing_filed_has_its_cover_and_index(case, officer):
    data = dossier.assemble(officer, get_register("reconsideration"), case)
    assert names_in_order(data) == ["01-卷宗封面.docx", "02-卷内目录.docx"]
    assert table_rows(entries(data)["02-卷内目录.docx"], 6) == [list(dossier.INDEX_HEADERS)]


def test_a_register_without_personal_data_is_not_audited(case, officer, filed):
    dossier.assemble(officer, get_register("reconsideration"), case)
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_a_file_that_does_not_open_stops_the_dossier(case, officer, filed):
    part = SealedFilePart.objects.filter(file=filed["scan"].file).get()
    SealedFilePart.objects.filter(pk=part.pk).update(data=bytes(part.data)[::-1] + b"!")
    with pytest.raises(ActionRefused, match="「卷面扫描」无法读取，卷宗未生成"):
        dossier.assemble(officer, get_register("reconsideration"), case)


@pytest.mark.parametrize(
    "text,safe",
    [
        ("../../etc/passwd", "etcpasswd"),
        ("a\\b/c", "abc"),
        ("证据\u202egpj.exe", "证据gpj.exe"),
        ("铃\x07声\x00", "铃声"),
        ('问:题*?"<>|', "问题"),
        ("  ..隐藏..  ", "隐藏"),
        ("换\n行\t符", "换 行 符"),
        ("/\\", "未命名"),
        ("长" * 100, "长" * dossier.MAX_NAME),
    ],
)
def test_file_names_are_safe(text, safe):
    assert dossier.safe_name(text) == safe


# --- the page -------------------------------------------------------------------------------


def get(user, reasons=None):
    request = RequestFactory().get("/")
    request.user = user
    request.user.personal_data_reasons = reasons or {}
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_the_page_gives_the_zip_under_the_case_number(case, officer, filed):
    response = dossier_view(get(officer), PAGES, case.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    name = quote(f"{NUMBER}卷宗.zip")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"
    assert names_in_order(response.content)[2] == "03-申请材料-行政复议申请书.pdf"


def test_another_countys_officer_gets_a_404(case, tree, make_user, filed):
    stranger = make_user("luxi", tree["sibling"], Role.RECONSIDERATION)
    with pytest.raises(Http404):
        dossier_view(get(stranger), PAGES, case.pk)


@pytest.fixture
def aid_case(tree, make_user):
    aid_officer = make_user("yuanzhu", tree["county"], Role.LEGAL_SERVICES, full_name="彭丽")
    record = aid_actions.register_case(
        aid_officer,
        unit=tree["county"],
        number="古援〔2025〕1号",
        recipient="张某某",
        id_number="11010519491231002X",
        category="civil",
        application_date=datetime.date(2025, 3, 3),
    )
    issue(aid_officer, AID_FILE, record, "grant", datetime.date(2025, 3, 6))
    return aid_officer, record


def downloads(record):
    return AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, register="legal_aid", object_id=str(record.pk)
    )


def test_a_personal_data_register_audits_the_assembly_once(aid_case):
    aid_officer, record = aid_case
    data = dossier.assemble(aid_officer, get_register("legal_aid"), record)
    cover = docx_text(entries(data)["01-卷宗封面.docx"]).split("\n")
    assert cover[cover.index("受援人") + 1] == "张某某"
    [entry] = downloads(record)
    assert (entry.actor, entry.note) == (aid_officer, "下载卷宗")


def test_a_personal_data_dossier_waits_for_the_reason(aid_case):
    aid_officer, record = aid_case
    response = dossier_view(get(aid_officer), AID_PAGES, record.pk)
    assert response.status_code == 302 and response["Location"] == f"/legal_aid/{record.pk}/"
    assert not downloads(record).exists()
    refused = get(aid_officer)
    dossier_view(refused, AID_PAGES, record.pk)
    assert [str(m) for m in refused._messages] == [NEEDS_REASON]

    given = dossier_view(get(aid_officer, {"legal_aid": "办理本案"}), AID_PAGES, record.pk)
    assert given.status_code == 200
    assert names_in_order(given.content)[2] == "03-给予法律援助决定书（援决字〔2025〕1号）.docx"
    [entry] = downloads(record)
    assert entry.note == "下载卷宗；事由：办理本案"


# The register's own declaration, as its app declares it (None until it does).
DECLARED = case_documents.case_file_of("reconsideration")


@pytest.mark.skipif(DECLARED is None, reason="行政复议尚未声明文书")
def test_the_registers_own_documents_are_filed_in_their_declared_order(case, officer, monkeypatch):
    monkeypatch.setitem(case_documents.CASE_FILES, "reconsideration", DECLARED)
    actions.record_step(officer, case, "accept", datetime.date(2025, 3, 4), procedure="ordinary")
    case.refresh_from_db()
    offered = case_documents.offered(DECLARED, case)
    assert len(offered) >= 2
    for document in reversed(offered):
        issue(officer, DECLARED, case, document.key, datetime.date(2025, 3, 4))
    files = names_in_order(dossier.assemble(officer, get_register("reconsideration"), case))
    titles = [name.split("-", 1)[1].split("（")[0].removesuffix(".docx") for name in files[2:]]
    assert titles == [document.title for document in offered]
