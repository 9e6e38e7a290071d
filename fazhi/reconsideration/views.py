"""The reconsideration pages: the generic register pages with this register's forms, rules
and actions; a case's page adds the litigation cases that came from it and its passed
deadlines."""

from django.utils import timezone

from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.register_views import RegisterPages

from . import actions, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, ListFilter, StepForm


def case_extras(request, case):
    """The litigation cases that came from this case, the running deadlines that passed
    without their act — flagged on the page whatever the case's current step — the 办结方式's
    legal basis, and what a 办结方式 awaiting an officer may be stated as."""
    suits = getattr(case, "litigation_cases", None)
    options = rules.LEGACY_OUTCOMES.get(case.outcome, ()) if case.outcome_unresolved else ()
    return {
        "linked": suits.visible_to(request.user) if suits is not None else [],
        "passed_deadlines": rules.passed_deadlines(case, timezone.localdate()),
        "outcome_basis": rules.OUTCOME_BASIS.get(case.outcome, ""),
        "unresolved_options": "、".join(rules.outcome_label(o) for o in options),
    }


PAGES = RegisterPages(
    register=REGISTER,
    list_fields=("applicant", "respondent", "act_type", "received_date", "outcome"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=CaseForm,
    edit_form=EditForm,
    create_title="登记复议申请",
    procedure=rules,
    step_form=StepForm,
    take_step=actions.record_step,
    list_filter=ListFilter,
    owner_kinds=BUREAUS_AND_SECTIONS,
    detail_context=case_extras,
)
