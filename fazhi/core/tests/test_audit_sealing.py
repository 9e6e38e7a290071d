"""Sealing is linear in what it seals (issue 18, point 2): the sealer walks ids by range, asks
the database only range-bounded questions, seals in chunks of BATCH, and skips a span where
nothing is pending with two counts. The chain it builds verifies as before."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import audit
from fazhi.core.audit import chain
from fazhi.core.models import AuditAction, AuditEntry, AuditSeal

pytestmark = pytest.mark.django_db


def pending_entries(count: int) -> list[int]:
    """`count` new entries, with their content MACs, none sealed yet (the after-commit
    sealer does not run inside a test's transaction)."""
    entries = [
        AuditEntry(action=AuditAction.EXPORT, register="user", note=f"导出 {i}")
        for i in range(count)
    ]
    AuditEntry.objects.bulk_create(entries)
    return [entry.pk for entry in entries]


def audit_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if "core_auditentry" in q["sql"] or "core_auditseal" in q["sql"]
    ]


def test_sealing_asks_only_bounded_questions_and_chunks(monkeypatch):
    monkeypatch.setattr(chain, "BATCH", 40)
    monkeypatch.setattr(chain, "SPAN", 100)
    ids = pending_entries(230)
    with CaptureQueriesContext(connection) as captured:
        assert audit.seal_pending() == 230
    sql = audit_queries(captured)
    for query in sql:
        # No anti-join of the whole tables: each read names its id range.
        assert "NOT EXISTS" not in query.upper() and "LEFT OUTER JOIN" not in query.upper()
        tail = "DESC LIMIT 1" in query.upper()  # the chain's last seal, by its index
        if query.lstrip().upper().startswith("SELECT") and "MAX(" not in query.upper():
            assert tail or re.search(r"(id|entry_id)\"? (>=|>|BETWEEN)", query), query
    # 230 entries in 3 spans of 100 ids, each chunk of 40 a read, a read of its seals, a
    # write, and the chain's tail: bounded by the chunks, not by the table.
    chunks = -(-230 // 40) + 3
    assert len(sql) <= 1 + 3 * 2 + chunks * 4
    positions = list(AuditSeal.objects.order_by("position").values_list("entry_id", flat=True))
    assert positions == ids  # one chain, in id order


def test_a_sealed_log_is_passed_over_by_counts_alone(monkeypatch):
    monkeypatch.setattr(chain, "SPAN", 100)
    pending_entries(250)
    audit.seal_pending()
    with CaptureQueriesContext(connection) as captured:
        assert audit.seal_pending() == 0
    sql = audit_queries(captured)
    assert all("COUNT(" in q.upper() or "MAX(" in q.upper() for q in sql), sql
    assert len(sql) == 1 + 3  # the bounds, then one statement of two counts per span


def test_entries_left_pending_below_sealed_ones_are_found_and_the_chain_verifies(monkeypatch):
    """An entry whose transaction committed after a later one was sealed (or whose sealer gave
    up) lies below sealed ids: the sweep still finds it, and verify_audit passes."""
    monkeypatch.setattr(chain, "BATCH", 7)
    monkeypatch.setattr(chain, "SPAN", 20)
    first = pending_entries(30)
    later = pending_entries(30)
    assert audit.seal_pending(later[0], later[-1]) == 30
    assert audit.seal_pending(first[0], first[-1]) == 30
    assert audit.seal_pending() == 0
    assert AuditSeal.objects.count() == 60
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "通过" in out.getvalue() or "完整" in out.getvalue(), out.getvalue()


def test_a_large_chunk_of_seals_is_written_as_one_and_verifies():
    """Hundreds of seals at once go by COPY on PostgreSQL (by one INSERT elsewhere): the chain
    they make is the chain verify_audit checks."""
    ids = pending_entries(450)
    assert audit.seal_pending() == 450
    chained = list(AuditSeal.objects.order_by("position").values_list("entry_id", flat=True))
    assert chained == ids
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "通过" in out.getvalue() or "完整" in out.getvalue(), out.getvalue()


def test_a_span_is_counted_in_one_statement():
    """Both counts come from one snapshot: counted in two statements, the entries could be
    counted before another sealer committed seals of entries committed after that count."""
    pending_entries(3)
    with CaptureQueriesContext(connection) as captured:
        assert chain._pending_in(1, 10**9, "default")
    assert len(captured.captured_queries) == 1
    query = captured.captured_queries[0]["sql"]
    assert "core_auditentry" in query and "core_auditseal" in query
