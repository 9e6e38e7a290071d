"""A check that refuses an entry but keeps an imported row (core.errors.Problem.kept_on_import):
a file of last year's work records what happened, right or wrong, and the record carries the
flag its derive() set; a form, an edit or the API is refused with the same message."""

import dataclasses
import datetime

import pytest

from fazhi.core.errors import Problem
from fazhi.core.roles import Role
from fazhi.core.writes import Write, prepare
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.django_db


def flagging(register):
    """The register, whose check also flags every applicant named 甲 (kept on import) and
    refuses every applicant named 乙 (an ordinary problem)."""

    def check(record):
        found = register.check(record)
        if record.applicant == "甲":
            found.append(Problem("申请人", "演示用的标记", kept_on_import=True))
        if record.applicant == "乙":
            found.append(Problem("申请人", "演示用的错误"))
        return found

    return dataclasses.replace(register, check=check)


def write_of(unit, applicant) -> Write:
    case = ReconsiderationCase(
        unit=unit,
        number=f"古政复〔2024〕{applicant}号",
        applicant=applicant,
        respondent="某局",
        received_date=datetime.date(2024, 3, 1),
    )
    return Write(case)


@pytest.mark.parametrize("bulk", [False, True])
def test_a_flag_refuses_an_entry_and_passes_an_import(tree, make_user, bulk):
    officer = make_user("fuyi", tree["county"], Role.RECONSIDERATION)
    flagged, wrong = write_of(tree["county"], "甲"), write_of(tree["county"], "乙")
    prepare(officer, flagging(REGISTER), [flagged, wrong], bulk=bulk)
    # An ordinary problem refuses both ways; the flag only an entry.
    assert [p.message for p in wrong.problems] == ["演示用的错误"]
    if bulk:
        assert flagged.accepted
    else:
        assert [p.message for p in flagged.problems] == ["演示用的标记"]
