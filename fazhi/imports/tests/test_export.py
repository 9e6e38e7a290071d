"""Exporting a register: the template's columns plus computed fields, in xlsx, csv and json."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.imports.exporter import export_records
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

from .files import HEADERS, case, run_import, write_xlsx

pytestmark = pytest.mark.django_db

COMPUTED = ["受理审查期限", "补正期限", "答复期限", "审理期限", "办理状态", "超期"]


@pytest.fixture
def cases(tree, tmp_path):
    rows = [
        case("古政复〔2024〕1号", **{"行政行为类别": "行政处罚"}),
        case(
            "古政复〔2024〕2号",
            **{"收到申请日期": "2024-09-27", "审查结果": "受理", "受理日期": "2024-09-30"},
        ),
        case("古政复〔2023〕9号", **{"收到申请日期": "2023-12-20"}),
        case("古阳〔2024〕1号", **{"所属单位代码": "433126-S01"}),
        case("泸政复〔2024〕1号", **{"所属单位代码": "433122"}),
    ]
    run_import(write_xlsx(tmp_path / "cases.xlsx", rows))
    return rows


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_register", "reconsideration", *args, stdout=out)
    return out.getvalue()


def by_number(records: list[dict]) -> dict[str, dict]:
    return {r["案件编号"]: r for r in records}


def test_json_has_every_column_and_the_computed_fields_in_chinese(cases):
    records = by_number(json.loads(export("--format", "json")))
    assert len(records) == 5
    first = records["古政复〔2024〕1号"]
    assert list(first)[: len(HEADERS)] == HEADERS
    assert set(COMPUTED) <= set(first)
    assert first["收到申请日期"] == "2024-02-05" and first["行政行为类别"] == "行政处罚"
    assert first["所属单位代码"] == "433126" and first["是否延期"] == "否"
    assert first["受理审查期限"] == "2024-02-18"
    assert first["受理审查期限依据"] == "行政复议法第三十条"
    assert first["办理状态"] == "待审查"
    second = records["古政复〔2024〕2号"]
    assert second["受理审查期限"] == "2024-10-10"
    assert second["审理期限"] == "2024-11-29" and second["办理状态"] == "审理中"


def test_json_keeps_chinese_unescaped_and_the_export_is_audited(cases):
    text = export("--format", "json", "--year", "2024")
    assert "古政复" in text and "\\u" not in text
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.register == "reconsideration" and entry.channel == "cli"
    assert "4 条" in entry.note and "json" in entry.note and "年份 2024" in entry.note


def test_year_and_unit_filters(cases):
    numbers = set(by_number(json.loads(export("--format", "json", "--year", "2023"))))
    assert numbers == {"古政复〔2023〕9号"}
    office = set(by_number(json.loads(export("--format", "json", "--unit", "433126-S01"))))
    assert office == {"古阳〔2024〕1号"}
    county = set(by_number(json.loads(export("--format", "json", "--unit", "433126"))))
    assert "泸政复〔2024〕1号" not in county and len(county) == 4
    with pytest.raises(CommandError, match="找不到单位代码「0000」"):
        export("--format", "json", "--unit", "0000")


def test_csv_has_a_bom_and_reads_back_as_the_same_table(cases, tmp_path):
    out = tmp_path / "cases.csv"
    export("--format", "csv", "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 5 and list(rows[0])[: len(HEADERS)] == HEADERS
    assert by_number(rows)["古政复〔2024〕1号"]["受理审查期限"] == "2024-02-18"
    assert export("--format", "csv").startswith("\ufeff案件编号,")


def test_xlsx_needs_an_output_file_and_reimports_unchanged(cases, tmp_path):
    with pytest.raises(CommandError, match="--out"):
        export("--format", "xlsx")
    out = tmp_path / "cases.xlsx"
    export("--format", "xlsx", "--out", str(out))
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[: len(HEADERS)] == HEADERS and "受理审查期限" in header
    assert sheet.max_row == 6
    # The register's columns of an export are a valid import file: nothing changes.
    trimmed = tmp_path / "trimmed.xlsx"
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    write_xlsx(trimmed, rows)
    assert run_import(trimmed).strip() == "已导入：新增 0 条，更新 0 条，未变 5 条。"


def test_an_empty_export_still_has_the_headers(tree):
    assert json.loads(export("--format", "json")) == []
    assert export("--format", "csv").strip() == "\ufeff" + ",".join(HEADERS)


def test_export_page_of_a_judicial_office_user_holds_only_his_office(
    client, tree, cases, make_user
):
    client.force_login(make_user("guyang", tree["office"], Role.RECONSIDERATION))
    response = client.get("/registers/reconsideration/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert set(by_number(json.loads(response.content))) == {"古阳〔2024〕1号"}
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor.username == "guyang" and entry.channel == "web"


def test_export_page_filters_by_year_and_offers_each_format(client, tree, cases, make_user):
    client.force_login(make_user("leader", tree["county"], Role.LEADER))
    response = client.get("/registers/reconsideration/export.csv", {"year": "2023"})
    body = response.content.decode("utf-8-sig")
    assert "古政复〔2023〕9号" in body and "古政复〔2024〕1号" not in body
    assert "attachment" in response["Content-Disposition"]
    response = client.get("/registers/reconsideration/export.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row == 5
    assert client.get("/registers/reconsideration/export.json?year=今年").status_code == 400
    assert client.get("/registers/reconsideration/export.pdf").status_code == 404


def test_export_by_url_is_refused_to_a_user_without_a_role(client, tree, cases, make_user):
    client.force_login(make_user("nobody", tree["county"]))
    response = client.get("/registers/reconsideration/export.json")
    assert response.status_code == 403
    assert "您没有查看或导出「行政复议案件」的权限" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_register_names_in_urls_must_exist(client, tree, make_user):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    assert client.get("/registers/nosuch/export.json").status_code == 404
    assert REGISTER.name == "reconsideration"


def test_csv_cells_that_look_like_formulas_stay_text(tree):
    from fazhi.reconsideration import actions as case_actions

    case_actions.register_case(
        None,
        unit=tree["county"],
        number="公式",
        applicant='=HYPERLINK("http://x","点我")',
        respondent="-1+2",
        received_date=datetime.date(2024, 3, 4),
    )
    text = export_records(REGISTER, ReconsiderationCase.objects.all(), "csv")
    assert "'=HYPERLINK" in text and "'-1+2" in text


def test_an_export_year_out_of_range_is_a_clear_400(client, tree, make_user):
    client.force_login(make_user("fuyi", tree["county"], Role.RECONSIDERATION))
    response = client.get("/registers/reconsideration/export.csv", {"year": "0000"})
    assert response.status_code == 400
    assert "年份格式不正确" in response.content.decode()
