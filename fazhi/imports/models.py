"""An import waiting for, or done by, the background worker (`manage.py work`)."""

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "未导入（有错误）"
    FAILED = "failed", "失败"


FINISHED = (JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED)


class ImportJob(models.Model):
    register = models.CharField("登记簿", max_length=64)
    filename = models.CharField("文件名", max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.CASCADE, related_name="+"
    )
    # The uploaded file, SM4-GCM encrypted (it holds personal data), removed once finished.
    payload = models.TextField("文件内容（加密）", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    worker = models.CharField("执行进程", max_length=100, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.CharField("结果", max_length=200, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors_token = models.CharField("错误说明文件", max_length=64, blank=True)
    message = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="import_job_queue")]

    def __str__(self):
        return f"{self.register}:{self.filename}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
