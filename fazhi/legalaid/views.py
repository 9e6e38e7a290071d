"""The pages of the three registers. 法律援助 and 公证 are the generic register pages with each
one's forms, rules and actions (templates legalaid/<register>_list.html …); 法律咨询 has no
procedure: a list, a record's page, and entering one.

受援人, 受援人身份证号 and the 公证申请人 are personal data (Register.sensitive): shown in full
only to those who work legal services (Role.LEGAL_SERVICES) once they have stated a reason,
every such display written to the audit log; everyone else sees the masks, and searches by
编号 (and 承办人) only.
"""

from fazhi.core.list_table import ListColumn
from fazhi.core.models import BUREAUS_AND_SECTIONS, BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES, UnitKind
from fazhi.core.register_views import RegisterPages

from . import actions, notarization_rules, rules
from .columns import CONSULTATION_REGISTER, LEGAL_AID_REGISTER, NOTARIZATION_REGISTER
from .forms import (
    AidEditForm,
    AidForm,
    AidStepForm,
    ConsultationForm,
    NotarizationEditForm,
    NotarizationForm,
    NotarizationStepForm,
)

# 公证事项, marked （涉外） for a matter with a foreign element.
MATTER_COLUMN = ListColumn(
    "公证事项",
    lambda case: case.get_matter_display() + ("（涉外）" if case.foreign else ""),
    order="matter",
)

PAGES = RegisterPages(
    register=LEGAL_AID_REGISTER,
    list_fields=("recipient", "id_number", "category", "route", "application_date"),
    create_record=actions.register_case,
    update_record=actions.update_case,
    create_form=AidForm,
    edit_form=AidEditForm,
    create_title="登记法律援助案件",
    procedure=rules,
    step_form=AidStepForm,
    take_step=actions.record_step,
    owner_kinds=(*BUREAUS_AND_SECTIONS, UnitKind.LEGAL_AID_CENTER),
)

NOTARIZATION_PAGES = RegisterPages(
    register=NOTARIZATION_REGISTER,
    list_fields=("applicant", MATTER_COLUMN, "accepted_date", "issued_date"),
    create_record=actions.register_notarization,
    update_record=actions.update_notarization,
    create_form=NotarizationForm,
    edit_form=NotarizationEditForm,
    create_title="受理公证",
    procedure=notarization_rules,
    step_form=NotarizationStepForm,
    take_step=actions.record_notarization_step,
    owner_kinds=(*BUREAUS_AND_SECTIONS, UnitKind.NOTARY_OFFICE),
)

# 法律咨询: a register without a procedure.
CONSULTATION_PAGES = RegisterPages(
    register=CONSULTATION_REGISTER,
    create_record=actions.register_consultation,
    update_record=actions.update_consultation,
    create_form=ConsultationForm,
    create_title="登记法律咨询",
    owner_kinds=(*BUREAUS_SECTIONS_AND_JUDICIAL_OFFICES, UnitKind.LEGAL_AID_CENTER),
)
