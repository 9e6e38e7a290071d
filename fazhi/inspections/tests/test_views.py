"""涉企行政检查's pages: what a department's 填报员 and the bureau see, the refusals a form
shows in Chinese, and what an inspection's and a plan's pages say."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core.tests.helpers import login_with_reason, strict
from fazhi.indicators.actions import change_setting
from fazhi.inspections import rules
from fazhi.inspections.models import EnterpriseInspection

from .conftest import BAD_CODE, TWO_VALID, VALID_CODE

D = datetime.date


def form_data(unit, **values) -> dict:
    data = {
        "unit": str(unit.pk),
        "number": "检页1",
        "subject": "古丈县市场监督管理局",
        "uscc": VALID_CODE,
        "enterprise_name": "古丈县古阳茶业有限公司",
        "inspection_date": "2025-05-12",
        "matter": "食品生产经营监督检查",
        "kind": "routine",
        "method": "on_site",
        "planned": "on",
        "approval_date": "2025-05-08",
        "result": "no_problem",
        "officer_numbers": TWO_VALID,
    }
    data.update(values)
    return data


@pytest.fixture
def two_departments(inspect):
    inspect("市监1")
    inspect("国土1", unit="land", officer_numbers="43126020240004、43126020240001", method="joint")


def test_the_clerk_lists_and_enters_his_own_department_only(
    client, two_departments, market_clerk, departments
):
    login_with_reason(client, market_clerk)
    page = strict(client.get(reverse("enterprise_inspection:list")))
    assert "市监1" in page and "国土1" not in page
    create = reverse("enterprise_inspection:create")
    form = client.get(create).context["form"]
    assert list(form.fields["unit"].queryset) == [departments["market"]]
    response = client.post(create, form_data(departments["market"]))
    assert response.status_code == 302
    assert EnterpriseInspection.objects.get(number="检页1").unit == departments["market"]
    other = reverse("enterprise_inspection:detail", args=[_pk("国土1")])
    assert client.get(other).status_code == 404


def _pk(number) -> int:
    return EnterpriseInspection.objects.get(number=number).pk


def test_the_form_refuses_a_bad_code_beside_the_field(client, supervisor, departments, cards):
    login_with_reason(client, supervisor)
    response = client.post(
        reverse("enterprise_inspection:create"),
        form_data(departments["market"], uscc=BAD_CODE),
    )
    page = strict(response)
    assert "统一社会信用代码的校验码不符，请核对。" in page
    assert response.context["form"].errors["uscc"]
    assert not EnterpriseInspection.objects.exists()


def test_the_form_refuses_one_certified_officer(client, supervisor, departments, cards):
    login_with_reason(client, supervisor)
    response = client.post(
        reverse("enterprise_inspection:create"),
        form_data(departments["market"], officer_numbers="43126020240001、43126029999999"),
    )
    page = strict(response)
    assert "持有本部门有效执法证的执法人员只有 1 名" in page
    assert "证号 43126029999999 在检查日期不是有效的执法证" in page
    assert not EnterpriseInspection.objects.exists()


def test_the_edit_form_corrects_the_result_of_a_record_kept_with_a_failing_code(
    client, supervisor, departments, cards, tmp_path
):
    from fazhi.imports.tests.files import import_workbook
    from fazhi.inspections.columns import INSPECTION_REGISTER

    from .test_inspections import row

    import_workbook(
        tmp_path / "检查.xlsx", INSPECTION_REGISTER, [row("1", 统一社会信用代码=BAD_CODE)]
    )
    record = EnterpriseInspection.objects.get()
    login_with_reason(client, supervisor)
    data = form_data(departments["market"], number="1", uscc=BAD_CODE, result="rectify")
    response = client.post(reverse("enterprise_inspection:edit", args=[record.pk]), data)
    assert response.status_code == 302, strict(response)
    record.refresh_from_db()
    assert (record.result, record.code_unverified) == ("rectify", True)


def test_the_inspection_page_says_when_the_enterprise_is_over_the_cap(
    client, supervisor, inspect, file_plan
):
    change_setting(None, rules.CAP_SETTING, "2")
    file_plan("market")
    for n, day in enumerate((D(2025, 2, 1), D(2025, 5, 12), D(2025, 8, 1)), start=1):
        inspect(
            f"检{n}",
            inspection_date=day,
            matter="广告监督检查" if n == 3 else "食品生产经营监督检查",
        )
    login_with_reason(client, supervisor)
    page = strict(client.get(reverse("enterprise_inspection:detail", args=[_pk("检3")])))
    assert "超过检查频次上限" in page
    assert "上限每年 2 次；本部门2025年对该企业计入上限的检查 3 次" in page
    assert "检查事项不在清单内" in page
    page = strict(client.get(reverse("enterprise_inspection:detail", args=[_pk("检1")])))
    assert "检查事项在清单内" in page


def test_the_plan_page_shows_its_lists(client, supervisor, file_plan):
    plan = file_plan(
        "market",
        items="食品检查｜《食品安全法》｜现场｜每年1次\n广告检查",
        filed_date=D(2025, 4, 2),
    )
    login_with_reason(client, supervisor)
    page = strict(client.get(reverse("inspection_plan:detail", args=[plan.pk])))
    assert "检查事项清单（2 项）" in page and "《食品安全法》" in page
    assert "逾期报备" in page and "2025-03-31" in page
    strict(client.get(reverse("inspection_plan:list")))


def test_the_clerks_plan_form_files_today_and_the_supervisors_takes_the_paper_date(
    client, supervisor, market_clerk, departments
):
    from django.utils import timezone

    from fazhi.inspections.models import InspectionPlan

    def plan_data(unit, number):
        return {
            "unit": str(unit.pk),
            "number": number,
            "year": "2025",
            "subjects": unit.name,
            "items": "食品生产经营监督检查",
            "planned_count": "5",
            "filed_date": "2025-03-01",
        }

    login_with_reason(client, market_clerk)
    page = strict(client.get(reverse("inspection_plan:create")))
    assert "填报员报备计划的报备日期为录入当天" in page
    client.post(reverse("inspection_plan:create"), plan_data(departments["market"], "计1"))
    plan = InspectionPlan.objects.get(number="计1")
    assert plan.filed_date == timezone.localdate()
    # His edit posting another date keeps the date filed.
    data = plan_data(departments["market"], "计1") | {"planned_count": "6"}
    client.post(reverse("inspection_plan:edit", args=[plan.pk]), data)
    plan.refresh_from_db()
    assert (plan.planned_count, plan.filed_date) == (6, timezone.localdate())

    client.logout()
    login_with_reason(client, supervisor)
    client.post(reverse("inspection_plan:create"), plan_data(departments["land"], "计2"))
    assert InspectionPlan.objects.get(number="计2").filed_date == D(2025, 3, 1)
