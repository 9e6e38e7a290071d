"""The three registers through Excel: a roster of orgs and practitioners linked by the 执业机构
as written, an assessment sheet matched by number with its unknown rows kept and flagged, and
the rules refused row by row with nothing written."""

import datetime
import json

import pytest

from fazhi.core.registers import get_register
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.profession import actions
from fazhi.profession.models import LegalPractitioner, LegalServiceOrg, PractitionerAssessment

from .conftest import id_number

D = datetime.date
pytestmark = pytest.mark.django_db
ORGS = get_register("legal_service_org")
PEOPLE = get_register("legal_practitioner")
ASSESSMENTS = get_register("practitioner_assessment")


def run(actor, register, tmp_path, rows, name="导入.xlsx"):
    path = write_xlsx(tmp_path / name, rows, headers=register.headers)
    return import_rows(actor, register, read_table(path, path.name), filename=path.name)


def org_row(number, name, kind="律师事务所", **cells):
    row = {
        "执业许可证号": number,
        "机构名称": name,
        "机构类别": kind,
        "组织形式": "普通合伙" if kind == "律师事务所" else "",
        "负责人": "",
        "设立日期": "2015-03-01",
        "住所": "",
        "所属单位代码": "433126",
    }
    return row | cells


def person_row(n, org="", kind="律师", lawyer_kind="专职", **cells):
    row = {
        "执业证号": f"143312018{n:08}",
        "姓名": f"人员{n}",
        "身份证号": id_number(n),
        "性别": "",
        "人员类别": kind,
        "律师类别": lawyer_kind,
        "执业机构": org,
        "首次执业日期": "",
        "发证日期": "2018-06-01",
        "所属单位代码": "433126",
    }
    return row | cells


def assessment_row(n, number, name, kind="人员", result="称职", **cells):
    row = {
        "考核编号": f"古律考2025-{n:03}",
        "考核年度": "2025",
        "考核对象类别": kind,
        "执业证号或许可证号": number,
        "名称": name,
        "考核结果": result,
        "考核日期": "2026-03-20",
        "考核机关": "湘西州律师协会",
        "备注": "",
        "所属单位代码": "433126",
    }
    return row | cells


def test_a_roster_imports_linked_to_its_orgs_and_exports_back_unchanged(keeper, tmp_path):
    run(
        keeper,
        ORGS,
        tmp_path,
        [
            org_row("31430000MD0000001A", "湘古律师事务所"),
            org_row("43312600GZ0001", "古丈县公证处", "公证机构"),
        ],
    )
    rows = [
        person_row(1, "31430000md0000001a"),
        person_row(2, "43312600GZ0001", kind="公证员", lawyer_kind=""),
        person_row(3, lawyer_kind="公职"),
    ]
    assert run(keeper, PEOPLE, tmp_path, rows, "人员.xlsx").created == 3
    firm, notary = LegalServiceOrg.objects.order_by("id")
    people = {p.name: p for p in LegalPractitioner.objects.all()}
    assert people["人员1"].org == firm and people["人员1"].org_number == firm.number
    assert people["人员2"].org == notary
    assert people["人员3"].org is None

    exported = json.loads(
        export_records(
            PEOPLE, LegalPractitioner.objects.order_by("id"), "json", actor=keeper, reason="核对"
        )
    )
    assert [row["执业机构名称"] for row in exported] == ["湘古律师事务所", "古丈县公证处", ""]
    assert {row["执业状态"] for row in exported} == {"执业"}
    again = [{h: row[h] for h in PEOPLE.headers} for row in exported]
    assert run(keeper, PEOPLE, tmp_path, again, "导出.xlsx").unchanged == 3


def test_a_roster_with_wrong_links_is_refused_row_by_row(keeper, tmp_path):
    run(keeper, ORGS, tmp_path, [org_row("43312600GZ0001", "古丈县公证处", "公证机构")])
    rows = [
        person_row(1, "31430000MD9999999Z"),
        person_row(2, "43312600GZ0001"),
        person_row(3, lawyer_kind="公职", 执业证号="14331201800000004"),
        person_row(4, lawyer_kind="公职", 执业证号="14331201800000004"),
        person_row(5, kind="公证员", lawyer_kind="专职", 执业机构="43312600GZ0001"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        run(keeper, PEOPLE, tmp_path, rows, "人员.xlsx")
    found = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert found[2, "执业机构"] == (
        "找不到执业许可证号为「31430000MD9999999Z」的法律服务机构（须为本局登记的机构）"
    )
    assert found[3, "执业机构"] == "执业机构「43312600GZ0001」是公证机构，律师应在律师事务所执业"
    # The importer's own check of a number written twice in a file.
    assert "重复出现（第4行、第5行）" in found[5, "执业证号"]
    assert found[6, "律师类别"] == "只有律师填写律师类别"
    assert not LegalPractitioner.objects.exists()


def test_an_assessment_sheet_imports_whole_with_the_unknown_flagged(
    keeper, org_of, person_of, tmp_path
):
    firm = org_of(number="31430000MD0000001A", name="湘古律师事务所")
    lawyer = person_of(firm)
    rows = [
        assessment_row(1, lawyer.number, lawyer.name),
        assessment_row(
            2, firm.number, firm.name, kind="机构", result="合格", 考核机关="湘西州司法局"
        ),
        assessment_row(3, "14331201599999999", "覃某（吉首市）"),
    ]
    assert run(keeper, ASSESSMENTS, tmp_path, rows).created == 3
    by_number = {a.subject_number: a for a in PractitionerAssessment.objects.all()}
    assert by_number[lawyer.number].practitioner == lawyer
    assert by_number[firm.number].org == firm
    unknown = by_number["14331201599999999"]
    assert (unknown.unmatched, unknown.practitioner, unknown.org) == (True, None, None)
    exported = json.loads(
        export_records(
            ASSESSMENTS, PractitionerAssessment.objects.order_by("id"), "json", actor=keeper
        )
    )
    assert [row["未匹配"] for row in exported] == ["否", "否", "是"]


def test_an_assessment_sheet_with_a_wrong_pairing_or_a_second_assessment_is_refused(
    keeper, org_of, person_of, assess, tmp_path
):
    firm = org_of()
    lawyer = person_of(firm)
    assess(lawyer, year=2025)
    other = person_of(firm)
    rows = [
        assessment_row(1, firm.number, firm.name, kind="机构", result="称职"),
        assessment_row(2, lawyer.number, lawyer.name),
        assessment_row(3, other.number, other.name),
        assessment_row(4, other.number, other.name, 考核结果="基本称职"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        run(keeper, ASSESSMENTS, tmp_path, rows)
    found = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert found[2, "考核结果"] == "考核对象类别为机构的，考核结果只能是合格、不合格"
    assert found[3, "执业证号或许可证号"] == (
        f"本局已登记过「{lawyer.number}」2025年度的考核，不能重复登记"
    )
    assert found[4, "执业证号或许可证号"] == f"本文件中「{other.number}」2025年度的考核出现了多次"
    assert PractitionerAssessment.objects.count() == 1


def test_the_status_is_no_column_to_import(keeper, org_of, tmp_path):
    """执业状态 changes by a dated, reasoned step; a re-imported sheet leaves it as it is."""
    firm = org_of(number="31430000MD0000001A", name="湘古律师事务所")
    actions.take_step(keeper, firm, "cancel", D(2025, 3, 1), reason="自行解散")
    assert "执业状态" not in ORGS.headers
    result = run(keeper, ORGS, tmp_path, [org_row(firm.number, firm.name, 负责人="负责人")])
    assert result.unchanged == 1
    assert LegalServiceOrg.objects.get().status == "cancelled"
