"""The roster's pages: a department's 填报员 sees his own department only; the officer's page
with his cards' history, exams and training; the forms that record a card's change and an
exam; the public list without ID numbers."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.tests.helpers import login_with_reason, strict
from fazhi.officers import actions
from fazhi.officers.models import CardState, Certificate, EventKind, Exam

D = datetime.date
pytestmark = pytest.mark.django_db
NAME = "enforcement_officer"


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_clerk_lists_and_opens_his_own_departments_officers_only(
    client, officer_of, market_clerk
):
    ours = officer_of(department="market", name="市监甲")
    theirs = officer_of(department="police", name="公安乙")
    client.force_login(market_clerk)
    page = strict(client.get(reverse(f"{NAME}:list")))
    assert "市监甲" in page and "公安乙" not in page
    assert client.get(reverse(f"{NAME}:detail", args=[theirs.pk])).status_code == 404
    assert "市监甲" in strict(client.get(reverse(f"{NAME}:detail", args=[ours.pk])))
    response = client.post(
        reverse(f"{NAME}:exam", args=[theirs.pk]),
        {"exam-date": "2023-01-01", "exam-kind": "general", "exam-score": "90"},
    )
    assert response.status_code == 404 and not Exam.objects.exists()


def test_the_officers_page_shows_his_cards_history_exams_and_training(
    client, officer_of, supervisor
):
    officer = officer_of()
    actions.change_card(supervisor, officer, EventKind.CANCELLED, ago(3), reason="调离本单位")
    actions.update_officer(
        supervisor, officer, card_number="43126020990001", card_issued_date=ago(2)
    )
    actions.record_exam(supervisor, officer, date=ago(400), kind="general", score=88)
    login_with_reason(client, supervisor, NAME)
    page = strict(client.get(reverse(f"{NAME}:detail", args=[officer.pk])))
    for text in ("43126020990001", "4312602023", "调离本单位", "通用法律知识", "88", "培训学时"):
        assert text in page
    assert "尚无合格记录：专门法律知识考试" in page


def test_the_supervisor_records_a_suspension_through_the_page(client, officer_of, supervisor):
    officer = officer_of()
    client.force_login(supervisor)
    response = client.post(
        reverse(f"{NAME}:card", args=[officer.pk]),
        {
            "card-kind": "suspended",
            "card-day": ago(1).isoformat(),
            "card-until": (ago(1) + datetime.timedelta(days=90)).isoformat(),
            "card-reason": "执法过错",
            "card-document_number": "古司〔2025〕9号",
        },
        follow=True,
    )
    assert "已办理执法证暂扣" in strict(response)
    assert Certificate.objects.get(officer=officer).state == CardState.SUSPENDED


def test_a_refused_change_is_said_in_chinese_and_changes_nothing(client, officer_of, supervisor):
    officer = officer_of()
    client.force_login(supervisor)
    response = client.post(
        reverse(f"{NAME}:card", args=[officer.pk]),
        {"card-kind": "suspended", "card-day": ago(1).isoformat(), "card-reason": "x"},
        follow=True,
    )
    assert "请填写暂扣截止日期" in strict(response)
    assert Certificate.objects.get(officer=officer).state == CardState.VALID


def test_a_clerk_is_not_offered_the_sanctions(client, officer_of, market_clerk):
    officer = officer_of(department="market")
    client.force_login(market_clerk)
    page = strict(client.get(reverse(f"{NAME}:detail", args=[officer.pk])))
    assert 'value="cancelled"' in page and 'value="suspended"' not in page
    response = client.post(
        reverse(f"{NAME}:card", args=[officer.pk]),
        {"card-kind": "revoked", "card-day": ago(1).isoformat(), "card-reason": "x"},
        follow=True,
    )
    strict(response)
    assert Certificate.objects.get(officer=officer).state == CardState.VALID


def test_an_exam_is_entered_on_the_officers_page(client, officer_of, supervisor):
    officer = officer_of()
    client.force_login(supervisor)
    response = client.post(
        reverse(f"{NAME}:exam", args=[officer.pk]),
        {"exam-date": ago(10).isoformat(), "exam-kind": "special", "exam-score": "75"},
        follow=True,
    )
    assert "成绩合格" in strict(response)
    assert Exam.objects.get(officer=officer).passed


def public_rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_the_public_list_holds_valid_cards_of_officers_in_post_and_no_id_number(
    client, officer_of, supervisor, leader, departments
):
    valid = officer_of(card_issued_date=ago(100), name="有效甲")
    officer_of(card_issued_date=ago(2000), name="过期乙")
    left = officer_of(card_issued_date=ago(100), name="离岗丙")
    actions.update_officer(supervisor, left, in_post=False)
    suspended = officer_of(card_issued_date=ago(100), name="暂扣丁")
    actions.change_card(
        supervisor, suspended, "suspended", ago(5), until=ago(-30), reason="执法过错"
    )
    officer_of(card_number="", name="无证戊")
    client.force_login(leader)
    response = client.get(reverse(f"{NAME}:public"))
    assert response.status_code == 200
    rows = public_rows(response)
    assert rows[0] == ("序号", "姓名", "单位", "执法证号", "执法类别", "执法区域", "有效期至")
    assert [row[1:4] for row in rows[1:]] == [("有效甲", "古丈县市场监督管理局", valid.card_number)]
    text = response.content.decode("latin-1")
    assert valid.id_number not in str(rows) and valid.id_number not in text


def test_the_public_list_is_for_those_who_read_the_register(client, officer_of, make_user, tree):
    from fazhi.core.roles import Role

    stranger = make_user("tiaojie", tree["office"], Role.MEDIATION)
    client.force_login(stranger)
    assert client.get(reverse(f"{NAME}:public")).status_code == 403


def test_the_list_links_to_the_public_list(client, officer_of, supervisor):
    client.force_login(supervisor)
    page = strict(client.get(reverse(f"{NAME}:list")))
    assert reverse(f"{NAME}:public") in page


def test_a_control_character_in_the_reason_is_refused_on_the_page(client, officer_of, supervisor):
    officer = officer_of()
    client.force_login(supervisor)
    response = client.post(
        reverse(f"{NAME}:card", args=[officer.pk]),
        {
            "card-kind": "cancelled",
            "card-day": ago(1).isoformat(),
            "card-reason": "调离\x1b[31m",
            "card-document_number": "文\x07号",
        },
        follow=True,
    )
    assert "「事由」第 3 个字符是不可见的控制字符" in strict(response)
    assert Certificate.objects.get(officer=officer).state == CardState.VALID
    assert not Certificate.objects.get(officer=officer).events.filter(kind="cancelled").exists()


def test_the_roster_exports_review_overdue_by_the_configured_settings(officer_of):
    import json

    from fazhi.core.models import RegisterSetting
    from fazhi.imports.exporter import export_records
    from fazhi.officers import rules
    from fazhi.officers.columns import OFFICER_REGISTER
    from fazhi.officers.models import EnforcementOfficer

    officer_of(card_issued_date=ago(3 * 365))  # no 年审 ever: overdue by the default settings

    def overdue():
        rows = json.loads(export_records(OFFICER_REGISTER, EnforcementOfficer.objects, "json"))
        return [row["年审逾期"] for row in rows]

    assert overdue() == ["是"]
    RegisterSetting.objects.create(key=rules.REVIEW_REQUIRED, value=rules.OFF)
    assert overdue() == ["否"]
