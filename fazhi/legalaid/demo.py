"""Demo legal-aid cases, consultations and notarizations for `manage.py demo`: finished ones
over the past year and open ones whose deadlines fall around today. Dates count back from
today; records go through the officer's actions. Re-running adds nothing: numbers already
there are skipped.
"""

import datetime
from decimal import Decimal

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User

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


def load(today: datetime.date) -> int:
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
