"""The pages of both registers: the generic register pages with each one's forms, rules and
actions. The two share an app, so each has its own templates (legality/<register>_list.html)."""

from types import SimpleNamespace

from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.register_views import RegisterPages

from . import actions, normative_rules, rules
from .columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from .forms import (
    DocumentEditForm,
    DocumentFilter,
    DocumentForm,
    DocumentStepForm,
    ReviewEditForm,
    ReviewFilter,
    ReviewForm,
    ReviewStepForm,
)

PAGES = RegisterPages(
    register=REVIEW_REGISTER,
    rules=rules,
    actions=actions,
    list_filter=ReviewFilter,
    create_form=ReviewForm,
    edit_form=ReviewEditForm,
    step_form=ReviewStepForm,
    create_title="登记合法性审查",
    url_prefix="legality",
    owner_kinds=BUREAUS_AND_SECTIONS,
)

NORMATIVE_PAGES = RegisterPages(
    register=NORMATIVE_REGISTER,
    rules=normative_rules,
    actions=SimpleNamespace(
        register_case=actions.register_document,
        update_case=actions.update_document,
        record_step=actions.record_document_step,
    ),
    list_filter=DocumentFilter,
    create_form=DocumentForm,
    edit_form=DocumentEditForm,
    step_form=DocumentStepForm,
    create_title="登记规范性文件",
    url_prefix="normative",
    owner_kinds=BUREAUS_AND_SECTIONS,
)
