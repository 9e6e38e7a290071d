"""Issue 19, defect 7: 报送 froze an empty 2026 report on 2026-12-06 in one click, for good.
Now submission is refused before the year has ended and while a part is empty, asked on a
confirmation page first; a 局领导 may withdraw a submitted report with a reason (audited), and
a resubmission shows what it changed; the 署名 and 成文日期 stand as GB/T 9704-2012 7.3.5.1
places them."""

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips

from fazhi.core.errors import ActionRefused
from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict
from fazhi.core.writes import save_record
from fazhi.indicators.registry import INDICATORS
from fazhi.litigation.columns import REGISTER as LITIGATION
from fazhi.litigation.models import Judgment, LitigationCase
from fazhi.publicity import actions as publicity
from fazhi.reports import actions, rendering, rules, views
from fazhi.reports.content import DEFAULT_TEMPLATE_NAME, default_template_bytes, docx_for
from fazhi.reports.default_template import (
    CHARACTER_TWIPS,
    characters_wide,
    place_signature,
    signer_indent,
)
from fazhi.reports.models import AnnualReport, ReportStatus, ReportSubmission, ReportTemplate
from fazhi.reports.parts import PROSE_BLOCKS
from fazhi.reports.tests.ready import complete
from fazhi.reports.views import WithdrawForm

D = datetime.date
ALL_BLOCKS = {block.key for block in PROSE_BLOCKS}
PARTICULARS = {
    "addressee": "县委、县人民政府",
    "signer": "古丈县司法局",
    "sign_date": D(2025, 2, 20),
}
WRITTEN = {key: "已撰写。" for key in ALL_BLOCKS}


def _missing(**overrides):
    given = {
        "year": 2024,
        "today": D(2025, 1, 2),
        "blocks_used": ALL_BLOCKS,
        "prose": WRITTEN,
        "particulars_used": set(PARTICULARS),
        "particulars": PARTICULARS,
    }
    return rules.missing_for_submission(**(given | overrides))


# --- the rule (no database) ----------------------------------------------------------------


def test_a_complete_report_of_a_past_year_misses_nothing():
    assert _missing() == []
    assert _missing(year=2025, today=D(2026, 1, 1)) == []


@pytest.mark.parametrize("today", [D(2026, 12, 6), D(2026, 12, 31), D(2026, 1, 1)])
def test_the_year_must_have_ended(today):
    assert _missing(year=2026, today=today) == ["2026年度尚未结束，2027年1月1日起才能报送"]


def test_an_empty_block_is_named_and_a_blank_one_is_empty_too():
    prose = WRITTEN | {"shortcomings": "", "other": "  \n "}
    del prose["next_year"]
    assert _missing(prose=prose) == [
        "「二、存在的不足和原因」尚未撰写",
        "「四、下一年度主要安排」尚未撰写",
        "「五、其他需要报告的情况」尚未撰写",
    ]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff \u200b", "\u3000\u200d\r\n"])
def test_what_prints_nothing_is_empty(invisible):
    """Zero-width and other format characters (Unicode Cf) leave no mark on the page."""
    assert _missing(prose=WRITTEN | {"other": invisible}) == ["「五、其他需要报告的情况」尚未撰写"]
    assert _missing(particulars=PARTICULARS | {"signer": invisible}) == ["尚未填写发文机关署名"]
    assert _missing(prose=WRITTEN | {"other": f"无{invisible}。"}) == []


def test_only_what_the_template_prints_is_required():
    prose = WRITTEN | {"other": ""}
    particulars = PARTICULARS | {"addressee": "", "sign_date": None}
    assert (
        _missing(
            blocks_used=ALL_BLOCKS - {"other"},
            prose=prose,
            particulars_used={"signer"},
            particulars=particulars,
        )
        == []
    )
    assert _missing(particulars=particulars) == ["尚未填写主送机关", "尚未填写成文日期"]


def test_the_issues_empty_report_misses_the_year_and_every_block():
    found = _missing(year=2026, today=D(2026, 12, 6), prose={})
    assert len(found) == 1 + len(PROSE_BLOCKS)
    assert rules.refusal(found).startswith("还不能报送：2026年度尚未结束")


def test_the_changes_between_two_submissions():
    before = {
        "figures": {"publicity.articles": {"value": "43"}, "mediation.received": {"value": "5"}},
        "prose": {"opening": "旧的开篇。", "other": "无。"},
        "meta": PARTICULARS | {"sign_date": "2025-02-20"},
    }
    after = {
        "figures": {"publicity.articles": {"value": "53"}, "mediation.received": {"value": "5"}},
        "prose": {"opening": "新写的开篇，长一些。", "other": "无。"},
        "meta": PARTICULARS | {"sign_date": D(2025, 2, 25)},
    }
    found = rules.changes(before, after)
    assert found.figures == [{"key": "publicity.articles", "before": "43", "after": "53"}]
    assert [(c["label"], c["before"], c["after"]) for c in found.prose] == [
        ("开篇（总体情况）", 5, 10)
    ]
    assert found.particulars == [
        {"key": "sign_date", "label": "成文日期", "before": "2025-02-20", "after": "2025-02-25"}
    ]
    assert not rules.changes(before, before)


def test_the_digest_follows_every_part_of_what_is_confirmed():
    given = {
        "figures": {"publicity.articles": "43", "litigation.loss_rate": "0.2222"},
        "prose": {"opening": "开篇。"},
        "meta": PARTICULARS | {"title": "古丈县司法局关于", "year": 2024},
        "template_sha256": "a" * 64,
    }
    digest = rules.content_digest(**given)
    # A date counts by its day, as the page has it (a date) or as submission froze it (text).
    frozen_meta = given["meta"] | {"sign_date": "2025-02-20"}
    assert rules.content_digest(**given | {"meta": frozen_meta}) == digest
    for changed in (
        {"figures": given["figures"] | {"publicity.articles": "44"}},
        {"figures": given["figures"] | {"litigation.loss_rate": None}},
        {"prose": {"opening": "开篇。", "other": "无。"}},
        {"meta": given["meta"] | {"sign_date": D(2025, 2, 21)}},
        {"meta": given["meta"] | {"signer": "古丈县人民政府"}},
        {"template_sha256": "b" * 64},
    ):
        assert rules.content_digest(**given | changed) != digest, changed


# --- submission refused, and the confirmation page ----------------------------------------


@pytest.fixture
def people(tree, make_user):
    return {
        "fazhi": make_user("fazhi", tree["county"], Role.LEGALITY),
        "leader": make_user("leader", tree["county"], Role.LEADER),
        "pufa": make_user("pufa", tree["county"], Role.PUBLICITY),
        "section_leader": make_user("guzhang", tree["section"], Role.LEADER),
        "prefecture": make_user("zhou", tree["prefecture"], Role.LEADER),
    }


def articles(unit, count, start=0):
    for n in range(start, start + count):
        publicity.register_article(
            None, unit=unit, number=f"稿{n}", published_date=D(2024, 5, 6), title=f"稿件{n}",
            platform="own_account",
        )  # fmt: skip


@pytest.fixture
def report(tree, people):
    articles(tree["county"], 43)
    return actions.create_report(people["fazhi"], unit=tree["county"], year=2024)


def concluded_suits(unit, *, lost: int, concluded: int):
    """行政应诉 cases concluded in 2024, `lost` of them lost (撤销, a 败诉 result by default)."""
    for n in range(concluded):
        case = LitigationCase(
            unit=unit,
            number=f"（2024）湘3101行初{n + 1}号",
            plaintiff="王某",
            defendant="古丈县自然资源局",
            notice_received_date=D(2024, 3, 4),
            concluded_date=D(2024, 7, 9),
            judgment=Judgment.REVOKED if n < lost else Judgment.CLAIMS_DISMISSED,
        )
        save_record(None, LITIGATION, case)


def _digest(page: str) -> str:
    return re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)


def _nothing_submitted(report):
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.frozen is None
    assert not ReportSubmission.objects.filter(report=report).exists()


def test_the_issues_report_is_refused_on_2026_12_06(tree, people, on_day):
    on_day(D(2026, 12, 6))
    report = actions.create_report(people["fazhi"], unit=tree["county"], year=2026)
    with pytest.raises(ActionRefused) as refused:
        actions.submit(people["leader"], report)
    message = str(refused.value)
    assert "2026年度尚未结束" in message and "「开篇（总体情况）」尚未撰写" in message
    assert all(f"「{block.label}」尚未撰写" in message for block in PROSE_BLOCKS)
    _nothing_submitted(report)


def test_a_complete_report_is_refused_before_its_year_ends(tree, people, on_day):
    report = complete(actions.create_report(people["fazhi"], unit=tree["county"], year=2026))
    on_day(D(2026, 12, 31))
    refusal = "^还不能报送：2026年度尚未结束，2027年1月1日起才能报送。$"
    with pytest.raises(ActionRefused, match=refusal):
        actions.submit(people["leader"], report)
    _nothing_submitted(report)
    on_day(D(2027, 1, 1))
    actions.submit(people["leader"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_an_empty_section_is_refused_and_named(report, people):
    complete(report, leave={"shortcomings"})
    with pytest.raises(ActionRefused) as refused:
        actions.submit(people["leader"], report)
    assert str(refused.value) == "还不能报送：「二、存在的不足和原因」尚未撰写。"
    _nothing_submitted(report)


def test_an_empty_particular_is_refused(report, people):
    complete(report)
    actions.set_particulars(None, report, addressee="县委、县人民政府", signer="", sign_date=None)
    with pytest.raises(ActionRefused, match="尚未填写发文机关署名；尚未填写成文日期"):
        actions.submit(people["leader"], report)
    _nothing_submitted(report)


def test_the_confirmation_lists_what_is_missing_and_offers_no_submit(client, report, people):
    complete(report, leave={"shortcomings", "measures.mediation"})
    client.force_login(people["fazhi"])
    page = strict(client.get(reverse("reports:submit", args=[report.pk])))
    assert "「二、存在的不足和原因」尚未撰写" in page
    assert "「一、举措和成效：主动作为推动人民调解工作」尚未撰写" in page
    assert "确认报送" not in page and 'name="confirm"' not in page
    # A POST that did not come from the confirmation page shows it, and submits nothing.
    confirmation = reverse("reports:submit", args=[report.pk])
    response = client.post(confirmation)
    assert response.status_code == 302 and response.url == confirmation
    refused = client.post(reverse("reports:submit", args=[report.pk]), {"confirm": "1"})
    shown = [str(m) for m in get_messages(refused.wsgi_request)]
    assert shown == ["还不能报送：「一、举措和成效：主动作为推动人民调解工作」尚未撰写；"
                     "「二、存在的不足和原因」尚未撰写。"]  # fmt: skip
    _nothing_submitted(report)


def test_the_confirmation_shows_what_will_be_frozen_and_confirm_submits(
    client, report, people, tree
):
    concluded_suits(tree["county"], lost=12, concluded=54)
    complete(report)
    client.force_login(people["leader"])
    detail = strict(client.get(reverse("reports:detail", args=[report.pk])))
    assert f'href="{reverse("reports:submit", args=[report.pk])}"' in detail
    page = strict(client.get(reverse("reports:submit", args=[report.pk])))
    assert "确认报送" in page and 'name="confirm" value="1"' in page
    label = INDICATORS["publicity.articles"].label
    assert f'<tr><td>{label}</td><td class="num">43</td></tr>' in page
    # A rate reads as people read it (indicators.compute.shown_value): 12 of 54, never 0.2222…
    rate = INDICATORS["litigation.loss_rate"].label
    assert f'<tr><td>{rate}</td><td class="num">22.22%</td></tr>' in page
    assert not re.search(r'class="num">\d*\.\d{3,}<', page)
    assert "二、存在的不足和原因（" in page and "古丈县司法局" in page and "2025年2月20日" in page
    assert "与第" not in page  # nothing submitted before
    _nothing_submitted(report)
    response = client.post(
        reverse("reports:submit", args=[report.pk]), {"confirm": "1", "digest": _digest(page)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.frozen["figures"]["publicity.articles"]["value"] == "43"
    loss_rate = report.frozen["figures"]["litigation.loss_rate"]
    assert (loss_rate["numerator"], loss_rate["denominator"]) == ("12", "54")
    assert ReportSubmission.objects.get(report=report).number == 1


def test_only_a_manager_opens_the_confirmation(client, report, people):
    client.force_login(people["pufa"])
    assert client.get(reverse("reports:submit", args=[report.pk])).status_code == 403
    client.force_login(people["prefecture"])
    assert client.get(reverse("reports:submit", args=[report.pk])).status_code == 403


def test_a_confirmation_submits_only_what_it_showed(client, report, people):
    complete(report)
    client.force_login(people["leader"])
    url = reverse("reports:submit", args=[report.pk])
    shown = _digest(strict(client.get(url)))
    # Someone rewrites a block after the leader opened the confirmation.
    actions.write_prose(people["fazhi"], report, "shortcomings", "改写后的不足和原因。")
    entries, templates = _report_entries(), ReportTemplate.objects.count()
    for stale in ({"confirm": "1", "digest": shown}, {"confirm": "1"}):
        # Refused, and back on the confirmation, which now shows what would be frozen.
        response = client.post(url, stale, follow=True)
        assert response.redirect_chain == [(url, 302)]
        page = strict(response)
        assert "报告内容在您确认之后有变化，请重新核对后再报送。" in page
        _nothing_submitted(report)
        assert (_report_entries(), ReportTemplate.objects.count()) == (entries, templates)
    fresh = _digest(page)
    assert fresh != shown
    response = client.post(url, {"confirm": "1", "digest": fresh})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["报告已报送，统计数据已冻结。"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.frozen["prose"]["shortcomings"] == "改写后的不足和原因。"


def test_a_changed_figure_or_particular_voids_the_confirmation(client, report, people, tree):
    complete(report)
    client.force_login(people["leader"])
    url = reverse("reports:submit", args=[report.pk])
    shown = _digest(strict(client.get(url)))
    articles(tree["county"], 1, start=100)  # 43 → 44
    with pytest.raises(actions.ContentChanged):
        actions.submit(people["leader"], report, expected=shown)
    _nothing_submitted(report)
    shown = _digest(strict(client.get(url)))
    actions.set_particulars(
        None, report, addressee="县委、县人民政府", signer="古丈县司法局", sign_date=D(2025, 2, 21)
    )
    with pytest.raises(actions.ContentChanged):
        actions.submit(people["leader"], report, expected=shown)
    _nothing_submitted(report)


def test_the_confirmation_writes_the_date_with_the_one_function(
    client, report, people, monkeypatch
):
    """成文日期 as cn_date writes it (GB/T 9704-2012 7.3.5.4), not by the page's own hand."""
    complete(report)
    monkeypatch.setattr(views, "cn_date", lambda day: f"〔{day:%Y/%m/%d}〕")
    client.force_login(people["leader"])
    page = strict(client.get(reverse("reports:submit", args=[report.pk])))
    assert "<dt>成文日期</dt><dd>〔2025/02/20〕</dd>" in page


def test_submission_dry_runs_the_template_once(report, people, monkeypatch):
    complete(report)
    runs = []
    dry_run = rendering._dry_run

    def counted(*args):
        runs.append(args)
        return dry_run(*args)

    monkeypatch.setattr(rendering, "_dry_run", counted)
    actions.submit(people["leader"], report)
    assert len(runs) == 1
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.SUBMITTED and "publicity.articles" in report.frozen["figures"]
    )


# --- withdrawal -----------------------------------------------------------------------------


@pytest.fixture
def submitted(report, people):
    actions.submit(people["fazhi"], complete(report))
    report.refresh_from_db()
    return report


REASON = "第三部分漏写了主要负责人述法情况，须补充后重新报送。"


@pytest.mark.parametrize("who", ["fazhi", "pufa", "section_leader", "prefecture"])
def test_only_the_bureaus_leader_withdraws(client, submitted, people, who):
    entries = _report_entries()
    with pytest.raises(ActionRefused, match="只有本单位的局领导可以撤回"):
        actions.withdraw(people[who], submitted, REASON)
    # Each of them reads the submitted report, and is told why he may not withdraw it.
    client.force_login(people[who])
    response = client.post(reverse("reports:withdraw", args=[submitted.pk]), {"reason": REASON})
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["只有本单位的局领导可以撤回已报送的年度报告。"]
    detail = strict(client.get(reverse("reports:detail", args=[submitted.pk])))
    assert 'id="withdraw"' not in detail
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED and submitted.frozen is not None
    assert _report_entries() == entries


def _report_entries() -> int:
    return AuditEntry.objects.filter(register="annual_report").count()


@pytest.mark.parametrize("reason", ["", "   \n ", "有\x07控制字符", "理" * 201])
def test_a_withdrawal_without_a_proper_reason_changes_nothing(client, submitted, people, reason):
    entries = _report_entries()
    with pytest.raises(ActionRefused):
        actions.withdraw(people["leader"], submitted, reason)
    client.force_login(people["leader"])
    response = client.post(reverse("reports:withdraw", args=[submitted.pk]), {"reason": reason})
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [actions.reason_problem(reason)]
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED and submitted.frozen is not None
    assert ReportSubmission.objects.get(report=submitted).withdrawn_at is None
    assert _report_entries() == entries


def test_the_reasons_rules_are_the_actions_alone(client, submitted, people, monkeypatch):
    """The form checks nothing of its own: the browser's maxlength only, and the action's
    rule decides (here with its limit raised, which a second check in the form would not
    follow)."""
    assert WithdrawForm({"reason": ""}).is_valid()
    assert WithdrawForm({"reason": "理" * 201}).is_valid()
    assert f'maxlength="{actions.MAX_REASON}"' in str(WithdrawForm()["reason"])
    monkeypatch.setattr(actions, "MAX_REASON", 300)
    client.force_login(people["leader"])
    response = client.post(reverse("reports:withdraw", args=[submitted.pk]), {"reason": "理" * 250})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["报告已撤回，退回起草中。"]
    assert ReportSubmission.objects.get(report=submitted).withdraw_reason == "理" * 250


def test_the_leader_withdraws_with_a_reason_in_the_audit_log(client, submitted, people):
    assert submitted.template is not None  # the default template, stored on submission
    client.force_login(people["leader"])
    detail = strict(client.get(reverse("reports:detail", args=[submitted.pk])))
    assert 'id="withdraw"' in detail and "撤回报送" in detail
    response = client.post(reverse("reports:withdraw", args=[submitted.pk]), {"reason": REASON})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["报告已撤回，退回起草中。"]
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.DRAFT and submitted.frozen is None
    assert submitted.submitted_at is None and submitted.template is None
    kept = ReportSubmission.objects.get(report=submitted)
    assert kept.frozen["figures"]["publicity.articles"]["value"] == "43"
    assert kept.withdrawn_by == people["leader"] and kept.withdraw_reason == REASON
    entry = AuditEntry.objects.filter(register="annual_report").latest("id")
    assert entry.actor == people["leader"] and entry.object_id == str(submitted.pk)
    assert entry.note == f"撤回第1次报送，报告退回起草中。理由：{REASON}"
    # A draft again: its officers write, and the page tells who withdrew it and why.
    actions.write_prose(people["fazhi"], submitted, "first_responsible", "补充了述法情况。")
    page = strict(client.get(reverse("reports:detail", args=[submitted.pk])))
    assert REASON in page and "撤回" in page


def test_a_published_report_is_not_withdrawn(submitted, people):
    actions.publish(people["leader"], submitted)
    with pytest.raises(ActionRefused, match="已公开，不能撤回"):
        actions.withdraw(people["leader"], submitted, REASON)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.PUBLISHED


def test_a_draft_is_not_withdrawn(report, people):
    with pytest.raises(ActionRefused, match="尚未报送"):
        actions.withdraw(people["leader"], report, REASON)


def test_a_resubmission_shows_what_changed(client, submitted, people, tree):
    actions.withdraw(people["leader"], submitted, REASON)
    articles(tree["county"], 10, start=100)  # 43 → 53
    actions.write_prose(people["fazhi"], submitted, "first_responsible", "补充了述法情况。")
    actions.set_particulars(
        people["fazhi"], submitted, addressee="县委、县人民政府", signer="古丈县司法局",
        sign_date=D(2025, 2, 26),
    )  # fmt: skip
    client.force_login(people["leader"])
    confirmation = strict(client.get(reverse("reports:submit", args=[submitted.pk])))
    assert "与第1次报送（已撤回）相比" in confirmation
    articles_row = f'<tr data-key="publicity.articles"><td>{INDICATORS["publicity.articles"].label}'
    assert articles_row + '</td><td class="num">43</td><td class="num">53</td></tr>' in confirmation
    client.post(
        reverse("reports:submit", args=[submitted.pk]),
        {"confirm": "1", "digest": _digest(confirmation)},
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
    assert list(submitted.submissions.values_list("number", flat=True)) == [2, 1]
    page = strict(client.get(reverse("reports:detail", args=[submitted.pk])))
    section = page[page.index('id="resubmission"') :]
    section = section[: section.index("</div>")]
    assert "本次报送与第1次报送（已撤回）相比" in section
    assert articles_row + '</td><td class="num">43</td><td class="num">53</td></tr>' in section
    assert "三、第一责任人履职情况（上次" in section
    assert "成文日期：2025年2月20日 → 2025年2月26日" in section
    assert "主送机关" not in section.split("改动的主送机关、署名和日期：")[1]
    entry = AuditEntry.objects.filter(register="annual_report").latest("id")
    assert entry.note.startswith("报送年度报告（第2次）")


def test_a_report_submitted_before_withdrawals_existed_can_be_withdrawn(submitted, people):
    """As migration 0002 leaves such a report: its one submission made from its frozen data."""
    ReportSubmission.objects.filter(report=submitted).delete()
    actions.withdraw(people["leader"], submitted, REASON)
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.DRAFT and submitted.frozen is None


# --- 署名 and 成文日期 (GB/T 9704-2012 7.3.5) -------------------------------------------------


def _twips(length) -> int:
    return round(length.pt * 20)


def _signature(docx: bytes):
    paragraphs = [p for p in Document(io.BytesIO(docx)).paragraphs if p.text.strip()]
    return paragraphs[-2], paragraphs[-1]


def _assert_placed(signer, date):
    """The date right-aligned four characters in; the 署名 above it, centred on it."""
    for paragraph in (signer, date):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert _twips(date.paragraph_format.right_indent) == 4 * CHARACTER_TWIPS
    centre = {
        name: _twips(p.paragraph_format.right_indent)
        + characters_wide(p.text) / 2 * CHARACTER_TWIPS
        for name, p in (("signer", signer), ("date", date))
    }
    assert abs(centre["signer"] - centre["date"]) <= 1, centre


def test_the_signer_is_centred_over_the_date_four_characters_in(report):
    signer, date = _signature(docx_for(report))
    assert (signer.text, date.text) == ("古丈县司法局", "2025年2月20日")  # Arabic numerals
    assert (signer.style.name, date.style.name) == ("发文机关署名", "成文日期")
    _assert_placed(signer, date)
    # 6 characters over 6.5 (three digits are half a character each): a quarter more inside.
    assert _twips(signer.paragraph_format.right_indent) == round(4.25 * CHARACTER_TWIPS)


@pytest.mark.parametrize(
    "name, day",
    [("湘西土家族苗族自治州司法局", D(2025, 12, 31)), ("县局", D(2025, 1, 1))],
)
def test_the_placement_follows_both_lengths(report, people, name, day):
    actions.set_particulars(people["fazhi"], report, addressee="县委", signer=name, sign_date=day)
    report.refresh_from_db()
    signer, date = _signature(docx_for(report))
    assert signer.text == name
    _assert_placed(signer, date)


def test_a_name_much_longer_than_the_date_stops_at_the_margin():
    assert signer_indent("某" * 30, "2025年2月20日") == 0
    assert signer_indent("古丈县司法局", "2025年2月20日") == 4.25


def _edited_default(edit) -> bytes:
    """The default template, edited as a bureau (or an earlier release) would."""
    doc = Document(io.BytesIO(default_template_bytes()))
    edit(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _date_styled_as_signer(doc):
    """The default template of the release before the 成文日期 style."""
    doc.paragraphs[-1].style = doc.styles["发文机关署名"]


def test_a_default_template_stored_before_the_date_had_its_own_style_is_placed_too(
    submitted,
):
    """Reports submitted earlier keep the default template of their day (named 默认模板),
    where the date paragraph was styled 发文机关署名 like the name."""
    assert submitted.template.name == DEFAULT_TEMPLATE_NAME
    old = _edited_default(_date_styled_as_signer)
    ReportTemplate.objects.filter(pk=submitted.template_id).update(content=old)
    submitted.refresh_from_db()
    signer, date = _signature(docx_for(submitted))
    assert (signer.style.name, date.style.name) == ("发文机关署名", "发文机关署名")
    _assert_placed(signer, date)


def _layout(paragraph) -> tuple:
    fmt = paragraph.paragraph_format
    return paragraph.text, paragraph.alignment, fmt.right_indent, fmt.first_line_indent


def test_a_joint_signature_places_only_the_name_over_the_date(report, people):
    """Two 署名 lines then the date: the last name is centred on the date; the one above
    keeps the place the bureau's template gives it."""

    def joint(doc):
        first = doc.paragraphs[-2].insert_paragraph_before("古丈县人民政府", style="发文机关署名")
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.right_indent = Twips(960)

    actions.upload_template(
        people["fazhi"], report, name="联合署名.docx", content=_edited_default(joint)
    )
    report.refresh_from_db()
    paragraphs = [p for p in Document(io.BytesIO(docx_for(report))).paragraphs if p.text.strip()]
    assert _layout(paragraphs[-3]) == (
        "古丈县人民政府", WD_ALIGN_PARAGRAPH.CENTER, Twips(960), None
    )  # fmt: skip
    assert paragraphs[-2].text == "古丈县司法局"
    _assert_placed(paragraphs[-2], paragraphs[-1])


def test_an_uploaded_templates_own_layout_is_left_alone(report, people):
    """A bureau's template whose date is styled 发文机关署名, laid out its own way: nothing of
    it is moved (only a 署名 over a 成文日期 paragraph is placed)."""

    def own_layout(doc):
        _date_styled_as_signer(doc)
        for paragraph in doc.paragraphs[-2:]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Twips(640)
        doc.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT

    template = _edited_default(own_layout)
    actions.upload_template(people["fazhi"], report, name="本局模板.docx", content=template)
    report.refresh_from_db()
    rendered = Document(io.BytesIO(docx_for(report))).paragraphs
    assert [_layout(p) for p in rendered if p.text.strip()][-2:] == [
        ("古丈县司法局", WD_ALIGN_PARAGRAPH.CENTER, None, Twips(640)),
        ("2025年2月20日", WD_ALIGN_PARAGRAPH.CENTER, None, Twips(640)),
    ]
    assert rendered[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert place_signature(template) == template  # nothing to place: the bytes as given


def test_the_demo_style_report_is_submittable_once_complete(report, people):
    """Every block and particular the default template prints is what `complete` fills."""
    assert actions.missing(complete(report)) == []
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
