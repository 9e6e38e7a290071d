"""The litigation pages: the generic register pages with this register's forms, rules and
actions, and the reconsideration case a suit came from shown on its page."""

from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.register_views import RegisterPages
from fazhi.reconsideration.models import ReconsiderationCase

from . import actions, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, ListFilter, StepForm


def linked_reconsideration(request, case):
    """The linked case is shown only to those who may open it; the others see its number."""
    if case.reconsideration_id is None:
        return {"linked": None}
    visible = ReconsiderationCase.objects.visible_to(request.user)
    return {"linked": visible.filter(pk=case.reconsideration_id).first()}


PAGES = RegisterPages(
    register=REGISTER,
    list_fields=("plaintiff", "defendant", "instance", "notice_received_date", "judgment"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=CaseForm,
    edit_form=EditForm,
    create_title="登记应诉案件",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,
    detail_context=linked_reconsideration,
    list_filter=ListFilter,
)
