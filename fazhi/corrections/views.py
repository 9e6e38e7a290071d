"""The pages of 社区矫正: the two registers (generic RegisterPages), a subject's flags, and the
person's page that joins his terms of corrections and his 安置帮教 records.

Names, ID numbers, addresses and offences are shown in full only to the corrections officers of
the subject's own 司法所 and of the county (core.personal); each full display is audit-logged.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone

from fazhi.core.access import changeable_units
from fazhi.core.crypto import blind_indexes
from fazhi.core.duplicate_views import notices_page
from fazhi.core.models import BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES
from fazhi.core.personal import reveal, sees_personal_data
from fazhi.core.reasons import unmask_link
from fazhi.core.register_views import RegisterPages
from fazhi.core.registers import get_register
from fazhi.resettlement.models import ResettlementSubject

from . import actions, rules
from .columns import ACTIVITY_REGISTER, SUBJECT_REGISTER
from .forms import ActivityForm, SubjectForm
from .models import CorrectionsStatus, CorrectionsSubject


def resettlement_offer(user, subject) -> str:
    """The address of the resettlement form filled in from this subject, when he has been
    released, has no resettlement record yet, and the user may open one; else ""."""
    if subject.status != CorrectionsStatus.RELEASED or subject.ended_date is None:
        return ""
    if not changeable_units(user, ResettlementSubject).exists():
        return ""
    same_person = blind_indexes(subject.id_number)
    # Only the records the user may see: asked of the whole province, the link's absence would
    # tell whether any county keeps this ID number on its 安置帮教 register (an oracle fed by
    # editing a released subject's number). The register's own duplicate check still decides
    # on submit, with its neutral answer, audit entry and limit.
    visible = ResettlementSubject.objects.visible_to(user)
    if visible.filter(id_number_index__in=same_person).exists():
        return ""
    return f"{reverse('resettlement_subject:create')}?from_corrections={subject.pk}"


def _subject_context(request, subject):
    today = timezone.localdate()
    return {
        "unreported": rules.is_unreported(subject, today),
        "absconded": rules.is_absconded(subject),
        "report_basis": rules.REPORT_BASIS,
        "resettlement_url": resettlement_offer(request.user, subject),
        "sees_person": sees_personal_data(request.user, CorrectionsSubject),
    }


SUBJECT_PAGES = RegisterPages(
    register=SUBJECT_REGISTER,
    create_record=actions.register_subject,
    update_record=actions.update_subject,
    create_form=SubjectForm,
    create_title="社区矫正对象入矫登记",
    path="corrections",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    list_fields=("name", "id_number", "category", "start_date", "end_date", "status"),
    detail_context=_subject_context,
)

ACTIVITY_PAGES = RegisterPages(
    register=ACTIVITY_REGISTER,
    create_record=actions.register_activity,
    update_record=actions.update_activity,
    create_form=ActivityForm,
    create_title="登记教育帮扶活动",
    owner_kinds=BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES,
    list_fields=("held_date", "category", "theme", "person_times"),
)


def person(request, pk):
    """One person's terms of corrections and 安置帮教 records, found by his ID number's blind
    index — for those who see the personal data of corrections (each record shown is logged);
    the resettlement records only for those who also work 安置帮教."""
    subject = get_object_or_404(CorrectionsSubject.objects.visible_to(request.user), pk=pk)
    if not sees_personal_data(request.user, CorrectionsSubject):
        raise Http404("没有查看此人全部记录的权限。")
    index = blind_indexes(subject.id_number)
    terms = list(
        CorrectionsSubject.objects.visible_to(request.user)
        .filter(id_number_index__in=index)
        .select_related("unit")
        .order_by("start_date")
    )
    reveal(request.user, SUBJECT_REGISTER, [subject, *terms], purpose="人员档案查看")
    resettlement = []
    if sees_personal_data(request.user, ResettlementSubject):
        resettlement = list(
            ResettlementSubject.objects.visible_to(request.user)
            .filter(id_number_index__in=index)
            .select_related("unit")
            .order_by("release_date")
        )
        reveal(
            request.user, get_register("resettlement_subject"), resettlement, purpose="人员档案查看"
        )
    return render(
        request,
        "corrections/person.html",
        {
            "subject": subject,
            "terms": terms,
            "resettlement": resettlement,
            "resettlement_hidden": not sees_personal_data(request.user, ResettlementSubject),
            "resettlement_url": resettlement_offer(request.user, subject),
            "unmask_url": unmask_link(request, SUBJECT_REGISTER),
        },
    )


SUBJECT_PAGES.more_urls += [
    path("corrections/<int:pk>/person/", person, name="person"),
    path("corrections/notices/", notices_page(SUBJECT_REGISTER.name), name="notices"),
]
