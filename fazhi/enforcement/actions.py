"""Every change to the enforcement registers: one function per action, each through
core.writes.save_record (scope, derived fields, checks, audit, one transaction).

Scores and findings are entered only by those who work the register (执法监督); a
department's 填报员 may reach his department's files (clerk_unit_field) but records only
their rectification (`record_step` / `record_rectification`).
"""

import datetime

from django.db import transaction

from fazhi.core import permissions
from fazhi.core.writes import lock, save_record, update_record

from . import rules
from .columns import LAW_REPORT_REGISTER, REVIEW_REGISTER
from .models import CaseFileReview, LawReport, ReviewStatus


def register_case(actor, *, unit, **facts) -> CaseFileReview:
    """登记: one reviewed file with its score and findings."""
    permissions.require("enforcement.enter_findings", actor)
    facts.setdefault("officer", actor)
    review = CaseFileReview(unit=unit, **facts)
    return save_record(actor, REVIEW_REGISTER, review, note="登记案卷评查")


def update_case(actor, review: CaseFileReview, **changes) -> CaseFileReview:
    """Correct a review's particulars (scores, findings): not for 填报员."""
    permissions.require("enforcement.enter_findings", actor)
    return update_record(actor, REVIEW_REGISTER, review, changes, note="修改案卷评查")


@transaction.atomic
def record_step(actor, review: CaseFileReview, step: str, day: datetime.date, **_):
    """整改完成 on `day`: open to the department's 填报员 as well."""
    lock(review)
    rules.apply_step(review, step, day)
    return save_record(actor, REVIEW_REGISTER, review, note=f"整改：{rules.STEPS[step].label}")


def record_rectification(actor, review: CaseFileReview, day: datetime.date) -> CaseFileReview:
    return record_step(actor, review, rules.RECTIFY, day)


@transaction.atomic
def record_notice_sent(actor, reviews, day: datetime.date) -> int:
    """整改通知书 sent to a department on `day`: noted on each of its open findings."""
    permissions.require("enforcement.enter_findings", actor)
    count = 0
    for review in reviews:
        lock(review)
        if review.status != ReviewStatus.RECTIFYING:
            continue
        review.notice_sent_date = day
        save_record(actor, REVIEW_REGISTER, review, note="发出整改通知书")
        count += 1
    return count


def register_report(actor, *, unit, **facts) -> LawReport:
    """登记一次述法."""
    return save_record(actor, LAW_REPORT_REGISTER, LawReport(unit=unit, **facts), note="登记述法")


def update_report(actor, report: LawReport, **changes) -> LawReport:
    """Correct a 述法's particulars."""
    return update_record(actor, LAW_REPORT_REGISTER, report, changes, note="修改述法")
