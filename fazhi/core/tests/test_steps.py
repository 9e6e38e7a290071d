"""core.steps: a register's steps, each with its own refusal and effect (pure, no database)."""

import datetime
from types import SimpleNamespace

import pytest

from fazhi.core import steps
from fazhi.core.errors import StepRefused
from fazhi.core.steps import Step

DAY = datetime.date(2024, 3, 5)

_OPEN = steps.requires(lambda record: not record.closed, "已办结")


def _until_filed(record, day):
    return "尚未收文" if day is not None and day < record.received else None


def _note(record, day, *, text="", **_):
    if not text:
        raise StepRefused("请填写内容")
    record.notes.append((day, text))


def _close(record, day, **_):
    record.closed = day


STEPS = steps.by_key(
    Step("note", "记录", ("text",), refusal=steps.first(_OPEN, _until_filed), effect=_note),
    Step("close", "办结", refusal=_OPEN, effect=_close),
)


def make(**facts):
    return SimpleNamespace(**({"closed": None, "received": DAY, "notes": []} | facts))


def test_an_unknown_step_is_refused_by_its_key():
    with pytest.raises(StepRefused, match="^未知的步骤：reopen$"):
        steps.take(STEPS, make(), "reopen", DAY)


def test_a_refused_step_says_which_step_and_why_and_changes_nothing():
    closed = make(closed=DAY)
    with pytest.raises(StepRefused, match="^不能“记录”：已办结$"):
        steps.take(STEPS, closed, "note", DAY, text="x")
    assert closed.notes == []


def test_the_guards_of_a_step_are_asked_in_order():
    early = DAY - datetime.timedelta(days=1)
    with pytest.raises(StepRefused, match="^不能“记录”：尚未收文$"):
        steps.take(STEPS, make(), "note", early, text="x")
    with pytest.raises(StepRefused, match="^不能“记录”：已办结$"):
        steps.take(STEPS, make(closed=DAY), "note", early, text="x")


def test_the_effect_takes_the_step_with_its_inputs():
    open_ = make()
    steps.take(STEPS, open_, "note", DAY, text="来电")
    assert open_.notes == [(DAY, "来电")]
    with pytest.raises(StepRefused, match="请填写内容"):
        steps.take(STEPS, open_, "note", DAY)


def test_the_floor_of_dates_is_asked_after_the_steps_refusal_in_its_own_words():
    def too_early(record, day):
        return "日期早于收文日期" if day < record.received else None

    before = DAY - datetime.timedelta(days=1)
    with pytest.raises(StepRefused, match="^日期早于收文日期$"):
        steps.take(STEPS, make(), "close", before, too_early=too_early)
    with pytest.raises(StepRefused, match="^不能“办结”：已办结$"):
        steps.take(STEPS, make(closed=DAY), "close", before, too_early=too_early)


def test_a_register_of_one_step_may_say_the_refusal_alone():
    with pytest.raises(StepRefused, match="^已办结$"):
        steps.take(STEPS, make(closed=DAY), "close", DAY, wording=steps.ALONE)
    with pytest.raises(StepRefused, match="^未知的步骤：reopen$"):
        steps.take(STEPS, make(), "reopen", DAY, wording=steps.ALONE)
    with pytest.raises(StepRefused, match="^未知的步骤$"):
        steps.take(STEPS, make(), "reopen", DAY, wording=steps.ALONE_UNKEYED)


def test_allowed_steps_keep_the_declared_order_and_ask_only_about_order():
    # day None: the date guard (尚未收文) does not refuse a step from the list.
    assert [s.key for s in steps.allowed(STEPS, make())] == ["note", "close"]
    assert steps.allowed(STEPS, make(closed=DAY)) == []


def test_two_steps_may_not_share_a_key():
    with pytest.raises(ValueError):
        steps.by_key(
            Step("close", "办结", refusal=_OPEN, effect=_close),
            Step("close", "结案", refusal=_OPEN, effect=_close),
        )
