"""以奖代补: the township submits, the county approves or rejects with a reason, each an
audited action; the payout of a year is the SQL sum of amounts fixed at approval from that
year's tiers, unchanged when next year's tiers change."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry
from fazhi.mediation import actions, payout
from fazhi.mediation.models import MediationCase, SubsidyStatus, SubsidyTier
from fazhi.mediation.tiers import current_tiers


@pytest.fixture
def year_2024(mediate, office, county):
    """Mixed tiers: 2024 set to 一般 120 / 疑难 200 (default) / 重大 400; five approved cases in
    two committees, one rejected, one still submitted."""
    actions.set_tier(county, 2024, "ordinary", Decimal("120"))
    actions.set_tier(county, 2024, "major", Decimal("400"))
    plan = [
        ("1", "baiguo", "ordinary", "向某"),
        ("2", "baiguo", "ordinary", "向某"),
        ("3", "baiguo", "difficult", "田某"),
        ("4", "hexi", "major", "彭某"),
        ("5", "hexi", "ordinary", "彭某"),
        ("6", "hexi", "major", "彭某"),  # rejected
        ("7", "hexi", "major", "彭某"),  # still waiting
    ]
    cases = {}
    for number, committee, difficulty, mediator in plan:
        case = mediate(number, committee, difficulty=difficulty, mediator=mediator)
        cases[number] = actions.submit_for_subsidy(office, case, 2024)
    for number in "12345":
        actions.approve_subsidy(county, cases[number])
    actions.reject_subsidy(county, cases["6"], "卷宗缺调解协议书")
    return cases


HAND_TOTAL = Decimal(120 + 120 + 200 + 400 + 120)  # 960


def test_payout_is_the_tiers_sum_per_committee_and_mediator(year_2024):
    cases = MediationCase.objects.all()
    assert payout.total(cases, 2024) == (5, HAND_TOTAL)
    per_committee = {r["committee__code"]: r["amount"] for r in payout.by_committee(cases, 2024)}
    assert per_committee == {"433126-S01-01": Decimal("440"), "433126-S01-02": Decimal("520")}
    per_mediator = {
        r["mediator"]: (r["cases"], r["amount"]) for r in payout.by_mediator(cases, 2024)
    }
    assert per_mediator == {"向某": (2, 240), "田某": (1, 200), "彭某": (2, 520)}


def test_next_years_tiers_never_change_a_past_payout(year_2024, county):
    cases = MediationCase.objects.all()
    actions.set_tier(county, 2025, "ordinary", Decimal("150"))
    actions.set_tier(county, 2025, "major", Decimal("500"))
    assert payout.total(cases, 2024) == (5, HAND_TOTAL)
    # and a later change of the same year's table leaves approved amounts alone too
    actions.set_tier(county, 2024, "ordinary", Decimal("999"))
    assert payout.total(cases, 2024) == (5, HAND_TOTAL)
    # the case approved after it takes the table as it then stands
    actions.approve_subsidy(county, year_2024["7"])
    assert payout.total(cases, 2024) == (6, HAND_TOTAL + 400)


def test_tiers_keep_their_history_and_are_audited(year_2024, county):
    actions.set_tier(county, 2024, "ordinary", Decimal("130"))
    assert current_tiers()[county.unit.path][(2024, "ordinary")] == Decimal("130")
    assert SubsidyTier.objects.filter(year=2024, difficulty="ordinary").count() == 2
    assert AuditEntry.objects.filter(note__contains="以奖代补标准").count() == 3


def test_only_the_county_section_sets_tiers_and_reviews(year_2024, office, clerk):
    for who in (office, clerk):
        with pytest.raises(ActionRefused):
            actions.set_tier(who, 2025, "ordinary", Decimal("1"))
        with pytest.raises(ActionRefused):
            actions.approve_subsidy(who, year_2024["7"])


def test_only_the_township_submits_and_only_successful_cases(mediate, office, clerk, county):
    failed = mediate("9", status="failed", agreement_form="")
    with pytest.raises(ActionRefused):
        actions.submit_for_subsidy(office, failed, 2024)
    good = mediate("10")
    for who in (clerk, county):
        with pytest.raises(ActionRefused):
            actions.submit_for_subsidy(who, good, 2024)


def test_rejection_needs_a_reason_and_is_audited(year_2024, county, office):
    rejected = MediationCase.objects.get(number="6")
    assert (rejected.subsidy_status, rejected.subsidy_reason) == (
        SubsidyStatus.REJECTED,
        "卷宗缺调解协议书",
    )
    with pytest.raises(ActionRefused):
        actions.reject_subsidy(county, year_2024["7"], "  ")
    notes = set(AuditEntry.objects.values_list("note", flat=True))
    assert {"申报2024年度以奖代补", "以奖代补审核通过"} <= notes
    # a rejected case may be submitted again
    assert actions.submit_for_subsidy(office, rejected, 2024).subsidy_status == "submitted"


def test_payment_list_xlsx_has_the_totals(year_2024):
    data = payout.payment_list_xlsx(MediationCase.objects.all(), 2024, "古丈县司法局")
    sheet = load_workbook(io.BytesIO(data))["发放名单"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "合计" and last[3] == 5 and last[4] == float(HAND_TOTAL)


def test_a_rejection_reason_with_control_or_marker_characters_is_refused(year_2024, county, client):
    from django.urls import reverse

    case = year_2024["7"]
    for bad in ("材料\x01不全", "材料\ue000不全"):
        with pytest.raises(ActionRefused, match="不通过理由"):
            actions.reject_subsidy(county, case, bad)
    client.force_login(county)
    url = reverse("mediation:subsidy_reject", args=[case.pk])
    page = client.post(url, {"reason": "材料\x01不全"}, follow=True).content.decode()
    assert "不可见的控制字符" in page
    assert MediationCase.objects.get(pk=case.pk).subsidy_status == SubsidyStatus.SUBMITTED
