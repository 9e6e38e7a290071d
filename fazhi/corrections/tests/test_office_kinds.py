"""Where supervision is carried out (执行地司法所) is one rule, corrections.models.OFFICE_KINDS:
the form offers what the import and the API accept. They had drifted apart: the form left out
the county bureau's 社区矫正 section that an import accepted."""

import pytest

from fazhi.core import actions as core_actions
from fazhi.core.models import Unit, UnitKind
from fazhi.core.roles import Role
from fazhi.corrections.forms import SubjectForm
from fazhi.corrections.links import _resolve_offices
from fazhi.corrections.models import OFFICE_KINDS, CorrectionsSubject

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(tree):
    return core_actions.save_unit(
        None, code="433126-K01", name="古丈县社区矫正管理局", kind=UnitKind.SECTION,
        parent=tree["county"],
    )  # fmt: skip


def test_the_form_offers_what_the_import_accepts(tree, section, make_user):
    officer = make_user("jz", tree["county"], Role.CORRECTIONS)
    form = SubjectForm(units=Unit.objects.filter(pk=tree["county"].pk), user=officer)
    offered = set(form.fields["office"].queryset)
    assert {section, tree["county"], tree["office"]} <= offered
    assert all(unit.kind in OFFICE_KINDS for unit in offered)
    record = CorrectionsSubject(unit=tree["county"], office_code=section.code)
    assert _resolve_offices([record]) == [] and record.office == section


def test_a_unit_of_another_kind_is_refused_in_chinese(tree):
    record = CorrectionsSubject(unit=tree["county"], office_code=tree["committee"].code)
    ((_, problem),) = _resolve_offices([record])
    assert "不是司法所、县级司法局或其内设机构" in problem.message
