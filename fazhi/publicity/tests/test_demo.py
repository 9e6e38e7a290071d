"""`manage.py demo` loads the 普法 registers once — past years through the importer, the
recent ones through the officer's actions — and their figures equal what demo.py plans."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core.audit import files as audit_files
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.imports.demo_records import OFFICES
from fazhi.publicity.demo import (
    ACTIVITIES,
    ACTIVITIES_A_YEAR,
    ARTICLES,
    ARTICLES_A_YEAR,
    activity_plan,
    article_plan,
)
from fazhi.publicity.models import Activity, Article


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_loads_activities_and_articles_once():
    past_activities = [row for year in ACTIVITIES_A_YEAR for row in activity_plan(year)]
    past_articles = [row for year in ARTICLES_A_YEAR for row in article_plan(year)]
    activities = len(ACTIVITIES) + len(past_activities)
    articles = len(ARTICLES) + len(past_articles)
    added = activities + articles
    assert f"演示普法宣传：新增 {added} 件" in run("demo")
    assert (Activity.objects.count(), Article.objects.count()) == (activities, articles)
    assert set(Activity.objects.values_list("unit__code", flat=True)) == {"433126", *OFFICES}
    entries = AuditEntry.objects.filter(register__startswith="publicity_")
    by_officer = entries.filter(actor__username="tiaojie")
    assert by_officer.count() == len(ACTIVITIES) + len(ARTICLES)
    # The past years come in as imports, each audited as one entry naming the ids it made.
    imports = entries.filter(actor=None, action=AuditAction.IMPORT)
    # Besides, the demo's one scanned paper on the newest record (portal/demo_documents.py).
    others = entries.filter(actor=None).exclude(action=AuditAction.IMPORT)
    assert set(others.values_list("action", flat=True)) <= {AuditAction.ATTACH}
    assert others.count() <= 2
    assert sum(e.after[audit_files.CREATED] for e in imports) == len(past_activities) + len(
        past_articles
    )

    got = json.loads(run("indicators", "--year", "2024", "--format", "json", "--unit", "433126"))
    assert got["publicity.activities"]["value"] == ACTIVITIES_A_YEAR[2024]
    assert got["publicity.articles"]["value"] == ARTICLES_A_YEAR[2024] == 43  # 40余篇

    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    got = json.loads(
        run("indicators", "--from", start.isoformat(), "--to", today.isoformat(), "--format",
            "json", "--unit", "433126")
    )  # fmt: skip
    recent = [row for row in past_activities if start <= row["held_date"] <= today]
    assert got["publicity.activities"]["value"] == len(ACTIVITIES) + len(recent)
    assert got["publicity.audience"]["value"] == sum(row[-1] or 0 for row in ACTIVITIES) + sum(
        row["audience"] for row in recent
    )
    recent = [row for row in past_articles if start <= row["published_date"] <= today]
    assert got["publicity.articles"]["value"] == len(ARTICLES) + len(recent)

    assert "演示普法宣传：新增 0 件" in run("demo")
    assert Activity.objects.count() + Article.objects.count() == added
