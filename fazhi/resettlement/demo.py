"""Demo 安置帮教对象 for `manage.py demo`.

Seven years of people released from prison (2019–2025) or from corrections (2021–2025) across
the county's 司法所, written through the importer, such that on 2024-12-31 exactly 731 are on
the register, 33 of them 重点帮教对象 (the reference report's figures); some reoffended, moved
away or died, and those whose 帮教期 has run out are 期满解除. Then a few released lately,
counted back from today (under a year, so never in 2024), through the officer's actions.
Re-running adds nothing: numbers already there are skipped.
"""

import datetime

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import OFFICES, id_number, import_new, pick, spread

from . import actions, rules
from .models import ResettlementSubject

COUNTY = "433126"
OFFICER = "jiaozheng"  # the county's 社区矫正 and 安置帮教 officer (core's demo accounts)
REPORT_DAY = datetime.date(2024, 12, 31)
REGISTERED_2024, KEY_2024 = 731, 33
# Releases a year; the 2024 prison releases are computed so that the register holds 731.
PRISON = {2019: 110, 2020: 110, 2021: 115, 2022: 120, 2023: 125, 2025: 128}
CORRECTIONS = {2021: 38, 2022: 40, 2023: 45, 2024: 50, 2025: 52}
SURNAMES = "向彭田龙张石王李杨吴刘黄周胡梁符麻滕"
TOWNS = ["古阳镇", "默戎镇", "断龙山镇", "红石林镇", "岩头寨镇", "坪坝镇", "高峰镇"]
OFFENCES = [
    ("盗窃罪", "有期徒刑二年"), ("故意伤害罪", "有期徒刑三年"), ("诈骗罪", "有期徒刑二年六个月"),
    ("危险驾驶罪", "拘役四个月"), ("贩卖毒品罪", "有期徒刑七年"), ("抢劫罪", "有期徒刑五年"),
    ("交通肇事罪", "有期徒刑一年六个月"), ("非法采矿罪", "有期徒刑一年"),
]  # fmt: skip
PLACEMENTS = ["employed"] * 6 + ["self_employed"] * 2 + ["subsistence", "other", "not_placed"]


def _subject(year: int, kind: str, n: int, i: int, serial: int, today) -> dict:
    released = spread(year, n, i)
    offence, sentence = OFFENCES[serial % len(OFFENCES)]
    if kind == "corrections_ended":
        sentence = f"{sentence}，缓刑{'二' if serial % 2 else '三'}年"
    facts = {
        "number": f"古帮〔{year}〕{'J' if kind == 'corrections_ended' else 'X'}{i + 1:03d}号",
        "unit": OFFICES[serial % len(OFFICES)],
        "name": SURNAMES[serial % len(SURNAMES)] + ("某某" if serial % 3 else "某"),
        "id_number": id_number(
            datetime.date(1962, 1, 1) + datetime.timedelta(days=serial * 131 % 14600), serial
        ),
        "address": f"古丈县{TOWNS[serial % len(TOWNS)]}某某村{serial % 9 + 1}组",
        "kind": kind,
        "release_date": released,
        "original_offence": offence,
        "original_sentence": sentence,
        "key_subject": False,
        "escorted": False,
        "placement": PLACEMENTS[serial % len(PLACEMENTS)],
        "helper": "司法所 帮教小组",
        "archive_complete": serial % 19 != 0,
        "status": "registered",
    }
    # A few leave the register early; an end still to come is not recorded yet.
    ended = released + datetime.timedelta(days=200 + serial % 400)
    for status, every, offset in (("reoffended", 41, 3), ("moved_away", 53, 7), ("died", 211, 11)):
        if serial % every == offset and ended < today:
            facts.update(status=status, ended_date=ended)
    period_end = rules.add_years(released, rules.DEFAULT_YEARS[kind])
    if facts["status"] == "registered" and period_end < today:
        facts["status"] = "period_ended"
    return facts


def _registered_on(facts: dict, day: datetime.date) -> bool:
    end = rules.add_years(facts["release_date"], rules.DEFAULT_YEARS[facts["kind"]])
    ended = facts.get("ended_date")
    return facts["release_date"] <= day <= end and (ended is None or ended > day)


def plan(today: datetime.date) -> list[dict]:
    batches = [(year, "prison_release", n) for year, n in PRISON.items()]
    batches += [(year, "corrections_ended", n) for year, n in CORRECTIONS.items()]
    serial = 0
    subjects = []
    for year, kind, n in batches:
        for i in range(n):
            serial += 1
            subjects.append(_subject(year, kind, n, i, serial, today))
    # Every 2024 release is still on the register at the year's end (any end comes later).
    missing = REGISTERED_2024 - sum(_registered_on(s, REPORT_DAY) for s in subjects)
    for i in range(missing):
        serial += 1
        subjects.append(_subject(2024, "prison_release", missing, i, serial, today))
    on_register = [s for s in subjects if _registered_on(s, REPORT_DAY)]
    for n in pick(len(on_register), KEY_2024):
        on_register[n]["key_subject"] = True
    for n, facts in enumerate(subjects):
        if not _registered_on(facts, REPORT_DAY) and n % 23 == 0:
            facts["key_subject"] = True
        if facts["key_subject"] and facts["kind"] == "prison_release":
            # 必接必送: collected at the prison gate, the handover arranged the day before.
            facts["escorted"] = True
            facts["handover_date"] = facts["release_date"] - datetime.timedelta(days=1)
    return subjects


def _id_number(first17: str) -> str:
    return first17 + id_number_check_digit(first17)


# serial, unit, 姓名, first 17 digits of the ID, 类型, released (days ago), 原罪名, 原判刑期,
# 重点, 必接必送, 安置情况, 档案完整, 状态, ended (days ago)
SUBJECTS = [
    ("1", "433126-S01", "向某某", "43312619850312003", "prison_release", 330, "盗窃罪",
     "有期徒刑三年", True, True, "employed", True, "registered", None),
    ("2", "433126-S01", "彭某", "43312619900607005", "corrections_ended", 200, "危险驾驶罪",
     "拘役四个月，缓刑六个月", False, False, "self_employed", True, "registered", None),
    ("3", "433126-S02", "田某某", "43312619780115007", "prison_release", 90, "故意伤害罪",
     "有期徒刑五年", True, True, "not_placed", False, "registered", None),
    ("4", "433126-S02", "龙某", "43312619921130009", "prison_release", 30, "诈骗罪",
     "有期徒刑二年", True, False, "", False, "registered", None),
]  # fmt: skip


def load(today: datetime.date) -> int:
    return import_new("resettlement_subject", plan(today)) + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    officer = User.objects.get(username=OFFICER)
    units = Unit.objects.in_bulk([row[1] for row in SUBJECTS], field_name="code")

    def ago(days):
        return today - datetime.timedelta(days=days)

    added = 0
    for (serial, code, name, first17, kind, released, offence, sentence, key, escorted,
         placement, archived, status, ended) in SUBJECTS:  # fmt: skip
        number = f"古帮〔{ago(released).year}〕{serial}号"
        if ResettlementSubject.objects.filter(unit=units[code], number=number).exists():
            continue
        actions.register_subject(
            officer, unit=units[code], number=number, name=name,
            id_number=_id_number(first17), address="古丈县古阳镇", kind=kind,
            release_date=ago(released), original_offence=offence, original_sentence=sentence,
            key_subject=key, escorted=escorted,
            handover_date=ago(released + 1) if escorted else None, placement=placement,
            helper="司法所 帮教小组", archive_complete=archived, status=status,
            ended_date=ago(ended) if ended is not None else None,
        )  # fmt: skip
        added += 1
    return added
