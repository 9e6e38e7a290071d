"""Two ways around the duplicate check's neutral answer that a review of issue 15 found:

- an entitled officer who has stated no reason sees masks, yet the refusal that names the
  holding record (given to whoever may open it) confirmed a full ID number behind the masks,
  with no limit and no notice;
- the 社区矫正 page's 转入安置帮教 link was offered unless ANY county kept the ID number on its
  安置帮教 register, so editing a released subject's number tested numbers province-wide."""

import datetime
import io

import pytest
from django.test import Client

from fazhi.core import duplicates
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.core.tests.held_registers import CORRECTIONS
from fazhi.core.tests.helpers import login_with_reason
from fazhi.corrections import actions
from fazhi.corrections.columns import SUBJECT_REGISTER
from fazhi.corrections.models import CorrectionsSubject
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import xlsx_bytes
from fazhi.resettlement import actions as resettlement_actions

D = datetime.date
held, id_number, fresh_id = CORRECTIONS.hold, CORRECTIONS.id_number, CORRECTIONS.fresh_id


def subject_form(tree, number, id_text):
    return {
        "unit": tree["county"].pk,
        "number": number,
        "name": "某",
        "id_number": id_text,
        "category": "probation",
        "judgment_effective_date": "2024-05-06",
        "start_date": "2024-05-06",
        "end_date": "2025-05-05",
        "office": tree["office"].pk,
        "status": "supervised",
    }


def refusals(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


def test_without_a_reason_the_own_countys_refusal_names_nothing_and_counts(tree, make_user):
    held(tree, 7)
    officer = make_user("gz_corr", tree["county"], Role.CORRECTIONS)
    client = Client()
    client.force_login(officer)
    answers = [
        refusals(client.post("/corrections/new/", subject_form(tree, f"试{n}", id_number(n))))
        for n in (7, 7, 7, 7, 7, 7)
    ]
    assert not any("古矫2024007" in answer for answer in answers)
    assert "已通知" in answers[0]
    refused = AuditEntry.objects.filter(actor=officer, action=AuditAction.REFUSED_REGISTRATION)
    assert refused.count() == 6
    assert id_number(7) not in " ".join(refused.values_list("note", flat=True))
    # The sixth answer is the limit's, the same for a number nobody holds.
    fresh = refusals(client.post("/corrections/new/", subject_form(tree, "新", fresh_id(3))))
    assert fresh == answers[-1] != answers[0]


def test_with_a_reason_the_own_countys_refusal_still_names_the_record(tree, make_user):
    held(tree, 7)
    officer = make_user("gz_corr", tree["county"], Role.CORRECTIONS)
    client = Client()
    login_with_reason(client, officer, "corrections_subject")
    answer = refusals(client.post("/corrections/new/", subject_form(tree, "试", id_number(7))))
    assert "古矫2024007" in answer


def test_an_import_without_a_reason_names_no_record(tree, make_user):
    held(tree, 57)
    officer = make_user("gz_corr", tree["county"], Role.CORRECTIONS)
    headers = [column.header for column in SUBJECT_REGISTER.columns]
    rows = [
        {
            **SUBJECT_REGISTER.sample,
            "矫正编号": f"试{n}",
            "身份证号": id_number(n),
            "所属单位代码": "433126",
            "执行地司法所": "433126-S01",
        }
        for n in range(55, 60)
    ]
    table = read_table(io.BytesIO(xlsx_bytes(rows, headers)), "x.xlsx")
    with pytest.raises(ImportRejected) as rejected:
        import_rows(officer, SUBJECT_REGISTER, table, filename="x.xlsx")
    duplicates.flush()  # as the upload page does once the import's transaction has ended
    messages = " ".join(error.message for error in rejected.value.errors)
    assert "古矫2024057" not in messages and "已通知" in messages
    assert AuditEntry.objects.filter(
        actor=officer, action=AuditAction.REFUSED_REGISTRATION
    ).exists()
    assert CorrectionsSubject.objects.count() == 1


def test_the_resettlement_link_asks_only_the_records_the_officer_may_see(tree, make_user):
    resettlement_actions.register_subject(
        None,
        unit=tree["office"],
        number="古帮1",
        name="甲某",
        id_number=id_number(9),
        kind="prison_release",
        release_date=D(2024, 1, 5),
    )
    prober = make_user("lx", tree["sibling"], Role.CORRECTIONS, Role.RESETTLEMENT)
    client = Client()
    client.force_login(prober)
    offered = {}
    for label, number in (("held in 古丈", id_number(9)), ("nobody's", fresh_id(4))):
        released = actions.register_subject(
            prober,
            unit=tree["sibling"],
            office=tree["sibling_office"],
            number=f"泸{label}",
            name="某",
            id_number=number,
            category="probation",
            judgment_effective_date=D(2023, 1, 1),
            reported_date=D(2023, 1, 3),
            start_date=D(2023, 1, 1),
            end_date=D(2024, 1, 1),
            status="released",
            ended_date=D(2024, 1, 1),
        )
        page = client.get(f"/corrections/{released.pk}/").content.decode()
        offered[label] = "from_corrections" in page
    assert offered == {"held in 古丈": True, "nobody's": True}
