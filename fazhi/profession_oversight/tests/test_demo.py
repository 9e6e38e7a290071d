"""The demo: loaded after the roster's (fazhi.profession's demo), once, each rule at work —
a complaint past its period on the board, one referred for 行业处分, one 未匹配; the campaign over
the orgs in practice, with a finding overdue and an org not yet checked."""

import datetime

import pytest

from fazhi.core.roles import Role
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period
from fazhi.portal.board import board_for
from fazhi.profession import demo as roster_demo
from fazhi.profession import holders
from fazhi.profession_oversight import campaigns, demo
from fazhi.profession_oversight.models import Campaign, LegalServiceCheck, LegalServiceComplaint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [datetime.date(2026, 6, 15), datetime.date(2026, 1, 20)])
def test_the_demo_loads_once_and_shows_each_rule(tree, make_user, today):
    officer = make_user(demo.OFFICER, tree["county"], Role.LEGAL_SERVICES)
    roster_demo.load(today)
    added = demo.load(today)
    assert added == LegalServiceComplaint.objects.count() + LegalServiceCheck.objects.count()
    assert LegalServiceComplaint.objects.count() == 12
    assert demo.load(today) == 0

    complaints = LegalServiceComplaint.objects.all()
    assert all(c.received_date <= today for c in complaints)
    assert {c.subject_kind for c in complaints} >= {"lawyer", "law_firm", "notary"}
    assert len({c.channel for c in complaints}) >= 5
    assert [c.subject_name for c in complaints if c.unmatched] == ["覃某"]
    # Every number the demo names is the roster's, under the category stated.
    assert not [c.number for c in complaints if not c.licence_number]
    overdue = [c for c in complaints if c.due_date and c.due_date < today]
    assert [(c.number.endswith("22号"), c.due_label) for c in overdue] == [(True, "处理期限")]
    board, _ = board_for(officer, today)
    sections = {s.register.name: s for s in board}
    assert [line.record for line in sections["legal_service_complaint"].overdue] == overdue

    last_year = compute(
        [
            "legal_service_complaint.referred_discipline",
            "legal_service_complaint.closed_on_time",
            "legal_service_complaint.closed",
        ],
        Period.year(today.year - 1),
        tree["county"],
    )
    assert last_year["legal_service_complaint.referred_discipline"].value >= 1
    closed = last_year["legal_service_complaint.closed"].value
    assert last_year["legal_service_complaint.closed_on_time"].value < closed  # one was late

    (campaign,) = Campaign.objects.all()
    assert campaign.name == "律师、公证、基层法律服务队伍突出问题专项治理"
    progress = campaigns.progress(campaign, LegalServiceCheck.objects.all(), today)
    found = holders.find(demo.ORGS)
    practising = [n for n in demo.ORGS if n in found and found[n].status_label == "执业"]
    assert demo.FIRM_C not in practising  # 注销: not covered
    assert campaign.licence_numbers == practising and progress.covered >= 5
    assert progress.checked == 4 and progress.overdue == 1
    assert progress.on_time == 1 and progress.rectified == 2
    assert [line.record.problems for line in sections["legal_service_check"].overdue] == [
        "利益冲突审查记录缺失"
    ]
