"""The rules' conditions in SQL, shared by the figures, the board and the 未按期考核 page: who is
在册 or 执业 on a day, and who is 未按期考核 on a day (rules.not_assessed)."""

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, When

from fazhi.core.models import BUREAUS

from . import rules
from .models import (
    ENDED_STATUSES,
    LegalServiceOrg,
    PractitionerAssessment,
    StatusChange,
    StatusStep,
    SubjectKind,
)


def held_on(day: datetime.date) -> Q:
    """在册 on `day`: licensed by then and not 注销 or 吊销 by then (停止执业 included). An end
    is final (no step follows it), so the stored status and its date tell when it came."""
    return Q(licensed_date__lte=day) & ~Q(status__in=ENDED_STATUSES, status_date__lte=day)


def _subject_field(model) -> str:
    return "org" if model is LegalServiceOrg else "practitioner"


def practising_on(records, day: datetime.date):
    """`records` (orgs or practitioners) in 执业 on `day`: 在册 then, and their latest step on
    or before it, if any, not a 停止执业 (the record's history of steps, read in SQL)."""
    latest = (
        StatusChange.objects.filter(**{_subject_field(records.model): OuterRef("pk")})
        .filter(date__lte=day)
        .order_by("-date", "-id")
        .values("step")[:1]
    )
    return (
        records.filter(held_on(day))
        .alias(step_then=Subquery(latest))
        .filter(Q(step_then=None) | ~Q(step_then=StatusStep.SUSPEND))
    )


def _bureau_path() -> Case:
    """links.bureau_path in SQL: the record's unit's path when it is a bureau, else its
    parent's (a 内设机构 sits right below its bureau)."""
    return Case(
        When(unit__kind__in=BUREAUS, then=F("unit__path")),
        default=F("unit__parent__path"),
        output_field=CharField(),
    )


def _assessed(model, year: int, day: datetime.date) -> Exists:
    """An assessment of the record (OuterRef, aliased `holder_bureau`) for `year`, dated on or
    before `day`: matched when it was stored, or, kept 未匹配 because it was imported before the
    record existed, naming the record's number in the record's bureau — as links matches it.
    A number is unique only within a bureau, so another county's assessment of its own holder
    of the same number is not this record's."""
    subject = SubjectKind.ORG if model is LegalServiceOrg else SubjectKind.PRACTITIONER
    return Exists(
        PractitionerAssessment.objects.filter(
            year=year, subject_kind=subject, assessed_date__lte=day
        )
        .alias(assessment_bureau=_bureau_path())
        .filter(
            Q(**{_subject_field(model): OuterRef("pk")})
            | Q(
                unmatched=True,
                subject_number=OuterRef("number"),
                assessment_bureau=OuterRef("holder_bureau"),
            )
        )
    )


def not_assessed(records, day: datetime.date, settings: dict):
    """rules.not_assessed in SQL: of `records` (orgs or practitioners), those in 执业 on
    `day`, licensed before the end of their kind's watched year (rules.watched_year), with
    no assessment of that year dated by `day`."""
    model = records.model
    subject = SubjectKind.ORG if model is LegalServiceOrg else SubjectKind.PRACTITIONER
    late = Q(pk__in=[])
    for kind_subject, kind in rules.DEADLINE_KINDS:
        if kind_subject != subject:
            continue
        year = rules.watched_year(kind, day, settings)
        late |= Q(kind=kind, licensed_date__lte=datetime.date(year, 12, 31)) & ~Q(
            _assessed(model, year, day)
        )
    return practising_on(records, day).alias(holder_bureau=_bureau_path()).filter(late)
