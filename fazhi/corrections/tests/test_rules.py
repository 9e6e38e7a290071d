"""The rules of a 社区矫正对象, without a database."""

import datetime

from fazhi.core.models import Unit
from fazhi.corrections import rules
from fazhi.corrections.models import CorrectionsSubject

D = datetime.date
COUNTY = Unit(pk=1, code="433126", path="/43/4331/433126/")
OFFICE = Unit(pk=2, code="433126-S01", path="/43/4331/433126/433126-S01/")


def subject(**facts) -> CorrectionsSubject:
    base = {
        "number": "古矫1",
        "name": "张某",
        "id_number": "11010519491231002X",
        "category": "probation",
        "judgment_effective_date": D(2024, 3, 1),
        "start_date": D(2024, 3, 1),
        "end_date": D(2025, 2, 28),
        "status": "supervised",
        "unit": OFFICE,
        "office": OFFICE,
    }
    record = CorrectionsSubject(**{**base, **facts})
    rules.derive(record)
    return record


def headers(record) -> set[str]:
    return {p.header for p in rules.check(record)}


def test_report_deadline_is_ten_days_after_the_judgment_moved_past_a_rest_day():
    assert subject().report_deadline == D(2024, 3, 11)  # 03-11 is a Monday
    # 2024-09-20 + 10 = 09-30 (Mon, a working day) — and over National Day:
    # 2024-09-25 + 10 = 10-05, a holiday → the first working day after, 10-08.
    assert subject(judgment_effective_date=D(2024, 9, 25)).report_deadline == D(2024, 10, 8)


def test_a_subject_who_has_not_reported_is_on_the_board_and_unreported_after_ten_days():
    record = subject()
    assert (record.due_label, record.due_date) == (rules.REPORT_LABEL, D(2024, 3, 11))
    assert not rules.is_unreported(record, D(2024, 3, 11))
    assert rules.is_unreported(record, D(2024, 3, 12))


def test_reporting_in_time_clears_the_board_and_reporting_late_is_still_unreported():
    on_time = subject(reported_date=D(2024, 3, 11))
    assert on_time.due_label == "" and not rules.is_unreported(on_time, D(2025, 1, 1))
    late = subject(reported_date=D(2024, 3, 12))
    assert rules.is_unreported(late, D(2025, 1, 1))


def test_losing_contact_is_absconded_and_overdue_from_that_day():
    record = subject(
        reported_date=D(2024, 3, 5), status="lost_contact", lost_contact_date=D(2024, 6, 3)
    )
    assert rules.is_absconded(record)
    assert (record.due_label, record.due_date) == (rules.ABSCONDED_LABEL, D(2024, 6, 3))
    assert headers(record) == set()
    assert headers(subject(status="lost_contact")) == {"失去联系日期"}


def test_ending_statuses_need_their_date_and_open_ones_must_not_have_one():
    assert headers(subject(status="released")) == {"解除日期"}
    assert headers(subject(status="died")) == {"解除日期"}
    assert headers(subject(status="released", ended_date=D(2025, 2, 28))) == set()
    assert headers(subject(ended_date=D(2025, 2, 28))) == {"解除日期"}
    assert headers(subject(status="released", ended_date=D(2024, 1, 1))) == {"解除日期"}


def test_dates_and_the_office_must_be_consistent():
    assert headers(subject(end_date=D(2024, 3, 1))) == {"矫正终止日期"}
    assert headers(subject(reported_date=D(2024, 2, 1))) == {"报到日期"}
    assert headers(subject(contact_restored_date=D(2024, 5, 1))) == {"恢复联系日期"}
    assert headers(subject(unit=OFFICE, office=COUNTY)) == {"执行地司法所"}
    assert headers(subject(unit=COUNTY, office=OFFICE)) == set()


def test_under_supervision_on_a_day_is_read_from_the_dates_not_the_status():
    released_in_march = subject(status="released", ended_date=D(2025, 2, 28))
    assert rules.under_supervision_on(released_in_march, D(2024, 12, 31))
    assert not rules.under_supervision_on(released_in_march, D(2025, 2, 28))
    revoked = subject(status="probation_revoked", ended_date=D(2024, 10, 8))
    assert not rules.under_supervision_on(revoked, D(2024, 12, 31))
    assert not rules.under_supervision_on(subject(), D(2024, 2, 29))


def test_a_subject_lost_before_reporting_runs_against_both_deadlines():
    """The 10 days to report (第二十一条) and the search due at once (第三十条) both run; the
    earliest is the one lists sort by."""
    record = subject(status="lost_contact", lost_contact_date=D(2024, 3, 8))
    assert [(d.label, d.date) for d in rules.running(record)] == [
        (rules.REPORT_LABEL, D(2024, 3, 11)),
        (rules.ABSCONDED_LABEL, D(2024, 3, 8)),
    ]
    assert [d["label"] for d in record.running_deadlines] == [
        rules.REPORT_LABEL,
        rules.ABSCONDED_LABEL,
    ]
    assert (record.due_label, record.due_date) == (rules.ABSCONDED_LABEL, D(2024, 3, 8))
    # The day contact was lost is a fact, not a period counted on the calendar.
    assert [d.provisional for d in rules.running(record)] == [False, False]
    late = subject(judgment_effective_date=D(2026, 12, 25), start_date=D(2026, 12, 25))
    assert [(d.date, d.provisional) for d in rules.running(late)] == [(D(2027, 1, 4), True)]
