"""The demo's reports: last year's of 古丈县's departments, townships and the bureau itself, most
on time, one sent late, one published late, 统计局's missing (on the board and the 报送情况 page);
the year before's all on time;
市场监管's sent and published by its own 填报员; nothing dated after the day it is loaded; loading
again adds nothing."""

import datetime

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEntry, Unit
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.unit_loader import load_units
from fazhi.department_reports import alerts, demo
from fazhi.department_reports.models import DepartmentReport
from fazhi.portal.management.commands.demo import UNITS_FILE

D = datetime.date


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db, make_user):
    load_units(None, read_table(UNITS_FILE, UNITS_FILE.name))
    return {
        "clerk": make_user("shijianju", Unit.objects.get(code="433126-E02"), Role.CLERK),
        "bureau": make_user("zhixian", Unit.objects.get(code="433126"), Role.RULE_OF_LAW),
    }


def test_last_years_reports_show_each_rule_at_work(county, client):
    today = D(2026, 6, 1)
    # 20 departments, 7 townships and the bureau, the year before last all, last year but 统计局.
    assert demo.load(today) == 28 + 27
    before = DepartmentReport.objects.filter(year=2024)
    assert before.count() == 28
    assert not before.filter(received_late=True) and not before.filter(published_late=True)
    assert not before.filter(published_date__isnull=True)
    reports = DepartmentReport.objects.filter(year=2025)
    assert not reports.filter(reporting_unit__code="433126-E17").exists()
    assert list(
        reports.filter(received_late=True).values_list("reporting_unit__code", flat=True)
    ) == ["433126-E08"]
    assert list(
        reports.filter(published_late=True).values_list("reporting_unit__code", flat=True)
    ) == ["433126-E07"]
    assert reports.filter(received_date__isnull=True).count() == 0
    assert reports.get(reporting_unit__code="433126").grade == ""
    assert reports.exclude(grade="").count() == 26
    # 市场监管's 报送 and 公开 were recorded by its own 填报员, through the steps.
    market = reports.get(reporting_unit__code="433126-E02")
    notes = list(
        AuditEntry.objects.filter(register="department_report", object_id=str(market.pk))
        .order_by("id")
        .values_list("actor__username", "note")
    )
    assert notes[:3] == [
        ("zhixian", "登记部门法治政府建设年度报告"),
        ("shijianju", "年度报告：报送"),
        ("shijianju", "年度报告：公开"),
    ]
    # 统计局 on the board and on the 报送情况 page.
    unsent, unpublished = alerts.unsent(county["bureau"], today)
    assert [line.text for line in unsent.lines] == ["古丈县统计局"]
    assert unpublished.count == 1
    client.force_login(county["bureau"])
    response = client.get(reverse("department_report:status"), {"year": 2025})
    found = response.context["found"]
    assert (found.expected, found.received, found.received_late, found.published_late) == (
        28,
        27,
        1,
        1,
    )
    assert [row.unit.name for row in found.unregistered] == ["古丈县统计局"]

    assert demo.load(today) == 0
    assert DepartmentReport.objects.count() == 55


def test_loaded_in_january_last_years_reports_are_still_coming_in(county):
    today = D(2026, 1, 31)
    demo.load(today)
    reports = DepartmentReport.objects.filter(year=2025)
    assert 0 < reports.filter(received_date__isnull=False).count() < 27
    assert not reports.filter(received_date__gt=today).exists()
    assert not reports.filter(published_date__isnull=False, published_date__gt=today).exists()
    assert not reports.filter(received_late=True).exists()
    (alert,) = alerts.unsent(county["bureau"], today)
    assert alert.label == "部门法治政府建设年度报告未报送（2025年度）"
