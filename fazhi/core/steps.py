"""What every register with a procedure shares: its steps (a step out of the law's order is
refused with core.errors.StepRefused). The steps themselves, and when each is allowed, are the
register's rules."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    needs: tuple[str, ...] = ()  # inputs the step takes besides its date
