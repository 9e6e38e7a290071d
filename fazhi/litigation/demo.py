"""Demo suits for `manage.py demo`.

First three past years (2023–2025), written through the importer, such that 2024 holds the
reference report's figures: 63 handled (6 carried over from 2023 and 57 received), 54
concluded, 12 of them lost (败诉率 22%); the three suits after 2024's reconsideration cases
(reconsideration/demo.py, which runs first) are one 裁定驳回起诉 that year and two concluded
only in 2025.

Then suits counted back from today, two of them after a recent demo reconsideration case, the
same way as that register: through the actions. Numbers already there are skipped.

The facts the statistics ask since issue 23 are spread over the years so that each figure has
cases: 二审 and 再审, 共同应诉 (each suit after a reconsideration that upheld the act names the
respondent beside the reconsideration organ, 行政诉讼法第二十六条第二款), 规范性文件附带审查, and
heads who spoke in court. 2024's 54 concluded suits are 34 judgments, 8 裁定驳回起诉 (one after a
reconsideration), 10 撤诉 and 2 调解: "已判决的34件中有12件败诉". One recent suit concluded with
裁判结果 其他 is left without a 结案方式, as migration 0006 leaves such a record, for an officer
to resolve.
"""

import datetime
import random

from fazhi.core.models import Unit, User
from fazhi.core.writes import records_written
from fazhi.imports.demo_records import import_new, spread
from fazhi.reconsideration.demo import sued_numbers

from . import actions
from .models import LitigationCase

COUNTY = "433126"
OFFICER = "fuyi"
COURT = "吉首市人民法院"

# serial, plaintiff, defendant, received (days ago), linked reconsideration serial, steps
CASES = [
    (
        "12",
        "李某",
        "古丈县人民政府",
        215,
        "2",
        [
            ("defence", 205, {}),
            ("hearing", 160, {"head_appeared": True, "head_name": "彭某", "head_title": "副县长"}),
            ("conclude", 120, {"judgment": "claims_dismissed"}),
        ],
    ),
    (
        "18",
        "王某",
        "古丈县自然资源局",
        190,
        None,
        [("defence", 180, {}), ("hearing", 140, {}), ("conclude", 90, {"judgment": "revoked"})],
    ),
    (
        "23",
        "周某",
        "古丈县公安局",
        150,
        None,
        [("defence", 141, {}), ("conclude", 100, {"judgment": "withdrawn"})],
    ),
    (
        "31",
        "龙某",
        "古丈县城市管理和综合执法局",
        70,
        "6",
        [
            ("defence", 60, {}),
            ("hearing", 20, {"head_appeared": True, "head_name": "田某", "head_title": "局长"}),
        ],
    ),
    ("40", "刘某", "古丈县市场监督管理局", 12, None, []),
    ("41", "陈某", "古丈县农业农村局", 3, None, []),
    # Moved to another court (移送): 裁判结果 其他, its 结案方式 left for an officer to say.
    (
        "27",
        "石某",
        "古丈县林业局",
        110,
        None,
        [("defence", 100, {}), ("conclude", 40, {"judgment": "other", "closing_method": "ruling"})],
    ),
]
# The recent suit left as migration 0006 leaves a 其他 concluded before 结案方式 was kept.
UNRESOLVED_SERIAL = "27"


DEFENDANTS = [
    ("古丈县公安局", "penalty"), ("古丈县自然资源局", "licensing"),
    ("古丈县市场监督管理局", "penalty"), ("古丈县人民政府", "expropriation"),
    ("古丈县城市管理和综合执法局", "coercion"), ("古丈县人力资源和社会保障局", "confirmation"),
    ("古丈县住房和城乡建设局", "agreement"), ("古丈县林业局", "penalty"),
    ("古阳镇人民政府", "inaction"), ("古丈县农业农村局", "information"),
]  # fmt: skip
PLAINTIFFS = "张李王刘陈杨黄赵周吴向彭田龙石麻滕符梁"
LOST = ["revoked"] * 6 + ["confirmed_illegal"] * 3 + ["ordered"] * 2 + ["partly_revoked"]
# 裁判结果 of the suits concluded in each year, not counting the suit after a reconsideration
# that is concluded by 裁定驳回起诉 in 2024.
CONCLUDED = {
    2023: ["revoked"] * 5 + ["confirmed_illegal"] * 2 + ["suit_dismissed"] * 7
    + ["withdrawn"] * 9 + ["claims_dismissed"] * 19 + ["mediated"] * 2,
    # 54 = these 53 + that one; 12 lost of 54.
    2024: LOST + ["suit_dismissed"] * 7 + ["withdrawn"] * 10 + ["claims_dismissed"] * 22
    + ["mediated"] * 2,
    2025: ["revoked"] * 6 + ["confirmed_illegal"] * 2 + ["compensation"] + ["suit_dismissed"] * 8
    + ["withdrawn"] * 11 + ["claims_dismissed"] * 34 + ["mediated"] * 2,
}  # fmt: skip
CARRIED = {2023: 6, 2024: 7}  # received late in the year, concluded the next
NOT_HEARD = ("withdrawn", "suit_dismissed")


def fixed_number(year: int, serial: int) -> str:
    # Three digits from 101: the suits counted back from today keep their short numbers.
    return f"（{year}）湘3101行初{100 + serial}号"


def year_plan(year: int) -> list[dict]:
    """The suits received in `year` (not those after a reconsideration, see linked_plan).
    Each year concludes the suits carried over from the year before first."""
    results = list(CONCLUDED[year])
    random.Random(year).shuffle(results)
    results = results[CARRIED.get(year - 1, 0) :]  # the rest went to last year's carried ones
    carried = CARRIED.get(year, 0)
    following = list(CONCLUDED.get(year + 1, []))
    random.Random(year + 1).shuffle(following)
    total = len(results) + carried
    plan = []
    for i in range(total):
        received = spread(year, total, i, last=12 if carried else 9)
        if i < len(results):
            concluded = min(received + datetime.timedelta(days=35 + i % 60), _late(year))
            result = results[i]
        else:  # carried over: concluded early the next year
            concluded = datetime.date(year + 1, 2, 1) + datetime.timedelta(days=9 * (total - i))
            result = following[i - len(results)]
        defendant, act_type = DEFENDANTS[(i * 3 + year) % len(DEFENDANTS)]
        plan.append(
            _suit(fixed_number(year, i + 1), received, concluded, result, defendant, act_type, i)
        )
    return plan


def _late(year: int) -> datetime.date:
    return datetime.date(year, 12, 20)


# How the suits after a year's reconsideration cases end: (裁判结果, 审结日期 from receipt).
# 2024's: one 裁定驳回起诉 that year, two concluded only in 2025 (the reference report's
# 另2件暂未审结). The other years' end within the year, so 2024 counts none of them.
LINKED_FATES = {
    2023: [("claims_dismissed", 45), ("withdrawn", 30), ("claims_dismissed", 50),
           ("suit_dismissed", 25)],
    2024: [("suit_dismissed", 40), ("claims_dismissed", datetime.date(2025, 3, 18)),
           ("claims_dismissed", datetime.date(2025, 5, 27))],
    2025: [("claims_dismissed", 45), ("revoked", 60), ("withdrawn", 30)],
}  # fmt: skip


def linked_plan(year: int) -> list[dict]:
    """Suits after `year`'s reconsideration cases (reconsideration/demo.py marks them sued),
    received a fortnight after the decision, the applicant suing the reconsideration organ."""
    from fazhi.reconsideration.models import ReconsiderationCase

    numbers = sued_numbers(year)
    cases = ReconsiderationCase.objects.filter(unit__code=COUNTY, number__in=numbers)
    found = {case.number: case for case in cases}
    plan = []
    for n, (number, (result, end)) in enumerate(zip(numbers, LINKED_FATES[year], strict=True)):
        case = found[number]
        received = case.closed_date + datetime.timedelta(days=15)
        if isinstance(end, int):
            end = received + datetime.timedelta(days=end)
        if year != 2024 and end.year != year:
            raise ValueError(f"{number}: its suit would reach into {end.year}")
        suit = _suit(fixed_number(year, 80 + n), received, end, result, "古丈县人民政府",
                     case.act_type, n)  # fmt: skip
        suit.update(plaintiff=case.applicant, reconsideration_number=number)
        if case.outcome == "upheld":
            # 复议维持: the organ that acted and the reconsideration organ are sued together.
            suit.update(joint_defence=True, defendant=f"古丈县人民政府、{case.respondent}")
        plan.append(suit)
    return plan


def _suit(number, received, concluded, result, defendant, act_type, i) -> dict:
    suit = {
        "number": number,
        "unit": COUNTY,
        "plaintiff": PLAINTIFFS[(i * 7 + received.month) % len(PLAINTIFFS)] + "某",
        "defendant": defendant,
        "act_type": act_type,
        "instance": _instance(i),
        "court": COURT,
        "notice_received_date": received,
        "concluded_date": concluded,
        "judgment": result,
        # The plaintiff asked the court to review the normative document applied (第五十三条).
        "normative_review": i % 13 == 6,
    }
    if result not in NOT_HEARD:
        heard = max(concluded - datetime.timedelta(days=20), received)
        suit.update(hearing_held=True, hearing_date=heard)
        if i % 3:  # the agency's head in court (负责人出庭应诉), in two suits of three
            suit.update(head_appeared=True, head_name="彭某", head_title="副县长")
            # ... and spoke there (出庭且出声), in three of four of those
            suit.update(head_spoke=i % 4 != 1)
    return suit


def _instance(i: int) -> str:
    """Most suits the bureau answers are at first instance; some appeals, a rare retrial."""
    if i % 31 == 17:
        return "retrial"
    return "second" if i % 11 == 5 else "first"


def load(today: datetime.date) -> int:
    plan = [suit for year in CONCLUDED for suit in year_plan(year) + linked_plan(year)]
    return import_new("litigation", plan) + _load_recent(today)


def _load_recent(today: datetime.date) -> int:
    unit = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    added = 0
    for serial, plaintiff, defendant, received_ago, linked, steps in CASES:
        received = today - datetime.timedelta(days=received_ago)
        number = f"（{received.year}）湘3101行初{serial}号"
        if LitigationCase.objects.filter(unit=unit, number=number).exists():
            continue
        link = ""
        if linked:
            link_received = today - datetime.timedelta(days=_received_ago(linked))
            link = f"古政复〔{link_received.year}〕{linked}号"
        case = actions.register_case(
            officer,
            unit=unit,
            number=number,
            plaintiff=plaintiff,
            defendant=defendant,
            act_type="penalty",
            instance="first",
            court=COURT,
            notice_received_date=received,
            reconsideration_number=link,
        )
        for step, ago, inputs in steps:
            actions.record_step(officer, case, step, today - datetime.timedelta(days=ago), **inputs)
        if serial == UNRESOLVED_SERIAL:
            _as_before_closing_method(case)
        added += 1
    return added


def _as_before_closing_method(case: LitigationCase) -> None:
    """The state a 其他 concluded before 结案方式 was kept is in after migration 0006: no
    结案方式, waiting for an officer (the list's 仅看结案方式待确定; the edit page resolves it).
    No write path makes that state any more, so the demo sets it as the migration does."""
    LitigationCase.objects.filter(pk=case.pk).update(closing_method="")
    records_written.send("litigation", unit_ids={case.unit_id})


def _received_ago(serial: str) -> int:
    from fazhi.reconsideration.demo import CASES as RECONSIDERATION_CASES

    return next(case[4] for case in RECONSIDERATION_CASES if case[0] == serial)
