"""法律咨询: checks (pure). No procedure, no deadline."""

from fazhi.core.errors import Problem


def check(record) -> list[Problem]:
    if record.person_times is not None and record.person_times < 1:
        return [Problem("咨询人次", "咨询人次至少为 1")]
    return []
