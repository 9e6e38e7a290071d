"""Keeping a rejected upload's error workbook until its owner downloads it, without sessions.

The workbook waits in the system's temp directory under a random token; the file name carries
the owner's user id and the register, so only that user fetches it, from that register's page.
It is deleted once downloaded, and files nobody fetched are swept after a day.

Its rows are the uploaded ones, personal data included: the file is stored SM4-GCM encrypted
(core.crypto, bound to its owner and register), in a directory only this process's user may
enter, so what lies on disk is no clearer than the database.
"""

import base64
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

from fazhi.core import crypto

DIRECTORY_NAME = "fazhi-import-errors"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_AGE_SECONDS = 24 * 3600


class UnsafeDirectory(RuntimeError):
    pass


def directory() -> Path:
    path = Path(tempfile.gettempdir()) / DIRECTORY_NAME
    path.mkdir(mode=0o700, exist_ok=True)
    # Another local user could have made the directory first, to read what lands in it.
    info = path.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise UnsafeDirectory(f"临时目录 {path} 不属于本服务或权限过宽，请删除后重试。")
    return path


def _context(user_id: int, register_name: str) -> str:
    return f"import-errors/{user_id}/{register_name}"


def _path(user_id: int, register_name: str, token: str) -> Path:
    return directory() / f"{user_id}-{register_name}-{token}.xlsx"


def store(user_id: int, register_name: str, data: bytes) -> str:
    """Keep `data` for the user; returns the token to fetch it with."""
    sweep()
    token = secrets.token_urlsafe(24)
    sealed = crypto.encrypt(base64.b64encode(data).decode(), _context(user_id, register_name))
    _path(user_id, register_name, token).write_text(sealed)
    return token


def take(user_id: int, register_name: str, token: str) -> bytes | None:
    """The user's workbook under `token`, removed as it is handed over; None if there is none."""
    if not TOKEN_RE.match(token):
        return None
    path = _path(user_id, register_name, token)
    try:
        sealed = path.read_text()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    try:
        return base64.b64decode(crypto.decrypt(sealed, _context(user_id, register_name)))
    except crypto.DecryptionFailed:
        return None


def sweep(now: float | None = None):
    """Remove the workbooks older than a day."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for path in directory().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
