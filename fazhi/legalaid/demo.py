"""Demo legal-aid cases, consultations and notarizations for `manage.py demo`.

Three past years (2023–2025) written through the importer, such that 2024 holds the reference
report's figures: 213 legal-aid cases accepted, 1,036,800 元 recovered by the cases closed
that year (100余万元), 652 people consulting (650余人次), 106 notarizations issued, 15 of them
with the fee waived.

Then finished ones over the past year and open ones whose deadlines fall around today: dates
counted back from today, records through the officer's actions. Re-running adds nothing:
numbers already there are skipped.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import id_number, import_new, pick, spread

from . import actions
from .models import Consultation, LegalAidCase, Notarization

COUNTY = "433126"
OFFICER = "gonggong"


def _id_number(first17: str) -> str:
    return first17 + id_number_check_digit(first17)


# serial, 受援人, first 17 digits of the ID, 类别, 途径, 农民工, applied (ago), steps
CASES = [
    ("1", "向某某", "43312619800101001", "labour_arbitration", "application", True, 300,
     (("decide", 296, "granted"), ("appoint", 295, ""), ("close", 200, "38000"))),
    ("2", "彭某", "43312619751212002", "civil", "application", False, 240,
     (("decide", 236, "granted"), ("appoint", 234, ""), ("close", 120, "12000"))),
    ("3", "田某某", "43312620060606003", "criminal", "notified_defence", False, 90,
     (("appoint", 88, ""),)),
    ("4", "龙某", "43312619900909004", "civil", "application", False, 60,
     (("decide", 57, "refused"),)),
    ("5", "张某", "43312619880808005", "labour_arbitration", "application", True, 5, ()),
    ("6", "石某某", "43312619660303006", "administrative", "application", False, 10, ()),
]  # fmt: skip

# serial, 日期 (ago), 方式, 人次, 类别
CONSULTATIONS = [
    ("1", 200, "visit", 3, "family"),
    ("2", 150, "phone", 1, "labour"),
    ("3", 100, "event", 40, "land_housing"),
    ("4", 20, "online", 2, "debt_contract"),
]

# serial, 申请人, 事项, accepted (ago), issued (ago), 应收, 实收, 减免原因
NOTARIZATIONS = [
    ("1", "向某某", "inheritance", 200, 190, "400", "400", ""),
    ("2", "彭某", "entrustment", 120, 115, "200", "0", "legal_aid"),
    ("3", "古丈县茶叶公司", "contract", 30, None, "1000", "1000", ""),
    ("4", "田某", "kinship", 8, None, "150", "75", "hardship"),
]


AID_CENTRE = f"{COUNTY}-FY"
NOTARY = f"{COUNTY}-GZ"
SURNAMES = "向彭田龙张石王李杨吴刘黄周胡梁符麻滕"
LAWYERS = ["湘西古丈律师事务所 李律师", "湘西古丈律师事务所 向律师", "古阳镇法律服务所 田律师"]


@dataclass(frozen=True)
class Year:
    year: int
    granted: int  # applications granted (accepted by decision)
    notified: int  # 通知辩护 and 通知代理 (accepted by appointment)
    refused: int
    recovered: int  # 元, by the cases closed in the year
    consulted: int  # person-times
    issued: int  # notarizations
    waived: int  # of those, with the fee waived


YEARS = [
    Year(2023, 138, 58, 7, 912_600, 598, 97, 12),
    Year(2024, 150, 63, 8, 1_036_800, 652, 106, 15),
    Year(2025, 158, 66, 6, 1_108_300, 689, 112, 16),
]
CATEGORIES = ["civil", "labour_arbitration", "civil", "administrative", "non_litigation"]


def aid_plan(spec: Year) -> list[dict]:
    # Notified cases are 刑事 (通知辩护) or 通知代理; applications are the rest.
    routes = ["application"] * (spec.granted + spec.refused)
    routes += ["notified_defence", "notified_defence", "notified_agency"] * (spec.notified // 3)
    routes += ["notified_defence"] * (spec.notified % 3)
    random.Random(spec.year).shuffle(routes)  # fixed seed: the same demo every run
    applications = [i for i, route in enumerate(routes) if route == "application"]
    refused = {applications[k] for k in pick(len(applications), spec.refused)}
    total = len(routes)
    end = datetime.date(spec.year, 12, 31)
    plan = []
    for i, route in enumerate(routes):
        applied = spread(spec.year, total, i, end_day=20)
        notified = route != "application"
        category = "criminal" if route == "notified_defence" else CATEGORIES[i % len(CATEGORIES)]
        facts = {
            "number": f"古援〔{spec.year}〕{i + 1:03d}号",
            "unit": AID_CENTRE,
            "recipient": SURNAMES[i % len(SURNAMES)] + ("某某" if i % 2 else "某"),
            "id_number": id_number(
                datetime.date(1955, 1, 1) + datetime.timedelta(days=(i * 173 + spec.year) % 18000),
                i,
            ),
            "category": category,
            "route": route,
            "migrant_worker": category == "labour_arbitration",
            "application_date": applied,
        }
        if i in refused:
            facts.update(decision_date=applied + datetime.timedelta(days=3), decision="refused")
            plan.append(facts)
            continue
        if notified:
            appointed = applied + datetime.timedelta(days=1)
        else:
            decided = applied + datetime.timedelta(days=2 + i % 4)
            facts.update(decision_date=decided, decision="granted")
            appointed = decided + datetime.timedelta(days=1)
        closed = appointed + datetime.timedelta(days=40 + i * 11 % 100)
        facts.update(appointment_date=appointed, lawyer=LAWYERS[i % 3], closed_date=closed)
        plan.append(facts)
    # What was recovered: civil and labour cases closed within the year, the last one
    # rounding the year's sum to its figure.
    gaining = [f for f in plan if f.get("closed_date") and f["closed_date"] <= end]
    gaining = [f for f in gaining if f["category"] in ("civil", "labour_arbitration")]
    base = spec.recovered // len(gaining) // 100 * 100
    for j, facts in enumerate(gaining[:-1]):
        facts["recovered"] = Decimal(base + ((j % 5) - 2) * 1500)
    gaining[-1]["recovered"] = Decimal(spec.recovered) - sum(f["recovered"] for f in gaining[:-1])
    return plan


def consultation_plan(spec: Year) -> list[dict]:
    """Mostly one to three people at a time, a 现场活动 now and then; the year's last
    (an event) brings the person-times to the year's figure."""
    modes = ["visit", "phone", "visit", "online", "phone"]
    matters = ["family", "labour", "land_housing", "debt_contract", "tort", "other"]
    times = []
    while sum(times) < spec.consulted - 40:
        n = len(times)
        times.append(18 + n % 7 if n % 25 == 12 else 1 + n % 3)
    times.append(spec.consulted - sum(times))
    plan = []
    for i, people in enumerate(times):
        plan.append(
            {
                "number": f"古咨〔{spec.year}〕{i + 1:03d}号",
                "unit": AID_CENTRE,
                "consulted_date": spread(spec.year, len(times), i),
                "mode": "event" if people > 3 else modes[i % len(modes)],
                "person_times": people,
                "matter": matters[i % len(matters)],
                "receiver": "龙秀英",
            }
        )
    return plan


def notarization_plan(spec: Year) -> list[dict]:
    matters = ["inheritance", "entrustment", "declaration", "kinship", "education", "contract",
               "identity", "marital_status", "gift", "evidence"]  # fmt: skip
    fees = {"inheritance": 400, "contract": 800, "evidence": 600, "gift": 300}
    waived = pick(spec.issued, spec.waived)
    plan = []
    for i in range(spec.issued):
        accepted = spread(spec.year, spec.issued, i, end_day=15)
        matter = matters[i % len(matters)]
        due = Decimal(fees.get(matter, 200))
        facts = {
            "number": f"（{spec.year}）湘古证字第{i + 1:03d}号",
            "unit": NOTARY,
            "applicant": SURNAMES[(i * 5) % len(SURNAMES)] + "某",
            "matter": matter,
            "foreign": matter in ("education", "kinship") and i % 4 == 0,
            "accepted_date": accepted,
            "issued_date": accepted + datetime.timedelta(days=2 + i % 6),
            "fee_due": due,
            "fee_paid": due,
        }
        if i in waived:  # legal-aid recipients free, people in hardship at half the fee
            legal_aid = i % 3 == 0
            facts.update(
                fee_paid=Decimal(0) if legal_aid else due / 2,
                waiver_reason="legal_aid" if legal_aid else "hardship",
            )
        plan.append(facts)
    return plan


def load(today: datetime.date) -> int:
    added = 0
    for spec in YEARS:
        added += import_new("legal_aid", aid_plan(spec))
        added += import_new("consultation", consultation_plan(spec))
        added += import_new("notarization", notarization_plan(spec))
    return added + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)

    def ago(days):
        return today - datetime.timedelta(days=days)

    added = 0
    for serial, name, first17, category, route, migrant, applied, steps in CASES:
        number = f"古援〔{ago(applied).year}〕{serial}号"
        if LegalAidCase.objects.filter(unit=unit, number=number).exists():
            continue
        record = actions.register_case(
            officer, unit=unit, number=number, recipient=name, id_number=_id_number(first17),
            category=category, route=route, migrant_worker=migrant,
            application_date=ago(applied),
        )  # fmt: skip
        for key, step_ago, value in steps:
            if key == "decide":
                inputs = {"decision": value}
            elif key == "appoint":
                inputs = {"lawyer": "湘西古丈律师事务所 李律师"}
            else:
                inputs = {"recovered": Decimal(value)}
            actions.record_step(officer, record, key, ago(step_ago), **inputs)
        added += 1
    for serial, day, mode, times, matter in CONSULTATIONS:
        number = f"古咨〔{ago(day).year}〕{serial}号"
        if Consultation.objects.filter(unit=unit, number=number).exists():
            continue
        actions.register_consultation(
            officer, unit=unit, number=number, consulted_date=ago(day), mode=mode,
            person_times=times, matter=matter, receiver="龙秀英",
        )  # fmt: skip
        added += 1
    for serial, applicant, matter, accepted, issued, due, paid, reason in NOTARIZATIONS:
        number = f"（{ago(accepted).year}）湘古证字第{serial}号"
        if Notarization.objects.filter(unit=unit, number=number).exists():
            continue
        record = actions.register_notarization(
            officer, unit=unit, number=number, applicant=applicant, matter=matter,
            accepted_date=ago(accepted), fee_due=Decimal(due), fee_paid=Decimal(paid),
            waiver_reason=reason,
        )  # fmt: skip
        if issued is not None:
            actions.record_notarization_step(officer, record, "issue", ago(issued))
        added += 1
    return added
