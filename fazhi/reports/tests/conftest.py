"""The reports' tests' shared fixtures (the ready report is ready.complete)."""

import datetime

import pytest

from fazhi.reports import actions


@pytest.fixture
def on_day(monkeypatch):
    """pin(day): the reports take `day` for today."""

    def pin(day: datetime.date):
        monkeypatch.setattr(actions, "today", lambda: day)

    return pin
