"""Imports in the background: enqueue an uploaded file, and the worker's side — claim the next
job, run it with its progress written where the page can read it, record how it ended.

Why not a task library: the job needs an all-or-nothing import (one transaction) whose
progress is visible while that transaction is open. Progress therefore goes to a small file
per job (another connection cannot see uncommitted rows, and SQLite would block on them),
and a job whose worker died is found by its process id and queued again — the killed
worker's transaction was rolled back by the database, so a retry starts from nothing.
"""

import base64
import io
import json
import os
import socket
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from fazhi.core import crypto
from fazhi.core.registers import get_register
from fazhi.core.tabular import TableError, read_table

from . import errorfiles
from .importer import READ, ImportRejected, import_rows
from .models import ImportJob, JobStatus
from .workbooks import error_workbook

PROGRESS_DIRECTORY = "fazhi-import-progress"
MAX_ATTEMPTS = 3


def _context(job_id: int) -> str:
    return f"import-job/{job_id}"


def enqueue(user, register, data: bytes, filename: str) -> ImportJob:
    job = ImportJob.objects.create(register=register.name, filename=filename[:255], owner=user)
    sealed = crypto.encrypt(base64.b64encode(data).decode(), _context(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(payload=sealed)
    job.payload = sealed
    write_progress(job.pk, {"stage": "queued", "read": 0, "validated": 0, "written": 0})
    return job


# --- progress ------------------------------------------------------------------------------


def _progress_path(job_id: int) -> Path:
    directory = Path(tempfile.gettempdir()) / PROGRESS_DIRECTORY
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory / f"{job_id}.json"


def write_progress(job_id: int, values: dict) -> None:
    path = _progress_path(job_id)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(values))
    partial.replace(path)  # atomic: a reader sees the old or the new, never half


def read_progress(job_id: int) -> dict:
    try:
        return json.loads(_progress_path(job_id).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def percent(values: dict) -> int:
    """Reading counts a tenth, validating six tenths, writing three tenths of the work."""
    total = values.get("total") or 0
    if not total:
        return 0
    done = 0.1 * values.get("read", 0) + 0.6 * values.get("validated", 0)
    done += 0.3 * values.get("written", 0)
    return min(100, int(100 * done / total))


# --- the worker's side ---------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's worker: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_abandoned() -> int:
    """Running jobs whose worker process is gone: queued again, or failed after MAX_ATTEMPTS."""
    count = 0
    for job in ImportJob.objects.filter(status=JobStatus.RUNNING):
        if _alive(job.worker):
            continue
        give_up = job.attempts >= MAX_ATTEMPTS
        job.status = JobStatus.FAILED if give_up else JobStatus.QUEUED
        job.message = (
            "执行进程中断，已多次重试仍未完成。" if give_up else "执行进程中断，已重新排队。"
        )
        job.save(update_fields=["status", "message"])
        count += 1
    return count


def claim() -> ImportJob | None:
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(status=JobStatus.QUEUED)
            .order_by("created_at", "id")
            .first()
        )
        if job is None:
            return None
        job.status, job.worker = JobStatus.RUNNING, worker_name()
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "worker", "attempts", "started_at"])
    return job


def run(job: ImportJob) -> ImportJob:
    """Import the job's file; record how it ended. Nothing is written unless all of it is."""
    register = get_register(job.register)
    data = base64.b64decode(crypto.decrypt(job.payload, _context(job.pk)))
    values = {"stage": READ, "read": 0, "validated": 0, "written": 0, "total": 0}

    def progress(stage, done, total):
        values.update({"stage": stage, stage: done, "total": total})
        write_progress(job.pk, values)

    try:
        table = read_table(io.BytesIO(data), job.filename)
        result = import_rows(job.owner, register, table, filename=job.filename, progress=progress)
    except TableError as error:
        return _finish(job, JobStatus.REJECTED, message=str(error))
    except ImportRejected as rejection:
        workbook = error_workbook(table, rejection.errors, job.filename)
        token = errorfiles.store(job.owner_id, register.name, workbook)
        first = "；".join(str(e) for e in rejection.errors[:5])
        return _finish(
            job,
            JobStatus.REJECTED,
            error_count=len(rejection.errors),
            errors_token=token,
            message=first,
        )
    except Exception as error:  # noqa: BLE001 — the job records it; the worker goes on
        return _finish(job, JobStatus.FAILED, message=f"导入时发生错误：{error}")
    values["stage"] = "done"
    write_progress(job.pk, values)
    return _finish(job, JobStatus.DONE, result=str(result))


def _finish(job: ImportJob, status: str, **fields) -> ImportJob:
    job.status, job.finished_at, job.payload = status, timezone.now(), ""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
    return job
