import csv
import datetime
import io
import os

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import AuditAction, AuditEntry, Unit, UnitKind, User
from fazhi.core.tabular import Table, TableError, check_headers, read_table
from fazhi.core.unit_loader import UnitFileRejected, load_units

HEADER = ["单位代码", "单位名称", "单位类别", "上级单位代码"]


def four_levels() -> list[list]:
    """100 units: a province, 3 prefectures, 9 counties, 87 judicial offices."""
    rows = [["43", "湖南省司法厅", "省级司法厅", ""]]
    for p in range(1, 4):
        prefecture = f"43{p:02d}"
        rows.append([prefecture, f"第{p}市州司法局", "市州司法局", "43"])
        for c in range(1, 4):
            county = f"{prefecture}{c:02d}"
            rows.append([county, f"第{p}-{c}县司法局", "县级司法局", prefecture])
    counties = [r[0] for r in rows if r[2] == "县级司法局"]
    for n in range(87):
        county = counties[n % len(counties)]
        rows.append([f"{county}-S{n:02d}", f"第{n}司法所", "司法所", county])
    return rows


def write_xlsx(path, rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path, rows, encoding="utf-8-sig", header=HEADER):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def load(path) -> str:
    out = io.StringIO()
    call_command("load_units", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rejection(path) -> tuple[str, str]:
    """The CommandError and the row errors printed on stderr for a refused file."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("load_units", str(path), stdout=io.StringIO(), stderr=err)
    return str(refused.value), err.getvalue()


def database_state():
    units = list(Unit.objects.values_list("code", "name", "kind", "parent__code", "path"))
    return units, list(AuditEntry.objects.values_list("pk", flat=True))


@pytest.fixture
def tree(tmp_path):
    """The 100-unit tree, loaded from CSV."""
    load(write_csv(tmp_path / "tree.csv", four_levels()))
    return four_levels()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "writer",
    [
        lambda d, rows: write_xlsx(d / "units.xlsx", rows),
        lambda d, rows: write_csv(d / "units.csv", rows),
        lambda d, rows: write_csv(d / "units.csv", rows, encoding="utf-8"),
        lambda d, rows: write_csv(d / "units.csv", rows, encoding="gb18030"),
    ],
    ids=["xlsx", "csv-utf8-bom", "csv-utf8", "csv-gb18030"],
)
def test_a_four_level_file_loads_with_its_parents(tmp_path, writer, django_assert_num_queries):
    output = load(writer(tmp_path, four_levels()))

    assert "已导入单位：新增 100 个，更新 0 个，未变 0 个。" in output
    assert Unit.objects.count() == 100
    office = Unit.objects.get(code="430202-S04")
    assert office.name == "第4司法所"
    assert office.kind == UnitKind.JUDICIAL_OFFICE
    assert [u.code for u in office.ancestors()] == ["43", "4302", "430202"]
    assert office.path == "/43/4302/430202/430202-S04/"
    assert office.depth == 3
    root = Unit.objects.get(code="43")
    assert root.parent is None
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, register="unit").count() == 100
    with django_assert_num_queries(1):
        subtree = list(Unit.objects.subtree(root))
    assert len(subtree) == 100
    prefecture = Unit.objects.get(code="4302")
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.subtree(prefecture))) == 1 + 3 + 30


@pytest.mark.django_db
def test_numeric_codes_typed_into_excel_load_as_text(tmp_path):
    # Excel stores 43 typed into a cell as the number 43.0; the code must still be "43".
    rows = [[43, "湖南省司法厅", "省级司法厅", None], [4331, "湘西州司法局", "市州司法局", 43]]
    load(write_xlsx(tmp_path / "numbers.xlsx", rows))

    assert Unit.objects.get(code="4331").parent.code == "43"


@pytest.mark.django_db
def test_children_before_their_parents_load(tmp_path):
    rows = list(reversed(four_levels()))
    output = load(write_csv(tmp_path / "reversed.csv", rows))

    assert "新增 100 个" in output
    assert Unit.objects.get(code="430101-S00").path == "/43/4301/430101/430101-S00/"


@pytest.mark.django_db
def test_a_parent_already_in_the_system_need_not_be_in_the_file(tmp_path, tree):
    rows = [["430101-S00-01", "某村人民调解委员会", "人民调解委员会", "430101-S00"]]
    output = load(write_csv(tmp_path / "one.csv", rows))

    assert "新增 1 个，更新 0 个，未变 0 个" in output
    assert Unit.objects.get(code="430101-S00-01").depth == 4


BAD_ROWS = {
    "unknown parent": (
        ["433126", "古丈县司法局", "县级司法局", "433199"],
        "「上级单位代码」：找不到上级单位 433199（既不在文件中，也不在系统中）",
    ),
    "unknown kind": (
        ["433126", "古丈县司法局", "司法局", "43"],
        "「单位类别」：未知的单位类别「司法局」，应为以下之一：省级司法厅、市州司法局",
    ),
    "duplicate code": (
        ["4301", "重复的市州司法局", "市州司法局", "43"],
        "「单位代码」：单位代码 4301 在文件中重复出现（第3行、第102行）",
    ),
    "bad code": (
        ["4331 26", "古丈县司法局", "县级司法局", "43"],
        "「单位代码」：单位代码「4331 26」格式不正确",
    ),
    "missing name": (["433126", "", "县级司法局", "43"], "「单位名称」：单位名称不能为空"),
    "parent is itself": (
        ["433126", "古丈县司法局", "县级司法局", "433126"],
        "「上级单位代码」：上级单位不能是本单位自己",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_one_bad_row_rejects_the_whole_file(tmp_path, tree, case):
    bad_row, expected = BAD_ROWS[case]
    renamed = [[code, f"{name}（新）", kind, parent] for code, name, kind, parent in four_levels()]
    path = write_xlsx(tmp_path / "bad.xlsx", [*renamed, bad_row])  # the bad row is row 102
    before = database_state()

    message, row_errors = rejection(path)

    assert message == "文件未导入：共 1 处错误，系统中的数据没有任何改动。"
    assert row_errors.startswith(f"第102行{expected}")
    assert database_state() == before


@pytest.mark.django_db
def test_every_bad_row_is_reported(tmp_path):
    rows = [
        ["43", "湖南省司法厅", "省级司法厅", ""],
        ["4331", "湘西州司法局", "市州", "43"],
        ["433126", "", "县级司法局", "4399"],
    ]
    message, row_errors = rejection(write_csv(tmp_path / "bad.csv", rows))

    assert "共 3 处错误" in message
    assert row_errors.splitlines() == [
        "第3行「单位类别」：未知的单位类别「市州」，应为以下之一：省级司法厅、市州司法局、县级司法局、"
        "内设机构、司法所、人民调解委员会、公证机构、法律援助机构、行政执法部门、乡镇人民政府。",
        "第4行「单位名称」：单位名称不能为空。",
        "第4行「上级单位代码」：找不到上级单位 4399（既不在文件中，也不在系统中）。",
    ]
    assert not Unit.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_parent_cycle_in_the_file_is_refused(tmp_path):
    rows = [
        ["43", "湖南省司法厅", "省级司法厅", ""],
        ["A", "甲", "内设机构", "B"],
        ["B", "乙", "内设机构", "C"],
        ["C", "丙", "内设机构", "A"],
        ["D", "丁", "内设机构", "A"],
    ]
    _, row_errors = rejection(write_csv(tmp_path / "cycle.csv", rows))

    assert "第3行「上级单位代码」：上级关系形成了循环：A → B → C → A。" in row_errors
    assert "第5行「上级单位代码」：上级关系形成了循环：C → A → B → C。" in row_errors
    assert "第6行" not in row_errors
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_cycle_through_the_database_is_refused(tmp_path, tree):
    # 4301 is in the system under 43; making 43 its child would loop.
    before = database_state()
    rows = [["43", "湖南省司法厅", "省级司法厅", "430101"]]
    _, row_errors = rejection(write_csv(tmp_path / "cycle.csv", rows))

    assert "第2行「上级单位代码」：上级关系形成了循环：43 → 430101 → 4301 → 43。" in row_errors
    assert database_state() == before


@pytest.mark.django_db
def test_reloading_updates_changed_rows_only(tmp_path, tree):
    audit_before = AuditEntry.objects.count()
    rows = four_levels()
    rows[2][1] = "改名后的县司法局"
    rows[50][1] = "改名后的司法所"
    output = load(write_xlsx(tmp_path / "renamed.xlsx", rows))

    assert "新增 0 个，更新 2 个，未变 98 个" in output
    assert Unit.objects.count() == 100
    assert Unit.objects.get(code=rows[2][0]).name == "改名后的县司法局"
    assert Unit.objects.get(code=rows[50][0]).name == "改名后的司法所"
    updates = AuditEntry.objects.order_by("id")[audit_before:]
    assert [(e.action, e.after["name"]) for e in updates] == [
        (AuditAction.UPDATE, "改名后的县司法局"),
        (AuditAction.UPDATE, "改名后的司法所"),
    ]


@pytest.mark.django_db
def test_reloading_the_same_file_changes_nothing(tmp_path, tree):
    before = database_state()
    output = load(write_csv(tmp_path / "same.csv", four_levels()))

    assert "新增 0 个，更新 0 个，未变 100 个" in output
    assert database_state() == before


@pytest.mark.django_db
def test_moving_a_unit_rewrites_its_subtree(tmp_path, tree):
    # 430101 moves from 4301 to 4302 and takes its judicial offices along.
    rows = [["430101", "第1-1县司法局", "县级司法局", "4302"]]
    output = load(write_csv(tmp_path / "move.csv", rows))

    assert "更新 1 个" in output
    offices = Unit.objects.filter(parent__code="430101")
    assert offices.count() == 10
    assert {o.path for o in offices} == {f"/43/4302/430101/{o.code}/" for o in offices}
    moved = Unit.objects.get(code="430101")
    assert len(list(Unit.objects.subtree(Unit.objects.get(code="4302")))) == 1 + 4 + 40
    assert len(list(Unit.objects.subtree(moved))) == 11


@pytest.mark.django_db
def test_a_new_unit_goes_under_a_parent_moved_in_the_same_file(tmp_path, tree):
    # The new office's parent is moved by a row further down the file: the office's path must
    # follow the parent's new place, not its old one.
    rows = [
        ["430101-S00-01", "新调委会", "人民调解委员会", "430101-S00"],
        ["430101", "第1-1县司法局", "县级司法局", "4302"],
    ]
    load(write_csv(tmp_path / "move.csv", rows))

    assert (
        Unit.objects.get(code="430101-S00-01").path == "/43/4302/430101/430101-S00/430101-S00-01/"
    )


@pytest.mark.django_db
def test_validation_does_not_query_row_by_row(tmp_path, tree):
    path = write_csv(tmp_path / "same.csv", four_levels())
    with CaptureQueriesContext(connection) as queries:
        load(path)

    assert len(queries) <= 3


@pytest.mark.django_db
def test_a_refused_permission_is_reported_and_nothing_written(tmp_path, tree):
    clerk = User.objects.create(username="clerk", unit=Unit.objects.get(code="4301"))
    table = read_table(
        write_csv(tmp_path / "one.csv", [["X1", "某股", "内设机构", "4301"]]), "a.csv"
    )
    before = database_state()

    with pytest.raises(UnitFileRejected) as refused:
        load_units(clerk, table)

    assert str(refused.value.errors[0]) == "第2行「单位代码」：只有系统管理员可以维护单位。"
    assert database_state() == before


# --- files that are not tables -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.xlsx", os.urandom(2048), "不是有效的 .xlsx 文件"),
        ("units.txt", "单位代码,单位名称\n".encode(), "只支持 .xlsx 和 .csv 文件"),
        ("empty.csv", b"", "是空的"),
        ("empty.xlsx", b"", "是空的"),
        ("bad.csv", b"\xff\xfe\xff\xfe\x80\x80\x80", "文字编码无法识别"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)

    message, _ = rejection(path)

    assert message.startswith("文件未导入：")
    assert expected in message
    assert message.endswith("系统中的数据没有任何改动。")
    with pytest.raises(TableError):
        read_table(path, name)


@pytest.mark.django_db
def test_an_unknown_column_is_refused(tmp_path):
    path = write_csv(
        tmp_path / "extra.csv", [["43", "省厅", "省级司法厅", "", "x"]], header=[*HEADER, "备注"]
    )
    message, _ = rejection(path)

    assert "第1行表头中有未知的列：备注" in message


def test_headers_can_be_checked_for_unknown_and_missing_columns():
    table = Table(headers=["单位代码", "地址", "电话"])
    with pytest.raises(TableError) as refused:
        check_headers(table, allowed=HEADER, required=["单位代码", "单位名称"])

    assert str(refused.value) == (
        "第1行表头中有未知的列：地址、电话（本表的列为：单位代码、单位名称、单位类别、上级单位代码）；"
        "第1行表头缺少必填的列：单位名称。"
    )
    check_headers(Table(headers=["单位名称", "单位代码"]), HEADER, ["单位代码"])


def test_xlsx_cells_become_the_text_the_user_sees(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["日期", "时间", "数量", "金额", "文字", "空"])
    sheet.append([datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 9, 30), 12.0, 12.5])
    sheet.append([])
    sheet.append([None, None, None, None, "  有空格  "])
    workbook.save(tmp_path / "cells.xlsx")

    with open(tmp_path / "cells.xlsx", "rb") as upload:
        table = read_table(upload, "cells.xlsx")

    assert table.headers == ["日期", "时间", "数量", "金额", "文字", "空"]
    assert [row.number for row in table.rows] == [2, 4]
    assert table.rows[0].values == {
        "日期": "2024-03-01",
        "时间": "2024-03-01",
        "数量": "12",
        "金额": "12.5",
        "文字": "",
        "空": "",
    }
    assert table.rows[1].values["文字"] == "有空格"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["单位代码", "单位名称", "单位代码"], "第1行表头中「单位代码」出现了不止一次"),
        (["单位代码", "", "单位名称"], "第1行第2列的表头是空的"),
    ],
)
def test_bad_headers_are_refused(tmp_path, header, expected):
    path = write_csv(tmp_path / "h.csv", [["1", "2", "3"]], header=header)
    with pytest.raises(TableError, match=expected):
        read_table(path, "h.csv")


def test_a_file_without_a_header_row_is_refused(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n43,省厅\n", encoding="utf-8")
    with pytest.raises(TableError, match="第1行没有表头"):
        read_table(path, "blank.csv")


def test_a_value_outside_the_headed_columns_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("单位代码,单位名称\n43,省厅,多出来的\n", encoding="utf-8")
    with pytest.raises(TableError, match="第2行第3列有内容，但这一列没有表头"):
        read_table(path, "wide.csv")


@pytest.mark.django_db
def test_population_is_loaded_kept_when_the_column_is_absent_and_checked(tmp_path):
    """常住人口 (issue 22's per-10,000 figures): an optional column; a file without it keeps
    what was entered, a blank cell clears it, and a wrong figure refuses the file."""
    header = [*HEADER, "常住人口"]
    rows = [
        ["43", "湖南省司法厅", "省级司法厅", "", ""],
        ["4301", "某县司法局", "县级司法局", "43", "108,798"],
    ]
    load(write_csv(tmp_path / "with.csv", rows, header=header))
    assert Unit.objects.get(code="4301").population == 108798
    load(write_csv(tmp_path / "without.csv", [r[:4] for r in rows]))
    assert Unit.objects.get(code="4301").population == 108798
    entries = AuditEntry.objects.count()
    bad = [rows[0], ["4301", "某县司法局", "县级司法局", "43", "十万"]]
    message, errors = rejection(write_csv(tmp_path / "bad.csv", bad, header=header))
    assert "常住人口「十万」应为正整数" in errors
    assert Unit.objects.get(code="4301").population == 108798
    assert AuditEntry.objects.count() == entries
    rows[1][4] = ""
    load(write_csv(tmp_path / "blank.csv", rows, header=header))
    assert Unit.objects.get(code="4301").population is None
