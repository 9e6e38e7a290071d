"""The refusals every layer raises and shows: a leaf that imports nothing of fazhi.

They live here, not beside the code that first raised them, so that a rules module, a page and
the API can name a refusal without importing the write path that raises it (and so without an
import cycle through core). Each message is for the user, in Chinese.
"""

from dataclasses import dataclass


class ActionRefused(Exception):
    """The actor may not do this; the message is for the user, in Chinese."""


class StepRefused(Exception):
    """A step the procedure's order does not allow now; the message is for the user."""


@dataclass(frozen=True)
class Problem:
    """A register's consistency check that failed: which column (header) and why, in Chinese."""

    header: str
    message: str
    # Refused on entry (a form, an edit, the API) but kept on import: the record keeps a flag
    # its derive() set (校验未通过, 持证人数不足) for a supervisor to confirm and the figures to
    # count, since a file of last year's work is a record of what happened, right or wrong.
    kept_on_import: bool = False


class RecordInvalid(Exception):
    """A record that breaks its register's consistency checks."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(f"「{p.header}」{p.message}" for p in problems))
