"""Demo 安置帮教对象 for `manage.py demo`: people released from prison or from corrections over
the past years, in the county and two 司法所, some still on the register, one whose 帮教期 is
over, one who reoffended. Dates count back from today; records go through the officer's
actions. Re-running adds nothing: numbers already there are skipped.
"""

import datetime

from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.models import Unit, User

from . import actions
from .models import ResettlementSubject

COUNTY = "433126"
OFFICER = "jiaozheng"  # the county's 社区矫正 and 安置帮教 officer (core's demo accounts)


def _id_number(first17: str) -> str:
    return first17 + id_number_check_digit(first17)


# serial, unit, 姓名, first 17 digits of the ID, 类型, released (days ago), 原罪名, 原判刑期,
# 重点, 必接必送, 安置情况, 档案完整, 状态, ended (days ago)
SUBJECTS = [
    ("1", "433126-S01", "向某某", "43312619850312003", "prison_release", 400, "盗窃罪",
     "有期徒刑三年", True, True, "employed", True, "registered", None),
    ("2", "433126-S01", "彭某", "43312619900607005", "corrections_ended", 200, "危险驾驶罪",
     "拘役四个月，缓刑六个月", False, False, "self_employed", True, "registered", None),
    ("3", "433126-S02", "田某某", "43312619780115007", "prison_release", 90, "故意伤害罪",
     "有期徒刑五年", True, True, "not_placed", False, "registered", None),
    ("4", "433126-S02", "龙某", "43312619921130009", "prison_release", 30, "诈骗罪",
     "有期徒刑二年", True, False, "", False, "registered", None),
    ("5", COUNTY, "石某", "43312619700520001", "corrections_ended", 1300, "非法采矿罪",
     "有期徒刑一年，缓刑二年", False, False, "subsistence", True, "period_ended", None),
    ("6", "433126-S01", "张某", "43312619880808011", "prison_release", 700, "抢劫罪",
     "有期徒刑六年", True, True, "other", True, "reoffended", 60),
]  # fmt: skip


def load(today: datetime.date) -> int:
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
