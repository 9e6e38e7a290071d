"""依法治县's actions: the office sets tasks with their links checked; the lead unit's 填报员
reports progress on his unit's tasks and nothing else; another unit's 填报员 reaches none;
only the office closes a task. Every refusal in Chinese, nothing written."""

import datetime

import pytest

from fazhi.committee import actions
from fazhi.committee.columns import TASK_REGISTER
from fazhi.committee.models import TaskProgress, TaskStatus, WorkTask
from fazhi.committee.permissions import PROGRESS_ONLY
from fazhi.core.errors import ActionRefused, RecordInvalid, StepRefused
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.writes import update_record

D = datetime.date
TODAY = D(2024, 5, 10)

pytestmark = pytest.mark.django_db


def entries(task):
    return list(
        AuditEntry.objects.filter(register="work_task", object_id=str(task.pk)).order_by("id")
    )


def refused(error) -> set[tuple[str, str]]:
    return {(p.header, p.message) for p in error.value.problems}


def test_the_office_sets_a_task_with_its_units_resolved(make_task, office, units):
    task = make_task(partner_codes=" 433126-E07，433126-Z02;433126-E07")
    assert task.lead_unit == units["market"]
    assert task.partner_codes == "433126-E07、433126-Z02"
    assert (task.status, task.due_date, task.officer) == (TaskStatus.OPEN, D(2024, 6, 30), office)
    (entry,) = entries(task)
    assert (entry.action, entry.actor, entry.note) == (AuditAction.CREATE, office, "登记工作任务")


@pytest.mark.parametrize(
    ("facts", "header", "message"),
    [
        ({"lead": "433126-E99"}, "牵头单位", "找不到单位代码「433126-E99」"),
        (
            {"lead": "433126-S01"},
            "牵头单位",
            "单位「433126-S01」不是行政执法部门、乡镇人民政府或司法行政机关及其内设机构",
        ),
        ({"lead": "433122-E01"}, "牵头单位", "「泸溪县公安局」不在「古丈县司法局」的辖区内"),
        ({"partner_codes": "433126-E07、X1"}, "配合单位", "找不到单位代码「X1」"),
        (
            {"partner_codes": "433122-E01"},
            "配合单位",
            "「泸溪县公安局」不在「古丈县司法局」的辖区内",
        ),
        (
            {"source": "meeting", "source_meeting_number": "古法委〔2024〕9号"},
            "来源会议编号",
            "本单位没有登记编号为「古法委〔2024〕9号」的会议",
        ),
    ],
)
def test_a_link_that_names_nothing_is_refused(make_task, facts, header, message):
    with pytest.raises(RecordInvalid) as error:
        make_task(**facts)
    assert refused(error) == {(header, message)}
    assert not WorkTask.objects.exists()
    assert not AuditEntry.objects.filter(register="work_task").exists()


def test_a_task_from_a_meeting_names_one_of_its_decisions(make_task, meeting):
    facts = {"source": "meeting", "source_meeting_number": meeting.number}
    task = make_task(decision_item=2, assigned_date=D(2024, 3, 12), **facts)
    assert task.source_meeting == meeting
    with pytest.raises(RecordInvalid) as error:
        make_task("二号", decision_item=4, assigned_date=D(2024, 3, 12), **facts)
    assert refused(error) == {("决定事项序号", "会议「古法委〔2024〕1号」只有 3 项决定事项")}
    with pytest.raises(RecordInvalid) as error:
        make_task("三号", decision_item=1, **facts)  # set before the meeting was held
    assert refused(error) == {("交办日期", "交办日期不能早于来源会议的会议日期（2024-03-12）")}


def test_the_lead_units_clerk_reports_progress(make_task, market_clerk, units):
    task = make_task()
    report = actions.report_progress(
        market_clerk, task, D(2024, 5, 8), " 已制定实施方案 ", today=TODAY
    )
    assert (report.text, report.recorded_by, report.reporter_unit) == (
        "已制定实施方案",
        market_clerk,
        units["market"],
    )
    task.refresh_from_db()
    assert (task.latest_progress, task.latest_progress_date) == ("已制定实施方案", D(2024, 5, 8))
    assert task.status == TaskStatus.OPEN
    entry = entries(task)[-1]
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, market_clerk)
    assert entry.note == "填报进展：2024-05-08，已制定实施方案"
    assert entry.after["latest_progress"] == "已制定实施方案"
    assert entry.before["latest_progress"] == ""

    actions.report_progress(
        market_clerk, task, TODAY, "三项制度已全部落实", requests_closing=True, today=TODAY
    )
    task.refresh_from_db()
    assert (task.status, task.close_requested) == (TaskStatus.REQUESTED, True)
    assert entries(task)[-1].note.endswith("（申请办结）")
    assert list(task.progress.values_list("text", flat=True)) == [
        "三项制度已全部落实",
        "已制定实施方案",
    ]


def test_another_units_clerk_reaches_no_task(make_task, town_clerk):
    task = make_task()
    assert not WorkTask.objects.visible_to(town_clerk).exists()
    with pytest.raises(ActionRefused, match="只有牵头单位和依法治县办可以填报该任务的进展"):
        actions.report_progress(town_clerk, task, TODAY, "代为填报", today=TODAY)
    assert not TaskProgress.objects.exists()
    assert len(entries(task)) == 1


def test_the_clerk_neither_sets_changes_nor_closes_a_task(make_task, market_clerk, units):
    task = make_task()
    refusal = "填报员只能填报牵头任务的进展情况，不能登记、修改或办结工作任务。"
    with pytest.raises(ActionRefused, match=refusal):
        actions.update_task(market_clerk, task, deadline=D(2024, 12, 31))
    with pytest.raises(ActionRefused, match=refusal):
        actions.close_task(market_clerk, task, TODAY, "已完成")
    with pytest.raises(ActionRefused, match=refusal):
        actions.register_task(
            market_clerk,
            unit=units["county"],
            number="自设",
            year=2024,
            source="plan",
            content="自设任务",
            lead_unit_code="433126-E02",
            assigned_date=D(2024, 2, 20),
            deadline=D(2024, 6, 30),
        )
    # Nor by an ordinary write (the API's, an import's): each column is the office's.
    with pytest.raises(RecordInvalid) as error:
        update_record(market_clerk, TASK_REGISTER, task, {"deadline": D(2024, 12, 31)}, note="")
    assert refused(error) == {("完成时限", PROGRESS_ONLY)}
    assert not TASK_REGISTER.may_import(market_clerk)
    task.refresh_from_db()
    assert (task.deadline, task.closed_date) == (D(2024, 6, 30), None)
    assert len(entries(task)) == 1


def test_only_the_office_closes_and_a_closed_task_takes_no_report(make_task, office, market_clerk):
    task = make_task()
    actions.report_progress(market_clerk, task, TODAY, "已完成", requests_closing=True, today=TODAY)
    actions.close_task(office, task, D(2024, 5, 10), "三项制度全面落实")
    task.refresh_from_db()
    assert (task.status, task.closed_date, task.due_date, task.due_label) == (
        TaskStatus.CLOSED,
        D(2024, 5, 10),
        None,
        "",
    )
    assert entries(task)[-1].note == "工作任务办结"
    with pytest.raises(ActionRefused, match="该任务已办结，不能再填报进展"):
        actions.report_progress(market_clerk, task, TODAY, "补充", today=TODAY)
    with pytest.raises(StepRefused, match="不能“办结”：该任务已办结"):
        actions.close_task(office, task, D(2024, 5, 11), "再次")
    assert task.progress.count() == 1


@pytest.mark.parametrize(
    ("day", "text", "message"),
    [
        (D(2024, 5, 11), "推进中", "进展日期不能晚于今天"),
        (D(2024, 2, 1), "推进中", "进展日期不能早于交办日期"),
        (TODAY, "   ", "请填写进展情况"),
        (TODAY, "推进\x07中", "「进展情况」第 3 个字符"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_written(make_task, market_clerk, day, text, message):
    task = make_task()
    with pytest.raises(ActionRefused, match=message):
        actions.report_progress(market_clerk, task, day, text, today=TODAY)
    assert not TaskProgress.objects.exists()
    task.refresh_from_db()
    assert task.latest_progress == "" and len(entries(task)) == 1


# --- a meeting its tasks hold to ------------------------------------------------------------


@pytest.fixture
def meeting_task(make_task, meeting):
    """A task from the meeting's third (last) decision."""
    return make_task(
        source="meeting",
        source_meeting_number=meeting.number,
        decision_item=3,
        assigned_date=D(2024, 3, 12),
    )


def meeting_entries(meeting):
    return AuditEntry.objects.filter(register="committee_meeting", object_id=str(meeting.pk))


@pytest.mark.parametrize(
    ("changes", "header", "message"),
    [
        (
            {"number": "古法委〔2024〕2号"},
            "会议编号",
            "工作任务「古法办〔2024〕要点1号」来源于本次会议，不能修改会议编号",
        ),
        (
            {"decisions": "1.印发2024年全面依法治县工作要点\n2、开展行政执法突出问题专项整治"},
            "决定事项",
            "工作任务「古法办〔2024〕要点1号」来源于第 3 项决定事项，决定事项不能少于 3 项",
        ),
        (
            {"meeting_date": D(2024, 3, 13)},
            "会议日期",
            "工作任务「古法办〔2024〕要点1号」的交办日期（2024-03-12）早于会议日期",
        ),
    ],
)
def test_a_meeting_change_that_would_orphan_its_tasks_is_refused(
    office, meeting, meeting_task, changes, header, message
):
    """Its tasks name the meeting by number and decision: renaming it, dropping the decision
    a task came from, or holding it after a task was set would leave them pointing at nothing
    (and their export re-importing with an error)."""
    before = meeting_entries(meeting).count()
    with pytest.raises(RecordInvalid) as error:
        actions.update_meeting(office, meeting, **changes)
    assert refused(error) == {(header, message)}
    meeting.refresh_from_db()
    assert (meeting.number, meeting.decision_count, meeting.meeting_date) == (
        "古法委〔2024〕1号",
        3,
        D(2024, 3, 12),
    )
    assert meeting_entries(meeting).count() == before
    # The task is still a valid record of the meeting: an edit of it goes through.
    task = actions.update_task(office, meeting_task, content="修改后的任务内容")
    assert task.source_meeting == meeting


def test_a_meeting_change_its_tasks_allow_goes_through(office, meeting, meeting_task):
    """More decisions, or a rename while no task names it, are ordinary edits."""
    decisions = meeting.decisions + "\n4.开展法治督察"
    assert actions.update_meeting(office, meeting, decisions=decisions).decision_count == 4
    actions.update_task(
        office, meeting_task, source="plan", source_meeting_number="", decision_item=None
    )
    renamed = actions.update_meeting(office, meeting, number="古法委〔2024〕2号")
    assert renamed.number == "古法委〔2024〕2号"


def test_a_meeting_its_tasks_name_stays_with_its_unit(office, units, meeting, meeting_task):
    """Its tasks find it among their own unit's meetings: moved, it would be lost to them."""
    with pytest.raises(RecordInvalid) as error:
        actions.update_meeting(office, meeting, unit=units["market"])
    assert refused(error) == {
        ("所属单位代码", "工作任务「古法办〔2024〕要点1号」来源于本次会议，不能改变会议的登记单位")
    }
    meeting.refresh_from_db()
    assert meeting.unit == units["county"]
