"""Keeping a rejected upload's error workbook until its owner downloads it, without sessions.

The workbook waits in the system's temp directory under a random token; the file name carries
the owner's user id and the register, so only that user fetches it, from that register's page.
It is deleted once downloaded, and files nobody fetched are swept after a day.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

DIRECTORY_NAME = "fazhi-import-errors"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_AGE_SECONDS = 24 * 3600


def directory() -> Path:
    path = Path(tempfile.gettempdir()) / DIRECTORY_NAME
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _path(user_id: int, register_name: str, token: str) -> Path:
    return directory() / f"{user_id}-{register_name}-{token}.xlsx"


def store(user_id: int, register_name: str, data: bytes) -> str:
    """Keep `data` for the user; returns the token to fetch it with."""
    sweep()
    token = secrets.token_urlsafe(24)
    _path(user_id, register_name, token).write_bytes(data)
    return token


def take(user_id: int, register_name: str, token: str) -> bytes | None:
    """The user's workbook under `token`, removed as it is handed over; None if there is none."""
    if not TOKEN_RE.match(token):
        return None
    path = _path(user_id, register_name, token)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data


def sweep(now: float | None = None):
    """Remove the workbooks older than a day."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    for path in directory().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
