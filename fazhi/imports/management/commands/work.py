"""python manage.py work — the background worker: runs uploaded imports one after another,
and between them recomputes the stored deadlines after a holiday year was entered
(fazhi.core.holidays.run_recompute) and makes again the figures' rollups of units whose
records changed.

`make run` starts it beside the site; production runs it as fazhi-worker.service. A worker
killed mid-import leaves nothing written (the import is one transaction); the next worker to
start queues that job again. A recomputation killed midway is queued again too: its batches
already written change nothing the second time.

When idle it also appends the audit chain's tail to FAZHI_AUDIT_TAIL_FILE once a day
(fazhi.core.audit.record_tail), the record outside the database that shows later whether
entries were cut from the log's end. `--once` (tests, one-off runs) does not: a run against a
throwaway database would only leave records about it in the file.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from fazhi.core import audit, holidays
from fazhi.imports import jobs
from fazhi.indicators import rollups

# Seconds between looks at whether the tail record is due (it is written once a day).
TAIL_CHECK_SECONDS = 3600.0


class Command(BaseCommand):
    help = "后台任务进程：依次执行网页上提交的导入任务（make run 会同时启动它）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="做完排队的任务后退出")
        parser.add_argument("--poll", type=float, default=1.0, help="空闲时查询新任务的间隔（秒）")

    def handle(self, *args, once=False, poll=1.0, **options):
        requeued = jobs.requeue_abandoned()
        if requeued:
            self.stdout.write(f"重新排队中断的任务 {requeued} 个。")
        requeued = holidays.requeue_recomputes()
        if requeued:
            self.stdout.write(f"重新排队中断的期限重新计算 {requeued} 个。")
        tail_due = 0.0
        while True:
            close_old_connections()
            job = jobs.claim()
            if job is None:
                if self._recompute():
                    continue
                if rollups.refresh():
                    continue
                if once:
                    return
                if time.monotonic() >= tail_due:
                    self._record_tail()
                    tail_due = time.monotonic() + TAIL_CHECK_SECONDS
                time.sleep(poll)
                continue
            self.stdout.write(f"开始导入「{job.filename}」（任务 {job.pk}）…")
            done = jobs.run(job)
            self.stdout.write(f"任务 {job.pk}：{done.get_status_display()} {done.result}".rstrip())

    def _recompute(self) -> bool:
        """Run one queued recomputation of deadlines, between imports; False if none."""
        job = holidays.claim_recompute()
        if job is None:
            return False
        self.stdout.write(f"开始按{job.year}年节假日安排重新计算期限（任务 {job.pk}）…")
        done = holidays.run_recompute(job)
        self.stdout.write(f"期限重新计算 {job.pk}：{done.get_status_display()} {done.result}")
        return True

    def _record_tail(self):
        try:
            written = audit.record_tail()
        except OSError as error:
            # The worker's real work (imports) must go on; the missing record shows in the
            # journal now and as an older last record in verify_audit's output.
            self.stderr.write(
                f"无法写入审计日志链尾记录文件 {audit.tail_file_path()}：{error.strerror or error}"
            )
            return
        if written is not None:
            self.stdout.write(f"已记录审计日志链尾：链位置 {written.position}。")
