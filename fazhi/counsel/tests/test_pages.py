"""The register's pages as only it has them: the list's 年度 is the row's year (not the year
its appointment began), filtered by 类别 and searched by name, 执业证号 or served unit; a row's
page shows its appointment, its reminder and the adviser's other years; the form offers the
served unit by name and refuses a second row of an adviser's year. What every register keeps
(scope, the leader, query counts, round trip) is core/tests/test_register_contract.py."""

import datetime

import pytest

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.counsel.models import LegalAdviser

from .conftest import facts, panel_member

D = datetime.date
LIST, CREATE = "/legal_adviser/", "/legal_adviser/new/"


def form_data(units, **changes) -> dict:
    data = {
        "unit": units["county"].pk,
        "number": "古法顾〔2024〕1号",
        "year": "2024",
        "category": "public_lawyer",
        "name": "彭晓燕",
        "employer": "古丈县市场监督管理局",
        "licence_number": "34331201210000301",
        "served_unit_code": "433126-E02",
        "start_date": "2021-03-01",
        "end_date": "",
        "contracts_reviewed": "20",
        "opinions_issued": "",
        "cases_handled": "2",
        "meetings_attended": "5",
        "other_matters": "",
    }
    data.update(changes)
    return data


def test_the_officer_registers_a_row_with_blank_counts_as_zero(client, units, officer):
    client.force_login(officer)
    form = client.get(CREATE).context["form"]
    offered = dict(form.fields["served_unit_code"].choices)
    assert offered["433126"] == "古丈县司法局" and offered["433126-FY"] == "古丈县法律援助中心"
    assert "433126-S01-01" not in offered  # a 人民调解委员会
    assert "433122-E01" not in offered  # another county's
    assert set(form.fields["unit"].queryset) == {units["county"], units["section"]}
    response = client.post(CREATE, form_data(units))
    record = LegalAdviser.objects.get()
    assert response.status_code == 302 and response.url == f"{LIST}{record.pk}/"
    assert (record.served_unit, record.opinions_issued, record.matters_total) == (
        units["market"],
        0,
        27,
    )
    assert AuditEntry.objects.get(register="legal_adviser").action == AuditAction.CREATE
    page = client.get(response.url).content.decode()
    for text in ("彭晓燕", "公职律师", "古丈县市场监督管理局", "未约定期限", "27 件次"):
        assert text in page, text


def test_a_second_row_of_an_advisers_year_is_refused_on_the_form(client, units, officer, enter):
    enter(facts())
    client.force_login(officer)
    response = client.post(CREATE, form_data(units, number="古法顾〔2024〕2号", name="彭 晓燕"))
    assert response.status_code == 200
    assert "已有登记：登记编号「古法顾〔2024〕1号」" in response.content.decode()
    assert LegalAdviser.objects.count() == 1


def test_the_form_refuses_an_end_before_the_start_on_its_field(client, units, officer):
    client.force_login(officer)
    response = client.post(CREATE, form_data(units, end_date="2020-01-01"))
    assert response.context["form"].errors["end_date"] == ["聘任结束日期不能早于聘任开始日期。"]
    assert not LegalAdviser.objects.exists()


def test_the_list_filters_by_the_rows_year_and_category_and_searches(
    client, units, officer, enter, django_assert_max_num_queries
):
    enter(facts(number="公2024"))
    enter(facts(number="公2023", year=2023))
    enter(panel_member("向明辉", "顾2024", year=2024))
    client.force_login(officer)

    def listed(**params):
        return sorted(r.number for r in client.get(LIST, params).context["page"])

    # All three began before 2024; the 年度 is the row's.
    assert listed(year=2024) == ["公2024", "顾2024"]
    assert listed(year=2023) == ["公2023"]
    assert listed(category="government_counsel") == ["顾2024"]
    assert listed(q="向明辉") == ["顾2024"]
    assert listed(q="市场监督") == ["公2023", "公2024"]  # the served unit's name
    with django_assert_max_num_queries(8):
        page = client.get(LIST, {"year": 2024, "sort": "-year"}).content.decode()
    # The served unit by its name; its code is only an option's value of the unit filter.
    # The unit filter's option, and 公2024's 服务单位 and 工作单位 (顾2024 serves the county).
    assert page.count("古丈县市场监督管理局") == 1 + 2
    assert page.count("433126-E02") == 1


def test_a_rows_page_shows_the_reminder_and_the_other_years(client, units, officer, enter):
    today = datetime.date.today()
    soon = today + datetime.timedelta(days=10)
    old = enter(facts(number="旧", year=today.year - 1, end_date=soon))
    current = enter(facts(number="新", year=today.year, end_date=soon))
    client.force_login(officer)
    page = client.get(f"{LIST}{current.pk}/").content.decode()
    assert "30日内聘任期满" in page and "请及时办理续聘或解聘" in page
    assert f'href="{LIST}{old.pk}/"' in page
    # Last year's row is not the latest: no reminder there.
    page = client.get(f"{LIST}{old.pk}/").content.decode()
    assert "聘任期满" not in page and f'href="{LIST}{current.pk}/"' in page


@pytest.mark.parametrize("field", ["contracts_reviewed", "meetings_attended"])
def test_a_negative_count_is_refused_on_the_form(client, units, officer, field):
    client.force_login(officer)
    response = client.post(CREATE, form_data(units, **{field: "-3"}))
    assert field in response.context["form"].errors
    assert not LegalAdviser.objects.exists()


def test_the_pages_keep_the_page_contract(client, units, officer, enter):
    """Strict HTML, no Latin word, no unit's code without its name: the site's page contract
    (portal/tests/page_contract.py) on each of this register's pages, a refused form too."""
    from fazhi.core.models import Unit
    from fazhi.portal.tests.page_contract import Contract

    today = datetime.date.today()
    soon = today + datetime.timedelta(days=10)
    enter(facts(number="旧", year=today.year - 1, end_date=soon))
    record = enter(facts(number="新", year=today.year, end_date=soon))
    contract = Contract(dict(Unit.objects.values_list("code", "name")))
    client.force_login(officer)
    pages = [
        client.get(LIST),
        client.get(LIST, {"year": today.year, "category": "public_lawyer", "q": "彭"}),
        client.get(f"{LIST}{record.pk}/"),
        client.get(f"{LIST}{record.pk}/edit/"),
        client.get(CREATE),
        client.post(CREATE, form_data(units, end_date="2020-01-01", contracts_reviewed="-1")),
        client.get("/", {}),
    ]
    for response in pages:
        assert response.status_code == 200
        problems, _ = contract.problems(response.content.decode())
        assert problems == [], (response.request["PATH_INFO"], problems)
    home = pages[-1].content.decode()
    assert "聘任期满的法律顾问（30日内期满或已期满）" in home
