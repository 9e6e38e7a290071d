"""A hand-made workbook of subjects and activities imports through the command, and the
figures equal a hand count — including subjects whose supervision ended after the period
(registered on its last day) and ones ended within it (not registered). The database keeps no
ID number in clear; bad rows are refused with their row and column and nothing is written."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.core.idnumber import id_number_check_digit
from fazhi.corrections.columns import ACTIVITY_REGISTER, SUBJECT_REGISTER
from fazhi.corrections.models import CorrectionsSubject
from fazhi.imports.tests.files import figures, import_workbooks, write_xlsx

OFFICE = "433126-S01"


def id_number(serial: int) -> str:
    first17 = f"43312619800101{serial:03d}"
    return first17 + id_number_check_digit(first17)


def subject(number, serial, category, start, end, status="在矫", ended="", judged=None,
            reported=None, lost="", restored="", reoffended="否"):  # fmt: skip
    return {
        "矫正编号": number,
        "姓名": f"对象{number}",
        "身份证号": id_number(serial),
        "居住地址": f"古丈县古阳镇某村{serial}号",
        "性别": "男",
        "矫正类别": category,
        "罪名": "危险驾驶罪",
        "判决生效日期": judged or start,
        "报到日期": start if reported is None else reported,
        "矫正起始日期": start,
        "矫正终止日期": end,
        "管理等级": "普管",
        "执行地司法所": OFFICE,
        "状态": status,
        "解除日期": ended,
        "是否重新犯罪": reoffended,
        "失去联系日期": lost,
        "恢复联系日期": restored,
        "所属单位代码": OFFICE,
    }


def subject_rows():
    rows = [subject(f"A{n}", n, "缓刑", "2024-01-10", "2025-01-09") for n in range(10)]
    # Released after the period: on the register on 2024-12-31.
    rows += [
        subject(f"B{n}", 20 + n, "假释", "2023-05-04", "2025-04-30", "解除矫正", "2025-04-30")
        for n in range(3)
    ]
    # Released within it: not on the register on 2024-12-31.
    rows += [
        subject(f"C{n}", 30 + n, "管制", "2023-06-01", "2024-05-31", "解除矫正", "2024-05-31")
        for n in range(2)
    ]
    rows.append(subject("E1", 40, "缓刑", "2024-02-01", "2026-01-31", "撤销缓刑", "2024-10-08",
                        reoffended="是"))  # fmt: skip
    rows.append(subject("L1", 41, "缓刑", "2024-03-01", "2026-02-28", "失去联系",
                        lost="2024-11-01"))  # fmt: skip
    rows.append(subject("L2", 42, "假释", "2023-09-01", "2025-08-31", lost="2024-02-01",
                        restored="2024-02-20"))  # fmt: skip
    rows.append(subject("L3", 43, "暂予监外执行", "2023-01-02", "2024-12-31", lost="2023-05-04",
                        restored="2023-06-01"))  # fmt: skip
    # Reported on the 17th day: 漏管 in 2024.
    rows.append(subject("U1", 44, "缓刑", "2024-06-03", "2025-06-02", reported="2024-06-20"))
    # Judged 12-30, not reported: the 10 days end 2025-01-09 — 漏管 of 2025, not 2024.
    rows.append(subject("U2", 45, "缓刑", "2024-12-30", "2025-12-29", reported=""))
    rows.append(subject("F1", 46, "暂予监外执行", "2025-02-03", "2025-08-02"))
    return rows


def activity(number, day, category, person_times):
    return {
        "活动编号": number,
        "活动日期": day,
        "活动类别": category,
        "活动主题": "宪法学习",
        "参加人次": str(person_times),
        "所属单位代码": "433126",
    }


def activity_rows():
    rows = [activity(f"H{n}", "2024-04-15", "主题教育", 20) for n in range(3)]
    rows += [activity(f"G{n}", "2024-06-03", "个别教育", 1) for n in range(2)]
    rows.append(activity("OLD", "2023-12-29", "主题教育", 50))
    return rows


@pytest.fixture
def imported(tree, tmp_path):
    import_workbooks(
        tmp_path, (SUBJECT_REGISTER, subject_rows(), 22), (ACTIVITY_REGISTER, activity_rows(), 6)
    )
    return tmp_path


def values(year: int) -> dict:
    return {key: figure["value"] for key, figure in figures(year).items()}


def test_figures_equal_the_hand_count(imported, capsys):
    got = values(2024)
    assert got["corrections.registered"] == 18  # A×10, B×3, L1, L2, L3, U1, U2
    by_category = {"管制": 0, "缓刑": 13, "假释": 4, "暂予监外执行": 1}
    assert {k: got[f"corrections.by_category.{k}"] for k in by_category} == by_category
    assert got["corrections.admitted"] == 14  # A×10, E1, L1, U1, U2
    assert got["corrections.released"] == 2  # C×2 (B are released in 2025)
    assert got["corrections.absconded"] == 2  # L1 (still out), L2 (out in February)
    assert got["corrections.unreported"] == 1  # U1
    assert got["corrections.reoffended"] == 1  # E1
    assert got["corrections.activities.主题教育"] == 3
    assert got["corrections.activities.个别教育"] == 2
    assert got["corrections.education_person_times"] == 62
    later = values(2025)
    assert later["corrections.unreported"] == 1  # U2
    assert later["corrections.admitted"] == 1  # F1
    assert later["corrections.released"] == 3  # B×3


def test_the_database_keeps_no_id_number_or_address_in_clear(imported):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, address, id_number_index FROM corrections_correctionssubject"
        )
        rows = cursor.fetchall()
    assert len(rows) == 22
    for stored_id, stored_address, index in rows:
        assert stored_id.startswith("sm4gcm$") and stored_address.startswith("sm4gcm$")
        assert len(index) == 64
    numbers = {id_number(serial) for serial in range(50)}
    flat = " ".join(" ".join(map(str, row)) for row in rows)
    assert not any(number in flat for number in numbers) and "古阳镇" not in flat
    assert CorrectionsSubject.objects.get(number="A0").id_number == id_number(0)


def test_re_importing_the_same_workbook_changes_nothing(imported, capsys):
    path = imported / "corrections_subject.xlsx"
    call_command("import_register", "corrections_subject", str(path))
    assert "未变 22 条" in capsys.readouterr().out


def test_a_bad_check_digit_and_a_person_twice_in_supervision_are_refused(tree, tmp_path, capsys):
    bad = subject("X1", 1, "缓刑", "2024-01-10", "2025-01-09")
    bad["身份证号"] = bad["身份证号"][:-1] + ("0" if bad["身份证号"][-1] != "0" else "1")
    twice = [subject(f"Y{n}", 2, "缓刑", "2024-01-10", "2025-01-09") for n in range(2)]
    path = write_xlsx(tmp_path / "bad.xlsx", [bad, *twice], SUBJECT_REGISTER.headers)
    with pytest.raises(CommandError, match="系统中的数据没有任何改动"):
        call_command("import_register", "corrections_subject", str(path))
    message = capsys.readouterr().err
    assert "第2行「身份证号」：身份证号校验位错误" in message
    assert "第3行「身份证号」：该身份证号的社区矫正对象已在矫（本文件中）" in message
    assert not CorrectionsSubject.objects.exists()


def test_a_second_open_term_of_someone_already_in_the_database_is_refused(
    imported, tmp_path, capsys
):
    again = subject("Z1", 0, "缓刑", "2024-05-06", "2025-05-05")  # A0's ID number
    path = write_xlsx(tmp_path / "again.xlsx", [again], SUBJECT_REGISTER.headers)
    with pytest.raises(CommandError):
        call_command("import_register", "corrections_subject", str(path))
    assert "已在矫（古阳镇司法所，A0）" in capsys.readouterr().err
    # A released person may come back for a new term.
    new_term = subject("Z2", 30, "缓刑", "2025-06-02", "2026-06-01")  # C0's ID number
    path = write_xlsx(tmp_path / "new_term.xlsx", [new_term], SUBJECT_REGISTER.headers)
    call_command("import_register", "corrections_subject", str(path))
    assert CorrectionsSubject.objects.filter(number="Z2").exists()


def test_export_computes_the_flags_and_the_operator_sees_full_values(imported, capsys):
    call_command("export_register", "corrections_subject", "--format", "json")
    by_number = {r["矫正编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["U1"]["漏管"] == "是" and by_number["A0"]["漏管"] == "否"
    assert by_number["U1"]["报到期限"] == "2024-06-13"
    assert by_number["L1"]["脱管"] == "是"
    assert by_number["A0"]["身份证号"] == id_number(0)


def test_correcting_an_id_number_by_re_import_is_written_and_re_indexed(imported, capsys):
    from fazhi.core.crypto import blind_index
    from fazhi.core.idnumber import mask_id_number

    rows = subject_rows()
    # A0's number with its birth date corrected, chosen so that the two mask alike: the
    # audit snapshot cannot tell them apart, the import must.
    old = id_number(0)
    corrected = next(
        number
        for day in range(2, 29)
        for number in [f"{old[:12]}{day:02d}{old[14:17]}"]
        if id_number_check_digit(number) == old[-1]
    )
    rows[0]["身份证号"] = corrected + old[-1]
    assert mask_id_number(rows[0]["身份证号"]) == mask_id_number(old)
    path = write_xlsx(imported / "corrected.xlsx", rows, SUBJECT_REGISTER.headers)
    call_command("import_register", "corrections_subject", str(path))
    assert "更新 1 条" in capsys.readouterr().out
    a0 = CorrectionsSubject.objects.get(number="A0")
    assert a0.id_number == rows[0]["身份证号"]
    assert a0.id_number_index == blind_index(rows[0]["身份证号"])
