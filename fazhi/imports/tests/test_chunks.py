"""A file is read, checked and written in chunks of rows (importer.CHUNK_ROWS), in one
transaction: the outcome is the same as for one pass over the whole file."""

import pytest
from django.core.management import call_command

from fazhi.core import audit
from fazhi.core.audit import files
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.tabular import read_table
from fazhi.imports import importer
from fazhi.reconsideration.columns import REGISTER
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, counts, refused_import, write_csv


def row_errors(path) -> list[str]:
    _, lines = refused_import(path)
    return [line for line in lines if line.startswith("第")]  # not the progress lines


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 4)


def test_every_chunk_is_written_and_the_import_names_every_id(tree, tmp_path, small_chunks):
    rows = [case(f"古复{n:02d}") for n in range(11)]
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "a.csv", rows)))
    ids = sorted(ReconsiderationCase.objects.values_list("pk", flat=True))
    assert len(ids) == 11
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT, register="reconsideration")
    assert entry.after[files.CREATED] == 11
    assert entry.after[files.CREATED_IDS] == files.runs_text(files.id_runs(ids))
    assert all(audit.import_of("reconsideration", pk) == entry for pk in ids)
    # Again, with one row changed: chunks find their stored records.
    rows[9]["申请人"] = "李某"
    call_command("import_register", "reconsideration", str(write_csv(tmp_path / "b.csv", rows)))
    again = AuditEntry.objects.filter(action=AuditAction.IMPORT).order_by("-pk").first()
    assert (again.after[files.CHANGED], again.after[files.UNCHANGED]) == (1, 10)
    assert ReconsiderationCase.objects.get(number="古复09").applicant == "李某"


def test_a_bad_row_in_a_later_chunk_leaves_nothing_written(tree, tmp_path, small_chunks):
    rows = [case(f"古复{n:02d}") for n in range(10)]
    rows[9]["收到申请日期"] = "2024/2/5"
    before = counts()
    errors = row_errors(write_csv(tmp_path / "bad.csv", rows))
    assert counts() == before
    assert len(errors) == 1 and "第11行" in errors[0] and "格式不正确" in errors[0]


def test_a_number_repeated_across_chunks_is_an_error_naming_every_row(tree, tmp_path, small_chunks):
    rows = [case(f"古复{n:02d}") for n in range(9)]
    rows[6]["案件编号"] = rows[8]["案件编号"] = "古复01"
    before = counts()
    errors = row_errors(write_csv(tmp_path / "twice.csv", rows))
    assert counts() == before
    assert errors == [
        "第8行「案件编号」：「古复01」在同一单位下重复出现（第3行、第8行）",
        "第10行「案件编号」：「古复01」在同一单位下重复出现（第3行、第8行、第10行）",
    ]


def test_progress_counts_the_whole_file_across_chunks(tree, tmp_path, small_chunks):
    rows = [case(f"古复{n:02d}") for n in range(10)]
    heard = []
    path = write_csv(tmp_path / "p.csv", rows)
    importer.import_rows(
        None, REGISTER, read_table(path, path.name), progress=lambda *a: heard.append(a)
    )
    read = [done for stage, done, total in heard if stage == importer.READ]
    assert read == [4, 8, 10] and all(total == 10 for _, _, total in heard)
    assert heard[-1] == (importer.WRITTEN, 10, 10)
