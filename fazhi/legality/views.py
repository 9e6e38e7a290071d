"""The pages of both registers: the generic register pages with each one's forms, rules and
actions. The two share an app, so each has its own templates (legality/<register>_list.html)."""

from django.utils.html import format_html

from fazhi.core.list_table import ListColumn
from fazhi.core.models import BUREAUS_AND_SECTIONS
from fazhi.core.register_views import RegisterPages

from . import actions, normative_rules, rules
from .columns import NORMATIVE_REGISTER, REVIEW_REGISTER
from .forms import (
    DocumentEditForm,
    DocumentForm,
    DocumentStepForm,
    ReviewEditForm,
    ReviewForm,
    ReviewStepForm,
)


def _filed(document):
    """报送备案日期, marked 逾期报备 when the document was filed late."""
    day = document.filed_date.isoformat() if document.filed_date else "—"
    if document.late_filed:
        return format_html('{} <span class="overdue">逾期报备</span>', day)
    return day


FILED_COLUMN = ListColumn("报送备案日期", _filed, "nowrap", order="filed_date")

PAGES = RegisterPages(
    register=REVIEW_REGISTER,
    list_fields=("submitter", "title", "category", "received_date"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=ReviewForm,
    edit_form=ReviewEditForm,
    create_title="登记合法性审查",
    path="legality",
    procedure=rules,
    step_form=ReviewStepForm,
    take_step=actions.record_step,
    owner_kinds=BUREAUS_AND_SECTIONS,
)

NORMATIVE_PAGES = RegisterPages(
    register=NORMATIVE_REGISTER,
    list_fields=("title", "issuer", "published_date", FILED_COLUMN),
    create_record=actions.register_document,
    update_record=actions.update_document,
    create_form=DocumentForm,
    edit_form=DocumentEditForm,
    create_title="登记规范性文件",
    path="normative",
    procedure=normative_rules,
    step_form=DocumentStepForm,
    take_step=actions.record_document_step,
    owner_kinds=BUREAUS_AND_SECTIONS,
)
