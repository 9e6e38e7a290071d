"""依法治县's pages: a meeting's 决定事项 each with its task and 转为任务 (the task form filled in
from the decision); a task's page where the office closes it and the lead unit's 填报员 reports
progress and nothing else; another unit's 填报员 reaching nothing. Every page strict HTML,
every refusal in Chinese, the pages' queries pinned."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.committee import actions
from fazhi.committee.models import TaskProgress, TaskSource, TaskStatus, WorkTask
from fazhi.core.roles import Role
from fazhi.core.tests.helpers import strict

D = datetime.date

pytestmark = pytest.mark.django_db


def meeting_url(name, *args):
    return reverse(f"committee_meeting:{name}", args=args)


def task_url(name, *args):
    return reverse(f"work_task:{name}", args=args)


def test_a_meetings_decisions_turn_into_tasks(client, office, meeting, units):
    client.force_login(office)
    page = strict(client.get(meeting_url("detail", meeting.pk)))
    assert "决定事项（3 项）" in page and "议题（2 项）" in page
    assert "2、开展行政执法突出问题专项整治" in page  # shown as it was written
    convert = f"{task_url('create')}?from_meeting={meeting.pk}&amp;item=2"
    assert page.count("转为任务") == 3 and convert in page

    # 转为任务 opens the task form filled in from the decision.
    url = f"{task_url('create')}?from_meeting={meeting.pk}&item=2"
    response = client.get(url)
    page = strict(response)
    assert "登记工作任务（由会议决定事项转入）" in page
    form = response.context["form"]
    assert {name: form[name].value() for name in ("source", "source_meeting_number")} == {
        "source": TaskSource.MEETING,
        "source_meeting_number": meeting.number,
    }
    assert form["content"].value() == "开展行政执法突出问题专项整治"  # without its marker
    assert (form["decision_item"].value(), form["year"].value()) == (2, 2024)
    assert form["assigned_date"].value() == D(2024, 3, 12)
    data = {name: form[name].value() for name in form.fields}
    data |= {
        "unit": units["county"].pk,
        "number": "古法委〔2024〕1号决定2",
        "lead_unit_code": "433126-E02",
        "partner_codes": ["433126-E07", "433126-Z02"],
        "assigned_date": "2024-03-12",
        "deadline": "2024-09-30",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    task = WorkTask.objects.get(number="古法委〔2024〕1号决定2")
    assert (task.source_meeting, task.decision_item, task.partner_codes) == (
        meeting,
        2,
        "433126-E07、433126-Z02",
    )

    page = strict(client.get(meeting_url("detail", meeting.pk)))
    assert page.count("转为任务") == 2
    assert task_url("detail", task.pk) in page and "古丈县市场监督管理局牵头" in page
    task_page = strict(client.get(task_url("detail", task.pk)))
    assert meeting_url("detail", meeting.pk) in task_page and "第 2 项决定事项" in task_page
    assert "古丈县交通运输局、默戎镇人民政府" in task_page


def test_a_decision_that_is_not_there_opens_an_empty_form(client, office, meeting):
    client.force_login(office)
    for query in (f"from_meeting={meeting.pk}&item=9", "from_meeting=x&item=1"):
        response = client.get(f"{task_url('create')}?{query}", follow=True)
        page = strict(response)
        assert "找不到可转为任务的会议决定事项，请直接填写。" in page
        assert response.context["form"]["content"].value() in (None, "")


def test_the_meeting_page_costs_the_same_however_many_tasks(
    client, office, meeting, make_task, django_assert_max_num_queries
):
    client.force_login(office)
    facts = {"source": "meeting", "source_meeting_number": meeting.number}
    make_task("一号", decision_item=1, assigned_date=D(2024, 3, 12), **facts)
    with django_assert_max_num_queries(7) as few:
        strict(client.get(meeting_url("detail", meeting.pk)))
    for n in range(2, 8):
        make_task(f"{n}号", decision_item=n % 3 + 1, assigned_date=D(2024, 3, 12), **facts)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = strict(client.get(meeting_url("detail", meeting.pk)))
    assert page.count(task_url("detail", WorkTask.objects.get(number="7号").pk)) == 1


def test_the_lead_units_clerk_reports_progress_and_nothing_else(
    client, office, market_clerk, make_task
):
    task = make_task()
    client.force_login(market_clerk)
    page = strict(client.get(task_url("list")))
    assert task.number in page and "登记工作任务" not in page
    response = client.get(task_url("detail", task.pk))
    page = strict(response)
    assert "填报进展" in page and task_url("progress", task.pk) in page
    assert not response.context["steps"] and not response.context["can_edit"]
    assert task_url("edit", task.pk) not in page and task_url("step", task.pk) not in page

    today = timezone.localdate()
    data = {"progress-day": today.isoformat(), "progress-text": "已制定方案"}
    data["progress-requests_closing"] = "on"
    response = client.post(task_url("progress", task.pk), data, follow=True)
    page = strict(response)
    assert f"已填报「{task.number}」的进展，并申请办结。" in page
    assert "已制定方案" in page and "吴海波（古丈县市场监督管理局）" in page
    task.refresh_from_db()
    assert (task.status, task.latest_progress) == (TaskStatus.REQUESTED, "已制定方案")

    # A bad report is refused in Chinese.
    bad = {"progress-day": (today + datetime.timedelta(days=1)).isoformat()}
    bad["progress-text"] = "明天的进展"
    page = strict(client.post(task_url("progress", task.pk), bad, follow=True))
    assert "进展日期不能晚于今天" in page and TaskProgress.objects.count() == 1

    # Setting, changing or closing the task is the office's.
    refusal = "填报员只能填报牵头任务的进展情况，不能登记、修改或办结工作任务。"
    step = {"step": "close", "day": today.isoformat(), "completion_note": "已完成"}
    for response in (
        client.get(task_url("edit", task.pk)),
        client.post(task_url("edit", task.pk), {"number": "改"}),
        client.post(task_url("step", task.pk), step),
        client.get(task_url("create")),
    ):
        assert response.status_code == 403 and refusal in response.content.decode()
    task.refresh_from_db()
    assert (task.number, task.closed_date) == ("古法办〔2024〕要点1号", None)

    # The office sees the request and closes the task.
    client.force_login(office)
    response = client.get(task_url("detail", task.pk))
    assert [s.key for s in response.context["steps"]] == ["close"]
    assert "申请办结" in strict(response)
    page = strict(client.post(task_url("step", task.pk), step, follow=True))
    assert "已办理：办结" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.completion_note == "已完成"
    # A closed task takes no more reports: the form is gone for the 填报员.
    client.force_login(market_clerk)
    response = client.get(task_url("detail", task.pk))
    assert response.context["progress_form"] is None


def test_another_units_clerk_reaches_no_task(client, town_clerk, make_task):
    task = make_task()
    client.force_login(town_clerk)
    assert task.number not in strict(client.get(task_url("list")))
    assert client.get(task_url("detail", task.pk)).status_code == 404
    data = {"progress-day": "2024-05-01", "progress-text": "代为填报"}
    assert client.post(task_url("progress", task.pk), data).status_code == 404
    # Nor any meeting: the committee's meetings are the office's.
    assert client.get(meeting_url("list")).status_code == 403
    assert not TaskProgress.objects.exists()


def test_the_leader_reads_tasks_and_writes_no_report(client, units, make_user, make_task):
    task = make_task()
    client.force_login(make_user("lingdao", units["county"], Role.LEADER))
    response = client.get(task_url("detail", task.pk))
    strict(response)
    assert response.context["progress_form"] is None
    data = {"progress-day": "2024-05-01", "progress-text": "领导填报"}
    assert client.post(task_url("progress", task.pk), data).status_code == 404


def test_the_task_pages_cost_the_same_however_many_reports(
    client, office, market_clerk, make_task, django_assert_max_num_queries
):
    tasks = [make_task(f"{n}号", partner_codes="433126-E07、433126-Z02") for n in range(3)]
    actions.report_progress(market_clerk, tasks[0], D(2024, 3, 1), "第一次")
    client.force_login(office)
    with django_assert_max_num_queries(8) as detail:
        strict(client.get(task_url("detail", tasks[0].pk)))
    with django_assert_max_num_queries(7) as listed:
        strict(client.get(task_url("list")))
    for n in range(3, 13):
        make_task(f"{n}号")
    for day in range(2, 12):
        actions.report_progress(market_clerk, tasks[0], D(2024, 3, day), f"第{day}次")
    with django_assert_max_num_queries(len(detail.captured_queries)):
        page = strict(client.get(task_url("detail", tasks[0].pk)))
    assert "第11次" in page
    with django_assert_max_num_queries(len(listed.captured_queries)):
        page = strict(client.get(task_url("list")))
    assert "第11次" in page  # the latest report, on the list
    # The 填报员's own list costs no more.
    client.force_login(market_clerk)
    with django_assert_max_num_queries(len(listed.captured_queries)):
        strict(client.get(task_url("list")))


def test_a_figures_drill_down_lists_its_tasks_at_one_cost(
    client, office, make_task, django_assert_max_num_queries
):
    """The records behind 超期未办结, each with its lead unit by name, for 3 tasks as for 13."""
    url = reverse("indicators:records", args=["work_task.overdue"])
    leads = ("433126-E02", "433126-E07", "433126-Z02")
    tasks = [make_task(f"{n}号", lead=leads[n % 3]) for n in range(3)]
    client.force_login(office)
    with django_assert_max_num_queries(7) as few:
        page = strict(client.get(url, {"year": "2024"}))
    assert "默戎镇人民政府" in page
    assert all(task_url("detail", task.pk) in page for task in tasks)
    for n in range(3, 13):
        make_task(f"{n}号", lead=leads[n % 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = strict(client.get(url, {"year": "2024"}))
    assert "12号" in page
