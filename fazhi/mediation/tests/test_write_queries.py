"""An edit locks and reads the record once (core.writes.update_record): the lock reloads the
row it locks, and the stored copy the write is compared with is taken from it, not read again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.writes import update_record
from fazhi.mediation.columns import REGISTER


def test_an_edit_reads_its_record_once(mediate, office):
    case = mediate("白果1")
    with CaptureQueriesContext(connection) as captured:
        update_record(office, REGISTER, case, {"mediator": "彭某"}, note="修改调解案件")
    table = REGISTER.model._meta.db_table
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and f'FROM "{table}"' in q["sql"]
        and "NOT (" not in q["sql"]  # the uniqueness check of 编号, another question
    ]
    assert len(reads) == 1, reads
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in reads[0]
    case.refresh_from_db()
    assert case.mediator == "彭某"
