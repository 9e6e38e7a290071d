"""Filing a year: a department's 填报员 files his own department only; a second filing of a year
is refused naming the first, whichever way it comes; 无此职权 (empty) and 0 stay apart through
the page and the Excel file; 逾期填报 is derived and stored."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.tabular import read_table
from fazhi.core.tests.helpers import strict
from fazhi.enforcement_data import actions
from fazhi.enforcement_data.columns import REGISTER
from fazhi.enforcement_data.models import AnnualData
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx

from .conftest import facts

D = datetime.date
CREATE = reverse("enforcement_annual_data:create")
LIST = reverse("enforcement_annual_data:list")


def form_data(unit, year=2024, **changes) -> dict:
    data = {
        "unit": unit.pk,
        "year": year,
        "number": f"{year}年度执法数据",
        "filer": "吴海波",
        "filed_date": f"{year + 1}-01-20",
        "licensing": "1450",
        "penalty": "86",
        "coercion": "",
        "inspection": "1263",
        "expropriation": "",
        "other": "0",
        "fines": "486300.50",
        "published_date": "",
        "link": "",
    }
    data.update(changes)
    return data


# --- scope --------------------------------------------------------------------------------------


def test_a_departments_clerk_files_his_own_department_only(client, market_clerk, departments):
    client.force_login(market_clerk)
    response = client.get(CREATE)
    form = response.context["form"]
    strict(response)
    assert list(form.fields["unit"].queryset) == [departments["market"]]
    last_year = datetime.date.today().year - 1
    assert form["year"].value() == last_year and form["filer"].value() == "吴海波"
    assert form["number"].value() == f"{last_year}年度执法数据"

    response = client.post(CREATE, form_data(departments["police"]))
    assert "unit" in response.context["form"].errors
    assert not AnnualData.objects.exists()

    response = client.post(CREATE, form_data(departments["market"]))
    record = AnnualData.objects.get()
    assert response["Location"] == reverse("enforcement_annual_data:detail", args=[record.pk])
    assert (record.unit, record.year, record.coercion, record.other) == (
        departments["market"],
        2024,
        None,
        0,
    )
    entry = AuditEntry.objects.get(register=REGISTER.name, action=AuditAction.CREATE)
    assert (entry.actor, entry.unit) == (market_clerk, departments["market"])


def test_a_clerk_neither_sees_nor_changes_another_departments_year(
    client, market_clerk, departments, file_year
):
    police = file_year(departments["police"], 2024, number="公安2024")
    own = file_year(departments["market"], 2024, number="市监2024")
    client.force_login(market_clerk)
    page = strict(client.get(LIST))
    assert "市监2024" in page and "公安2024" not in page
    assert list(client.get(LIST).context["page"]) == [own]
    assert (
        client.get(reverse("enforcement_annual_data:detail", args=[police.pk])).status_code == 404
    )
    edit = reverse("enforcement_annual_data:edit", args=[police.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data(departments["police"], filer="改")).status_code == 404
    assert AnnualData.objects.get(pk=police.pk).filer == "吴海波"
    # His own he reads and corrects.
    response = client.post(
        reverse("enforcement_annual_data:edit", args=[own.pk]),
        form_data(departments["market"], number="市监2024", filer="吴海波（更正）"),
    )
    assert response.status_code == 302
    assert AnnualData.objects.get(pk=own.pk).filer == "吴海波（更正）"


def test_a_clerk_of_another_kind_of_unit_has_no_part_here(client, tree, make_user, departments):
    committee_clerk = make_user("tiaowei", tree["committee"], "clerk")
    client.force_login(committee_clerk)
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403


# --- one filing a year ------------------------------------------------------------------------


def test_a_second_filing_of_a_year_is_refused_naming_the_first(
    client, supervisor, market_clerk, departments, file_year
):
    file_year(departments["market"], 2024, actor=market_clerk, filer="吴海波")
    # His filing is dated the day he entered it.
    named = (
        "「古丈县市场监督管理局」2024年度的执法数据已经填报："
        f"编号「2024年度执法数据」，{timezone.localdate().isoformat()} 由吴海波填报"
    )

    with pytest.raises(RecordInvalid) as refused:
        actions.file_annual_data(
            supervisor, unit=departments["market"], **facts(2024, number="补报2024")
        )
    assert named in str(refused.value)

    client.force_login(market_clerk)
    assert named in strict(client.post(CREATE, form_data(departments["market"], number="重复")))
    assert AnnualData.objects.count() == 1

    # Another year, or another department's same year, is a filing of its own.
    file_year(departments["market"], 2023)
    file_year(departments["police"], 2024)
    assert AnnualData.objects.count() == 3


# --- 填报日期: a 填报员's is the day he enters it -----------------------------------------------


def test_a_clerks_filing_is_dated_today_on_the_form_and_he_cannot_change_it(
    client, market_clerk, supervisor, departments
):
    today = timezone.localdate()
    client.force_login(market_clerk)
    page = strict(client.get(CREATE))
    assert "填报员填报的填报日期为录入当天" in page
    client.post(CREATE, form_data(departments["market"]))  # posts 2025-01-20
    record = AnnualData.objects.get()
    assert (record.filed_date, record.late) == (today, today > D(2025, 1, 31))
    edit = reverse("enforcement_annual_data:edit", args=[record.pk])
    client.post(edit, form_data(departments["market"], other="3"))
    record.refresh_from_db()
    assert (record.other, record.filed_date) == (3, today)
    with pytest.raises(RecordInvalid) as refused:
        actions.update_annual_data(market_clerk, record, filed_date=D(2025, 1, 20))
    assert "填报员填报的填报日期为录入当天" in str(refused.value)
    # The bureau's 执法监督 enters a year filed on paper by its day.
    actions.update_annual_data(supervisor, record, filed_date=D(2025, 1, 20))
    record.refresh_from_db()
    assert (record.filed_date, record.late) == (D(2025, 1, 20), False)


def test_a_clerk_cannot_backdate_by_api_or_import(market_clerk, supervisor, departments, tmp_path):
    from fazhi.api import records

    data = {k: (str(v) if isinstance(v, Decimal | D) else v) for k, v in facts(2024).items()}
    data |= {"unit": "433126-E02", "published_date": None, "link": ""}
    with pytest.raises(records.Invalid) as refused:
        records.create(market_clerk, REGISTER, data)
    assert "填报员填报的填报日期为录入当天" in str(refused.value)
    path = write_xlsx(
        tmp_path / "年报.xlsx", [_row("433126-E02", 2024, "补报")], headers=REGISTER.headers
    )
    with pytest.raises(ImportRejected) as rejected:
        import_rows(market_clerk, REGISTER, read_table(path, path.name))
    assert "填报员填报的填报日期为录入当天" in str([str(e) for e in rejected.value.errors])
    assert not AnnualData.objects.exists()
    # The supervisor's import takes the paper date.
    import_rows(supervisor, REGISTER, read_table(path, path.name))
    assert AnnualData.objects.get().filed_date == D(2025, 1, 15)


def test_changing_a_filing_to_a_year_already_filed_is_refused(supervisor, departments, file_year):
    file_year(departments["market"], 2024)
    other = file_year(departments["market"], 2023)
    with pytest.raises(RecordInvalid, match="2024年度的执法数据已经填报"):
        actions.update_annual_data(supervisor, other, year=2024)
    assert AnnualData.objects.get(pk=other.pk).year == 2023


def test_an_import_refuses_a_year_filed_and_a_year_twice_in_the_file(
    supervisor, departments, file_year, tmp_path
):
    file_year(departments["market"], 2024)
    rows = [
        _row("433126-E02", 2024, "另一编号"),
        _row("433126-E01", 2024, "公安甲"),
        _row("433126-E01", 2024, "公安乙"),
    ]
    path = write_xlsx(tmp_path / "年报.xlsx", rows, headers=REGISTER.headers)
    with pytest.raises(ImportRejected) as rejected:
        import_rows(supervisor, REGISTER, read_table(path, path.name), filename=path.name)
    errors = [(e.row, e.column, e.message) for e in rejected.value.errors]
    assert errors[0][:2] == (2, "年度") and "已经填报：编号「2024年度执法数据」" in errors[0][2]
    assert errors[1][:2] == (4, "年度")
    assert "在本次填报中出现了两次（编号「公安甲」和「公安乙」）" in errors[1][2]
    assert len(errors) == 2
    assert AnnualData.objects.count() == 1


def _row(code, year, number, **cells) -> dict:
    row = {
        "编号": number,
        "年度": str(year),
        "行政许可": "12",
        "行政处罚": "3",
        "行政强制": "",
        "行政检查": "0",
        "行政征收征用": "",
        "其他": "0",
        "罚没金额（元）": "800",
        "填报日期": f"{year + 1}-01-15",
        "填报人": "张三",
        "所属单位代码": code,
    }
    row.update(cells)
    return row


# --- 无此职权 and 0 through the file, 逾期填报 derived ----------------------------------------


def test_empty_and_zero_survive_import_and_export(supervisor, departments, tmp_path):
    path = write_xlsx(
        tmp_path / "年报.xlsx",
        [_row("433126-E02", 2024, "市监2024", 填报日期="2025-02-01")],
        headers=REGISTER.headers,
    )
    result = import_rows(supervisor, REGISTER, read_table(path, path.name), filename=path.name)
    assert result.created == 1
    record = AnnualData.objects.get()
    assert (record.coercion, record.expropriation, record.inspection, record.other) == (
        None,
        None,
        0,
        0,
    )
    assert record.fines == Decimal("800.00")
    assert (record.filing_due, record.late) == (D(2025, 1, 31), True)

    exported = tmp_path / "导出.xlsx"
    exported.write_bytes(
        export_records(REGISTER, AnnualData.objects.all(), "xlsx", actor=supervisor)
    )
    (row,) = read_table(exported, exported.name).rows
    cells = row.values
    assert (cells["行政强制"], cells["行政检查"], cells["其他"]) == ("", "0", "0")
    assert (cells["应报日期"], cells["逾期填报"]) == ("2025-01-31", "是")
    # The register's columns of the export import back as they are (the computed ones are
    # for reading, not a column of the template).
    back = write_xlsx(tmp_path / "回传.xlsx", [cells], headers=REGISTER.headers)
    again = import_rows(supervisor, REGISTER, read_table(back, back.name), filename=back.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_the_record_page_shows_no_power_apart_from_zero_and_lateness(
    client, supervisor, departments, file_year
):
    record = file_year(
        departments["market"], 2024, filed_date=D(2025, 2, 3), licensing=None, other=0
    )
    assert record.late and record.filing_due == D(2025, 1, 31)
    client.force_login(supervisor)
    page = strict(client.get(reverse("enforcement_annual_data:detail", args=[record.pk])))
    assert "<dt>行政强制</dt><dd>无此职权</dd>" in page
    assert "<dt>其他</dt><dd>0</dd>" in page
    assert "<dt>罚没金额（元）</dt><dd>1,200.50</dd>" in page
    assert "<dt>逾期填报</dt><dd>是</dd>" in page and "<dt>应报日期</dt><dd>2025-01-31</dd>" in page
    listed = strict(client.get(LIST))
    assert '<span class="muted">无此职权</span>' in listed


def test_the_form_explains_how_to_count(client, supervisor, departments):
    client.force_login(supervisor)
    page = strict(client.get(CREATE))
    assert "留空＝本单位无此项职权；有此职权但本年度没有的填 0。" in page
    assert "一份决定书有几种处罚的计一件，归入最重的一种" in page
    assert "准予变更、延续的计入" in page
    assert "没收物品只计有估价的" in page
