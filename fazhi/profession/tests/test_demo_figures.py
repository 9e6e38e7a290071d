"""Over the demo's records: each dated figure's months from one query are what compute() gives
month by month, and a closed year's figures from the yearly rollups are what the records give."""

import pytest
from django.utils import timezone

from fazhi.core import actions as core_actions
from fazhi.indicators import rollups
from fazhi.indicators.compute import compute, compute_monthly, months_between
from fazhi.indicators.registry import INDICATORS, Period
from fazhi.profession import demo

pytestmark = pytest.mark.django_db
REGISTERS = ("legal_service_org", "legal_practitioner", "practitioner_assessment")
MINE = [key for key, indicator in INDICATORS.items() if indicator.register in REGISTERS]


@pytest.fixture
def loaded(tree):
    today = timezone.localdate()
    demo.load(today)
    return today


def test_every_dated_figure_gives_by_month_what_each_month_gives(loaded, tree):
    dated = [key for key in MINE if INDICATORS[key].by_month]
    assert len(dated) > 20
    first, last = (loaded.year - 1, 1), (loaded.year, loaded.month)
    monthly = compute_monthly(dated, first, last, tree["county"])
    for month in months_between(first, last):
        found = compute(dated, Period.month(*month), tree["county"])
        assert {key: monthly[key][month] for key in dated} == {
            key: figure.value for key, figure in found.items()
        }, month
    assert all(any(monthly[key].values()) for key in dated if not INDICATORS[key].is_part)


def test_a_closed_years_rollups_give_what_the_records_give(loaded, tree, monkeypatch):
    year = loaded.year - 1
    for register in REGISTERS:
        rollups.build(register, [year], today=loaded)
    rolled = compute(MINE, Period.year(year), tree["county"])
    assert rollups.available(Period.year(year), tree["county"], None) is not None
    monkeypatch.setattr(rollups, "available", lambda *args, **kwargs: None)
    live = compute(MINE, Period.year(year), tree["county"])
    assert {k: f.value for k, f in rolled.items()} == {k: f.value for k, f in live.items()}
    assert live["legal_service_org.held"].value == 6
    assert live["legal_service_org.ended"].value == 2
    assert live["legal_practitioner.new"].value == 2


def test_the_demo_county_has_its_lawyers_per_10000(loaded, tree):
    county = tree["county"]
    core_actions.save_unit(
        None,
        code=county.code,
        name=county.name,
        kind=county.kind,
        parent=county.parent,
        population=108798,
    )
    key = "legal_practitioner.per_10000.律师"
    value = compute([key], Period.year(loaded.year - 1), county)[key].value
    assert value is not None and value > 0
