"""The files fazhi keeps for a case (attachments, issued documents), sealed: SM4-GCM with the
personal data's current key and the file's own id bound in, stored in parts in the database
(models.SealedFile, SealedFilePart). So a file is never on disk in clear, never under the web
root, in every backup (operations/backup.py dumps every table), and a part moved to another
file, changed or dropped fails to open.

The audit log's kept import files (audit/files.py) are sealed the same way but belong to their
entry and its retention; these belong to a record.
"""

import base64

from . import crypto
from .models import SealedFile, SealedFilePart

# Ciphertext per row: what memory holds of a file at a time while it is written.
PART_BYTES = 1 << 20


class SealedFileBroken(Exception):
    """A sealed file that does not open: changed, incomplete, or its key is gone."""


def _context(file_id: int) -> str:
    return f"fazhi sealed file #{file_id}"


def seal(data: bytes) -> SealedFile:
    """Keep `data` sealed; call inside the transaction of what it belongs to."""
    sealed = SealedFile.objects.create(
        key_id="", nonce="", size=len(data), digest=crypto.sm3_hex(data)
    )
    sealer = crypto.StreamSealer(_context(sealed.pk))
    SealedFilePart.objects.bulk_create(
        SealedFilePart(
            file=sealed, number=number, data=sealer.update(data[start : start + PART_BYTES])
        )
        for number, start in enumerate(range(0, max(len(data), 1), PART_BYTES))
    )
    sealed.key_id = sealer.key_id
    sealed.nonce = base64.b64encode(sealer.nonce).decode()
    sealed.tag = base64.b64encode(sealer.finish()).decode()
    sealed.save(update_fields=["key_id", "nonce", "tag"])
    return sealed


def unseal(sealed: SealedFile) -> bytes:
    """The file's bytes; SealedFileBroken (in Chinese) unless every part is as sealed and the
    digest agrees."""
    try:
        opener = crypto.StreamOpener(
            sealed.key_id, base64.b64decode(sealed.nonce), _context(sealed.pk)
        )
        pieces = [
            opener.update(bytes(data))
            for data in sealed.parts.order_by("number").values_list("data", flat=True).iterator()
        ]
        opener.finish(base64.b64decode(sealed.tag))
    except (crypto.DecryptionFailed, ValueError) as failed:
        raise SealedFileBroken(f"文件无法解密：{failed}") from None
    data = b"".join(pieces)
    if len(data) != sealed.size or crypto.sm3_hex(data) != sealed.digest:
        raise SealedFileBroken("文件与保存时的摘要不符，可能已被篡改。")
    return data
