"""Importing a register from the command line: all or nothing, updates by key, audited."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core import audit, crypto, holidays
from fazhi.core.audit import files as audit_files
from fazhi.core.models import AuditAction, AuditEntry, AuditFilePart, User
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.imports.importer import ImportRejected, RowError, import_rows
from fazhi.imports.workbooks import ERROR_HEADER, error_workbook
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase, ReviewResult, Status

from .files import HEADERS, case, counts, refused_import, run_import, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def three_cases() -> list[dict]:
    return [
        # A real Excel date: received on the Monday before the 2024 Spring Festival.
        case("古政复〔2024〕1号", **{"收到申请日期": datetime.date(2024, 2, 5)}),
        case(
            "古政复〔2024〕2号",
            **{
                "收到申请日期": "2024-09-27",
                "审查结果": "受理",
                "受理日期": datetime.date(2024, 9, 29),
                "行政行为类别": "行政许可",
                "适用程序": "简易程序",
            },
        ),
        case(
            "古阳〔2024〕1号",
            **{"收到申请日期": "2024-03-01", "所属单位代码": "433126-S01", "是否延期": "否"},
        ),
    ]


def test_a_hand_made_workbook_imports_with_derived_fields_and_audit(tree, tmp_path):
    path = write_xlsx(tmp_path / "复议案件.xlsx", three_cases())
    assert run_import(path).strip() == "已导入：新增 3 条，更新 0 条，未变 0 条。"
    first = ReconsiderationCase.objects.get(number="古政复〔2024〕1号")
    assert first.unit == tree["county"]
    assert first.received_date == datetime.date(2024, 2, 5)
    # 5 working days past the Spring Festival holiday, ending on a 调休 Sunday.
    assert first.review_deadline == datetime.date(2024, 2, 18)
    assert first.status == Status.PENDING_REVIEW and first.procedure == "ordinary"
    assert first.act_type == "" and first.extended is False and first.suspended_days == 0
    second = ReconsiderationCase.objects.get(number="古政复〔2024〕2号")
    assert second.review_result == ReviewResult.ACCEPTED and second.procedure == "simplified"
    assert second.status == Status.IN_REVIEW
    assert second.decision_deadline == datetime.date(2024, 10, 29)
    assert ReconsiderationCase.objects.get(number="古阳〔2024〕1号").unit == tree["office"]

    # One entry for the import: the file kept and its digest, the counts, the ids created;
    # none per created row.
    entries = AuditEntry.objects.filter(register="reconsideration")
    assert not entries.filter(action=AuditAction.CREATE).exists()
    summary = entries.get(action=AuditAction.IMPORT)
    assert summary.channel == "cli" and summary.actor is None
    assert "复议案件.xlsx" in summary.note and "新增 3 条" in summary.note
    data = path.read_bytes()
    ids = sorted(ReconsiderationCase.objects.values_list("pk", flat=True))
    assert summary.after == {
        audit_files.FILE_NAME: "复议案件.xlsx",
        audit_files.FILE_SIZE: len(data),
        audit_files.FILE_DIGEST: crypto.sm3_hex(data),
        audit_files.ROWS_READ: 3,
        audit_files.CREATED: 3,
        audit_files.CHANGED: 0,
        audit_files.UNCHANGED: 0,
        audit_files.CREATED_IDS: audit_files.runs_text(audit_files.id_runs(ids)),
    }
    assert audit_files.kept_file(summary) == data
    stored = b"".join(bytes(p.data) for p in AuditFilePart.objects.filter(file__entry=summary))
    assert stored.find(data[:64]) == -1  # encrypted, not stored in clear
    for record in ReconsiderationCase.objects.all():
        assert audit.import_of("reconsideration", record.pk) == summary


def test_missing_optional_columns_are_fine(tree, tmp_path):
    headers = ["案件编号", "申请人", "被申请人", "收到申请日期", "所属单位代码"]
    path = write_csv(tmp_path / "简表.csv", [case("1号")], headers=headers)
    run_import(path)
    assert ReconsiderationCase.objects.get().review_result == ReviewResult.PENDING


BAD_ROWS = [
    (case("坏1号", **{"收到申请日期": "2024/2/5"}), "收到申请日期", "格式不正确"),
    (case("坏2号", **{"审查结果": "已受理"}), "审查结果", "不是可选的值"),
    (case("坏3号", **{"申请人": ""}), "申请人", "必填项不能为空"),
    (case("坏4号", **{"所属单位代码": "999999"}), "所属单位代码", "找不到单位代码「999999」"),
    (case("坏5号", **{"受理日期": "2024-02-08"}), "受理日期", "只有审查结果为“受理”"),
    (case("坏6号", **{"是否延期": "对"}), "是否延期", "应填“是”或“否”"),
]


def test_a_file_with_bad_rows_changes_nothing_and_names_each_row_and_column(tree, tmp_path):
    run_import(write_xlsx(tmp_path / "good.xlsx", three_cases()))
    before = counts()
    rows = [case("好1号")] + [row for row, _, _ in BAD_ROWS]
    rows += [case("好1号", **{"申请人": "李某"})]  # the same number twice in one unit
    message, lines = refused_import(write_xlsx(tmp_path / "bad.xlsx", rows))
    assert counts() == before
    assert message == f"文件未导入：共 {len(BAD_ROWS) + 1} 处错误，系统中的数据没有任何改动。"
    for number, (_, column, reason) in enumerate(BAD_ROWS, start=3):
        line = next(line for line in lines if line.startswith(f"第{number}行"))
        assert line.startswith(f"第{number}行「{column}」：") and reason in line, line
    duplicate = lines[-1]
    assert duplicate.startswith("第9行「案件编号」：") and "第2行、第9行" in duplicate


def test_unknown_and_missing_columns_are_refused(tree, tmp_path):
    headers = [h for h in HEADERS if h != "收到申请日期"] + ["备注"]
    message, lines = refused_import(write_xlsx(tmp_path / "cols.xlsx", [case("1号")], headers))
    assert lines == [
        "第1行「备注」：不是本表的列（本表的列为：" + "、".join(HEADERS) + "）",
        "第1行「收到申请日期」：缺少这一必填列",
    ]
    assert "共 2 处错误" in message


def test_an_unreadable_file_or_unknown_register_is_a_chinese_command_error(tree, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    message, _ = refused_import(path)
    assert "不是有效的 .xlsx 文件" in message and "没有任何改动" in message
    with pytest.raises(CommandError, match="未知的登记簿「nosuch」，可选：.*reconsideration"):
        call_command("import_register", "nosuch", str(path))


def test_reimporting_a_corrected_file_updates_only_the_changed_rows(tree, tmp_path):
    rows = three_cases()
    run_import(write_xlsx(tmp_path / "v1.xlsx", rows))
    entries_before = AuditEntry.objects.count()
    rows[0] = {**rows[0], "审查结果": "受理", "受理日期": "2024-02-18"}
    out = run_import(write_xlsx(tmp_path / "v2.xlsx", rows))
    assert out.strip() == "已导入：新增 0 条，更新 1 条，未变 2 条。"
    assert ReconsiderationCase.objects.count() == 3
    case_ = ReconsiderationCase.objects.get(number="古政复〔2024〕1号")
    assert case_.status == Status.IN_REVIEW
    assert case_.decision_deadline == datetime.date(2024, 4, 18)
    new_entries = AuditEntry.objects.filter(pk__gt=_last_pk(entries_before))
    assert sorted(new_entries.values_list("action", flat=True)) == ["import", "update"]
    update = new_entries.get(action=AuditAction.UPDATE)
    assert update.object_id == str(case_.pk)
    assert (
        update.before["review_result"] == "pending" and update.after["review_result"] == "accepted"
    )
    assert ("审查结果", "待审查", "受理") in [
        (label, b, a) for label, b, a in update.changed_fields()
    ]


def _last_pk(count_before: int) -> int:
    return AuditEntry.objects.order_by("pk").values_list("pk", flat=True)[count_before - 1]


def test_absent_columns_keep_old_values_and_empty_cells_set_the_default(tree, tmp_path):
    run_import(write_xlsx(tmp_path / "v1.xlsx", three_cases()))
    headers = ["案件编号", "申请人", "被申请人", "收到申请日期", "所属单位代码", "适用程序"]
    row = case("古政复〔2024〕2号", **{"收到申请日期": "2024-09-27", "适用程序": ""})
    # Without 审查结果 and 受理日期 in the file, the case stays accepted; the empty 适用程序
    # cell goes back to its default, 普通程序, which lengthens the decision period.
    run_import(write_csv(tmp_path / "v2.csv", [row], headers=headers))
    updated = ReconsiderationCase.objects.get(number="古政复〔2024〕2号")
    assert updated.review_result == ReviewResult.ACCEPTED and updated.act_type == "licensing"
    assert updated.procedure == "ordinary"
    assert updated.decision_deadline == datetime.date(2024, 11, 28)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_bom_and_in_gb18030_imports(tree, tmp_path, encoding):
    rows = [case("古政复〔2024〕7号", **{"申请人": "龙某某", "行政行为类别": "政府信息公开"})]
    run_import(write_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding))
    imported = ReconsiderationCase.objects.get()
    assert (imported.number, imported.applicant, imported.act_type) == (
        "古政复〔2024〕7号",
        "龙某某",
        "information",
    )


def test_the_error_workbook_has_each_rows_messages_in_a_last_column(tree, tmp_path):
    rows = [case("1号"), case("2号", **{"收到申请日期": "昨天"}), case("3号", **{"申请人": ""})]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    table = read_table(path, path.name)
    with pytest.raises(ImportRejected) as rejected:
        import_rows(None, REGISTER, table, filename=path.name)
    sheet = openpyxl.load_workbook(io.BytesIO(error_workbook(table, rejected.value.errors, "b")))
    sheet = sheet.worksheets[0]
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert values[0] == [*HEADERS, ERROR_HEADER]
    assert values[1][:-1] == [rows[0].get(h, "") for h in HEADERS] and values[1][-1] == ""
    assert values[2][-1].startswith("第3行「收到申请日期」：日期「昨天」格式不正确")
    assert values[3][-1] == "第4行「申请人」：必填项不能为空"
    assert sheet["A3"].fill.fgColor.rgb.endswith("FBEAEA")  # the row is highlighted


def test_file_level_errors_go_above_the_table_in_the_error_workbook():
    from fazhi.core.tabular import Row, Table

    table = Table(headers=["案件编号", "备注"], rows=[Row(2, {"案件编号": "1号", "备注": "x"})])
    errors = [RowError(1, "备注", "不是本表的列"), RowError(1, "申请人", "缺少这一必填列")]
    sheet = openpyxl.load_workbook(io.BytesIO(error_workbook(table, errors, "f.xlsx"))).active
    assert sheet["A1"].value.startswith("文件「f.xlsx」未导入：共 2 处错误")
    assert sheet["A2"].value == "第1行「备注」：不是本表的列"
    assert [c.value for c in sheet[5]] == ["案件编号", "备注", ERROR_HEADER]
    assert sheet["A6"].value == "1号"


def test_formulas_in_uploaded_cells_stay_text_in_the_error_workbook(tree):
    from fazhi.core.tabular import Row, Table

    table = Table(headers=["案件编号"], rows=[Row(2, {"案件编号": "=HYPERLINK(1)"})])
    data = error_workbook(table, [RowError(2, "案件编号", "x")], "f.xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_errors_option_writes_the_error_workbook(tree, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [case("1号", **{"所属单位代码": "nope"})])
    out = tmp_path / "errors.xlsx"
    refused_import(path, "--errors", str(out))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(row=2, column=len(HEADERS) + 1).value.startswith("第2行「所属单位代码」")


def rows_for(count: int, prefix: str) -> list[dict]:
    return [case(f"{prefix}{n}号") for n in range(count)]


def queries_to_import(actor_pk, tmp_path, count: int, prefix: str) -> int:
    path = write_xlsx(tmp_path / f"{prefix}.xlsx", rows_for(count, prefix))
    table = read_table(path, path.name)
    actor = User.objects.get(pk=actor_pk)  # fresh: no cached unit or roles
    holidays.current()  # the calendar is read once per process, not per import
    with CaptureQueriesContext(connection) as captured:
        import_rows(actor, REGISTER, table, filename=path.name)
    return len(captured)


def insert_batches(model, count: int) -> int:
    """The INSERTs the database needs for `count` rows (SQLite binds at most 999 values)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, [None] * count) or count
    return -(-count // size)


def test_the_import_query_count_does_not_grow_with_rows(tree, make_user, tmp_path):
    actor = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    ten = queries_to_import(actor.pk, tmp_path, 10, "十")
    # savepoint, roles, the actor's unit, the units named, existing records, one INSERT of the
    # records, one upsert marking the units' figure rollups stale, the import's audit entry,
    # its kept file (the file's row, one INSERT of its encrypted parts, its tag), its runs of
    # created ids (core/audit/files.py: no entry per created row), release savepoint.
    assert ten == 13
    model = REGISTER.model
    thirty = queries_to_import(actor.pk, tmp_path, 30, "三十")
    assert thirty == ten + insert_batches(model, 30) - insert_batches(model, 10)
    fifty = queries_to_import(actor.pk, tmp_path, 50, "五十")
    assert fifty == ten + insert_batches(model, 50) - insert_batches(model, 10)
    assert ReconsiderationCase.objects.count() == 90


def test_a_file_with_headers_only_is_refused(tree, tmp_path):
    _, lines = refused_import(write_xlsx(tmp_path / "empty.xlsx", []))
    assert lines == ["第2行：文件中没有数据行"]


def test_dates_after_today_or_out_of_range_and_huge_numbers_are_refused(tree, tmp_path):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        case("未来", 收到申请日期=tomorrow.isoformat()),
        case("远古", 收到申请日期="1850-01-01"),
        case("超长中止", 审查结果="受理", 受理日期="2024-02-18", 中止天数="3000000000"),
        case("未来受理", 审查结果="受理", 受理日期="9999-12-01"),
    ]
    before = counts()
    _, errors = refused_import(write_xlsx(tmp_path / "bad.xlsx", rows))
    assert counts() == before
    assert any("第2行「收到申请日期」" in e and "晚于今天" in e for e in errors)
    assert any("第3行「收到申请日期」" in e and "1900" in e for e in errors)
    assert any("第4行「中止天数」" in e for e in errors)
    assert any("第5行「受理日期」" in e for e in errors)


def test_a_number_stored_by_someone_else_after_the_check_refuses_the_whole_file(
    tree, tmp_path, monkeypatch
):
    """Between looking up the file's numbers and writing them, another writer stores one: the
    write meets the unique key and the import is refused whole, with a message, not a 500."""
    from fazhi.imports import importer
    from fazhi.reconsideration import actions as reconsideration

    path = write_csv(tmp_path / "a.csv", [case("古复0001"), case("古复0002")])
    looked = importer.existing_records

    def looked_and_then_someone_stored_one(register, rows, units):
        found = looked(register, rows, units)
        reconsideration.register_case(
            None, unit=tree["county"], number="古复0002", applicant="先登记者",
            respondent="古丈县市场监督管理局", received_date=datetime.date(2024, 3, 1),
        )  # fmt: skip
        return found

    monkeypatch.setattr(importer, "existing_records", looked_and_then_someone_stored_one)
    with pytest.raises(ImportRejected) as refused:
        import_rows(None, REGISTER, read_table(path, path.name), filename=path.name)
    [error] = refused.value.errors
    assert "另一次导入或录入已登记" in error.message and "未写入任何记录" in error.message
    assert not ReconsiderationCase.objects.filter(number="古复0001").exists()
