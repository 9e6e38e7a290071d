"""`manage.py demo` loads the 普法 registers once, through the officer's actions, and their
figures over the past year equal what demo.py lists."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.core.models import AuditEntry
from fazhi.publicity.demo import ACTIVITIES, ARTICLES
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
    added = len(ACTIVITIES) + len(ARTICLES)
    assert f"演示普法宣传：新增 {added} 件" in run("demo")
    assert (Activity.objects.count(), Article.objects.count()) == (len(ACTIVITIES), len(ARTICLES))
    assert set(Activity.objects.values_list("unit__code", flat=True)) == {
        "433126", "433126-S01", "433126-S02",
    }  # fmt: skip
    entries = AuditEntry.objects.filter(register__startswith="publicity_")
    assert entries.count() == added and {e.actor.username for e in entries} == {"tiaojie"}

    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    got = json.loads(
        run("indicators", "--from", start.isoformat(), "--to", today.isoformat(), "--format",
            "json", "--unit", "433126")
    )  # fmt: skip
    assert got["publicity.activities"]["value"] == len(ACTIVITIES)
    assert got["publicity.audience"]["value"] == sum(row[-1] or 0 for row in ACTIVITIES)
    assert got["publicity.articles"]["value"] == len(ARTICLES)
    assert got["publicity.articles.本单位公众号"]["value"] == 3

    assert "演示普法宣传：新增 0 件" in run("demo")
    assert Activity.objects.count() + Article.objects.count() == added
