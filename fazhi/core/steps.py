"""What every register with a procedure shares: its steps. A register's rules declare each
Step once, with its precondition (`refusal`) and what it does (`effect`); this module builds
the register's STEPS from them, lists the steps allowed now and takes one, refusing a step out
of the law's order with core.errors.StepRefused. When each step is allowed, and what it
changes, are the register's rules.

A refusal is a pure function `(record, day) -> str | None`: why the step cannot be taken now,
None when it can; `day` None asks only about the order (the list of allowed steps), a day
also about the date. Guards several steps share are named refusals, composed with `first`.
"""

import datetime
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any

from .errors import StepRefused

Refusal = Callable[[Any, datetime.date | None], str | None]
# (record, day, **inputs) -> None: takes the step in place; StepRefused for a bad input.
Effect = Callable[..., None]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    needs: tuple[str, ...] = ()  # inputs the step takes besides its date
    _: KW_ONLY
    refusal: Refusal
    effect: Effect


@dataclass(frozen=True)
class Wording:
    """How `take` words its refusals (str.format templates)."""

    unknown: str = "未知的步骤：{key}"
    refused: str = "不能“{label}”：{refusal}"


NAMED = Wording()
# The registers of one step (公证's 出具公证书, 案卷评查's 整改完成, 人民调解's 调解不成结案)
# have always said the refusal alone, without the step's name; the last two also an unknown
# step without its key.
ALONE = Wording(refused="{refusal}")
ALONE_UNKEYED = Wording(unknown="未知的步骤", refused="{refusal}")


def by_key(*steps: Step) -> dict[str, Step]:
    """A register's STEPS: its steps by key, in the order of the procedure as given."""
    found = {step.key: step for step in steps}
    if len(found) != len(steps):
        raise ValueError(f"两个步骤用了同一个键：{[step.key for step in steps]}")
    return found


def first(*refusals: Refusal) -> Refusal:
    """One refusal of several guards, asked in order: the first that refuses says why."""

    def refusal(record, day: datetime.date | None) -> str | None:
        for guard in refusals:
            found = guard(record, day)
            if found is not None:
                return found
        return None

    return refusal


def requires(condition: Callable[[Any], bool], message: str) -> Refusal:
    """A guard on the record's facts alone (whatever the day): `message` unless `condition`."""

    def refusal(record, day: datetime.date | None) -> str | None:
        return None if condition(record) else message

    return refusal


def allowed(steps: dict[str, Step], record) -> list[Step]:
    """The steps the record allows now, in the order of the procedure."""
    return [step for step in steps.values() if step.refusal(record, None) is None]


def take(
    steps: dict[str, Step],
    record,
    key: str,
    day: datetime.date,
    /,
    *,
    too_early: Refusal | None = None,
    wording: Wording = NAMED,
    **inputs,
) -> None:
    """Take step `key` on `record` on `day`, in place, or raise StepRefused: an unknown key,
    a step its refusal forbids now, a day `too_early` refuses (the register's floor of dates,
    asked after the step's own refusal and said in its own words), or a bad input (the
    effect's). `inputs` go to the effect."""
    step = steps.get(key)
    if step is None:
        raise StepRefused(wording.unknown.format(key=key))
    refusal = step.refusal(record, day)
    if refusal:
        raise StepRefused(wording.refused.format(label=step.label, refusal=refusal))
    early = too_early(record, day) if too_early is not None else None
    if early:
        raise StepRefused(early)
    step.effect(record, day, **inputs)
