"""The pages of 安置帮教对象: a register without a procedure, so the generic RegisterPages (list
with search and filters, a record's page, entering and changing one) with three additions:

- 姓名, 身份证号, 居住地址 and 原罪名 are personal data (Register.sensitive): masked for all but
  the county's resettlement officers (core.personal), each full display audit-logged. Those who
  see masks may search by 编号 only: a search by name or ID number would tell them who is on
  the register, which the masks hide.
- An 18-character search also finds the person by his ID number's blind index.
- The register form takes `?from_corrections=<pk>`: a 社区矫正对象 released from corrections
  comes to this register with his dates (and, for those who may see them, his personal data)
  filled in, and the new record is linked to his corrections record.
"""

from django.contrib import messages
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.access import changeable_units
from fazhi.core.duplicate_views import notices_page
from fazhi.core.models import BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES, AuditAction
from fazhi.core.personal import reason_for, sees_personal_data, shows_personal_data
from fazhi.core.register_views import RegisterPages
from fazhi.core.registers import get_register
from fazhi.corrections.models import CorrectionsStatus, CorrectionsSubject

from . import actions, rules
from .columns import REGISTER
from .forms import SubjectForm
from .models import ResettlementSubject, SubjectKind

FROM_CORRECTIONS = "from_corrections"
CORRECTIONS_REGISTER = "corrections_subject"


def _owner_units(user):
    return changeable_units(user, ResettlementSubject).filter(
        kind__in=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES
    )


def corrections_source(user, raw_pk):
    """The corrections subject named by `?from_corrections=`, if this user can see it and it
    was released from corrections (解除矫正, with its date); else None."""
    try:
        pk = int(raw_pk)
    except (TypeError, ValueError):
        return None
    return (
        CorrectionsSubject.objects.visible_to(user)
        .filter(pk=pk, status=CorrectionsStatus.RELEASED, ended_date__isnull=False)
        .first()
    )


def initial_from_corrections(user, subject) -> dict:
    """The register form's initial values for a subject released from corrections.

    Nothing unless `user` can see the corrections record and it is 解除矫正 with its date.
    The kind and the release date (the day corrections ended) always; the owner unit when it
    is one `user` registers for; the personal data (姓名, 身份证号, 居住地址, 原罪名) only when
    `user` sees the personal data of both registers in full.
    """
    if subject is None or subject.status != CorrectionsStatus.RELEASED:
        return {}
    if subject.ended_date is None:
        return {}
    if not CorrectionsSubject.objects.visible_to(user).filter(pk=subject.pk).exists():
        return {}
    initial = {"kind": SubjectKind.CORRECTIONS_ENDED, "release_date": subject.ended_date}
    if _owner_units(user).filter(pk=subject.unit_id).exists():
        initial["unit"] = subject.unit_id
    corrections = get_register("corrections_subject")
    if shows_personal_data(user, corrections) and sees_personal_data(user, ResettlementSubject):
        initial.update(
            name=subject.name,
            id_number=subject.id_number,
            address=subject.address,
            original_offence=subject.offence,
        )
    return initial


def _detail_context(request, record) -> dict:
    today = timezone.localdate()
    source = None
    if record.corrections_subject_id:
        # Linked, but shown only to whoever may see the corrections record itself.
        source = (
            CorrectionsSubject.objects.visible_to(request.user)
            .filter(pk=record.corrections_subject_id)
            .first()
        )
    return {
        "period_end": record.period_end,
        "registered_today": rules.registered_on(record, today),
        "corrections_record": source,
        "corrections_url": _corrections_url(source),
    }


def _corrections_url(subject) -> str:
    if subject is None:
        return ""
    try:
        return reverse(f"{CORRECTIONS_REGISTER}:detail", args=[subject.pk])
    except NoReverseMatch:  # the corrections pages may not be mounted yet
        return ""


class ResettlementPages(RegisterPages):
    def starting_point(self, request) -> tuple[dict, dict, str]:
        """A person released from corrections (`?from_corrections=<pk>`): the form filled in
        from his corrections record, and the new record linked to it."""
        if FROM_CORRECTIONS not in request.GET:
            return super().starting_point(request)
        source = corrections_source(request.user, request.GET[FROM_CORRECTIONS])
        if source is None:
            messages.warning(request, "找不到可转入的解除矫正人员记录，请直接填写。")
            return super().starting_point(request)
        initial = initial_from_corrections(request.user, source)
        if request.method == "GET" and "id_number" in initial:
            # The form shows the corrections record's personal data in full: log it as any
            # other full display.
            audit.record(
                request.user,
                AuditAction.READ_SENSITIVE,
                source,
                register=CORRECTIONS_REGISTER,
                note="转入安置帮教时查看字段：姓名、身份证号、居住地址、罪名；事由："
                + (reason_for(request.user, CORRECTIONS_REGISTER) or "转入安置帮教"),
            )
        title = f"{self.create_title}（解除矫正人员转入）"
        return initial, {"corrections_subject": source}, title


PAGES = ResettlementPages(
    register=REGISTER,
    create_record=actions.register_subject,
    update_record=actions.update_subject,
    create_form=SubjectForm,
    create_title="登记安置帮教对象",
    path="resettlement",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    list_fields=("name", "id_number", "kind", "release_date", "period_end", "status"),
    detail_context=_detail_context,
    more_urls=[path("resettlement/notices/", notices_page(REGISTER.name), name="notices")],
)
