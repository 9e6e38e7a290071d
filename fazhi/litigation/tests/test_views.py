"""The litigation pages: register a suit, take its steps, find it in the list, follow its link
to the reconsideration case and back — and only within the user's reach."""

from datetime import date

from django.utils import timezone

from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.imports.importer import import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.litigation import actions
from fazhi.litigation.columns import REGISTER
from fazhi.litigation.models import Judgment, LitigationCase, Status
from fazhi.litigation.tests.facts import new_suit
from fazhi.reconsideration import actions as reconsideration_actions

ROLE = Role.RECONSIDERATION


def new_reconsideration(actor, unit, number):
    return reconsideration_actions.register_case(
        actor,
        unit=unit,
        number=number,
        applicant="王某",
        respondent="古丈县自然资源局",
        received_date=date(2024, 1, 8),
    )


def test_officer_registers_a_suit_and_sees_its_answer_deadline(client, tree, officer):
    client.force_login(officer)
    response = client.post(
        "/litigation/new/",
        {
            "unit": tree["county"].pk,
            "number": "（2024）湘3101行初7号",
            "plaintiff": "李某",
            "defendant": "古丈县公安局",
            "act_type": "penalty",
            "instance": "first",
            "court": "吉首市人民法院",
            "notice_received_date": "2024-09-20",
        },
    )
    case = LitigationCase.objects.get(number="（2024）湘3101行初7号")
    assert response.status_code == 302 and response["Location"] == f"/litigation/{case.pk}/"
    # 09-20 + 15 = 10-05, in the National Day holiday → 10-08.
    assert (case.answer_deadline, case.officer, case.status, case.reconsideration) == (
        date(2024, 10, 8),
        officer,
        Status.AWAITING_DEFENCE,
        None,
    )
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "2024-10-08" in page and "行政诉讼法第六十七条" in page
    assert "没有关联的行政复议案件" in page
    entry = AuditEntry.objects.filter(register="litigation").latest("id")
    assert (entry.action, entry.actor, entry.object_id, entry.note) == (
        AuditAction.CREATE,
        officer,
        str(case.pk),
        "登记行政应诉案件",
    )


def test_registering_refuses_a_reconsideration_number_it_cannot_find(client, tree, officer):
    """The link is resolved with the form's other checks (a malformed date here) and named in
    its refusal; the rest of bad input is the register contract's (test_register_contract)."""
    client.force_login(officer)
    form = {
        "unit": tree["county"].pk,
        "number": "（2024）湘3101行初1号",
        "plaintiff": "李某",
        "defendant": "古丈县公安局",
        "instance": "first",
        "notice_received_date": "2024/09/20",
        "reconsideration_number": "古政复〔2024〕99号",
    }
    errors = client.post("/litigation/new/", form).context["form"].errors
    assert set(errors) == {"notice_received_date", "reconsideration_number"}
    unknown = "找不到编号为「古政复〔2024〕99号」的行政复议案件。"
    assert errors["reconsideration_number"] == [unknown]
    form["notice_received_date"] = "2024-09-20"
    response = client.post("/litigation/new/", form)
    assert set(response.context["form"].errors) == {"reconsideration_number"}
    assert not LitigationCase.objects.exists()


def test_steps_follow_the_procedure_and_a_refused_step_changes_nothing(client, tree, officer):
    client.force_login(officer)
    case = new_suit(officer, tree["county"], "（2024）湘3101行初2号")
    url = f"/litigation/{case.pk}/step/"
    before = LitigationCase.objects.filter(pk=case.pk).values().get()
    response = client.post(
        url, {"step": "hearing", "day": "2024-05-08", "head_appeared": "on", "head_name": "李某"}
    )
    assert response.status_code == 302
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "不能“开庭”：请先登记提交答辩，再登记开庭" in page
    assert LitigationCase.objects.filter(pk=case.pk).values().get() == before

    client.post(url, {"step": "defence", "day": "2024-03-15"})
    case.refresh_from_db()
    assert (case.status, case.defence_date, case.due_date) == (
        Status.PENDING,
        date(2024, 3, 15),
        None,
    )
    client.post(
        url,
        {
            "step": "hearing",
            "day": "2024-05-08",
            "head_appeared": "on",
            "head_name": "李某",
            "head_title": "副局长",
        },
    )
    client.post(url, {"step": "conclude", "day": "2024-06-20", "judgment": "revoked"})
    case.refresh_from_db()
    assert (case.hearing_held, case.head_appeared, case.head_name, case.head_title) == (
        True,
        True,
        "李某",
        "副局长",
    )
    assert (case.status, case.judgment, case.concluded_date) == (
        Status.CONCLUDED,
        Judgment.REVOKED,
        date(2024, 6, 20),
    )
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "开庭（副局长李某出庭应诉）" in page and "办理下一步" not in page
    notes = list(
        AuditEntry.objects.filter(register="litigation", object_id=str(case.pk))
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["登记行政应诉案件", "办理：提交答辩", "办理：开庭", "办理：审结"]


def test_list_filters_sorts_and_flags_overdue(client, tree, officer):
    today = timezone.localdate()
    old = new_suit(officer, tree["county"], "A-旧案", received=date(2024, 1, 8))
    recent = new_suit(officer, tree["office"], "B-新案", received=today, instance="second")
    concluded = new_suit(officer, tree["county"], "C-审结", received=date(2024, 1, 9))
    actions.record_step(officer, concluded, "conclude", date(2024, 1, 10), judgment="withdrawn")
    answered = new_suit(officer, tree["county"], "D-已答辩", received=date(2024, 1, 10))
    actions.record_step(officer, answered, "defence", date(2024, 1, 20))
    client.force_login(officer)

    def numbers(**params):
        return [c.number for c in client.get("/litigation/", params).context["page"]]

    assert numbers() == ["B-新案", "D-已答辩", "C-审结", "A-旧案"]
    assert numbers(sort="due") == ["A-旧案", "B-新案", "C-审结", "D-已答辩"]
    assert numbers(overdue="on") == ["A-旧案"]
    assert numbers(status="concluded") == ["C-审结"]
    assert numbers(status="pending") == ["D-已答辩"]
    assert numbers(instance="second") == ["B-新案"]
    assert numbers(unit="433126-S01") == ["B-新案"]
    assert numbers(year=2024, sort="received_asc") == ["A-旧案", "C-审结", "D-已答辩"]
    assert numbers(q="新案") == ["B-新案"]
    assert numbers(q="自然资源局", status="awaiting_defence") == ["B-新案", "A-旧案"]
    page = client.get("/litigation/", {"overdue": "on"}).content.decode()
    assert "超期" in page and '答辩期限 <span class="nowrap">2024-01-23</span>' in page
    assert old.due_date == date(2024, 1, 23)
    assert recent.status == Status.AWAITING_DEFENCE


def test_detail_query_count(client, tree, officer, django_assert_max_num_queries):
    recon = new_reconsideration(officer, tree["county"], "古政复〔2024〕1号")
    case = new_suit(officer, tree["county"], "（2024）湘3101行初9号")
    actions.update_case(officer, case, reconsideration_number=recon.number)
    client.force_login(officer)
    # The sixth: the import that created the record, if one did (core/audit/files.py); the
    # seventh: its attachments (core/attachments.py).
    with django_assert_max_num_queries(7):
        page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert f"/reconsideration/{recon.pk}/" in page


def test_the_link_is_shown_both_ways(client, tree, officer):
    recon = new_reconsideration(officer, tree["county"], "古政复〔2024〕1号")
    client.force_login(officer)
    create = client.get("/litigation/new/").content.decode()
    assert (
        '<option value="古政复〔2024〕1号">申请人王某，被申请人古丈县自然资源局</option>' in create
    )
    client.post(
        "/litigation/new/",
        {
            "unit": tree["county"].pk,
            "number": "（2024）湘3101行初11号",
            "plaintiff": "王某",
            "defendant": "古丈县自然资源局",
            "instance": "first",
            "court": "吉首市人民法院",
            "notice_received_date": "2024-03-04",
            "reconsideration_number": " 古政复〔2024〕1号 ",
        },
    )
    suit = LitigationCase.objects.get(number="（2024）湘3101行初11号")
    assert (suit.reconsideration, suit.reconsideration_number) == (recon, "古政复〔2024〕1号")
    page = client.get(f"/litigation/{suit.pk}/").content.decode()
    assert f'<a href="/reconsideration/{recon.pk}/">古政复〔2024〕1号</a>' in page
    page = client.get(f"/reconsideration/{recon.pk}/").content.decode()
    assert (
        f'<a href="/litigation/{suit.pk}/">（2024）湘3101行初11号</a> 吉首市人民法院 未审结' in page
    )


def test_a_link_to_a_case_beyond_the_readers_reach_shows_only_its_number(
    client, tree, make_user, officer
):
    recon = new_reconsideration(officer, tree["county"], "古政复〔2024〕2号")
    suit = new_suit(
        officer, tree["office"], "（2024）湘3101行初12号", reconsideration_number=recon.number
    )
    assert suit.reconsideration == recon
    office_user = make_user("guyang", tree["office"], ROLE)
    client.force_login(office_user)
    page = client.get(f"/litigation/{suit.pk}/").content.decode()
    assert "古政复〔2024〕2号（不在您的查看范围内）" in page
    assert f"/reconsideration/{recon.pk}/" not in page
    # Correcting another particular keeps the link he could not have made himself.
    response = client.post(
        f"/litigation/{suit.pk}/edit/",
        {
            "number": suit.number,
            "plaintiff": "王某某",
            "defendant": suit.defendant,
            "instance": "first",
            "reconsideration_number": recon.number,
        },
    )
    assert response.status_code == 302
    suit.refresh_from_db()
    assert (suit.plaintiff, suit.reconsideration) == ("王某某", recon)
    # …but he cannot point it at a case he cannot see.
    response = client.post(
        f"/litigation/{suit.pk}/edit/",
        {
            "number": suit.number,
            "plaintiff": "王某某",
            "defendant": suit.defendant,
            "instance": "first",
            "reconsideration_number": "古政复〔2024〕1号",
        },
    )
    assert "找不到编号为「古政复〔2024〕1号」的行政复议案件" in response.content.decode()
    suit.refresh_from_db()
    assert suit.reconsideration == recon


def test_editing_the_number_relinks_or_unlinks(tree, officer):
    first = new_reconsideration(officer, tree["county"], "古政复〔2024〕3号")
    second = new_reconsideration(officer, tree["county"], "古政复〔2024〕4号")
    suit = new_suit(officer, tree["county"], "（2024）湘3101行初13号")
    actions.update_case(officer, suit, reconsideration_number=first.number)
    assert suit.reconsideration == first
    actions.update_case(officer, suit, reconsideration_number=second.number)
    suit.refresh_from_db()
    assert suit.reconsideration == second
    assert list(second.litigation_cases.all()) == [suit] and not first.litigation_cases.exists()
    actions.update_case(officer, suit, reconsideration_number="")
    suit.refresh_from_db()
    assert (suit.reconsideration, suit.reconsideration_number) == (None, "")


def test_a_reimported_row_keeps_a_link_beyond_the_importers_reach(
    tree, make_user, officer, tmp_path
):
    """The import writes through the same path as the edit page (core/writes.py), so a
    re-imported row keeps the link its importer could not have made, as the page does."""
    recon = new_reconsideration(officer, tree["county"], "古政复〔2024〕5号")
    suit = new_suit(
        officer, tree["office"], "（2024）湘3101行初14号", reconsideration_number=recon.number
    )
    row = {c.header: c.format(getattr(suit, c.field)) for c in REGISTER.columns}
    row[next(c.header for c in REGISTER.columns if c.field == "plaintiff")] = "王某某"
    path = write_xlsx(tmp_path / "应诉.xlsx", [row], headers=REGISTER.headers)
    office_user = make_user("guyang2", tree["office"], ROLE)
    result = import_rows(office_user, REGISTER, read_table(path, path.name), filename=path.name)
    assert (result.created, result.updated) == (0, 1)
    suit.refresh_from_db()
    assert (suit.plaintiff, suit.reconsideration) == ("王某某", recon)


def test_a_step_keeps_the_link_after_the_linked_case_is_renumbered(tree, officer):
    """A step changes no link: it is not refused, nor relinked to another case that now
    carries the old number, because the 复议 case was renumbered since (Register.links_from)."""
    recon = new_reconsideration(officer, tree["county"], "古政复〔2024〕6号")
    suit = new_suit(
        officer, tree["county"], "（2024）湘3101行初15号", reconsideration_number=recon.number
    )
    reconsideration_actions.update_case(officer, recon, number="古政复〔2024〕06号")
    other = new_reconsideration(officer, tree["county"], "古政复〔2024〕6号")
    actions.record_step(officer, suit, "defence", date(2024, 3, 10))
    suit.refresh_from_db()
    assert suit.reconsideration == recon and suit.reconsideration != other
    assert suit.defence_date == date(2024, 3, 10)
