"""The upload page: who may use it, a good file, a rejected file and its error workbook."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.imports import errorfiles
from fazhi.imports.workbooks import ERROR_HEADER
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

from .files import HEADERS, case, counts, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/registers/reconsideration/import/"


def upload(client, rows, name="案件.xlsx"):
    file = SimpleUploadedFile(name, xlsx_bytes(rows))
    return client.post(UPLOAD, {"file": file})


def test_the_upload_page_offers_the_template(client, tree, make_user):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    page = client.get(UPLOAD).content.decode()
    assert "导入行政复议案件" in page and "/registers/reconsideration/template.xlsx" in page
    response = client.get("/registers/reconsideration/template.xlsx")
    assert response.status_code == 200
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).active[1]] == (
        HEADERS
    )


def test_users_who_may_not_change_the_register_get_403(client, tree, make_user):
    for user in (
        make_user("leader", tree["county"], Role.LEADER),
        make_user("mediator", tree["county"], Role.MEDIATION),
    ):
        client.force_login(user)
        response = client.get(UPLOAD)
        assert response.status_code == 403
        assert "您没有导入「行政复议案件」的权限" in response.content.decode()
    assert client.get("/registers/nosuch/import/").status_code == 404


def test_a_good_file_is_imported_and_the_user_is_told(client, tree, make_user):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    response = upload(client, [case("1号"), case("2号", **{"所属单位代码": "433126-S01"})])
    assert response.status_code == 302 and response["Location"] == UPLOAD
    page = client.get(UPLOAD).content.decode()
    assert "已导入：新增 2 条，更新 0 条" in page
    assert ReconsiderationCase.objects.count() == 2
    entries = AuditEntry.objects.filter(register="reconsideration")
    assert {e.actor.username for e in entries} == {"fuyi"}
    assert {e.channel for e in entries} == {"web"} and {e.ip for e in entries} == {"127.0.0.1"}
    summary = entries.get(action=AuditAction.IMPORT)
    assert "案件.xlsx" in summary.note and summary.unit == tree["county"]
    unchanged = case("2号", **{"所属单位代码": "433126-S01"})
    upload(client, [case("1号", **{"申请人": "李某"}), unchanged])
    assert "已导入：新增 0 条，更新 1 条" in client.get(UPLOAD).content.decode()


def test_a_judicial_office_may_not_import_records_of_another_county(
    client, tree, make_user, error_dir
):
    client.force_login(make_user("guyang", tree["office"], Role.RECONSIDERATION))
    before = counts()
    rows = [
        case("1号", **{"所属单位代码": "433126-S01"}),
        case("2号", **{"所属单位代码": "433122"}),
    ]
    response = upload(client, rows)
    assert response.status_code == 200
    assert counts() == before
    errors = [(e.row, e.column, e.message) for e in response.context["errors"]]
    assert errors == [(3, "所属单位代码", "无权导入「泸溪县司法局」的记录")]
    page = response.content.decode()
    assert (
        "共 1 处错误，系统中的数据没有任何改动" in page and "无权导入「泸溪县司法局」的记录" in page
    )


def test_a_rejected_file_lists_its_errors_and_offers_them_once_to_its_owner(
    client, tree, make_user, error_dir
):
    owner = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    client.force_login(owner)
    before = counts()
    rows = [case("1号"), case("2号", **{"收到申请日期": "2024.2.5"}), case("3号", **{"申请人": ""})]
    response = upload(client, rows)
    assert counts() == before
    page = response.content.decode()
    assert "共 2 处错误" in page and "第3行" in page and "收到申请日期" in page
    url = response.context["errors_url"]
    assert url in page

    client.force_login(make_user("other", tree["county"], Role.RECONSIDERATION))
    assert client.get(url).status_code == 404  # not his file

    client.force_login(owner)
    download = client.get(url)
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet.cell(row=1, column=len(HEADERS) + 1).value == ERROR_HEADER
    assert sheet.cell(row=3, column=len(HEADERS) + 1).value.startswith("第3行「收到申请日期」")
    assert sheet.cell(row=2, column=len(HEADERS) + 1).value is None
    assert client.get(url).status_code == 404  # deleted once downloaded
    assert list(error_dir.iterdir()) == []


def test_files_that_are_not_tables_are_refused_in_chinese(client, tree, make_user, monkeypatch):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert "只能导入 .xlsx 或 .csv 文件" in response.content.decode()
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("a.xlsx", b"garbage")})
    assert "不是有效的 .xlsx 文件" in response.content.decode()
    monkeypatch.setattr("fazhi.imports.forms.MAX_UPLOAD_BYTES", 100)
    response = upload(client, [case("1号")])
    assert "文件太大" in response.content.decode() and "不能超过" in response.content.decode()
    assert ReconsiderationCase.objects.count() == 0


def test_error_files_are_kept_per_user_and_swept_after_a_day(error_dir):
    token = errorfiles.store(7, REGISTER.name, b"data")
    assert errorfiles.take(8, REGISTER.name, token) is None
    assert errorfiles.take(7, "litigation", token) is None
    assert errorfiles.take(7, REGISTER.name, "../../etc/passwd") is None
    errorfiles.sweep(now=10**12)
    assert errorfiles.take(7, REGISTER.name, token) is None


def test_an_error_workbook_waits_on_disk_encrypted(db):
    token = errorfiles.store(7, REGISTER.name, b"11010519491231002X in a rejected row")
    stored = next(errorfiles.directory().glob(f"7-{REGISTER.name}-{token}.xlsx")).read_text()
    assert stored.startswith("sm4gcm$") and "11010519491231002X" not in stored
    assert errorfiles.take(7, REGISTER.name, token) == b"11010519491231002X in a rejected row"
