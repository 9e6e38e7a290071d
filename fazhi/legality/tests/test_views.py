"""The pages of both registers: register and take steps, the deadline board, and a changed
setting reaching the computed deadlines. What every register's pages keep (scope, list query
counts) is core/tests/test_register_contract.py."""

from datetime import date

import pytest
from django.core.management import call_command

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.indicators.actions import change_setting
from fazhi.legality import actions, rules
from fazhi.legality.columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from fazhi.legality.models import (
    FilingStatus,
    LegalityReview,
    NormativeDocument,
    ReviewStatus,
)
from fazhi.portal.board import board_for

ROLE = Role.LEGALITY


@pytest.fixture
def officer(tree, make_user):
    return make_user("hefa", tree["county"], ROLE, full_name="田晓峰")


def new_review(actor, unit, number, received=date(2024, 9, 27), **facts):
    facts.setdefault("category", "major_agreement")
    return actions.register_case(
        actor,
        unit=unit,
        number=number,
        submitter="古丈县自然资源局",
        title="土地出让合同",
        received_date=received,
        **facts,
    )


def new_document(actor, unit, number, published=date(2024, 9, 1), **facts):
    return actions.register_document(
        actor,
        unit=unit,
        number=number,
        title="最低生活保障实施办法",
        issuer="古丈县人民政府",
        published_date=published,
        **facts,
    )


def test_officer_registers_a_review_and_issues_the_opinion(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/legality/new/",
        {
            "unit": tree["county"].pk,
            "number": "古司合审〔2024〕1号",
            "submitter": "古丈县人民政府",
            "title": "城乡供水一体化决策",
            "category": "major_decision",
            "received_date": "2025-01-24",
        },
    )
    record = LegalityReview.objects.get(number="古司合审〔2024〕1号")
    assert response.status_code == 302 and response["Location"] == f"/legality/{record.pk}/"
    assert (record.review_deadline, record.status, record.officer) == (
        date(2025, 2, 20),  # 15 working days after 2025-01-24, across the Spring Festival
        ReviewStatus.IN_REVIEW,
        officer,
    )
    page = client.get(f"/legality/{record.pk}/").content.decode()
    assert "2025-02-20" in page and rules.MAJOR_DECISION_BASIS in page
    url = f"/legality/{record.pk}/step/"
    client.post(url, {"step": "issue", "day": "2025-02-10"})  # no conclusion: refused
    record.refresh_from_db()
    assert record.opinion_date is None
    client.post(url, {"step": "issue", "day": "2025-02-10", "conclusion": "lawful_after_revision"})
    record.refresh_from_db()
    assert (record.status, record.opinion_date, record.due_date) == (
        ReviewStatus.ISSUED,
        date(2025, 2, 10),
        None,
    )
    entry = AuditEntry.objects.filter(register="legality_review").latest("id")
    assert (entry.action, entry.note) == (AuditAction.UPDATE, "办理：出具意见")


def test_officer_files_and_reviews_a_normative_document(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/normative/new/",
        {
            "unit": tree["county"].pk,
            "number": "古政发〔2024〕3号",
            "title": "农村宅基地管理办法",
            "issuer": "古丈县人民政府",
            "published_date": "2024-09-01",
        },
    )
    record = NormativeDocument.objects.get(number="古政发〔2024〕3号")
    assert response.status_code == 302 and response["Location"] == f"/normative/{record.pk}/"
    assert (record.filing_deadline, record.status) == (
        date(2024, 10, 8),
        FilingStatus.AWAITING_FILING,
    )
    url = f"/normative/{record.pk}/step/"
    client.post(url, {"step": "file", "day": "2024-10-09"})
    client.post(url, {"step": "review", "day": "2024-10-30", "conclusion": "corrected"})
    record.refresh_from_db()
    assert record.late_filed is True
    assert record.review_deadline == date(2024, 11, 8)
    assert (record.status, record.conclusion) == (FilingStatus.REVIEWED, "corrected")
    page = client.get(f"/normative/{record.pk}/").content.decode()
    assert "逾期报备" in page and "2024-11-08" in page


def test_detail_query_count(client, tree, officer, django_assert_max_num_queries):
    review = new_review(officer, tree["county"], "古司合审〔2024〕3号")
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        assert client.get(f"/legality/{review.pk}/").status_code == 200


def test_the_board_watches_both_registers(tree, officer):
    new_review(officer, tree["county"], "超期", received=date(2024, 9, 27))  # due 10-23
    new_document(officer, tree["county"], "临近", published=date(2024, 9, 25))  # due 10-25
    sections, _ = board_for(officer, date(2024, 10, 24))
    by_register = {s.register.name: s for s in sections}
    assert [r.number for r in by_register["legality_review"].overdue] == ["超期"]
    assert [r.number for r in by_register["normative_document"].due_soon] == ["临近"]


def test_changing_a_setting_changes_new_and_recomputed_deadlines(tree, officer, make_user):
    admin = make_user("admin", tree["province"], Role.SYSTEM_ADMIN)
    old = new_review(officer, tree["county"], "古司合审〔2024〕5号", category="funding_document")
    old_document = new_document(officer, tree["county"], "古政发〔2024〕5号")
    assert (old.review_deadline, old_document.filing_deadline) == (
        date(2024, 10, 23),
        date(2024, 10, 8),
    )
    change_setting(admin, "legality.review_days.funding_document", "5")
    change_setting(admin, "normative.filing_days", "15")
    # received Friday 09-27: 09-29 (调休), 09-30, 10-08, 10-09, 10-10
    new = new_review(officer, tree["county"], "古司合审〔2024〕6号", category="funding_document")
    assert (new.review_days, new.review_deadline) == (5, date(2024, 10, 10))
    other = new_review(officer, tree["county"], "古司合审〔2024〕7号")
    assert other.review_deadline == date(2024, 10, 23)  # its category keeps 15
    assert new_document(officer, tree["county"], "古政发〔2024〕6号").filing_deadline == date(
        2024, 9, 18
    )
    old.refresh_from_db()
    assert old.review_deadline == date(2024, 10, 23)  # stored until recomputed
    call_command("recompute_deadlines")
    old.refresh_from_db()
    old_document.refresh_from_db()
    assert (old.review_days, old.review_deadline) == (5, date(2024, 10, 10))
    assert old_document.filing_deadline == date(2024, 9, 18)


def test_major_decision_setting_starts_at_seven():
    from fazhi.core.register_settings import SETTINGS

    major = SETTINGS["legality.review_days.major_decision"]
    assert major.choices[0] == ("7", "7个工作日") and major.default == "15"
    assert REVIEW_REGISTER.settings is not NORMATIVE_REGISTER.settings


def test_home_board_and_business_line_link(client, tree, officer):
    new_review(officer, tree["county"], "古司合审〔2024〕8号")
    client.force_login(officer)
    page = client.get("/", follow=True)
    assert page.status_code == 200
    assert 'href="/legality/"' in page.content.decode()
