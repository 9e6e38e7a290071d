"""compute_monthly gives every dated figure, month by month, exactly what compute() gives for
each month — over the demo's records, some moved onto a month's first or last day and one month
emptied, for readers who see all of a subtree or only part of it — in one query per family."""

import datetime

import pytest
from django.db.models import DateField, F

from fazhi.core.models import Unit, User
from fazhi.indicators.compute import compute, compute_monthly, months_between
from fazhi.indicators.registry import INDICATORS, Period

FIRST, LAST = (2025, 1), (2026, 12)  # a dashboard's two years
EMPTIED = Period.month(2025, 8)  # its records move onto the last day of July: a month with none
DATED = [key for key, indicator in INDICATORS.items() if indicator.by_month]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def demo(demo_once, db):
    return Unit.objects.get(code="433126")


def base_records(indicator):
    """The records a dated figure is counted from, before the reader's restriction."""
    return indicator.group.records if indicator.group is not None else indicator.records


def datings() -> list:
    """One dated figure per (records, date): moving its records moves its family's."""
    found = {}
    for key in DATED:
        indicator = INDICATORS[key]
        found.setdefault((base_records(indicator), str(indicator.dating)), indicator)
    return list(found.values())


def date_field(record, dating) -> str:
    """The field holding a record's date: the declared one, or the field an expression picked."""
    if isinstance(dating, str):
        return dating
    fields = [f.name for f in record._meta.concrete_fields if type(f) is DateField]
    return next(name for name in fields if getattr(record, name) == record.dated_on)


def put_on_month_edges(indicator, units):
    """Every record a figure counts in EMPTIED onto the month before's last day; one record of
    the year onto the first day of its month, and one onto the last day of the month before
    its own. All move earlier, so a case's receipt stays before its conclusion (which
    litigation.received relies on)."""
    dating = indicator.dating
    date = F(dating) if isinstance(dating, str) else dating

    def dated(period):
        records = base_records(indicator)(period, units).annotate(dated_on=date)
        return records.filter(dated_on__range=(period.start, period.end)).order_by("pk")

    moves = [(record, EMPTIED.start - DAY) for record in dated(EMPTIED)]
    # Not January (its month before is outside the two years), nor the emptied month or the next.
    first, last = dated(Period.year(EMPTIED.start.year)).exclude(dated_on__month__in=(1, 8, 9))[:2]
    moves += [
        (first, first.dated_on.replace(day=1)),
        (last, last.dated_on.replace(day=1) - DAY),
    ]
    for record, day in moves:
        moved = record._meta.model.objects.filter(pk=record.pk)
        moved.update(**{date_field(record, dating): day})
        assert moved.annotate(dated_on=date).get().dated_on == day


def month_by_month(keys, unit, user) -> dict:
    values = {key: {} for key in keys}
    for month in months_between(FIRST, LAST):
        for key, figure in compute(keys, Period.month(*month), unit, user=user).items():
            values[key][month] = figure.value
    return values


def test_months_between():
    assert months_between((2025, 11), (2026, 2)) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    assert months_between((2025, 1), (2025, 1)) == [(2025, 1)]
    assert months_between((2025, 2), (2025, 1)) == []


def test_every_dated_figure_gives_the_months_compute_gives(demo):
    county = demo
    units = Unit.objects.subtree(county)
    for indicator in datings():
        put_on_month_edges(indicator, units)
    readers = [None, *User.objects.filter(username__in=("leader", "guyang", "tiaoweihui"))]
    assert len(readers) == 4  # the whole subtree; a 司法所's two registers; one committee
    for user in readers:
        monthly = compute_monthly(DATED, FIRST, LAST, county, user=user)
        expected = month_by_month(DATED, county, user)
        differing = {
            (key, month): (monthly[key][month], value)
            for key in DATED
            for month, value in expected[key].items()
            if monthly[key].get(month) != value or type(monthly[key][month]) is not type(value)
        }
        assert not differing, user
        assert all(set(monthly[key]) == set(expected[key]) for key in DATED)
    # The data does what the test is for: every dated whole has records, none in EMPTIED.
    whole = compute_monthly(DATED, FIRST, LAST, county)
    emptied = (EMPTIED.start.year, EMPTIED.start.month)
    assert all(whole[key][emptied] == 0 for key in DATED)
    assert all(any(whole[key].values()) for key in DATED if not INDICATORS[key].is_part)


def test_an_undated_figure_is_computed_month_by_month(demo):
    # 在册 is a stock, judged on each month's last day: no grouped query can give it.
    key = "corrections.registered"
    assert INDICATORS[key].dating is None and not INDICATORS[key].by_month
    found = compute_monthly([key], FIRST, LAST, demo)
    assert found[key] == month_by_month([key], demo, None)[key]
    assert len(set(found[key].values())) > 1


def test_no_month_gives_nothing(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        found = compute_monthly(["mediation.received"], (2025, 2), (2025, 1), tree["county"])
    assert found == {"mediation.received": {}}
