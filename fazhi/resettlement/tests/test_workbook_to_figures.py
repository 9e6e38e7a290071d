"""A hand-made workbook of 安置帮教对象 imported through the command, and every indicator of
`indicators --format json` equal to a hand count. Who is registered is decided on the year's
last day from the dates, whatever the status says today. A person registered twice (in the
file, or against the database) is refused with its row; the export carries 帮教期满日期."""

import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.tests.helpers import login_with_reason
from fazhi.imports.tests.files import figures
from fazhi.indicators.registry import INDICATORS
from fazhi.resettlement.columns import REGISTER
from fazhi.resettlement.models import ResettlementSubject

OFFICE = "433126-S01"
DUPLICATE = "该身份证号的安置帮教对象已在册（{where}），不能重复登记"


def id_number(serial: int) -> str:
    first17 = f"43312619800101{serial:03d}"
    return first17 + id_number_check_digit(first17)


_SERIALS: dict[str, int] = {}


def _serial(number: str) -> int:
    """A person of his own for each 帮教编号, unless the row names one."""
    return _SERIALS.setdefault(number, len(_SERIALS) + 1)


def row(number, kind, released, *, key="否", escorted="否", placement="", archive="否",
        status="在册", ended="", handover="", serial=None, unit=OFFICE):  # fmt: skip
    return {
        "帮教编号": number,
        "姓名": f"对象{number}",
        "身份证号": id_number(serial if serial is not None else _serial(number)),
        "居住地址": "古丈县古阳镇白果社区三组",
        "对象类型": kind,
        "释放或解矫日期": released,
        "原罪名": "盗窃罪",
        "原判刑期": "有期徒刑二年",
        "是否重点帮教对象": key,
        "是否必接必送": escorted,
        "衔接日期": handover,
        "安置情况": placement,
        "帮教责任人": "王某",
        "档案完整": archive,
        "状态": status,
        "终止日期": ended,
        "所属单位代码": unit,
    }


PRISON, CORRECTIONS = "刑满释放", "解除社区矫正"

# On the register on 2024-12-31 (R), key subject (K), 档案完整 (A), placed (P); key subjects
# released in 2024 (E: denominator of 必接必送率, E+ escorted); reoffended in 2024 (X).
ROWS = [
    row("P1", PRISON, "2024-03-05", key="是", escorted="是", placement="就业", archive="是",
        handover="2024-03-05"),  # R K A P, E+
    row("P2", PRISON, "2024-06-10", key="是", placement="未安置"),  # R K, E
    row("P3", PRISON, "2024-11-20", key="是", escorted="是", archive="是",
        handover="2024-11-19"),  # R K A, placement blank = not placed, E+
    row("P4", PRISON, "2020-01-15", placement="自主创业", archive="是"),  # R A P: ends 2025-01-15
    row("P5", PRISON, "2019-12-31", placement="就业", archive="是",
        status="期满解除"),  # R A P: the period ends on 2024-12-31 itself
    row("P6", PRISON, "2019-06-01", key="是", placement="就业", archive="是",
        status="期满解除"),  # ended 2024-06-01
    row("C1", CORRECTIONS, "2022-06-30", placement="未安置",
        status="期满解除"),  # R: 期满解除 today, but his period ran to 2025-06-30
    row("C2", CORRECTIONS, "2021-12-30", placement="其他", archive="是",
        status="期满解除"),  # ended 2024-12-30
    row("C3", CORRECTIONS, "2023-04-01", key="是", placement="就业", archive="是",
        status="重新犯罪", ended="2024-08-15"),  # X
    row("C4", CORRECTIONS, "2024-02-29", placement="未安置", status="迁出",
        ended="2024-12-31"),  # off the register on the last day itself
    row("P7", PRISON, "2023-05-05", key="是", placement="就业", archive="是", status="死亡",
        ended="2025-01-10"),  # R K A P: died after the year's end
    row("P8", PRISON, "2025-01-02", key="是", escorted="是", placement="就业",
        archive="是"),  # released after the year: nothing in 2024
    row("P9", PRISON, "2022-02-01", placement="就业", status="重新犯罪", ended="2023-10-10",
        serial=900),  # reoffended in 2023
    row("P10", PRISON, "2024-01-01", escorted="是", placement="就业",
        archive="是"),  # R A P; collected but not a key subject: not in 必接必送率
    row("P11", PRISON, "2024-04-04", key="是", placement="就业", status="重新犯罪",
        ended="2024-10-01"),  # E, X
    row("P12", PRISON, "2024-09-01", placement="就业", archive="是",
        serial=900),  # R A P: the same person as P9, back on the register after his term
    row("S1", PRISON, "2024-05-05", key="是", escorted="是", placement="就业", archive="是",
        unit="433122-S01"),  # the other county: never in 古丈's figures
    row("Z1", PRISON, "2024-07-07", key="是", escorted="是", placement="纳入低保", archive="是",
        unit="433126"),  # R K A P, E+: the bureau's own
]  # fmt: skip

HAND_COUNT_2024 = {
    # Released in 2024: P1 P2 P3 P10 P11 P12 Z1 from prison, C4 out of 社区矫正 (S1 is 泸溪's,
    # P8 was released in 2025)
    "resettlement.received": 8,
    "resettlement.received.刑满释放": 7,
    "resettlement.received.解除社区矫正": 1,
    # P1 P2 P3 P4 P5 C1 P7 P10 P12 Z1
    "resettlement.registered": 10,
    # P1 P2 P3 P7 Z1
    "resettlement.key_subjects": 5,
    # P1 P3 P4 P5 P7 P10 P12 Z1
    "resettlement.archived": 8,
    # P1 P4 P5 P7 P10 P12 Z1 (P2 and C1 未安置, P3 blank)
    "resettlement.placed": 7,
    # P1 P2 P3 P11 Z1
    "resettlement.key_released": 5,
    # P1 P3 Z1
    "resettlement.escorted": 3,
    # C3 P11
    "resettlement.reoffended": 2,
}
RATES_2024 = {
    "resettlement.archive_rate": (8, 10),
    "resettlement.placement_rate": (7, 10),
    "resettlement.escort_rate": (3, 5),
}


def write_workbook(path, rows, headers=None):
    """By hand, as the 司法所 fill it in: text cells, the template's headers."""
    headers = headers or REGISTER.headers
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    workbook.save(path)
    return path


@pytest.fixture
def imported(tree, tmp_path, capsys):
    path = write_workbook(tmp_path / "安置帮教对象.xlsx", ROWS)
    call_command("import_register", "resettlement_subject", str(path))
    assert f"新增 {len(ROWS)} 条" in capsys.readouterr().out
    return path


def test_every_indicator_equals_the_hand_count(imported, capsys):
    got = figures(2024)
    for key, expected in HAND_COUNT_2024.items():
        assert got[key]["value"] == expected, key
    for key, (numerator, denominator) in RATES_2024.items():
        assert (got[key]["numerator"], got[key]["denominator"]) == (numerator, denominator), key
    declared = {k for k in INDICATORS if k.startswith("resettlement.")}
    assert declared == set(HAND_COUNT_2024) | set(RATES_2024)


def test_the_next_year_counts_on_its_own_last_day(imported, capsys):
    got = figures(2025)
    # P1 P2 P3 P8 P10 P12 Z1: P4 ended 2025-01-15, C1 2025-06-30, P7 died 2025-01-10.
    assert got["resettlement.registered"]["value"] == 7
    assert got["resettlement.key_released"]["value"] == 1  # P8
    assert got["resettlement.escorted"]["value"] == 1
    assert got["resettlement.reoffended"]["value"] == 0


def test_the_import_computes_the_period_and_the_export_carries_it(imported, capsys):
    periods = dict(ResettlementSubject.objects.values_list("number", "period_end"))
    assert periods["C4"].isoformat() == "2027-02-28"  # 29 February + 3 years
    assert periods["P1"].isoformat() == "2029-03-05"
    call_command("export_register", "resettlement_subject", "--format", "json", "--year", "2024")
    by_number = {r["帮教编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_number["P1"]["帮教期满日期"] == "2029-03-05"
    assert by_number["P1"]["身份证号"] == id_number(_serial("P1"))  # the operator sees it
    assert "帮教期满日期" not in REGISTER.headers  # computed: exported, never imported


def test_a_setting_change_moves_the_period_of_a_saved_record(imported, capsys):
    from fazhi.indicators.actions import change_setting
    from fazhi.resettlement.actions import update_subject

    change_setting(None, "resettlement.period_years.prison_release", "3")
    for number in ("P1", "P4", "P5", "C1"):
        update_subject(None, ResettlementSubject.objects.get(number=number), helper="李某")
    periods = dict(ResettlementSubject.objects.values_list("number", "period_end"))
    assert periods["P1"].isoformat() == "2027-03-05"
    assert periods["C1"].isoformat() == "2025-06-30"  # 解除社区矫正: its own setting
    # P4 (2020-01-15 + 3) and P5 (2019-12-31 + 3) are no longer on the register at 2024's end.
    assert figures(2024)["resettlement.registered"]["value"] == 8


def test_recompute_applies_a_setting_change_to_stored_records(imported, capsys):
    from fazhi.indicators.actions import change_setting

    change_setting(None, "resettlement.period_years.prison_release", "3")
    call_command("recompute_deadlines")
    capsys.readouterr()
    assert ResettlementSubject.objects.get(number="P1").period_end.isoformat() == "2027-03-05"
    assert figures(2024)["resettlement.registered"]["value"] == 8


def test_two_rows_of_one_person_on_the_register_are_refused(tree, tmp_path, capsys):
    rows = [
        row("D1", PRISON, "2024-03-05", serial=500),
        row("D2", PRISON, "2024-04-05", serial=500),
        row("D3", PRISON, "2024-04-05", serial=500, status="死亡", ended="2024-05-01"),
    ]
    path = write_workbook(tmp_path / "重复.xlsx", rows)
    with pytest.raises(CommandError):
        call_command("import_register", "resettlement_subject", str(path))
    output = capsys.readouterr()
    text = output.out + output.err
    assert f"第3行「身份证号」：{DUPLICATE.format(where='本文件中')}" in text, text
    assert "第2行" not in text and "第4行" not in text  # the first, and one no longer registered
    assert not ResettlementSubject.objects.exists()


def test_a_row_of_a_person_already_registered_is_refused(imported, tmp_path, capsys):
    again = [row("N1", PRISON, "2024-10-10", serial=900)]  # P12 is on the register
    path = write_workbook(tmp_path / "再次.xlsx", again)
    with pytest.raises(CommandError):
        call_command("import_register", "resettlement_subject", str(path))
    output = capsys.readouterr()
    # The command line's operator sees every record: he is told where the person is.
    assert DUPLICATE.format(where="古阳镇司法所，P12") in output.out + output.err
    assert not ResettlementSubject.objects.filter(number="N1").exists()
    # Re-importing the same file updates its own rows: no conflict with themselves.
    call_command("import_register", "resettlement_subject", str(imported))
    assert f"未变 {len(ROWS)} 条" in capsys.readouterr().out


def test_a_corrected_id_number_is_found_by_its_new_index(imported, tmp_path, client, make_user):
    from fazhi.core.models import Unit
    from fazhi.core.roles import Role

    corrected = [dict(r, 身份证号=id_number(777)) if r["帮教编号"] == "P1" else r for r in ROWS]
    call_command("import_register", "resettlement_subject",
                 str(write_workbook(tmp_path / "更正.xlsx", corrected)))  # fmt: skip
    officer = make_user("bangjiao", Unit.objects.get(code="433126"), Role.RESETTLEMENT)
    login_with_reason(client, officer)  # a search by ID number needs the reason
    found = client.get("/resettlement/", {"q": id_number(777)}).context["page"]
    assert [r.number for r in found] == ["P1"]
    assert not client.get("/resettlement/", {"q": id_number(_serial("P1"))}).context["page"]


def test_an_ending_status_without_its_date_is_refused_with_row_and_column(tree, tmp_path, capsys):
    rows = [row("E1", PRISON, "2024-03-05", status="迁出")]
    path = write_workbook(tmp_path / "缺日期.xlsx", rows)
    with pytest.raises(CommandError):
        call_command("import_register", "resettlement_subject", str(path))
    output = capsys.readouterr()
    text = output.out + output.err
    assert "第2行" in text and "「终止日期」" in text and "状态为“迁出”时必须填写终止日期" in text


def test_the_drill_down_shows_no_id_number_or_address():
    for key, indicator in INDICATORS.items():
        if key.startswith("resettlement."):
            assert not {"id_number", "address", "original_offence"} & set(indicator.columns), key


def test_the_figures_page_and_drill_down_for_the_county_officer(
    imported, client, make_user, django_assert_max_num_queries
):
    from fazhi.core.models import Unit
    from fazhi.core.roles import Role

    officer = make_user("bangjiao", Unit.objects.get(code="433126"), Role.RESETTLEMENT)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get("/indicators/", {"year": "2024", "unit": "433126"})
    assert page.status_code == 200 and "在册安置帮教对象" in page.content.decode()
    url = "/indicators/resettlement.escort_rate/records/"
    response = client.get(url, {"year": "2024", "unit": "433126", "part": "denominator"})
    text = response.content.decode()
    assert sorted(r.number for r in response.context["page"]) == ["P1", "P11", "P2", "P3", "Z1"]
    # Masked even for him: a drill-down is about the figure, not about the people.
    assert "对象P1" not in text and "对象**" in text
    assert id_number(_serial("P1")) not in text and "白果社区三组" not in text


def test_an_imported_row_is_linked_to_its_corrections_record(tree, tmp_path):
    from datetime import date

    from fazhi.corrections.models import CorrectionsSubject

    def released(number, ended, serial=600):
        return CorrectionsSubject.objects.create(
            unit=tree["office"], office=tree["office"], number=number, name="彭某",
            id_number=id_number(serial), category="probation",
            judgment_effective_date=date(2019, 5, 1), start_date=date(2019, 5, 8),
            end_date=ended, status="released", ended_date=ended,
        )  # fmt: skip

    released("古矫〔2019〕1号", date(2020, 5, 7))  # an earlier term of the same person
    source = released("古矫〔2021〕1号", date(2023, 5, 7))
    released("古矫〔2021〕2号", date(2023, 5, 7), serial=601)  # someone else, same day
    rows = [
        row("L1", CORRECTIONS, "2023-05-07", serial=600),
        row("L2", PRISON, "2023-05-07", serial=601),  # from prison: no corrections record
    ]
    call_command("import_register", "resettlement_subject",
                 str(write_workbook(tmp_path / "衔接.xlsx", rows)))  # fmt: skip
    links = dict(ResettlementSubject.objects.values_list("number", "corrections_subject"))
    assert links == {"L1": source.pk, "L2": None}
