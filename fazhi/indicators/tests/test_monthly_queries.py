"""compute_monthly's query count: a family is one query for all its months. Apart from
test_monthly.py, whose tests share one loaded demo (conftest.demo_once): this one builds its
own small tree."""

from fazhi.indicators.compute import compute_monthly, months_between

FIRST, LAST = (2025, 1), (2026, 12)


def test_a_family_is_one_query_for_all_its_months(tree, django_assert_num_queries):
    keys = ["reconsideration.received", "reconsideration.by_act_type.行政处罚"]
    with django_assert_num_queries(1):
        found = compute_monthly(keys, FIRST, LAST, tree["county"])
    assert all(found[key] == dict.fromkeys(months_between(FIRST, LAST), 0) for key in keys)
