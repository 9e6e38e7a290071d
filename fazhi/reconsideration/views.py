"""The reconsideration pages: the generic register pages with this register's forms, rules
and actions, and the litigation cases that came from a case shown on its page."""

from fazhi.core.register_views import BUREAU_KINDS, RegisterPages

from . import actions, rules
from .columns import REGISTER
from .forms import CaseForm, EditForm, ListFilter, StepForm


def linked_suits(request, case):
    suits = getattr(case, "litigation_cases", None)
    return {"linked": suits.visible_to(request.user) if suits is not None else []}


PAGES = RegisterPages(
    register=REGISTER,
    rules=rules,
    actions=actions,
    list_filter=ListFilter,
    create_form=CaseForm,
    edit_form=EditForm,
    step_form=StepForm,
    create_title="登记复议申请",
    url_prefix="reconsideration",
    owner_kinds=BUREAU_KINDS,
    detail_context=linked_suits,
)
