"""The pages of the three registers. 法律援助 and 公证 are the generic register pages with each
one's forms, rules and actions (templates legalaid/<register>_list.html …); 法律咨询 has no
procedure: a list, a record's page, and entering one.

受援人, 受援人身份证号 and the 公证申请人 are personal data (Register.sensitive): shown in full
only to those who work legal services (Role.LEGAL_SERVICES) once they have stated a reason,
every such display written to the audit log; everyone else sees the masks, and searches by
编号 (and 承办人) only.
"""

from types import SimpleNamespace

from fazhi.core.models import BUREAUS_AND_SECTIONS, BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES, UnitKind
from fazhi.core.personal import reveal
from fazhi.core.record_pages import RecordPages
from fazhi.core.register_views import RegisterPages

from . import actions, notarization_rules, rules
from .columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from .forms import (
    AidEditForm,
    AidFilter,
    AidForm,
    AidStepForm,
    ConsultationForm,
    NotarizationEditForm,
    NotarizationFilter,
    NotarizationForm,
    NotarizationStepForm,
)


def show_recipients(user, records) -> None:
    """受援人 and 受援人身份证号 in full for those who may see them now (each such display
    audit-logged), masked for everyone else: `record.shown[...]`."""
    reveal(user, LEGAL_AID_REGISTER, records)


def show_applicants(user, records) -> None:
    """公证申请人 as the recipients are shown."""
    reveal(user, NOTARIZATION_REGISTER, records)


def _aid_detail_context(request, record):
    show_recipients(request.user, [record])
    return {}


def _notarization_detail_context(request, record):
    show_applicants(request.user, [record])
    return {}


PAGES = RegisterPages(
    register=LEGAL_AID_REGISTER,
    rules=rules,
    actions=actions,
    list_filter=AidFilter,
    create_form=AidForm,
    edit_form=AidEditForm,
    step_form=AidStepForm,
    create_title="登记法律援助案件",
    url_prefix="legal_aid",
    detail_context=_aid_detail_context,
    prepare_page=lambda request, page: show_recipients(request.user, page),
    owner_kinds=(*BUREAUS_AND_SECTIONS, UnitKind.LEGAL_AID_CENTER),
)

NOTARIZATION_PAGES = RegisterPages(
    register=NOTARIZATION_REGISTER,
    rules=notarization_rules,
    actions=SimpleNamespace(
        register_case=actions.register_notarization,
        update_case=actions.update_notarization,
        record_step=actions.record_notarization_step,
    ),
    list_filter=NotarizationFilter,
    create_form=NotarizationForm,
    edit_form=NotarizationEditForm,
    step_form=NotarizationStepForm,
    create_title="受理公证",
    url_prefix="notarization",
    detail_context=_notarization_detail_context,
    prepare_page=lambda request, page: show_applicants(request.user, page),
    owner_kinds=(*BUREAUS_AND_SECTIONS, UnitKind.NOTARY_OFFICE),
)

# --- 法律咨询: a register without a procedure --------------------------------------------

CONSULTATION_PAGES = RecordPages(
    register=CONSULTATION_REGISTER,
    form=ConsultationForm,
    actions=SimpleNamespace(
        create=actions.register_consultation, update=actions.update_consultation
    ),
    create_title="登记法律咨询",
    url_prefix="consultation",
    owner_kinds=(*BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES, UnitKind.LEGAL_AID_CENTER),
    search_fields=("number", "receiver"),
    filters=("mode", "matter"),
)
