"""The demo's suits: 2024 still prints the reference report's figures, every figure issue 23
added has cases, and one 其他 waits for its 结案方式 — each checked against the records."""

import pytest
from django.utils import timezone

from fazhi.core.models import Unit
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.litigation import demo
from fazhi.litigation.models import LitigationCase
from fazhi.portal.management.commands.demo import DEMO_ACCOUNTS, UNITS_FILE, reset_account
from fazhi.reconsideration import demo as reconsideration_demo

L = "litigation."
PASSWORD = "Kq7!vRw2-Ln9-demo"
# Figures that may be 0 in a demo year: nothing in the demo's story needs them.
MAY_BE_ZERO = {
    f"{L}by_result.变更",
    f"{L}by_result.确认无效",
    f"{L}by_result.给付或赔偿",
    f"{L}by_result.其他",
    f"{L}after_reconsideration.判决",
    f"{L}after_reconsideration.撤诉",
    f"{L}after_reconsideration.调解",
    f"{L}after_reconsideration.待确定",
    f"{L}concluded.待确定",
}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_county(db):
    today = timezone.localdate()
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
    for account in DEMO_ACCOUNTS:
        reset_account(account, PASSWORD)
    reconsideration_demo.load(today)
    demo.load(today)
    return Unit.objects.get(code=demo.COUNTY)


def values(unit, period) -> dict:
    keys = [k for k in INDICATORS if k.startswith(L)]
    return {
        key: (f.numerator, f.denominator) if f.indicator.is_rate else f.value
        for key, f in compute(keys, period, unit).items()
    }


def test_2024_keeps_the_reference_figures_and_every_new_figure_has_cases(demo_county):
    found = values(demo_county, Period.year(2024))
    assert (found[f"{L}handled"], found[f"{L}concluded"], found[f"{L}lost"]) == (63, 54, 12)
    zero = {k for k, v in found.items() if v in (0, (0, 0)) or (isinstance(v, tuple) and not v[0])}
    assert zero <= MAY_BE_ZERO, zero - MAY_BE_ZERO
    # "已判决的34件中有12件败诉": 54 concluded, 34 of them judgments.
    assert [found[f"{L}concluded.{m}"] for m in ("判决", "裁定", "撤诉", "调解")] == [34, 8, 10, 2]
    assert (found[f"{L}judged"], found[f"{L}won"], found[f"{L}judged_lost"]) == (34, 22, 12)
    # "其中1件被法院裁定驳回原告起诉，另2件暂未审结".
    after = {k: v for k, v in found.items() if k.startswith(f"{L}after_reconsideration.") and v}
    assert after == {f"{L}after_reconsideration.裁定": 1, f"{L}after_reconsideration.pending": 2}
    # Counted again from the records, by hand.
    received = LitigationCase.objects.filter(unit=demo_county, notice_received_date__year=2024)
    assert found[f"{L}by_instance.二审"] == received.filter(instance="second").count()
    assert found[f"{L}joint_defence"] == received.filter(joint_defence=True).count()
    assert found[f"{L}normative_review"] == received.filter(normative_review=True).count()
    heard = LitigationCase.objects.filter(unit=demo_county, hearing_date__year=2024)
    spoke = heard.filter(head_appeared=True, head_spoke=True).count()
    assert found[f"{L}head_spoke_rate"] == (spoke, heard.count())


def test_one_recent_other_waits_for_its_closing_method(demo_county):
    waiting = LitigationCase.objects.filter(judgment="other", closing_method="")
    assert [c.number.endswith(f"行初{demo.UNRESOLVED_SERIAL}号") for c in waiting] == [True]
    case = waiting.get()
    found = values(demo_county, Period.year(case.concluded_date.year))
    assert found[f"{L}concluded.待确定"] == 1
    # Loading again adds nothing and leaves it waiting.
    assert demo.load(timezone.localdate()) == 0
    assert LitigationCase.objects.filter(judgment="other", closing_method="").count() == 1
