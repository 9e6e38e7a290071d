"""python manage.py documents (issue 20): a register's declared documents listed in Chinese; a
record's document rendered as a draft or issued with its number as the operator; each mistake
refused in Chinese, with nothing numbered."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import case_documents, sealed_files
from fazhi.core.case_documents import CaseDocument, CaseFile, docx_text, to
from fazhi.core.models import AuditAction, AuditEntry, IssuedDocument
from fazhi.core.roles import Role
from fazhi.legalaid import actions as aid_actions
from fazhi.reconsideration import actions

NUMBER = "古政复〔2025〕7号"
DAY = datetime.date(2025, 3, 10)

RECONSIDERATION_FILE = CaseFile(
    register="reconsideration",
    documents=(
        CaseDocument(
            key="acceptance",
            title="受理通知书",
            word="复受字",
            basis="行政复议法第三十条",
            step="accept",
            recipient="申请人",
            body=(to("{{ 申请人 }}："), "你提出的行政复议申请（{{ 案件编号 }}）本机关已受理。"),
        ),
        CaseDocument(key="hearing", title="听证笔录", body=("案件：{{ 案件编号 }}",)),
        CaseDocument(
            key="refusal",
            title="不予受理决定书",
            word="复不受字",
            step="not_accept",
            when=lambda case: case.status == "not_accepted",
        ),
    ),
    values=lambda case: {"申请人": case.applicant},
    names=("申请人",),
)
AID_FILE = CaseFile(
    register="legal_aid",
    documents=(CaseDocument(key="grant", title="给予法律援助决定书", word="援决字"),),
    values=lambda case: {},
    names=(),
)


@pytest.fixture(autouse=True)
def case_files(monkeypatch):
    monkeypatch.setitem(case_documents.CASE_FILES, "reconsideration", RECONSIDERATION_FILE)
    monkeypatch.setitem(case_documents.CASE_FILES, "legal_aid", AID_FILE)
    # A register that declared no documents, whatever the others' helpers declared since.
    monkeypatch.delitem(case_documents.CASE_FILES, "publicity_article", raising=False)


@pytest.fixture
def case(tree, make_user):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")
    return actions.register_case(
        officer,
        unit=tree["county"],
        number=NUMBER,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        received_date=datetime.date(2025, 3, 3),
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("documents", *args, stdout=out)
    return out.getvalue()


def test_list_shows_each_document_in_chinese():
    lines = [line.split("　") for line in run("list", "reconsideration").splitlines()]
    unfiled, no_basis = "受送达人：无（存档）", "法律依据：未注明"
    assert lines == [
        [
            "受理通知书",
            "文种代字：复受字",
            "出具步骤：受理",
            "受送达人：申请人",
            "法律依据：行政复议法第三十条",
        ],
        ["听证笔录", "文种代字：不编号", "出具步骤：无（随时制作）", unfiled, no_basis],
        ["不予受理决定书", "文种代字：复不受字", "出具步骤：不予受理", unfiled, no_basis],
    ]


@pytest.mark.parametrize(
    "name,what", [("nonsense", "未知的登记簿"), ("publicity_article", "没有文书")]
)
def test_list_refuses_a_register_without_documents_naming_those_with(name, what):
    with pytest.raises(CommandError) as refused:
        run("list", name)
    told, having = str(refused.value).split("有文书的登记簿：")
    assert told.startswith(f"「{name}」是") and what in told
    assert "reconsideration（行政复议案件）" in having and "legal_aid（法律援助案件）" in having
    assert "publicity_article" not in having


def test_render_writes_the_draft_with_the_records_number(case, tmp_path):
    out = tmp_path / "受理通知书.docx"
    said = run("render", "reconsideration", NUMBER, "受理通知书", "--out", str(out))
    text = docx_text(out.read_bytes())
    assert NUMBER in text and "张某：" in text and case_documents.DRAFT_NUMBER in text
    assert "草稿" in said and str(out) in said
    assert not IssuedDocument.objects.exists()


def test_render_issue_gives_a_number_as_the_operator(case, tmp_path):
    out = tmp_path / "受理通知书.docx"
    said = run(
        "render", "reconsideration", NUMBER, "受理通知书", "--out", str(out),
        "--date", DAY.isoformat(), "--issue",
    )  # fmt: skip
    issued = IssuedDocument.objects.get()
    assert (issued.number, issued.issued_on, issued.issued_by) == ("复受字〔2025〕1号", DAY, None)
    assert "文号：复受字〔2025〕1号" in said
    assert out.read_bytes() == sealed_files.unseal(issued.content)
    assert "复受字〔2025〕1号" in docx_text(out.read_bytes())
    entry = AuditEntry.objects.get(action=AuditAction.ISSUE_DOCUMENT)
    assert (entry.actor, entry.channel, entry.object_id) == (None, "cli", str(case.pk))


def test_render_issue_of_an_unnumbered_document_says_so(case, tmp_path):
    out = tmp_path / "听证笔录.docx"
    said = run("render", "reconsideration", NUMBER, "听证笔录", "--out", str(out), "--issue")
    assert "文号：不编号" in said and IssuedDocument.objects.get().serial == 0


def test_a_draft_of_a_personal_data_register_is_audited(tree, make_user, tmp_path):
    officer = make_user("yuanzhu", tree["county"], Role.LEGAL_SERVICES)
    record = aid_actions.register_case(
        officer, unit=tree["county"], number="古援〔2025〕1号", recipient="张某某",
        category="civil", application_date=datetime.date(2025, 3, 3),
    )  # fmt: skip
    out = tmp_path / "决定书.docx"
    run("render", "legal_aid", "古援〔2025〕1号", "给予法律援助决定书", "--out", str(out))
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert (entry.actor, entry.object_id, entry.channel) == (None, str(record.pk), "cli")
    assert entry.note == "命令行生成给予法律援助决定书（草稿）"


def test_two_units_numbers_alike_are_told_apart_by_unit(case, tree, make_user, tmp_path):
    other = make_user("luxi", tree["sibling"], Role.RECONSIDERATION)
    actions.register_case(
        other, unit=tree["sibling"], number=NUMBER, applicant="李某", respondent="泸溪县公安局",
        received_date=datetime.date(2025, 3, 3),
    )  # fmt: skip
    out = tmp_path / "通知书.docx"
    with pytest.raises(CommandError, match="不止一条.*--unit"):
        run("render", "reconsideration", NUMBER, "受理通知书", "--out", str(out))
    run("render", "reconsideration", NUMBER, "受理通知书", "--out", str(out), "--unit", "433122")
    assert "李某：" in docx_text(out.read_bytes())


R, NOTICE = "reconsideration", "受理通知书"


@pytest.mark.parametrize(
    "args,message",
    [
        (("nonsense", NUMBER, NOTICE), "「nonsense」是未知的登记簿"),
        ((R, "古政复〔2025〕99号", NOTICE), "没有案件编号为「古政复〔2025〕99号」的记录"),
        (
            (R, NUMBER, "催告书"),
            "没有名为「催告书」的文书。可选：受理通知书、听证笔录、不予受理决定书",
        ),
        ((R, NUMBER, "不予受理决定书"), "现在不需要不予受理决定书"),
        ((R, NUMBER, NOTICE, "--date", "2025-13-01"), "成文日期「2025-13-01」无效"),
        ((R, NUMBER, NOTICE, "--date", "3/10"), "应为 YYYY-MM-DD"),
        ((R, NUMBER, NOTICE, "--issue", "--date", "2999-01-01"), "不能晚于今天"),
    ],
)
def test_render_refuses_in_chinese_and_numbers_nothing(case, tmp_path, args, message):
    out = tmp_path / "文书.docx"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("render", *args, "--out", str(out))
    assert not IssuedDocument.objects.exists()
    assert not out.exists()  # nothing left behind


@pytest.mark.parametrize(
    "where,why",
    [("missing/文书.docx", "所在的目录不存在"), (".", "这是一个目录")],
)
def test_an_unwritable_path_is_refused_before_a_number_is_taken(case, tmp_path, where, why):
    with pytest.raises(CommandError, match=f"无法写入.*{why}"):
        run(
            "render", "reconsideration", NUMBER, "受理通知书", "--out", str(tmp_path / where),
            "--issue", "--date", DAY.isoformat(),
        )  # fmt: skip
    assert not IssuedDocument.objects.exists()


def test_a_read_only_file_is_refused(case, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes a read-only file")
    out = tmp_path / "只读.docx"
    out.write_bytes(b"")
    out.chmod(0o444)
    with pytest.raises(CommandError, match="没有写入权限"):
        run("render", "reconsideration", NUMBER, "受理通知书", "--out", str(out), "--issue")
    assert not IssuedDocument.objects.exists()
