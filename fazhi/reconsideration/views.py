"""The reconsideration pages: the generic register pages with this register's forms, rules
and actions; a case's page adds the litigation cases that came from it and its passed
deadlines."""

from django.utils import timezone

from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.register_views import RegisterPages

from . import actions, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, StepForm


def case_extras(request, case):
    """The litigation cases that came from this case, and the running deadlines that passed
    without their act — flagged on the page whatever the case's current step."""
    suits = getattr(case, "litigation_cases", None)
    return {
        "linked": suits.visible_to(request.user) if suits is not None else [],
        "passed_deadlines": rules.passed_deadlines(case, timezone.localdate()),
    }


PAGES = RegisterPages(
    register=REGISTER,
    list_fields=("applicant", "respondent", "act_type", "received_date"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=CaseForm,
    edit_form=EditForm,
    create_title="登记复议申请",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,
    detail_context=case_extras,
)
