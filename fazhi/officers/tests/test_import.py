"""The roster and the sign-in sheets through Excel: cards made from the roster's columns, an
export taken back unchanged, a renewal by a new 证号, the rules refused row by row; training
rows matched to the roster by ID number, an unknown person kept and flagged."""

import datetime
import json

import pytest

from fazhi.core.registers import get_register
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.officers.models import (
    CardState,
    Certificate,
    EnforcementOfficer,
    EventKind,
    TrainingAttendance,
)

from .conftest import id_number

D = datetime.date
pytestmark = pytest.mark.django_db
OFFICERS = get_register("enforcement_officer")
TRAINING = get_register("enforcement_training")


def roster_row(n, **cells):
    row = {
        "人员编号": f"RY{n:03}",
        "姓名": f"人员{n}",
        "身份证号": id_number(n),
        "岗位": "执法大队",
        "是否在岗": "是",
        "编制类型": "行政编制",
        "执法类别": "市场监管",
        "执法区域": "古丈县",
        "执法证号": f"4312602023{n:04}",
        "发证机关": "湖南省人民政府",
        "发证日期": "2023-05-10",
        "有效期至": "",
        "证件状态": "有效",
        "所属单位代码": "433126-E02",
    }
    row.update(cells)
    return row


def run(actor, register, tmp_path, rows, name="花名册.xlsx"):
    path = write_xlsx(tmp_path / name, rows, headers=register.headers)
    return import_rows(actor, register, read_table(path, path.name), filename=path.name)


def test_a_roster_imports_with_its_cards_and_exports_back_unchanged(
    supervisor, departments, tmp_path
):
    rows = [roster_row(1), roster_row(2, 有效期至="2027-10-31"), roster_row(3, 执法证号="")]
    rows[2].update(发证机关="", 发证日期="", 证件状态="", 编制类型="辅助人员")
    result = run(supervisor, OFFICERS, tmp_path, rows)
    assert result.created == 3
    cards = dict(Certificate.objects.values_list("number", "valid_until"))
    assert cards == {"43126020230001": D(2028, 5, 9), "43126020230002": D(2027, 10, 31)}
    assert Certificate.objects.filter(events__kind=EventKind.ISSUED).count() == 2

    exported = json.loads(
        export_records(OFFICERS, EnforcementOfficer.objects.order_by("number"), "json", actor=None)
    )
    assert exported[0]["证件当前状态"] in ("有效", "过期")
    again = run(supervisor, OFFICERS, tmp_path, exported, name="导出.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Certificate.objects.count() == 2


def test_a_new_card_number_on_the_roster_is_a_renewal(supervisor, departments, tmp_path):
    run(supervisor, OFFICERS, tmp_path, [roster_row(1)])
    renewed = roster_row(1, 执法证号="43126020280001", 发证日期="2025-02-01")
    result = run(supervisor, OFFICERS, tmp_path, [renewed], name="换证.xlsx")
    assert result.updated == 1
    old, new = Certificate.objects.order_by("issued_date")
    assert (old.state, old.ended_date) == (CardState.CANCELLED, D(2025, 2, 1))
    assert (new.number, new.state, new.valid_until) == (
        "43126020280001",
        CardState.VALID,
        D(2030, 1, 31),
    )
    assert old.officer_id == new.officer_id


def test_the_rules_are_refused_row_by_row_and_nothing_is_written(supervisor, departments, tmp_path):
    rows = [
        roster_row(1, 编制类型="辅助人员"),
        roster_row(2, 证件状态="注销"),
        roster_row(3, 执法证号="43126020230004"),
        roster_row(4),
    ]
    with pytest.raises(ImportRejected) as rejected:
        run(supervisor, OFFICERS, tmp_path, rows)
    messages = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert "只有在编人员" in messages[2, "编制类型"]
    assert "证件状态不能在此修改" in messages[3, "证件状态"]
    assert "本文件中有两名人员" in messages[4, "执法证号"]
    assert not EnforcementOfficer.objects.exists() and not Certificate.objects.exists()


def test_an_imported_state_change_is_refused_for_a_stored_card(supervisor, departments, tmp_path):
    run(supervisor, OFFICERS, tmp_path, [roster_row(1)])
    with pytest.raises(ImportRejected) as rejected:
        run(supervisor, OFFICERS, tmp_path, [roster_row(1, 证件状态="吊销")], name="改.xlsx")
    assert "证件状态不能在此修改" in rejected.value.errors[0].message
    assert Certificate.objects.get().state == CardState.VALID


def sheet_row(n, person, **cells):
    row = {
        "签到编号": f"古培2025001-{n:03}",
        "培训编号": "古培2025001",
        "培训日期": "2025-03-20",
        "培训主题": "行政处罚法专题培训",
        "学时": "6.5",
        "主办单位": "古丈县司法局",
        "培训类别": "公共法律知识",
        "姓名": f"人员{person}",
        "身份证号": id_number(person),
        "所属单位代码": "433126-E02",
    }
    row.update(cells)
    return row


def test_a_sign_in_sheet_is_matched_to_the_roster_and_an_unknown_person_is_kept_flagged(
    supervisor, departments, tmp_path
):
    run(supervisor, OFFICERS, tmp_path, [roster_row(1), roster_row(2)])
    rows = [sheet_row(1, 1), sheet_row(2, 2), sheet_row(3, 77)]
    assert run(supervisor, TRAINING, tmp_path, rows, name="签到表.xlsx").created == 3
    matched = dict(TrainingAttendance.objects.values_list("number", "officer__number"))
    assert matched == {
        "古培2025001-001": "RY001",
        "古培2025001-002": "RY002",
        "古培2025001-003": None,
    }
    assert TrainingAttendance.objects.get(number="古培2025001-003").unmatched
    # The person entered on the roster later: his training is matched to him then.
    run(supervisor, OFFICERS, tmp_path, [roster_row(77)], name="补录.xlsx")
    late = TrainingAttendance.objects.get(number="古培2025001-003")
    assert not late.unmatched and late.officer.number == "RY077"


def test_one_person_signs_a_session_once(supervisor, departments, tmp_path):
    rows = [sheet_row(1, 1), sheet_row(2, 1)]
    with pytest.raises(ImportRejected) as rejected:
        run(supervisor, TRAINING, tmp_path, rows, name="签到表.xlsx")
    assert "重复登记了此人" in rejected.value.errors[0].message
    run(supervisor, TRAINING, tmp_path, rows[:1], name="签到表.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        run(supervisor, TRAINING, tmp_path, [sheet_row(5, 1)], name="再签.xlsx")
    assert "已登记过此人" in rejected.value.errors[0].message
