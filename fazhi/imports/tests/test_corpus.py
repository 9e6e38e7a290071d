"""The malformed-file corpus through the real upload page of 人民调解: every file gets a clear
Chinese answer — a correct import, or a refusal that writes nothing — and never a server error.
Injected formulas import as the text typed and leave every export as text."""

import csv
import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.imports import exporter
from fazhi.imports.models import ImportJob
from fazhi.mediation.columns import REGISTER
from fazhi.mediation.models import MediationCase

from . import corpus

pytestmark = pytest.mark.django_db

UPLOAD = f"/registers/{REGISTER.name}/import/"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def officer(client, tree, make_user):
    user = make_user("tiaojie", tree["county"], Role.MEDIATION)
    client.force_login(user)
    return user


def counts() -> tuple[int, int]:
    return MediationCase.objects.count(), AuditEntry.objects.count()


def post(client, built) -> tuple:
    name, data = built
    before = counts()
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code < 500
    return response, before


def text_of(response) -> str:
    """The page's text as a reader sees it: tags gone, each table cell one space apart."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def refused(client, built, *phrases):
    """The page names the problem in Chinese and nothing was written."""
    response, before = post(client, built)
    assert response.status_code == 200
    page = text_of(response)
    for phrase in phrases:
        assert phrase in page
    assert counts() == before
    assert not ImportJob.objects.exists()
    return page


def imported(client, built, expected: int):
    """The file went in whole: `expected` new cases, and one audit entry: the import's."""
    response, before = post(client, built)
    assert response.status_code == 302 and response["Location"] == UPLOAD
    page = client.get(UPLOAD).content.decode()
    assert f"已导入：新增 {expected} 条" in page
    assert counts() == (before[0] + expected, before[1] + 1)


@pytest.mark.parametrize(
    ("builder", "phrases"),
    [
        (corpus.truncated_xlsx, ["不是有效的 .xlsx 文件", "另存为 .xlsx"]),
        (corpus.zip_not_xlsx, ["不是有效的 .xlsx 文件"]),
        (corpus.random_bytes_xlsx, ["不是有效的 .xlsx 文件"]),
        (corpus.empty_file, ["上传的文件是空的"]),
        (corpus.blank_csv, ["是空的"]),
        (corpus.pdf_named_csv, ["文字编码无法识别"]),
        (corpus.csv_latin1_garbage, ["文字编码无法识别", "UTF-8"]),
        (corpus.header_missing, ["第1行表头中「否」出现了不止一次"]),
        (
            corpus.header_misspelled,
            ["第1行 调解编码 不是本表的列", "第1行 调解编号 缺少这一必填列"],
        ),
        (corpus.header_duplicated, ["「调解员」出现了不止一次"]),
        (corpus.huge_cell, ["第2行有一个单元格超过 131072 个字符"]),
        (corpus.huge_cell_xlsx, ["第2行 调解员 内容过长：最多 50 个字，实际 32767 个字"]),
        (corpus.big_cell_csv, ["第2行第8列的内容有 40000 个字符", "上限 32767 个字符"]),
        (corpus.long_cell, ["第2行 调解员 内容过长：最多 50 个字"]),
        (corpus.cells_without_header, ["第2行第17列有内容，但这一列没有表头"]),
        (
            corpus.duplicate_numbers,
            ["第3行 调解编号 「白果调〔2024〕1号」在同一单位下重复出现（第2行、第3行）"],
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_malformed_file_is_refused_in_chinese_and_writes_nothing(
    client, officer, builder, phrases
):
    refused(client, builder(), *phrases)


def test_dates_typed_as_text_are_each_refused_with_the_accepted_form(client, officer):
    page = refused(client, corpus.dates_as_text())
    for row, text in zip(
        range(2, 6), ["2024年3月5日", "2024/3/5", "20240305", "45356"], strict=True
    ):
        assert f"第{row}行 受理日期 日期「{text}」格式不正确，应按“年-月-日”填写" in page


def test_an_excel_serial_in_a_number_cell_is_refused_not_guessed(client, officer):
    refused(client, corpus.excel_serial_date(), "日期「45356」格式不正确")


@pytest.mark.parametrize(
    "builder", [corpus.csv_gbk, corpus.csv_utf16, corpus.csv_utf8_bom], ids=lambda b: b.__name__
)
def test_a_csv_in_any_encoding_excel_or_wps_writes_imports_the_same(client, officer, builder):
    imported(client, builder(), 2)
    case = MediationCase.objects.get(number="白果调〔2024〕1号")
    assert case.mediator == "向某" and case.unit.code == "433126-S01-01"
    assert case.get_dispute_type_display() == "邻里"


def test_formulas_import_as_the_result_excel_showed(client, officer):
    imported(client, corpus.formula_cells(), 2)
    assert set(MediationCase.objects.values_list("mediator", flat=True)) == {"向某"}


def test_injected_formulas_import_as_text_and_every_export_neutralises_them(client, officer):
    for builder in (corpus.injected_formulas_csv, corpus.injected_formulas_xlsx):
        MediationCase.objects.all().delete()
        imported(client, builder(), len(corpus.INJECTIONS))
        stored = dict(MediationCase.objects.values_list("number", "mediator"))
        # Cells are trimmed on import, so a leading tab or CR is not kept.
        assert sorted(stored.values()) == sorted(text.strip() for text in corpus.INJECTIONS)

    column = corpus.HEADERS.index("调解员")
    csv_export = client.get(reverse("imports:export", args=[REGISTER.name, "csv"]))
    lines = list(csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig"))))
    exported = {line[0]: line[column] for line in lines[1:]}
    assert exported == {number: "'" + text for number, text in stored.items()}

    xlsx_export = client.get(reverse("imports:export", args=[REGISTER.name, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_export.content)).active
    cells = {row[0].value: row[column] for row in sheet.iter_rows(min_row=2)}
    # A string cell is never evaluated; openpyxl reads a formula cell as type "f".
    assert {number: (cell.data_type, cell.value) for number, cell in cells.items()} == {
        number: ("s", text) for number, text in stored.items()
    }


@pytest.mark.parametrize(
    "text", ["=1", "+1", "-1", "@A1", "\t=1", "\r=1", "\n=1", "＝1", "＋1", "－1", "＠A1"]
)
def test_csv_safe_quotes_every_formula_start(text):
    assert exporter.csv_safe(text) == "'" + text
    assert exporter.csv_safe("白果调〔2024〕1号") == "白果调〔2024〕1号"


def test_a_million_row_sheet_is_refused_before_it_is_read(client, officer, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the file must not be read as a table")

    monkeypatch.setattr("fazhi.imports.views.read_table", never)
    page = refused(client, corpus.million_rows_csv(), "约有 1,000,000 行数据", "最多 500,000 行")
    assert "请分成几个文件导入" in page
    page = refused(client, corpus.million_rows_xlsx_shape(600_000), "约有 600,000 行数据")


def test_a_long_file_goes_to_the_worker_without_being_read_in_the_request(
    client, officer, settings, monkeypatch
):
    settings.FAZHI_INLINE_IMPORT_ROWS = 3
    monkeypatch.setattr("fazhi.imports.views.read_table", lambda *a, **k: 1 / 0)
    for builder in (
        lambda: ("五行.csv", corpus.csv_text(corpus.rows(5)).encode()),
        lambda: ("五行.xlsx", corpus.xlsx(corpus.rows(5))),
    ):
        response, before = post(client, builder())
        job = ImportJob.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == reverse("imports:job", args=[job.pk])
        assert counts()[0] == before[0] == 0


def test_corrupted_bytes_never_give_a_server_error_or_a_partial_write(client, officer):
    for seed in range(24):
        name, data = corpus.random_junk(seed)
        response, before = post(client, (name, data))
        if response.status_code == 302:
            # Still a good file after the damage: all its rows, or (a re-import) none changed.
            assert counts()[0] in (before[0], before[0] + 2)
        else:
            page = response.content.decode()
            assert counts() == before
            assert CJK.search(page)


def test_an_xlsx_export_leaves_no_temporary_file_even_when_it_fails(
    client, officer, tmp_path, monkeypatch
):
    imported(client, ("两行.csv", corpus.csv_text(corpus.rows(2)).encode()), 2)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    response = client.get(reverse("imports:export", args=[REGISTER.name, "xlsx"]))
    assert response.status_code == 200
    assert list(tmp_path.iterdir()) == []

    calls = []
    real = exporter.record_row

    def broken(register, record, *, masked=False):
        # The first row is written to the worksheet's temporary file, the second fails.
        calls.append(record)
        if len(calls) > 1:
            raise RuntimeError("export interrupted")
        return real(register, record, masked=masked)

    monkeypatch.setattr(exporter, "record_row", broken)
    records = MediationCase.objects.all()
    with pytest.raises(RuntimeError):
        exporter.export_records(REGISTER, records, "xlsx", actor=officer)
    assert list(tmp_path.iterdir()) == []


def test_a_rejected_files_error_workbook_keeps_formulas_as_text_and_is_deleted_once_fetched(
    client, officer, error_dir
):
    """Residual information: the error workbook (the uploaded rows, personal data included)
    lies on disk only until its owner downloads it."""
    data = corpus.rows(len(corpus.INJECTIONS))
    for values, text in zip(data, corpus.INJECTIONS, strict=True):
        values["调解员"] = text
    data[-1]["受理日期"] = "2024/3/5"  # the one error that rejects the file
    response, before = post(client, ("注入且有错.csv", corpus.csv_text(data).encode()))
    assert response.status_code == 200 and counts() == before
    url = re.search(r'href="([^"]+/import/errors/[^"]+\.xlsx)"', response.content.decode())[1]
    assert len(list(error_dir.iterdir())) == 1

    download = client.get(url)
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    column = corpus.HEADERS.index("调解员") + 1
    cells = [sheet.cell(row=n, column=column) for n in range(2, 2 + len(data))]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", text.strip()) for text in corpus.INJECTIONS
    ]
    assert list(error_dir.iterdir()) == []  # deleted as it was handed over
    assert client.get(url).status_code == 404
