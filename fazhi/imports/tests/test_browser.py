"""An officer downloads the template, uploads a file with a mistake, then the corrected file."""

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.roles import Role
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_a_file_see_its_errors_then_import_it(
    browser_page, tree, make_user, tmp_path, error_dir
):
    make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    page = browser_page
    page.goto(page.base_url + "/login/?next=/registers/reconsideration/import/")
    page.fill("#id_username", "fuyi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    assert page.inner_text("h1") == "导入行政复议案件"

    with page.expect_download() as template:
        page.click("text=下载导入模板")
    assert template.value.suggested_filename == "行政复议案件导入模板.xlsx"

    bad = write_xlsx(tmp_path / "案件.xlsx", [case("1号"), case("2号", **{"审查结果": "已受理"})])
    page.set_input_files("#id_file", str(bad))
    page.click("button.primary")
    assert "共 1 处错误" in page.inner_text(".msg.error")
    assert "不是可选的值" in page.inner_text("#import-errors")
    page.screenshot(path=tmp_path / "rejected.png", full_page=True)
    with page.expect_download() as errors:
        page.click("text=下载错误说明")
    assert errors.value.suggested_filename.endswith(".xlsx")
    assert ReconsiderationCase.objects.count() == 0

    good = write_xlsx(tmp_path / "改正.xlsx", [case("1号"), case("2号", **{"审查结果": "待审查"})])
    page.set_input_files("#id_file", str(good))
    page.click("button.primary")
    assert "已导入：新增 2 条，更新 0 条" in page.inner_text(".messages")
    assert ReconsiderationCase.objects.count() == 2
