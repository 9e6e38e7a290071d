"""文书编号 (issue 20): a pattern per unit and kind, numbers gapless and unique per year under
concurrent issuers, given in the step's transaction, never reused; issuing and cancelling
audited on the record."""

import contextlib
import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from fazhi.api.tests.conftest import sample_records, units  # noqa: F401  (fixtures)
from fazhi.core import document_actions
from fazhi.core.document_actions import DocumentKind
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditAction, AuditEntry, IssuedDocument
from fazhi.core.numbering import default_pattern, format_number, pattern_problems
from fazhi.core.roles import Role

ACCEPTANCE = DocumentKind("reconsideration.acceptance", "reconsideration", "受理通知书", "复受字")
REFUSAL = DocumentKind("reconsideration.refusal", "reconsideration", "不予受理决定书", "复不受字")
DAY = datetime.date(2026, 3, 2)
PATTERN = "古政复受字〔{年}〕{序号}号"


# --- the pure rules ------------------------------------------------------------------------


def test_a_number_is_written_as_gb_t_9704_writes_it():
    """7.2.5: the year in full in 〔〕, the serial with no leading zero and no 第, then 号."""
    assert format_number(PATTERN, 2026, 12) == "古政复受字〔2026〕12号"
    assert format_number(PATTERN, 2026, 1) == "古政复受字〔2026〕1号"
    assert default_pattern("复受字") == "复受字〔{年}〕{序号}号"
    with pytest.raises(ValueError):
        format_number(PATTERN, 2026, 0)


@pytest.mark.parametrize(
    "pattern,problem",
    [
        ("", "请填写编号格式"),
        ("古政复受字〔{年}〕号", "须有且只有一个 {序号}"),
        ("{年}{年}〔{序号}〕", "须有且只有一个 {年}"),
        ("古政{单位}〔{年}〕{序号}号", "不认识 {单位}"),
        ("古政\x07〔{年}〕{序号}号", "控制字符"),
        ("古政}〔{年}〕{序号}号", "花括号"),
        ("古" * 61 + "{年}{序号}", "最多 60 个字"),
    ],
)
def test_a_bad_pattern_is_refused_in_chinese(pattern, problem):
    assert any(problem in p for p in pattern_problems(pattern)), pattern_problems(pattern)


def test_a_good_pattern_has_no_problem():
    assert pattern_problems(PATTERN) == []


# --- issuing and cancelling ----------------------------------------------------------------


@pytest.fixture
def case(sample_records):  # noqa: F811
    return sample_records["reconsideration"]


@pytest.fixture
def officer(units, make_user):  # noqa: F811
    return make_user("fuyi", units["county"], Role.RECONSIDERATION)


def test_numbers_run_on_per_unit_kind_and_year_from_one(case, officer):
    numbers = [document_actions.issue(officer, ACCEPTANCE, case, DAY).number for _ in range(3)]
    assert numbers == ["复受字〔2026〕1号", "复受字〔2026〕2号", "复受字〔2026〕3号"]
    assert document_actions.issue(officer, REFUSAL, case, DAY).number == "复不受字〔2026〕1号"
    another_year = datetime.date(2025, 12, 30)
    assert document_actions.issue(officer, ACCEPTANCE, case, another_year).serial == 1


def test_the_organs_own_pattern_numbers_its_documents(case, officer, units, make_user):  # noqa: F811
    leader = make_user("lingdao", units["county"], Role.LEADER)
    with pytest.raises(ActionRefused, match="局领导或系统管理员"):
        document_actions.set_pattern(officer, case.unit, ACCEPTANCE, PATTERN)
    document_actions.set_pattern(leader, case.unit, ACCEPTANCE, PATTERN)
    assert document_actions.issue(officer, ACCEPTANCE, case, DAY).number == "古政复受字〔2026〕1号"
    with pytest.raises(ActionRefused, match="须有且只有一个"):
        document_actions.set_pattern(leader, case.unit, ACCEPTANCE, "古政〔{年}〕号")
    # Another kind on the same pattern would give the same numbers.
    with pytest.raises(ActionRefused, match="文号会重复"):
        document_actions.set_pattern(leader, case.unit, REFUSAL, PATTERN)
    assert document_actions.pattern_for(case.unit, ACCEPTANCE) == PATTERN
    entry = AuditEntry.objects.filter(note__startswith="设置受理通知书").get()
    assert entry.before["number_pattern"] == "复受字〔{年}〕{序号}号"


def test_an_office_or_sections_record_is_numbered_in_its_bureaus_series(case, officer, units):  # noqa: F811
    """A record kept by a section (or a 司法所) is numbered by the county: two offices never
    give the same 文号."""
    document_actions.issue(officer, ACCEPTANCE, case, DAY)
    case.unit = units["section"]
    case.save(update_fields=["unit"])
    second = document_actions.issue(officer, ACCEPTANCE, case, DAY)
    assert (second.unit, second.serial) == (units["county"], 2)


def test_a_document_of_another_register_or_a_bad_date_is_refused(case, officer, sample_records):  # noqa: F811
    mediation = sample_records["mediation"]
    with pytest.raises(ActionRefused, match="不是这类记录的文书"):
        document_actions.issue(None, ACCEPTANCE, mediation, DAY)
    with pytest.raises(ActionRefused, match="不能晚于今天"):
        document_actions.issue(officer, ACCEPTANCE, case, datetime.date(2999, 1, 1))
    with pytest.raises(ActionRefused, match="不能早于2000年"):
        document_actions.issue(officer, ACCEPTANCE, case, datetime.date(1999, 12, 31))
    assert not IssuedDocument.objects.exists()


def test_issuing_is_audited_on_the_record(case, officer):
    document = document_actions.issue(officer, ACCEPTANCE, case, DAY)
    entry = AuditEntry.objects.get(action=AuditAction.ISSUE_DOCUMENT)
    assert (entry.register, entry.object_id, entry.actor) == (
        "reconsideration",
        str(case.pk),
        officer,
    )
    assert entry.after == {"document": "受理通知书", "document_number": document.number}
    assert ("文号", None, "复受字〔2026〕1号") in entry.changed_fields()


def test_a_step_rolled_back_gives_its_number_back(case, officer):
    """The number is taken in the step's transaction: a step that fails leaves no gap."""
    with pytest.raises(RuntimeError), transaction.atomic():
        document_actions.issue(officer, ACCEPTANCE, case, DAY)
        raise RuntimeError("the step failed after numbering")
    assert not IssuedDocument.objects.exists()
    assert document_actions.issue(officer, ACCEPTANCE, case, DAY).serial == 1


def test_a_cancelled_document_keeps_its_number_which_is_not_given_again(case, officer):
    first = document_actions.issue(officer, ACCEPTANCE, case, DAY)
    document_actions.cancel(officer, first, case, "受理日期填错")
    first.refresh_from_db()
    assert first.cancelled and first.number == "复受字〔2026〕1号"
    entry = AuditEntry.objects.get(action=AuditAction.CANCEL_DOCUMENT)
    assert entry.object_id == str(case.pk) and "理由：受理日期填错" in entry.note
    assert document_actions.issue(officer, ACCEPTANCE, case, DAY).serial == 2
    with pytest.raises(ActionRefused, match="已经作废"):
        document_actions.cancel(officer, first, case, "再作废一次")


@pytest.mark.parametrize("reason", ["", "   ", "理由\x00", "长" * 201])
def test_a_cancellation_without_a_proper_reason_changes_nothing(case, officer, reason):
    document = document_actions.issue(officer, ACCEPTANCE, case, DAY)
    entries = AuditEntry.objects.count()
    with pytest.raises(ActionRefused):
        document_actions.cancel(officer, document, case, reason)
    document.refresh_from_db()
    assert not document.cancelled and AuditEntry.objects.count() == entries


def test_nobody_outside_the_records_reach_numbers_or_cancels(case, officer, units, make_user):  # noqa: F811
    stranger = make_user("luxi", units["sibling"], Role.RECONSIDERATION)
    with pytest.raises(ActionRefused, match="不能为这条记录制作受理通知书"):
        document_actions.issue(stranger, ACCEPTANCE, case, DAY)
    assert not IssuedDocument.objects.exists()
    document = document_actions.issue(officer, ACCEPTANCE, case, DAY)
    with pytest.raises(ActionRefused):
        document_actions.cancel(stranger, document, case, "越权作废")
    other = document_actions.issue(None, REFUSAL, case, DAY)
    with pytest.raises(ActionRefused, match="不属于这条记录"):
        document_actions.cancel(officer, other, type(case)(pk=case.pk + 999), "别的案件")


@pytest.mark.django_db(transaction=True)
def test_two_issuers_at_once_take_every_number_once(units, sample_records):  # noqa: F811
    """On PostgreSQL, two connections numbering the same series at once, some of their steps
    failing after numbering: every serial from 1 to 2×N is given exactly once (the series row
    is locked while a number is taken, and a failed step gives its number back)."""
    if connection.vendor != "postgresql":
        pytest.skip("并发编号只在 PostgreSQL 上检验（SQLite 一次只允许一个写入者）")
    case = sample_records["reconsideration"]
    each = 15
    start = threading.Barrier(2)
    failures = []

    def issuer():
        try:
            start.wait()
            for n in range(each):
                document_actions.issue(None, ACCEPTANCE, case, DAY)
                if n % 3 == 0:
                    with contextlib.suppress(RuntimeError), transaction.atomic():
                        document_actions.issue(None, ACCEPTANCE, case, DAY)
                        raise RuntimeError("the step failed after numbering")
        except Exception as error:  # noqa: BLE001 — reported to the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issuer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    serials = sorted(IssuedDocument.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 2 * each + 1))


def test_a_patterns_regex_matches_the_numbers_it_writes_and_no_other():
    import re

    from fazhi.core.numbering import number_regex

    written = re.compile(number_regex(PATTERN))
    assert written.match(format_number(PATTERN, 2026, 12))
    assert not written.match("古政复受字〔2026〕012号") and not written.match("古政复受字〔26〕1号")
    assert not written.match("X古政复受字〔2026〕1号")
