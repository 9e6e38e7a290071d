"""One row an adviser, category, served unit and year, however the row gets there: an edit
changing only the 类别 into a row already stored is refused by name (not the database's
constraint, a 500), and a name typed with blanks between its characters is one adviser to
the key, the board's 聘任期满 and a row's other years alike."""

import datetime

import pytest

from fazhi.core.errors import RecordInvalid
from fazhi.counsel import actions
from fazhi.counsel.alerts import term_alerts
from fazhi.counsel.models import LegalAdviser

from .conftest import facts

D = datetime.date
LIST = "/legal_adviser/"


def test_an_edit_of_the_category_alone_into_a_stored_row_is_refused_by_name(enter, officer):
    enter(facts())  # 彭晓燕, 公职律师 of 市场监管局, 2024
    counsel = enter(
        facts(number="古法顾〔2024〕2号", category="government_counsel", licence_number="")
    )
    with pytest.raises(RecordInvalid) as refused:
        actions.update_adviser(
            officer, counsel, category="public_lawyer", licence_number="34331201210000301"
        )
    (problem,) = refused.value.problems
    assert problem.header == "姓名"
    assert "已有登记：登记编号「古法顾〔2024〕1号」" in problem.message
    counsel.refresh_from_db()
    assert (counsel.category, counsel.licence_number) == ("government_counsel", "")
    assert LegalAdviser.objects.filter(category="public_lawyer").count() == 1


def test_a_name_is_stored_without_the_blanks_typed_between_its_characters(enter, officer):
    record = enter(facts(name=" 彭 晓燕 "))
    record.refresh_from_db()
    assert record.name == "彭晓燕"
    actions.update_adviser(officer, record, name="彭　晓 燕")  # a full-width blank too
    record.refresh_from_db()
    assert record.name == "彭晓燕"


TODAY = D(2025, 6, 10)


def test_a_renewal_typed_with_a_blank_in_the_name_is_the_same_advisers(client, enter, officer):
    """Last year's row ending in 10 days, renewed in this year's row as 「彭 晓燕」: the
    renewal is the latest row, so last year's is no reminder, and each row's page lists the
    other as the adviser's other year."""
    old = enter(facts(number="旧", year=2024, end_date=D(2025, 6, 20)))
    new = enter(facts(number="新", year=2025, name="彭 晓燕", end_date=D(2028, 6, 20)))
    (alert,) = term_alerts(officer, TODAY)
    assert alert.count == 0 and alert.lines == ()
    client.force_login(officer)
    page = client.get(f"{LIST}{old.pk}/").content.decode()
    assert f'href="{LIST}{new.pk}/"' in page
