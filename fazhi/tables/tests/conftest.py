"""Records of 2024 for the 人民调解, 法律援助 and 社区矫正 tables, in 古丈县 (the county under test)
and in 泸溪县 (its sibling), so that the prefecture's table is the sum of two counties. Each
fixture's docstring gives the figures counted by hand."""

import datetime
from decimal import Decimal

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import UnitKind
from fazhi.core.roles import Role
from fazhi.corrections import actions as corrections
from fazhi.legalaid import actions as legalaid
from fazhi.mediation import actions as mediation

D = datetime.date


@pytest.fixture
def sibling_committee(tree):
    return core_actions.save_unit(
        None,
        code="433122-S01-01",
        name="白沙村人民调解委员会",
        kind=UnitKind.MEDIATION_COMMITTEE,
        parent=tree["sibling_office"],
    )


def mediate(committee, number, received, kind, source, status, **more):
    facts = {
        "committee_code": committee.code,
        "received_date": received,
        "dispute_type": kind,
        "source": source,
        "mediator": "向某",
        "status": status,
    }
    if status != "ongoing":
        facts["closed_date"] = received + datetime.timedelta(days=3)
    if status == "succeeded":
        facts.setdefault("agreement_form", "written")
    facts.update(more)
    return mediation.register_case(None, unit=committee, number=number, **facts)


@pytest.fixture
def mediation_cases(tree, sibling_committee):
    """古丈县 in March 2024: received 4 — 主动 2, 申请 1, 委托移送 1; 邻里 2, 婚姻家庭 1,
    山林土地 1; 成功 2 (书面 1, 口头 1), 不成 1, 调解中 1; 成功率 2/3; 协议涉及金额 1000 + 500.50.
    January adds one more (合同, 申请, 成功 书面, 200元, 司法确认): January–March received 5.
    April's case is in neither. 泸溪县 in March: 1 (邻里, 主动, 成功 书面, 100元, 防止民转刑)."""
    committee = tree["committee"]
    mediate(committee, "调1", D(2024, 3, 5), "neighbour", "active", "succeeded", amount=1000)
    mediate(
        committee, "调2", D(2024, 3, 10), "marriage", "applied", "succeeded",
        agreement_form="oral", amount=Decimal("500.50"),
    )  # fmt: skip
    mediate(committee, "调3", D(2024, 3, 20), "neighbour", "referred", "failed")
    mediate(committee, "调4", D(2024, 3, 25), "land", "active", "ongoing")
    mediate(
        committee, "调5", D(2024, 1, 15), "contract", "applied", "succeeded", amount=200,
        judicial_confirmation=True,
    )  # fmt: skip
    mediate(committee, "调6", D(2024, 4, 2), "traffic", "active", "succeeded")
    mediate(
        sibling_committee, "泸调1", D(2024, 3, 8), "neighbour", "active", "succeeded",
        amount=100, prevented_criminal=True,
    )  # fmt: skip


def aid(unit, number, applied, **facts):
    facts.setdefault("category", "civil")
    return legalaid.register_case(
        None, unit=unit, number=number, recipient="张某某", application_date=applied, **facts
    )


@pytest.fixture
def aid_cases(tree):
    """古丈县 in 2024's first quarter: accepted 2 — a granted civil case of a migrant worker
    (closed in March, 3000元 recovered) and a 通知辩护 (刑事); a refused application is not
    accepted, one granted in April is the second quarter's. 50 consultations. 泸溪县: one
    administrative case granted in March."""
    county = tree["county"]
    aid(
        county, "援1", D(2024, 1, 10), decision="granted", decision_date=D(2024, 1, 12),
        appointment_date=D(2024, 1, 13), closed_date=D(2024, 3, 1),
        recovered=Decimal("3000"), migrant_worker=True,
    )  # fmt: skip
    aid(
        county, "援2", D(2024, 2, 1), category="criminal", route="notified_defence",
        appointment_date=D(2024, 2, 2),
    )  # fmt: skip
    aid(county, "援3", D(2024, 2, 10), decision="refused", decision_date=D(2024, 2, 12))
    aid(county, "援4", D(2024, 4, 1), decision="granted", decision_date=D(2024, 4, 5))
    legalaid.register_consultation(
        None, unit=county, number="咨1", consulted_date=D(2024, 2, 1), person_times=50
    )
    aid(
        tree["sibling"], "泸援1", D(2024, 3, 1), category="administrative", decision="granted",
        decision_date=D(2024, 3, 3),
    )  # fmt: skip


def id_number(serial: int) -> str:
    first17 = f"43312619800101{serial:03d}"
    return first17 + id_number_check_digit(first17)


def subject(office, serial, category, start, end, **facts):
    values = {
        "number": f"古矫{serial:03d}",
        "name": f"彭某{serial}",
        "id_number": id_number(serial),
        "category": category,
        "judgment_effective_date": start - datetime.timedelta(days=3),
        "reported_date": start,
        "start_date": start,
        "end_date": end,
    }
    values.update(facts)
    return corrections.register_subject(None, unit=office, office=office, **values)


@pytest.fixture
def subjects(tree):
    """古丈县 in March 2024: 期初 (29 February) 4, 新入矫 1, 解除 1, 终止 1 (撤销缓刑), 期末 3 —
    缓刑 1, 管制 1, 暂予监外执行 1. January to March: 期初 (31 December 2023) 3, 新入矫 2,
    解除 1, 终止 1, 期末 3. Activities: March a 集中学习课堂 of 30, February a 主题教育 of 20.
    泸溪县: one 缓刑 under supervision all along."""
    office = tree["office"]
    subject(office, 1, "probation", D(2023, 6, 1), D(2025, 5, 31))
    subject(office, 2, "control", D(2024, 3, 10), D(2025, 3, 9))
    subject(
        office, 3, "parole", D(2023, 1, 1), D(2024, 3, 15), status="released",
        ended_date=D(2024, 3, 15),
    )  # fmt: skip
    subject(
        office, 4, "probation", D(2023, 5, 1), D(2025, 4, 30), status="probation_revoked",
        ended_date=D(2024, 3, 20),
    )  # fmt: skip
    subject(office, 5, "temporary_release", D(2024, 1, 5), D(2025, 1, 4))
    subject(tree["sibling_office"], 6, "probation", D(2023, 2, 1), D(2025, 1, 31))
    for number, held, category, people in (
        ("活1", D(2024, 3, 5), "classroom", 30),
        ("活2", D(2024, 2, 10), "themed_education", 20),
    ):
        corrections.register_activity(
            None, unit=tree["county"], number=number, held_date=held, category=category,
            theme="法治教育", person_times=people,
        )  # fmt: skip


@pytest.fixture
def leader(tree, make_user):
    return make_user("juzhang", tree["county"], Role.LEADER, full_name="向局长")


@pytest.fixture
def prefecture_leader(tree, make_user):
    return make_user("zhouzhang", tree["prefecture"], Role.LEADER, full_name="田处长")
