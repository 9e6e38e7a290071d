"""Long imports in the background: the upload becomes a job, its page shows progress, the
worker runs it all or nothing — and a worker killed mid-import leaves nothing written, the
job being queued again and done by the next worker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.roles import Role
from fazhi.imports import jobs
from fazhi.imports.models import ImportJob, JobStatus
from fazhi.reconsideration.models import ReconsiderationCase

from .files import case, write_csv, xlsx_bytes

UPLOAD = "/registers/reconsideration/import/"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION)


def post(client, rows):
    data = xlsx_bytes(rows)
    return client.post(UPLOAD, {"file": SimpleUploadedFile("大文件.xlsx", data)})


def test_a_long_upload_becomes_a_job_the_worker_runs_with_progress(
    client, officer, settings, make_user, tree
):
    settings.FAZHI_INLINE_IMPORT_ROWS = 3
    client.force_login(officer)
    response = post(client, [case(f"古复{n}") for n in range(5)])
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    assert job.status == JobStatus.QUEUED and "古复" not in job.payload  # kept encrypted
    assert not ReconsiderationCase.objects.exists()
    page = client.get(response.url).content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page
    done = jobs.run(jobs.claim())
    assert done.status == JobStatus.DONE and done.payload == ""
    assert ReconsiderationCase.objects.count() == 5
    fragment = client.get(reverse("imports:job_progress", args=[job.pk])).content.decode()
    assert "已导入：新增 5 条" in fragment and 'value="100"' in fragment
    assert "hx-trigger" not in fragment  # finished: the page stops polling
    client.force_login(make_user("other", tree["county"], Role.RECONSIDERATION))
    assert client.get(response.url).status_code == 404  # only its owner follows a job


def test_a_rejected_job_offers_its_error_workbook(client, officer, settings):
    settings.FAZHI_INLINE_IMPORT_ROWS = 1
    client.force_login(officer)
    post(client, [case("古复1"), case("古复2", 收到申请日期="2024-02-30")])
    job = jobs.run(jobs.claim())
    assert job.status == JobStatus.REJECTED and job.error_count == 1
    assert not ReconsiderationCase.objects.exists()
    fragment = client.get(reverse("imports:job_progress", args=[job.pk])).content.decode()
    assert "系统中的数据没有任何改动" in fragment
    workbook = client.get(reverse("imports:errors", args=["reconsideration", job.errors_token]))
    assert workbook.status_code == 200


def test_progress_is_weighted_by_stage():
    assert jobs.percent({"total": 100, "read": 100, "validated": 50, "written": 0}) == 40
    assert jobs.percent({"total": 100, "read": 100, "validated": 100, "written": 100}) == 100
    assert jobs.percent({}) == 0


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


def _query(env, code: str) -> str:
    return _manage(env, "shell", "--no-imports", "-c", code).stdout.strip()


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="在独立的 SQLite 文件上运行工作进程；PostgreSQL 上由同一逻辑的回滚保证",
)
def test_a_worker_killed_mid_import_writes_nothing_and_the_job_is_retried(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "TMPDIR": str(tmp_path),  # the job's progress file lands here
    }
    _manage(env, "migrate", "-v0")
    _manage(env, "load_units", str(ROOT / "fazhi/portal/demo/units.csv"))
    rows = [case(f"古复{n:05d}") for n in range(6000)]
    source = write_csv(tmp_path / "big.csv", rows)
    job_id = _query(
        env,
        "from fazhi.core import actions; from fazhi.core.models import Unit; "
        "from fazhi.core.registers import get_register; from fazhi.imports import jobs; "
        "u = actions.create_user(None, username='w', unit=Unit.objects.get(code='433126'), "
        "password='Fazhi-test-2024'); actions.grant_role(None, u, 'reconsideration'); "
        f"print(jobs.enqueue(u, get_register('reconsideration'), open({str(source)!r}, 'rb')"
        ".read(), 'big.csv').pk)",
    )
    progress = tmp_path / jobs.PROGRESS_DIRECTORY / f"{job_id}.json"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "work"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        while time.time() < deadline and '"validated": 0' in (
            progress.read_text() if progress.exists() else '"validated": 0'
        ):
            time.sleep(0.05)
        assert '"validated": 0' not in progress.read_text(), "the worker never got going"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    count = (
        "from fazhi.reconsideration.models import ReconsiderationCase as C; "
        "print(C.objects.count())"
    )
    status = (
        f"from fazhi.imports.models import ImportJob as J; print(J.objects.get(pk={job_id}).status)"
    )
    assert _query(env, count) == "0"  # killed mid-import: nothing written
    assert _query(env, status) == "running"
    out = _manage(env, "work", "--once", timeout=240).stdout
    assert "重新排队中断的任务 1 个" in out
    assert _query(env, status) == "done" and _query(env, count) == "6000"
