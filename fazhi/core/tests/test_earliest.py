"""workdays.earliest: the one rule for the deadline a case is due by now (the board's due date,
each register's current_deadline)."""

from datetime import date

from fazhi.core.workdays import Deadline, earliest

REPLY = Deadline(date(2025, 3, 10), "第四十八条", "答复期限")
DECISION = Deadline(date(2025, 5, 6), "第六十二条", "审理期限")
AWAITING = Deadline(None, "第四十八条", "答复期限", awaiting="送达")
UNKNOWN = Deadline(None, "第六十二条", "审理期限", problem="2099 年的节假日安排尚未录入")


def test_nothing_running_is_due_by_nothing():
    assert earliest([]) is None
    assert earliest([None, None]) is None


def test_the_earliest_dated_deadline_whatever_the_order():
    assert earliest([DECISION, REPLY]) is REPLY
    assert earliest([REPLY, DECISION]) is REPLY


def test_deadlines_that_do_not_apply_are_ignored():
    assert earliest([None, DECISION, None]) is DECISION


def test_a_dated_deadline_comes_before_one_without_a_date():
    assert earliest([AWAITING, DECISION]) is DECISION
    assert earliest([UNKNOWN, None, REPLY]) is REPLY


def test_without_any_date_the_first_undated_deadline():
    assert earliest([None, AWAITING, UNKNOWN]) is AWAITING
    assert earliest([UNKNOWN, AWAITING]) is UNKNOWN


def test_on_the_same_day_the_first_given():
    same_day = Deadline(REPLY.date, "第六十二条", "审理期限")
    assert earliest([REPLY, same_day]) is REPLY
    assert earliest([same_day, REPLY]) is same_day


def test_any_iterable_is_read_once():
    assert earliest(found for found in (None, DECISION, REPLY)) is REPLY
