"""Delivery, every running deadline, 中止 grounds and 简易→普通 through the one write path: the
web steps and the page, and the import, which must apply the same rules (issue 16)."""

import datetime
import json
from datetime import date

import pytest
from django.core.management import call_command

from fazhi.core.models import AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import _StrictHTML
from fazhi.imports.tests.files import case as row
from fazhi.imports.tests.files import refused_import, run_import, write_xlsx
from fazhi.reconsideration import actions
from fazhi.reconsideration.models import Procedure, ReconsiderationCase, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")


def new_case(officer, unit, number="古政复〔2024〕5号", received=date(2024, 3, 4)):
    return actions.register_case(
        officer,
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县市场监督管理局",
        received_date=received,
    )


def page_of(client, case) -> str:
    return client.get(f"/reconsideration/{case.pk}/").content.decode()


def step(client, case, **data):
    return client.post(f"/reconsideration/{case.pk}/step/", data)


def test_both_running_deadlines_are_stored_and_the_earlier_is_due(tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "accept", date(2024, 3, 8))
    stored = ReconsiderationCase.objects.get(pk=case.pk)
    assert [(d["label"], d["date"]) for d in stored.running_deadlines] == [
        ("审理期限", "2024-05-07"),
        ("答复通知期限", "2024-03-19"),
    ]
    assert (stored.due_date, stored.due_label) == (date(2024, 3, 19), "答复通知期限")
    actions.record_step(officer, stored, "reply_notice", date(2024, 3, 12))
    stored.refresh_from_db()
    assert [(d["label"], d["date"], d["awaiting"]) for d in stored.running_deadlines] == [
        ("审理期限", "2024-05-07", ""),
        ("答复期限", None, "送达"),
    ]
    assert (stored.due_date, stored.due_label) == (date(2024, 5, 7), "审理期限")


def test_copy_delivery_through_the_page_starts_the_reply_period(client, tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "accept", date(2024, 3, 8))
    actions.record_step(officer, case, "reply_notice", date(2024, 3, 12))
    client.force_login(officer)
    page = page_of(client, case)
    assert "尚未登记送达" in page and '<option value="copy_delivered"' in page
    assert 'data-needs="delivery_method recipient"' in page

    # Without the method or the recipient: refused, in Chinese, and nothing changes.
    before = AuditEntry.objects.count()
    step(client, case, step="copy_delivered", day="2024-03-14", recipient="古丈县市场监督管理局")
    assert "请选择送达方式" in page_of(client, case)
    step(client, case, step="copy_delivered", day="2024-03-14", delivery_method="post")
    assert "请填写受送达人" in page_of(client, case)
    case.refresh_from_db()
    assert case.copy_delivered_date is None and AuditEntry.objects.count() == before

    step(
        client,
        case,
        step="copy_delivered",
        day="2024-03-14",
        delivery_method="post",
        recipient="古丈县市场监督管理局办公室",
    )
    case.refresh_from_db()
    assert (case.copy_delivered_date, case.copy_delivery_method, case.copy_recipient) == (
        date(2024, 3, 14),
        "post",
        "古丈县市场监督管理局办公室",
    )
    # 10 working days after 03-14: 03-28 (第四十八条), stored and current.
    assert case.reply_deadline == date(2024, 3, 28)
    assert (case.due_date, case.due_label) == (date(2024, 3, 28), "答复期限")
    page = page_of(client, case)
    assert "2024-03-14，邮寄送达，受送达人：古丈县市场监督管理局办公室" in page
    assert "2024-03-28" in page
    entry = AuditEntry.objects.filter(object_id=str(case.pk)).latest("id")
    assert (
        entry.note == "办理：副本送达"
        and entry.after["copy_recipient"] == "古丈县市场监督管理局办公室"
    )


def test_correction_lapse_waits_for_delivery_and_the_whole_period(client, tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "notify_correction", date(2024, 3, 6))
    case.refresh_from_db()
    assert case.correction_deadline is None and case.running_deadlines[0]["awaiting"] == "送达"
    client.force_login(officer)
    assert '<option value="correction_lapsed"' not in page_of(client, case)
    step(client, case, step="correction_lapsed", day="2024-04-30")
    assert "补正通知尚未送达" in page_of(client, case)
    step(
        client,
        case,
        step="correction_delivered",
        day="2024-03-11",
        delivery_method="direct",
        recipient="张某",
    )
    case.refresh_from_db()
    assert case.correction_deadline == date(2024, 3, 25)
    step(client, case, step="correction_lapsed", day="2024-03-25")
    assert "补正期限至 2024-03-25 才届满" in page_of(client, case)
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CORRECTION
    step(client, case, step="correction_lapsed", day="2024-03-26")
    case.refresh_from_db()
    assert (case.status, case.closed_date) == (Status.CLOSED, date(2024, 3, 26))


def test_a_passed_deadline_is_flagged_on_the_page_whatever_the_step(client, tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "accept", date(2024, 3, 8))
    client.force_login(officer)
    page = page_of(client, case)
    # Today is long after both: the copy never sent (03-19) and the decision (05-07).
    assert "答复通知期限 2024-03-19 已届满（行政复议法第四十八条）" in page
    assert "审理期限 2024-05-07 已届满" in page
    actions.record_step(officer, case, "reply_notice", date(2024, 3, 12))
    page = page_of(client, case)
    assert "答复通知期限 2024-03-19 已届满" not in page


def test_suspension_ground_through_the_page(client, tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "accept", date(2024, 3, 8))
    client.force_login(officer)
    step(client, case, step="suspend", day="2024-03-20")
    assert "请选择中止的事由" in page_of(client, case)
    step(client, case, step="suspend", day="2024-03-20", suspension_ground="3")
    case.refresh_from_db()
    assert (case.status, case.suspension_ground) == (Status.SUSPENDED, "3")
    # (三) 下落不明: no sixty-day termination (第四十一条（五）), nothing runs.
    assert case.running_deadlines == [] and case.due_date is None
    page = page_of(client, case)
    assert "中止事由</dt><dd>行政复议法第三十九条第一款（三）申请人下落不明" in page
    step(client, case, step="resume", day="2024-03-25")
    step(client, case, step="suspend", day="2024-03-26", suspension_ground="2")
    case.refresh_from_db()
    assert case.suspended_days == 5
    # 03-26 + 60 = 05-25 (Sat) → 05-27
    assert [(d["label"], d["date"], d["basis"]) for d in case.running_deadlines] == [
        ("中止满六十日", "2024-05-27", "行政复议法第四十一条第五项")
    ]


def test_conversion_then_extension_through_the_page(client, tree, officer):
    case = new_case(officer, tree["county"])
    actions.record_step(officer, case, "accept", date(2024, 3, 8), procedure="simplified")
    client.force_login(officer)
    page = page_of(client, case)
    assert '<option value="convert"' in page and '<option value="extend"' not in page
    step(client, case, step="extend", day="2024-03-20")
    assert "需先转为普通程序" in page_of(client, case)
    step(client, case, step="convert", day="2024-03-20")
    step(client, case, step="extend", day="2024-03-21")
    case.refresh_from_db()
    assert (case.procedure, case.converted_date, case.extended) == (
        Procedure.ORDINARY,
        date(2024, 3, 20),
        True,
    )
    assert case.decision_deadline == date(2024, 6, 6)  # 03-08 + 60 + 30
    assert "2024-03-20 由简易程序转为普通程序" in page_of(client, case)


# --- the import applies the same rules ----------------------------------------------------


def test_an_import_counts_from_the_day_the_law_deems_the_case_accepted(tree, tmp_path):
    rows = [
        row(
            "古政复〔2024〕30号",
            **{"收到申请日期": "2024-09-27", "审查结果": "受理", "受理日期": "2024-10-20"},
        )
    ]
    run_import(write_xlsx(tmp_path / "late.xlsx", rows))
    imported = ReconsiderationCase.objects.get(number="古政复〔2024〕30号")
    # 视为受理 on 10-10 (第三十条第三款): 60 days to 12-09, as the web step stores it.
    assert imported.accepted_date == date(2024, 10, 20)
    assert imported.decision_deadline == date(2024, 12, 9)


def test_an_import_refuses_a_door_decision_that_leaves_the_case_open(tree, tmp_path):
    rows = [
        row("不予受理1号", **{"审查结果": "不予受理"}),
        row(
            "逾期1号",
            **{
                "审查结果": "逾期未补正",
                "补正通知日期": "2024-02-06",
                "办结日期": "2024-04-30",
                "办结方式": "逾期未补正",
            },
        ),
        row(
            "逾期2号",
            **{
                "审查结果": "逾期未补正",
                "补正通知日期": "2024-02-06",
                "补正通知送达日期": "2024-02-07",
                "补正通知送达方式": "邮寄送达",
                "补正通知受送达人": "张某",
                # 10 working days after 02-07: 02-08, 02-09, [02-10..02-17 off], 02-18 (Sun,
                # worked), 02-19..02-23, 02-26, 02-27: its last day
                "办结日期": "2024-02-27",
                "办结方式": "逾期未补正",
            },
        ),
    ]
    message, lines = refused_import(write_xlsx(tmp_path / "door.xlsx", rows))
    assert ReconsiderationCase.objects.count() == 0
    assert "系统中的数据没有任何改动" in message
    assert any(
        line.startswith("第2行「办结方式」：") and "审查结果为“不予受理”的案件已经办结" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("第3行「补正通知送达日期」：") and "补正通知尚未送达" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("第4行「办结日期」：") and "补正期限至 2024-02-27 才届满" in line
        for line in lines
    ), lines


def test_delivery_columns_import_and_export(tree, tmp_path, capsys):
    rows = [
        row(
            "逾期3号",
            **{
                "审查结果": "逾期未补正",
                "补正通知日期": "2024-02-06",
                "补正通知送达日期": datetime.date(2024, 2, 7),
                "补正通知送达方式": "邮寄送达",
                "补正通知受送达人": "张某",
                "办结日期": "2024-02-28",  # the day after the period
                "办结方式": "逾期未补正",
            },
        ),
        row(
            "审理1号",
            **{
                "审查结果": "受理",
                "受理日期": "2024-02-07",
                "答复通知日期": "2024-02-08",
                "副本送达日期": "2024-02-09",
                "副本送达方式": "电子送达",
                "副本受送达人": "古丈县市场监督管理局",
            },
        ),
    ]
    run_import(write_xlsx(tmp_path / "delivered.xlsx", rows))
    lapsed = ReconsiderationCase.objects.get(number="逾期3号")
    assert (lapsed.status, lapsed.correction_delivery_method) == (Status.CLOSED, "post")
    open_case = ReconsiderationCase.objects.get(number="审理1号")
    # 10 working days after 02-09: 02-18 (Sun, worked), 02-19..02-23, 02-26..02-29.
    assert open_case.reply_deadline == date(2024, 2, 29)
    call_command("export_register", "reconsideration", "--format", "json")
    exported = {r["案件编号"]: r for r in json.loads(capsys.readouterr().out)}
    assert exported["审理1号"]["副本送达方式"] == "电子送达"
    assert exported["审理1号"]["副本受送达人"] == "古丈县市场监督管理局"
    assert exported["审理1号"]["答复期限"] == "2024-02-29"
    assert exported["逾期3号"]["补正通知送达日期"] == "2024-02-07"


def test_the_case_page_shows_every_delivery_fact_in_strict_html(client, tree, officer):
    case = new_case(officer, tree["county"])
    for name, day, inputs in (
        ("notify_correction", date(2024, 3, 5), {}),
        ("correction_delivered", date(2024, 3, 6), {"delivery_method": "notice"}),
        ("correction_done", date(2024, 4, 12), {}),
        ("accept", date(2024, 4, 15), {"procedure": "simplified"}),
        ("reply_notice", date(2024, 4, 16), {}),
        ("copy_delivered", date(2024, 4, 17), {"delivery_method": "forwarded"}),
        ("convert", date(2024, 4, 20), {}),
        ("suspend", date(2024, 4, 22), {"suspension_ground": "4"}),
    ):
        if "delivery_method" in inputs:
            inputs["recipient"] = "张某" if name.startswith("correction") else "某局收发室"
        actions.record_step(officer, case, name, day, **inputs)
    client.force_login(officer)
    response = client.get(f"/reconsideration/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    parser = _StrictHTML()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    facts = page[page.index('<dl class="facts">') : page.index("</dl>")]
    for text in (
        "2024-03-06，公告送达，受送达人：张某（发出公告之日，经过三十日视为送达）",
        "2024-04-17，转交送达，受送达人：某局收发室",
        "普通程序（2024-04-20 由简易程序转为普通程序）",
        "行政复议法第三十九条第一款（四）申请人法人或其他组织终止，尚未确定承受人",
        "尚未收到",
    ):
        assert text in facts, text
    for raw in ("notice", "forwarded", ">4<", "simplified"):
        assert raw not in facts
    assert "补正通知公告送达" not in page  # the timeline names the way, not a made-up step
    assert "发出公告，2024-04-05 视为送达" in page
