"""Demo records for `manage.py demo`: 古丈县's complaints about its 法律服务队伍 and one 专项治理.

The roster is fazhi.profession's demo, loaded before this one (INSTALLED_APPS order); the
numbers below are its orgs' and practitioners'. Each is asked of the roster (holders.find):
a complaint names a number only where the roster holds it under the category stated (else the
number is left blank), and the campaign covers the orgs in practice that it finds.

- complaints: last year's six imported (the bureau's 投诉台账), all finished — one 移送行业处分,
  one 移送行政处罚, one 不予受理, one decided after its period; this year's six entered through
  the actions around today: one awaiting acceptance (due within days), one past its handling
  period (the board shows it), one closed after 查证属实 and 移送行业处分, one not accepted, one
  of a worker not on the roster (kept, 未匹配), one extended;
- the campaign "律师、公证、基层法律服务队伍突出问题专项治理" with four checks: a finding
  rectified on time and one overdue, a check that found nothing, one finding still within its
  deadline, one rectified late; one org covered not yet checked.
Re-running adds nothing."""

import datetime

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import COUNTY, import_new
from fazhi.profession import holders

from . import actions, campaigns
from .models import Campaign, LegalServiceCheck, LegalServiceComplaint

D = datetime.timedelta
OFFICER = "gonggong"
CAMPAIGN = "律师、公证、基层法律服务队伍突出问题专项治理"

# The profession demo's orgs (执业许可证号) and some of its practitioners (执业证号), as its
# demo numbers them (fazhi/profession/demo.py: practitioner_number(kind, year, serial)).
FIRM_A, FIRM_B = "314300006895126011", "314300006895126022"  # 湘古, 古阳
FIRM_C, FIRM_D = "31430000689512603X", "314300006895126044"  # 红石林 (注销), 酉水
NOTARY_OFFICE = "4331260000000001"
OFFICE_A, OFFICE_B, OFFICE_C = "43312620050601", "43312620250512", "43312620060318"
ORGS = (FIRM_A, FIRM_B, FIRM_C, FIRM_D, NOTARY_OFFICE, OFFICE_A, OFFICE_B, OFFICE_C)
LAWYER_TIAN = "14331200900000001"  # 田明远 of 湘古
LAWYER_XIANG = "14331201100000002"  # 向小梅 of 湘古
LAWYER_FU = "14331201600000012"  # 符春兰 of 酉水
NOTARY_LONG = "24331200200000019"  # 龙秀英 of the 公证处
NOTARY_LIANG = "24331201000000020"  # 梁永胜
WORKER_ZHANG = "34331200500000022"  # 张德贵 of 古阳镇法律服务所
STRANGER = "34331201900000088"  # a worker of no roster here: kept, 未匹配

MATTERS = {
    "lawyer": "收取代理费后长期不与委托人沟通案件进展",
    "law_firm": "未与委托人签订书面委托合同即收取费用",
    "notary": "办理继承公证时未一次性告知所需材料，往返多次",
    "notary_office": "公证收费未按规定公示",
    "grassroots_worker": "以律师名义承揽诉讼业务",
    "grassroots_office": "在本辖区外设立接待点招揽业务",
}
NAMES = {
    LAWYER_TIAN: "田明远",
    LAWYER_XIANG: "向小梅",
    LAWYER_FU: "符春兰",
    NOTARY_LONG: "龙秀英",
    NOTARY_LIANG: "梁永胜",
    WORKER_ZHANG: "张德贵",
    STRANGER: "覃某",
    FIRM_A: "湖南湘古律师事务所",
    FIRM_B: "湖南古阳律师事务所",
    NOTARY_OFFICE: "湖南省古丈县公证处",
    OFFICE_A: "古丈县古阳镇法律服务所",
}
KIND_LABELS = {
    "律师": "lawyer",
    "律师事务所": "law_firm",
    "公证员": "notary",
    "公证机构": "notary_office",
    "基层法律服务工作者": "grassroots_worker",
    "基层法律服务所": "grassroots_office",
}
COMPLAINANTS = ("张某某", "李某", "王某某", "向某", "彭某某", "田某", "杨某某", "吴某", "石某")

# Last year's: serial, kind, licence, channel, (month, day) received, and what followed as
# (days to acceptance, to investigation, to the decision, finding, disposal) or a refusal.
PAST = [
    (1, "lawyer", LAWYER_TIAN, "hotline", (2, 19), (3, 20, 25, "substantiated", "discipline")),
    (2, "law_firm", FIRM_B, "assigned", (4, 8), (2, 30, 40, "substantiated", "penalty")),
    (3, "notary", NOTARY_LONG, "visit", (5, 13), "已向法院提起诉讼，不属于投诉处理范围"),
    (4, "grassroots_worker", WORKER_ZHANG, "letter", (6, 17), (4, 40, 70, "partly", "correction")),
    (5, "notary_office", NOTARY_OFFICE, "online", (8, 5), (3, 15, 21, "unsubstantiated", "none")),
    (6, "lawyer", LAWYER_XIANG, "phone", (10, 21), (5, 18, 30, "partly", "correction")),
]


def _subject(found: dict, kind: str, licence: str) -> tuple[str, str]:
    """The number, where the roster holds it under `kind` (the stranger's, held by no one, is
    kept: 未匹配), and the name the complaint states. A number the roster's demo no longer
    gives (its numbering changed) is left blank rather than shown as 未匹配."""
    holder = found.get(licence)
    stated = next(label for label, value in KIND_LABELS.items() if value == kind)
    name = NAMES.get(licence, holder.name if holder else "某某")
    if licence == STRANGER or (holder is not None and holder.category_label == stated):
        return licence, name
    return "", name


def past_plan(year: int, found: dict) -> list[dict]:
    plan = []
    for serial, kind, licence, channel, (month, day), then in PAST:
        received = datetime.date(year, month, day)
        number, name = _subject(found, kind, licence)
        row = {
            "number": f"古司投〔{year}〕{serial}号",
            "received_date": received,
            "channel": channel,
            "complainant": COMPLAINANTS[serial],
            "contact": f"1397430{serial:04d}",
            "subject_kind": kind,
            "subject_name": name,
            "licence_number": number,
            "matter": MATTERS[kind],
            "unit": COUNTY,
        }
        if isinstance(then, str):
            row |= {
                "acceptance": "not_accepted",
                "acceptance_date": received + D(days=3),
                "refusal_reason": then,
            }
        else:
            accepted, investigated, decided, finding, disposal = then
            handled = received + D(days=decided + accepted)
            row |= {
                "acceptance": "accepted",
                "acceptance_date": received + D(days=accepted),
                "investigated_date": received + D(days=investigated + accepted),
                "investigation_note": "调阅委托材料和收费凭证，约谈被投诉人，听取投诉人意见",
                "handled_date": handled,
                "finding": finding,
                "disposal": disposal,
                "replied_date": handled + D(days=1),
                "reply_method": "written",
                "closed_date": handled + D(days=2),
            }
        plan.append(row)
    return plan


def load(today: datetime.date) -> int:
    found = holders.find([*ORGS, *NAMES])
    added = import_new("legal_service_complaint", past_plan(today.year - 1, found))
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added += _recent_complaints(today, unit, officer, found)
    added += _routine_checks(today.year - 1, unit, officer, found)
    return added + _campaign(today, unit, officer, found)


# Last year's routine checks (no campaign): licence, (month, day) checked, the finding, and the
# days after the check its rectification was due and done.
ROUTINE_CHECKS = [
    (FIRM_B, (4, 14), "未按规定建立律师执业档案", 45, 30),
    (OFFICE_A, (6, 9), "服务收费未公示收费标准", 30, 40),  # rectified late
]


def _routine_checks(year: int, unit, officer, found) -> int:
    added = 0
    # Serials after any campaign check (CHECKS) dated last year early in January.
    for serial, (licence, (month, day), problem, due, done) in enumerate(ROUTINE_CHECKS, 11):
        number = f"古司查〔{year}〕{serial}号"
        if licence not in found or (
            LegalServiceCheck.objects.filter(unit=unit, check_number=number).exists()
        ):
            continue
        checked = datetime.date(year, month, day)
        record = actions.register_check(
            officer,
            unit=unit,
            number=f"{number}-1",
            check_number=number,
            licence_number=licence,
            check_date=checked,
            inspectors="龙秀英、彭志勇",
            problems=problem,
            rectification_deadline=checked + D(days=due),
        )
        actions.record_rectification(
            officer, record, checked + D(days=done), "已完成整改，整改报告报送县司法局"
        )
        added += 1
    return added


def _complaint(officer, unit, found, serial, kind, licence, channel, received, **facts):
    number = f"古司投〔{received.year}〕{serial}号"
    if LegalServiceComplaint.objects.filter(unit=unit, number=number).exists():
        return None
    licence, name = _subject(found, kind, licence)
    return actions.register_complaint(
        officer,
        unit=unit,
        number=number,
        received_date=received,
        channel=channel,
        complainant=COMPLAINANTS[serial % len(COMPLAINANTS)],
        contact=f"1387431{serial:04d}",
        subject_kind=kind,
        subject_name=name,
        licence_number=licence,
        matter=MATTERS[kind],
        **facts,
    )


def _recent_complaints(today, unit, officer, found) -> int:
    """This year's, dated from today; serials after last year's."""
    ago = lambda days: today - D(days=days)  # noqa: E731
    added = 0

    def step(record, key, days, **inputs):
        actions.record_step(officer, record, key, ago(days), **inputs)

    note = "调取委托合同、收费票据和工作记录，约谈被投诉人"
    # Awaiting the acceptance decision, due within days.
    if _complaint(officer, unit, found, 21, "lawyer", LAWYER_FU, "hotline", ago(4)):
        added += 1
    # Accepted 95 days ago and never decided: past its 60 days (the board shows it).
    record = _complaint(officer, unit, found, 22, "law_firm", FIRM_A, "letter", ago(100))
    if record:
        step(record, "accept", 95)
        step(record, "investigate", 70, investigation_note=note)
        added += 1
    # Closed: 查证属实, referred to the 律师协会 for 行业处分.
    record = _complaint(officer, unit, found, 23, "lawyer", LAWYER_TIAN, "online", ago(40))
    if record:
        step(record, "accept", 36)
        step(record, "investigate", 20, investigation_note=note)
        step(record, "handle", 10, finding="substantiated", disposal="discipline")
        step(record, "reply", 8, reply_method="written")
        step(record, "close", 7)
        added += 1
    # Not accepted.
    record = _complaint(officer, unit, found, 24, "notary", NOTARY_LIANG, "visit", ago(30))
    if record:
        step(record, "not_accept", 27, refusal_reason="投诉事项已由公证复查程序处理")
        added += 1
    # A worker of no roster here (kept, 未匹配), on the 12348 hotline, being handled.
    record = _complaint(officer, unit, found, 25, "grassroots_worker", STRANGER, "hotline", ago(20))
    if record:
        step(record, "accept", 15)
        added += 1
    # Extended, with its reason, within its period.
    record = _complaint(officer, unit, found, 26, "law_firm", FIRM_B, "assigned", ago(60))
    if record:
        step(record, "accept", 55)
        step(record, "extend", 20, extension_reason="涉及多起代理案件，需调取法院卷宗核实")
        step(record, "investigate", 10, investigation_note=note)
        added += 1
    return added


# The checks: serial, org, days ago, findings as (problem, deadline from today, rectified days
# ago or None).
CHECKS = [
    (
        1,
        FIRM_A,
        100,
        [
            ("收费未按规定公示，部分案件未开具正式票据", -60, 70),
            ("利益冲突审查记录缺失", -10, None),  # overdue
        ],
    ),
    (2, NOTARY_OFFICE, 80, []),
    (3, OFFICE_A, 50, [("档案管理不规范，部分卷宗未归档", 20, None)]),
    (4, FIRM_B, 30, [("执业人员未按规定参加年度培训", -15, 5)]),  # rectified late
]


def _campaign(today, unit, officer, found) -> int:
    """The campaign over the orgs in practice the roster has, and its checks."""
    campaign = Campaign.objects.filter(unit=unit, name=CAMPAIGN).first()
    if campaign is None:
        covered = [
            number
            for number in ORGS
            if number in found
            and found[number].kind == holders.ORG
            and found[number].status_label == "执业"
        ]
        if not covered:
            return 0
        campaign = campaigns.create_campaign(
            officer,
            unit=unit,
            name=CAMPAIGN,
            start_date=today - D(days=120),
            end_date=today + D(days=180),
            licence_numbers=covered,
        )
    added = 0
    for serial, licence, ago, findings in CHECKS:
        number = f"古司查〔{(today - D(days=ago)).year}〕{serial}号"
        if licence not in campaign.licence_numbers:
            continue
        if LegalServiceCheck.objects.filter(unit=unit, check_number=number).exists():
            continue
        (problem, deadline, rectified), *more = findings or [("", None, None)]
        record = actions.register_check(
            officer,
            unit=unit,
            number=f"{number}-1",
            check_number=number,
            campaign_name=campaign.name,
            licence_number=licence,
            check_date=today - D(days=ago),
            inspectors="龙秀英、彭志勇",
            problems=problem,
            rectification_deadline=today + D(days=deadline) if problem else None,
        )
        records = [(record, rectified)]
        for problem, deadline, rectified in more:
            finding = actions.add_finding(
                officer, record, problems=problem, rectification_deadline=today + D(days=deadline)
            )
            records.append((finding, rectified))
        for finding, rectified in records:
            if rectified is not None:
                note = "已完成整改，整改报告报送县司法局"
                actions.record_rectification(officer, finding, today - D(days=rectified), note)
        added += len(records)
    return added
