"""Retention (个人信息保护法 第四十七条): a subject whose supervision ended more than the
register's retention period ago is kept for storage only — no list, page, export or reader's
figure shows him — while the unit's own report of that year still counts him."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core import retention
from fazhi.core.idnumber import id_number_check_digit
from fazhi.core.roles import Role
from fazhi.corrections import actions
from fazhi.corrections.models import CorrectionsSubject
from fazhi.indicators.compute import compute
from fazhi.indicators.registry import Period

D = datetime.date
OLD = "43312619700101001"
RECENT = "43312619800101002"


def subject(tree, number, first17, *, start, ended):
    return actions.register_subject(
        None, unit=tree["office"], office=tree["office"], number=number, name=f"对象{number}",
        id_number=first17 + id_number_check_digit(first17), address="古丈县古阳镇1号",
        category="probation", offence="盗窃罪", judgment_effective_date=start,
        reported_date=start, start_date=start, end_date=ended, status="released",
        ended_date=ended,
    )  # fmt: skip


@pytest.fixture
def subjects(tree):
    return {
        # Ended in 2013: more than ten years ago today (2026), kept for storage only.
        "old": subject(tree, "古矫2012001", OLD, start=D(2012, 3, 1), ended=D(2013, 2, 28)),
        "recent": subject(tree, "古矫2023001", RECENT, start=D(2023, 3, 1), ended=D(2024, 2, 29)),
    }


@pytest.fixture
def officer(tree, make_user):
    return make_user("retention-officer", tree["county"], Role.CORRECTIONS)


def test_a_record_past_its_retention_is_hidden_from_every_reader(client, subjects, officer):
    visible = CorrectionsSubject.objects.visible_to(officer)
    assert list(visible.values_list("number", flat=True)) == ["古矫2023001"]

    client.force_login(officer)
    listing = client.get("/corrections/").content.decode()
    assert "古矫2023001" in listing and "古矫2012001" not in listing
    assert client.get(f"/corrections/{subjects['old'].pk}/").status_code == 404
    export = client.post(  # a full export is the POSTed reason form (issue 15, point 14)
        reverse("imports:export", args=["corrections_subject", "csv"]),
        {"purpose": "核对统计数据"},
    )
    exported = export.content.decode("utf-8-sig")
    assert "古矫2023001" in exported and "古矫2012001" not in exported

    # A reader's figures leave him out; the unit's report of 2012 (no reader) counts him.
    year_2012 = Period.year(2012)
    county = officer.unit
    admitted = "corrections.admitted"
    assert compute([admitted], year_2012, county, user=officer)[admitted].value == 0
    assert compute([admitted], year_2012, county)[admitted].value == 1
    assert CorrectionsSubject.objects.count() == 2  # kept, for storage


def test_the_period_is_a_setting(subjects, officer, settings):
    settings.FAZHI_RETENTION_YEARS = "corrections_subject=20"
    assert CorrectionsSubject.objects.visible_to(officer).count() == 2
    settings.FAZHI_RETENTION_YEARS = "corrections_subject=1"
    assert CorrectionsSubject.objects.visible_to(officer).count() == 0


def test_the_cutoff_is_the_same_day_years_before():
    assert retention.cutoff(10, D(2026, 11, 25)) == D(2016, 11, 25)
    assert retention.cutoff(1, D(2024, 2, 29)) == D(2023, 2, 28)


def test_an_authorised_deletion_removes_only_expired_records_and_logs_each(
    subjects, officer, make_user, tree
):
    from django.core.management import CommandError, call_command

    from fazhi.core.models import AuditAction, AuditEntry

    leader = make_user("retention-leader", tree["county"], Role.LEADER)
    with pytest.raises(CommandError, match="不能授权删除"):
        call_command("purge_expired", register="corrections_subject",
                     authorised_by=leader.username, reason="期满")  # fmt: skip
    call_command("purge_expired", register="corrections_subject", dry_run=True,
                 authorised_by=officer.username, reason="期满")  # fmt: skip
    assert CorrectionsSubject.objects.count() == 2
    call_command("purge_expired", register="corrections_subject",
                 authorised_by=officer.username, reason="保存期满，经局务会同意")  # fmt: skip
    assert list(CorrectionsSubject.objects.values_list("number", flat=True)) == ["古矫2023001"]
    gone = AuditEntry.objects.get(
        action=AuditAction.DELETE, object_id=str(subjects["old"].pk), actor=officer
    )
    assert "经局务会同意" in gone.note
    assert OLD not in str(gone.before) and gone.before["name"] != "对象古矫2012001"


def test_a_re_import_may_not_change_a_record_kept_for_storage_only(subjects, tmp_path):
    from fazhi.core.tabular import read_table
    from fazhi.corrections.columns import SUBJECT_REGISTER
    from fazhi.imports.importer import EXPIRED_NUMBER, ImportRejected, import_rows
    from fazhi.imports.tests.files import write_csv

    row = {
        "矫正编号": "古矫2012001", "姓名": "改名者", "身份证号": OLD + id_number_check_digit(OLD),
        "居住地址": "古丈县默戎镇9号", "矫正类别": "缓刑", "判决生效日期": "2012-03-01",
        "报到日期": "2012-03-01", "矫正起始日期": "2012-03-01", "矫正终止日期": "2013-02-28",
        "执行地司法所": "433126-S01", "状态": "在矫", "所属单位代码": "433126-S01",
    }  # fmt: skip
    path = write_csv(tmp_path / "old.csv", [row], headers=SUBJECT_REGISTER.headers)
    with pytest.raises(ImportRejected) as refused:
        import_rows(None, SUBJECT_REGISTER, read_table(path, path.name))
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, "矫正编号", EXPIRED_NUMBER)
    ]
    kept = CorrectionsSubject.objects.get(pk=subjects["old"].pk)
    assert kept.name == "对象古矫2012001" and kept.address == "古丈县古阳镇1号"


def test_an_authorised_deletion_takes_the_records_out_of_the_rollups(subjects, officer, tree):
    from django.core.management import call_command

    from fazhi.indicators import rollups

    rollups.build("corrections_subject", [2012])
    admitted = "corrections.admitted"
    assert compute([admitted], Period.year(2012), tree["county"])[admitted].value == 1
    call_command("purge_expired", register="corrections_subject",
                 authorised_by=officer.username, reason="保存期满")  # fmt: skip
    assert compute([admitted], Period.year(2012), tree["county"])[admitted].value == 0
    rollups.refresh()
    assert compute([admitted], Period.year(2012), tree["county"])[admitted].value == 0


def test_a_purged_records_documents_lose_their_file_and_keep_their_number(subjects, officer):
    from django.core.management import call_command

    from fazhi.core import case_documents, document_actions
    from fazhi.core.models import IssuedDocument, SealedFile
    from fazhi.corrections.documents import CASE_FILE

    old = subjects["old"]
    key = next(d.key for d in case_documents.offered(CASE_FILE, old) if d.word)
    issued = document_actions.make(None, CASE_FILE, old, key, datetime.date(2013, 1, 5))
    assert issued.number and SealedFile.objects.filter(pk=issued.content_id).exists()
    call_command("purge_expired", register="corrections_subject",
                 authorised_by=officer.username, reason="保存期满")  # fmt: skip
    kept = IssuedDocument.objects.get(pk=issued.pk)
    assert kept.number == issued.number and kept.content_id is None and kept.recipient == ""
    assert not SealedFile.objects.filter(pk=issued.content_id).exists()
