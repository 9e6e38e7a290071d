"""依法治县's pages.

- 会议: the generic pages of a register without a procedure; a meeting's page lists its
  决定事项, each with the task made from it, and 转为任务 opening the task form filled in from
  the decision (`?from_meeting=<pk>&item=<n>`).
- 工作任务: the generic pages of a register with a procedure (its one step, 办结, the
  office's), and the progress reports on a task's page, which the lead unit's 填报员 and the
  office write. The 填报员 sees only his unit's tasks; setting, changing and closing them is
  closed to him (`permissions`).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.access import may_change, may_change_record
from fazhi.core.models import BUREAUS_AND_SECTIONS, Unit
from fazhi.core.permissions import allows
from fazhi.core.register_views import REFUSALS, RegisterPages
from fazhi.core.roles import CHANGE

from . import actions, rules
from .columns import MEETING_REGISTER, TASK_REGISTER
from .forms import MeetingForm, ProgressForm, StepForm, TaskForm
from .models import CommitteeMeeting, TaskSource, WorkTask
from .permissions import RULE

FROM_MEETING = "from_meeting"
ITEM = "item"
PROGRESS = "progress"  # the report form's prefix: the step form beside it has a day too


# --- 会议 ------------------------------------------------------------------------------


def _task_form_url(meeting, item: int) -> str:
    return f"{reverse('work_task:create')}?{FROM_MEETING}={meeting.pk}&{ITEM}={item}"


def makes_tasks_for(user, meeting) -> bool:
    """Whether `user` may turn the meeting's decisions into tasks: he sets tasks, and for the
    meeting's unit (a task's meeting is one of its own unit's)."""
    return (
        allows(RULE, user)
        and meeting.unit.kind in BUREAUS_AND_SECTIONS
        and may_change(user, WorkTask, meeting.unit)
    )


def decisions_with_tasks(meeting, tasks) -> tuple[list[dict], list]:
    """Each 决定事项 (its number, its text) with the tasks made from it: those naming its
    number, or, naming none, stating it word for word. The meeting's other tasks after."""
    items = rules.decision_lines(meeting.decisions)
    shown = rules.lines(meeting.decisions)
    rows = [{"item": n, "text": text, "tasks": []} for n, text in enumerate(shown, start=1)]
    others = []
    for task in tasks:
        item = task.decision_item
        if item is None and task.content.strip() in items:
            item = items.index(task.content.strip()) + 1
        if item is not None and 1 <= item <= len(rows):
            rows[item - 1]["tasks"].append(task)
        else:
            others.append(task)
    return rows, others


def meeting_context(request, meeting) -> dict:
    """The meeting's 议题, and its 决定事项 with their tasks (those the reader may see): one
    query."""
    tasks = list(
        WorkTask.objects.visible_to(request.user)
        .filter(source_meeting=meeting)
        .select_related("lead_unit")
        .order_by("id")
    )
    rows, others = decisions_with_tasks(meeting, tasks)
    makes_tasks = makes_tasks_for(request.user, meeting)
    for row in rows:
        row["convert_url"] = _task_form_url(meeting, row["item"]) if makes_tasks else ""
    return {
        "topics": rules.lines(meeting.topics),
        "decision_rows": rows,
        "other_tasks": others,
    }


MEETING_PAGES = RegisterPages(
    register=MEETING_REGISTER,
    create_record=actions.register_meeting,
    update_record=actions.update_meeting,
    create_form=MeetingForm,
    create_title="登记依法治县会议",
    owner_kinds=BUREAUS_AND_SECTIONS,
    list_fields=("meeting_date", "kind", "name", "chair", "decision_count"),
    detail_context=meeting_context,
)


# --- 工作任务 --------------------------------------------------------------------------


def meeting_source(user, raw_pk):
    """The meeting named by `?from_meeting=`, if the user may see it; else None."""
    try:
        pk = int(raw_pk)
    except (TypeError, ValueError):
        return None
    return CommitteeMeeting.objects.visible_to(user).filter(pk=pk).select_related("unit").first()


def initial_from_meeting(meeting, raw_item) -> dict:
    """The task form's values for the meeting's `raw_item`-th decision ({} for none): its
    text as the content, the meeting as the source, its year and date."""
    try:
        item = int(raw_item)
    except (TypeError, ValueError):
        return {}
    items = rules.decision_lines(meeting.decisions)
    if not 1 <= item <= len(items):
        return {}
    return {
        "unit": meeting.unit_id,
        "source": TaskSource.MEETING,
        "source_meeting_number": meeting.number,
        "decision_item": item,
        "content": items[item - 1],
        "year": meeting.meeting_date.year,
        "assigned_date": meeting.meeting_date,
    }


def task_context(request, task) -> dict:
    """The task's progress reports, its 配合单位 by name, its meeting (when the reader may see
    it), and the report form for whoever may write one: at most three queries."""
    reports = list(task.progress.select_related("recorded_by", "reporter_unit"))
    codes = rules.split_codes(task.partner_codes)
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    meeting = None
    if task.source_meeting_id:
        meeting = (
            CommitteeMeeting.objects.visible_to(request.user)
            .filter(pk=task.source_meeting_id)
            .first()
        )
    reports_progress = not rules.is_closed(task) and may_change_record(request.user, task)
    today = timezone.localdate()
    form = ProgressForm(initial={"day": today}, prefix=PROGRESS) if reports_progress else None
    return {
        "reports": reports,
        "partners": [names.get(code, code) for code in codes],
        "source_meeting": meeting,
        "progress_form": form,
        "task_overdue": rules.is_overdue(task, today),
        "task_on_time": rules.on_time(task),
    }


class TaskPages(RegisterPages):
    def starting_point(self, request) -> tuple[dict, dict, str]:
        """A meeting's decision (`?from_meeting=<pk>&item=<n>`): the form filled in from it."""
        if FROM_MEETING not in request.GET:
            return super().starting_point(request)
        meeting = meeting_source(request.user, request.GET[FROM_MEETING])
        initial = initial_from_meeting(meeting, request.GET.get(ITEM)) if meeting else {}
        if not initial:
            messages.warning(request, "找不到可转为任务的会议决定事项，请直接填写。")
            return super().starting_point(request)
        return initial, {}, f"{self.create_title}（由会议决定事项转入）"

    def _procedure_context(self, request, record, can_change: bool) -> dict:
        """办结 is offered only to whoever may take it: the lead unit's 填报员 may change the
        task (his progress), but not close it."""
        closes = can_change and self._allows("step", request.user)
        return super()._procedure_context(request, record, closes)

    def progress(self, request, pk):
        record = get_object_or_404(self._records(request.user, CHANGE), pk=pk)
        form = ProgressForm(request.POST, prefix=PROGRESS)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(f"{self.namespace}:detail", pk=pk)
        data = form.cleaned_data
        try:
            actions.report_progress(
                request.user,
                record,
                data["day"],
                data["text"],
                requests_closing=data["requests_closing"],
            )
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
        else:
            asked = "，并申请办结" if data["requests_closing"] else ""
            messages.success(request, f"已填报「{record.number}」的进展{asked}。")
        return redirect(f"{self.namespace}:detail", pk=pk)

    def urls(self) -> list:
        prefix = self.url_path
        return [
            *super().urls(),
            path(f"{prefix}/<int:pk>/progress/", require_POST(self.progress), name="progress"),
        ]


TASK_PAGES = TaskPages(
    register=TASK_REGISTER,
    create_record=actions.register_task,
    update_record=actions.update_task,
    create_form=TaskForm,
    create_title="登记工作任务",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,  # the office sets tasks; units only report progress
    list_fields=(
        "content",
        "lead_unit_code",
        "deadline",
        "latest_progress_date",
        "latest_progress",
    ),
    detail_context=task_context,
    permissions={"create": RULE, "edit": RULE, "step": RULE},
)
