from datetime import date

from django.core.management import call_command

from fazhi.core.models import AuditEntry
from fazhi.reconsideration.models import ReconsiderationCase


def test_recompute_fills_deadlines_that_were_missing_and_leaves_the_rest(tree, capsys):
    ReconsiderationCase.objects.create(
        unit=tree["county"],
        number="旧数据",
        applicant="甲",
        respondent="乙",
        received_date=date(2024, 2, 5),
    )  # written without its derived fields, as an old or unknown-year record would be
    call_command("recompute_deadlines")
    case = ReconsiderationCase.objects.get(number="旧数据")
    assert (case.review_deadline, case.due_date, case.due_label) == (
        date(2024, 2, 18),
        date(2024, 2, 18),
        "受理审查期限",
    )
    assert "行政复议案件：重新计算后有变化的记录 1 条" in capsys.readouterr().out
    entry = AuditEntry.objects.get(register="reconsideration")
    assert (entry.object_id, entry.before["review_deadline"]) == (str(case.pk), None)
    assert entry.after["review_deadline"] == "2024-02-18"
    call_command("recompute_deadlines")
    assert "有变化的记录 0 条" in capsys.readouterr().out
    assert AuditEntry.objects.filter(register="reconsideration").count() == 1
