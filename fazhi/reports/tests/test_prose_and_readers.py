"""Issue 15, point 8: prose carrying fazhi's figure markers (U+E000…U+E002) is refused, and
prose stored with them before renders without a 500 and without a forged figure. Point 15:
a department's 填报员 cannot open the county's draft; only its makers read a draft."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fazhi.core import actions as core_actions
from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry, UnitKind
from fazhi.core.roles import Role
from fazhi.publicity import actions as publicity
from fazhi.reports import actions
from fazhi.reports.models import AnnualReport, ProseRevision
from fazhi.reports.tests.ready import complete
from fazhi.reports.views import _linked

FORGED = "共办理\ue000publicity.articles\ue0019999\ue002件。"
UNKNOWN = "另有\ue000no.such.key\ue001x\ue002项。"


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "pufa": make_user("pufa", tree["county"], Role.PUBLICITY),
    }


@pytest.fixture
def report(tree, people):
    publicity.register_article(
        None, unit=tree["county"], number="稿1", published_date="2024-05-06", title="稿件",
        platform="own_account",
    )  # fmt: skip
    return actions.create_report(people["fazhi"], unit=tree["county"], year=2024)


def _figures(html: str) -> list[str]:
    """The shown value of every figure the page marks (linked or not)."""
    return re.findall(r'class="figure"[^>]*>([^<]*)<', html)


@pytest.mark.parametrize("text", [FORGED, UNKNOWN, "段落\ue000"])
def test_prose_with_figure_markers_is_refused_in_chinese_and_saves_nothing(
    client, report, people, text
):
    client.force_login(people["pufa"])
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("reports:prose", args=[report.pk, "measures.publicity"]), {"text": text}
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [
        f"「一、举措和成效：持续巩固法治宣传教育成效」第 {text.index(chr(0xE000)) + 1} 个字符"
        "是系统保留字符（U+E000），请删除后重新输入。"
    ]
    assert not ProseRevision.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_particulars_with_markers_or_controls_are_refused(client, report, people):
    client.force_login(people["fazhi"])
    response = client.post(
        reverse("reports:particulars", args=[report.pk]),
        {"addressee": "县委\ue000", "signer": "古丈县\x01司法局", "sign_date": "2025-02-20"},
    )
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "系统保留字符" in shown and "不可见的控制字符" in shown
    report.refresh_from_db()
    assert report.addressee == "县委、县人民政府" and report.signer == "古丈县司法局"
    with pytest.raises(ActionRefused, match="系统保留字符"):
        actions.set_particulars(
            people["fazhi"], report, addressee="\ue001", signer="局", sign_date=None
        )


def test_prose_stored_with_markers_renders_and_forges_no_figure(client, report, people):
    client.force_login(people["pufa"])
    clean = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    # Written before inputs refused the markers: straight into the table.
    ProseRevision.objects.create(report=report, block="opening", text=f"{FORGED}\n{UNKNOWN}")
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "共办理publicity.articles9999件。" in html and "另有no.such.keyx项。" in html
    assert "9999" not in _figures(html) and _figures(html) == _figures(clean)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200


def test_a_submitted_report_with_markers_in_its_frozen_prose_renders(client, report, people):
    actions.submit(people["leader"], complete(report))
    frozen = AnnualReport.objects.get(pk=report.pk).frozen
    frozen["prose"]["opening"] = FORGED + UNKNOWN
    AnnualReport.objects.filter(pk=report.pk).update(frozen=frozen)
    client.force_login(people["leader"])
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200 and "9999" not in _figures(page.content.decode())


def test_the_preview_shows_a_mark_it_cannot_resolve_as_plain_text(report, people):
    html = _linked(f"前{UNKNOWN}后", report, people["pufa"])
    assert html == "前另有x项。后"  # the mark resolves to its shown text, no link


@pytest.fixture
def outsiders(tree, make_user):
    def unit(code, name, kind, parent):
        return core_actions.save_unit(None, code=code, name=name, kind=kind, parent=parent)

    police = unit("433126-E01", "古丈县公安局", UnitKind.ENFORCEMENT_DEPARTMENT, tree["county"])
    return {
        "department_clerk": make_user("gongan", police, Role.CLERK),
        "committee_clerk": make_user("baiguo", tree["committee"], Role.CLERK),
        "prefecture": make_user("zhou", tree["prefecture"], Role.LEADER),
        "sibling": make_user("luxi", tree["sibling"], Role.LEGALITY),
    }


def test_a_departments_clerk_cannot_open_the_countys_draft(client, report, people, outsiders):
    pages = [
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:download", args=[report.pk]),
        reverse("reports:download_template", args=[report.pk]),
    ]
    for name, user in outsiders.items():
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (name, url)
        listed = client.get(reverse("reports:list")).content.decode()
        assert reverse("reports:detail", args=[report.pk]) not in listed, name


def test_the_makers_read_the_draft_and_the_bureau_above_reads_it_once_submitted(
    client, tree, make_user, report, people, outsiders
):
    corrections = make_user("jiaozheng", tree["office"], Role.CORRECTIONS)
    for user in (people["fazhi"], people["leader"], people["pufa"], corrections):
        client.force_login(user)
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
        assert (
            reverse("reports:detail", args=[report.pk])
            in client.get(reverse("reports:list")).content.decode()
        )
    actions.submit(people["leader"], complete(report))
    client.force_login(outsiders["prefecture"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    client.force_login(outsiders["sibling"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 403
