"""Migration 0002's data step: a report submitted (or published) before submissions were kept
gets its one submission from what it froze, so that a withdrawal has a record to close and a
resubmission something to compare with; a draft gets none."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.core.roles import Role
from fazhi.publicity import actions as publicity
from fazhi.reports import actions
from fazhi.reports.content import default_template_bytes
from fazhi.reports.models import AnnualReport, ReportStatus, ReportSubmission
from fazhi.reports.tests.ready import complete

MIGRATION = importlib.import_module("fazhi.reports.migrations.0002_submissions")
SUBMITTED_AT = timezone.make_aware(datetime.datetime(2025, 2, 21, 10, 30))


def _historical_apps():
    """The models as migration 0002 sees them."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(("reports", "0002_submissions")).apps


@pytest.fixture
def reports_of_before(tree, make_user):
    """Three reports as the release before 0002 left them: frozen with the default template
    it stored (named 默认模板), published with the bureau's own template, and a draft."""
    leader = make_user("leader", tree["county"], Role.LEADER)
    publicity.register_article(
        None, unit=tree["county"], number="稿1", published_date=datetime.date(2024, 5, 6),
        title="稿件1", platform="own_account",
    )  # fmt: skip
    frozen = complete(actions.create_report(None, unit=tree["county"], year=2024))
    actions.submit(leader, frozen)
    published = complete(actions.create_report(None, unit=tree["county"], year=2023))
    actions.upload_template(
        None, published, name="古丈县模板.docx", content=default_template_bytes()
    )
    actions.submit(leader, published)
    actions.publish(leader, published)
    draft = complete(actions.create_report(None, unit=tree["county"], year=2022))
    # Before 0002 no submission was kept; the published one lost its submission time too
    # (the step falls back on the report's last change).
    ReportSubmission.objects.all().delete()
    AnnualReport.objects.filter(pk=frozen.pk).update(submitted_at=SUBMITTED_AT)
    AnnualReport.objects.filter(pk=published.pk).update(submitted_at=None)
    return {
        "leader": leader,
        **{
            name: AnnualReport.objects.get(pk=report.pk)
            for name, report in (("frozen", frozen), ("published", published), ("draft", draft))
        },
    }


def test_each_frozen_report_gets_its_one_submission(reports_of_before):
    MIGRATION.keep_earlier_submissions(_historical_apps(), None)

    frozen, published = reports_of_before["frozen"], reports_of_before["published"]
    kept = ReportSubmission.objects.get(report=frozen)
    assert (kept.number, kept.stored_default, kept.submitted_at) == (1, True, SUBMITTED_AT)
    assert kept.frozen == frozen.frozen and kept.template_id == frozen.template_id
    assert kept.submitted_by == reports_of_before["leader"] and kept.withdrawn_at is None
    assert published.status == ReportStatus.PUBLISHED
    kept = ReportSubmission.objects.get(report=published)
    assert (kept.number, kept.stored_default) == (1, False)  # the bureau's own template
    assert kept.submitted_at == published.updated_at
    assert kept.template.name == "古丈县模板.docx"
    assert not ReportSubmission.objects.filter(report=reports_of_before["draft"]).exists()
    assert ReportSubmission.objects.count() == 2


def test_after_the_step_the_frozen_report_is_withdrawn_to_the_default_template(
    reports_of_before,
):
    MIGRATION.keep_earlier_submissions(_historical_apps(), None)
    frozen = reports_of_before["frozen"]
    actions.withdraw(reports_of_before["leader"], frozen, "须补充第三部分。")
    frozen.refresh_from_db()
    assert frozen.status == ReportStatus.DRAFT and frozen.template is None
    assert ReportSubmission.objects.get(report=frozen).withdraw_reason == "须补充第三部分。"
