"""A case's files travel with the backup (issue 20): they are rows of the database (sealed,
core/sealed_files.py), so backup → an empty database → restore gives the same bytes back, and
the archive holds them only sealed."""

import secrets

import pytest
from django.db import transaction

from fazhi.core import attachments
from fazhi.core.models import Attachment, AttachmentKind, SealedFilePart, Unit
from fazhi.corrections.models import CorrectionsSubject
from fazhi.operations import backup
from fazhi.operations.tests.test_backup import _subject, _units


class _Undo(Exception):
    pass


@pytest.fixture
def archived(tmp_path, settings, db):
    """An archive of a subject holding a file (and one removed), made in a transaction that is
    then rolled back: the test database is left empty, ready to restore into."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    marker = secrets.token_hex(24)  # made now: in no source file
    data = b"%PDF-1.4\n% " + marker.encode() * 100 + b"\n%%EOF\n"
    path = tmp_path / "fazhi.bak"
    try:
        with transaction.atomic():
            subject = _subject(_units())
            kept = attachments.accept(
                None,
                "corrections_subject",
                subject,
                kind=AttachmentKind.DECISION,
                name="判决书.pdf",
                data=data,
            )
            removed = attachments.accept(
                None, "corrections_subject", subject, kind="other", name="错传.pdf", data=data
            )
            attachments.remove(None, removed, subject, "错传")
            backup.backup(path)
            ids = (kept.pk, removed.pk)
            raise _Undo
    except _Undo:
        pass
    assert not Unit.objects.exists() and not Attachment.objects.exists()
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    return {"path": path, "data": data, "marker": marker, "ids": ids}


def test_a_restored_file_downloads_the_same_bytes(archived):
    assert archived["marker"].encode() not in archived["path"].read_bytes()
    backup.restore(archived["path"])
    subject = CorrectionsSubject.objects.get()
    kept_id, removed_id = archived["ids"]
    kept = Attachment.objects.get(pk=kept_id)
    assert (kept.name, kept.record_id, kept.file_type) == ("判决书.pdf", subject.pk, "pdf")
    assert attachments.content(None, kept, subject) == archived["data"]
    assert [a.pk for a in attachments.listed("corrections_subject", subject)] == [kept_id]
    # The removed one came back removed, its sealed bytes with it.
    removed = Attachment.objects.get(pk=removed_id)
    assert removed.remove_reason == "错传"
    assert SealedFilePart.objects.filter(file=removed.file).exists()
    for part in SealedFilePart.objects.all():
        assert archived["marker"].encode() not in bytes(part.data)
