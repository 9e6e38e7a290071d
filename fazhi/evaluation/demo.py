"""Demo 评议考核 for `manage.py demo`: last year's scheme of 古丈县司法局 (the default items) and
the results of its departments 433126-E01 … E20, their data items computed from the other
registers' demo records (loaded before this one: INSTALLED_APPS), a few deductions by hand with
their reasons (one department falls to 不合格), all confirmed. Re-running adds nothing."""

import datetime

from fazhi.core.models import Unit, User

from . import actions, rules
from .models import EnforcementEvaluation

COUNTY = "433126"
OFFICER = "fazhi"

# department, item 序号 (rules.DEFAULT_ITEMS), points, reason
DEDUCTIONS = [
    ("433126-E03", 9, "3", "抽查行政处罚决定5件，3件未在7个工作日内公示。"),
    ("433126-E05", 9, "1.5", "执法文书送达回证填写不规范，2件缺少送达人签名。"),
    ("433126-E07", 9, "2", "行政执法全过程记录不完整，2起现场检查无音像记录。"),
    ("433126-E12", 6, "2", "抽查涉企检查记录，1次检查仅有1名持证执法人员参加。"),
    ("433126-E12", 9, "12", "未建立行政执法公示、全过程记录和重大执法决定法制审核制度。"),
    ("433126-E12", 8, "8", "法治督察发现的4个问题逾期未整改。"),
    ("433126-E18", 7, "5", "未按期公开上年度行政执法数据。"),
]
UNDECIDED = "该项暂无数据来源，经人工核查未发现应扣分情形。"


def load(today: datetime.date) -> int:
    bureau = Unit.objects.get(code=COUNTY)
    officer = User.objects.get(username=OFFICER)
    year = today.year - 1
    if EnforcementEvaluation.objects.filter(unit=bureau, year=year).exists():
        return 0
    if actions.scheme_of(bureau, year) is None:
        actions.set_scheme(
            officer,
            unit=bureau,
            year=year,
            items=list(rules.DEFAULT_ITEMS),
            thresholds=rules.DEFAULT_THRESHOLDS,
        )
    held = datetime.date(year, 12, 28)
    added = actions.generate(officer, unit=bureau, year=year, day=held)
    results = {
        r.evaluated_unit_code: r
        for r in EnforcementEvaluation.objects.filter(unit=bureau, year=year)
    }
    for code, item_no, points, reason in DEDUCTIONS:
        if code in results:
            actions.add_deduction(
                officer, results[code], item_no=item_no, points=points, reason=reason
            )
    # A data item no register gives a value for yet is judged by hand: where the demo says
    # nothing of it, it found nothing to deduct (confirmation asks for that decision).
    for record in EnforcementEvaluation.objects.filter(unit=bureau, year=year):
        for item in rules.undecided_items(record):
            actions.add_deduction(officer, record, item_no=item["no"], points="0", reason=UNDECIDED)
    actions.confirm(officer, list(results.values()), datetime.date(year, 12, 30))
    return added
