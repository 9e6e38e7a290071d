"""What every register with a procedure shares: its steps and the refusal of a step out of
the law's order. The steps themselves, and when each is allowed, are the register's rules."""

from dataclasses import dataclass


class StepRefused(Exception):
    """A step the procedure's order does not allow now; the message is for the user."""


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    needs: tuple[str, ...] = ()  # inputs the step takes besides its date
