"""Issue 23: the outcomes of 行政复议法 (2023) 第六十三至七十四条 and 第四十一条 one by one,
受理前化解, the records the old outcomes cannot be split for (kept, flagged, resolved by an
officer), and who applied against whom (被申请人类型 from the respondent's unit, 申请人类型,
行政管理领域) — by the pure rules, through the pages and the import, and by the migration."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.core import actions as core_actions
from fazhi.core.errors import StepRefused
from fazhi.core.models import AuditAction, AuditEntry, UnitKind
from fazhi.core.roles import Role
from fazhi.reconsideration import actions, rules
from fazhi.reconsideration.models import (
    ApplicantKind,
    Outcome,
    PreAcceptanceMethod,
    ReconsiderationCase,
    RespondentKind,
    ReviewResult,
    Status,
)
from fazhi.reconsideration.tests.facts import accepted, case

# --- the outcomes, one by one -------------------------------------------------------------


def test_every_article_has_its_outcome_and_the_groups_partition_them():
    assert {Outcome.REVOKED, Outcome.REVOKED_REDO} <= set(Outcome.values)  # 第六十四条 apart
    grounds = {o for o, basis in rules.OUTCOME_BASIS.items() if "第四十一条第" in basis}
    assert len(grounds) == 6  # 第一项 (撤回, and 和解 by 第七十四条) to 第五项
    assert set(rules.OUTCOME_BASIS) == set(Outcome.values)
    # 审结 = 作出决定 + 调解 + 终止; the door's three are not 审结
    merits = rules.DECISIONS | {Outcome.MEDIATED} | set(rules.TERMINATIONS)
    assert merits == rules.MERITS_OUTCOMES
    assert rules.MERITS_OUTCOMES.isdisjoint(rules.DOOR_OUTCOMES)
    assert set(rules.CORRECTIONS) <= rules.DECISIONS
    assert Outcome.OTHER_TERMINATED not in rules.CLOSING_OUTCOMES


def test_other_terminated_is_refused_for_a_new_entry_and_kept_for_a_flagged_record():
    facts = accepted(closed_date=date(2024, 4, 1), outcome=Outcome.OTHER_TERMINATED)
    (problem,) = rules.check(facts)
    assert problem.header == "办结方式" and "已停用" in problem.message
    assert "申请人死亡终止" in problem.message
    facts.outcome_unresolved = True
    assert rules.check(facts) == []
    with pytest.raises(StepRefused, match="请选择办结方式"):
        rules.apply_step(accepted(), "close", date(2024, 4, 1), outcome=Outcome.OTHER_TERMINATED)


@pytest.mark.parametrize(
    "outcome, facts, refused",
    [
        (Outcome.TERMINATED_DEATH, {"applicant_kind": ApplicantKind.LEGAL_PERSON}, "自然人"),
        (Outcome.TERMINATED_DEATH, {"applicant_kind": ApplicantKind.NATURAL_PERSON}, None),
        (
            Outcome.TERMINATED_DISSOLVED,
            {"applicant_kind": ApplicantKind.NATURAL_PERSON},
            "法人或者其他组织",
        ),
        (Outcome.TERMINATED_DETAINED, {"act_type": "information"}, "行政拘留"),
        (Outcome.TERMINATED_DETAINED, {"act_type": "coercion"}, None),
        (Outcome.AGREEMENT_LIABILITY, {"act_type": "penalty"}, "行政协议"),
        (Outcome.AGREEMENT_COMPENSATION, {"act_type": "agreement"}, None),
        (Outcome.REVOKED_REDO, {}, None),
    ],
)
def test_each_ground_only_where_its_article_applies(outcome, facts, refused):
    problems = rules.check(accepted(closed_date=date(2024, 4, 1), outcome=outcome, **facts))
    if refused is None:
        assert problems == []
    else:
        (problem,) = problems
        assert problem.header == "办结方式" and refused in problem.message


def test_termination_after_sixty_days_suspended_needs_the_suspension():
    facts = accepted()
    with pytest.raises(StepRefused, match="第一项、第二项、第四项"):
        rules.apply_step(facts, "close", date(2024, 4, 1), outcome=Outcome.TERMINATED_SUSPENSION)
    rules.apply_step(facts, "suspend", date(2024, 3, 11), suspension_ground="4")
    with pytest.raises(StepRefused, match="2024-05-10 才满六十日"):
        rules.apply_step(facts, "close", date(2024, 5, 9), outcome=Outcome.TERMINATED_SUSPENSION)
    rules.apply_step(facts, "close", date(2024, 5, 10), outcome=Outcome.TERMINATED_SUSPENSION)
    assert (facts.outcome, rules.status(facts)) == (Outcome.TERMINATED_SUSPENSION, Status.CLOSED)
    assert rules.check(facts) == []


# --- 受理前化解 ----------------------------------------------------------------------------


def test_resolved_before_acceptance_closes_the_case_and_its_review_stops():
    facts = case()  # received 2024-03-04 (Mon): review until 2024-03-11
    assert [d.label for d in rules.running(facts) if d] == [rules.REVIEW]
    with pytest.raises(StepRefused, match="化解的方式"):
        rules.apply_step(facts, "resolve_before_acceptance", date(2024, 3, 6))
    rules.apply_step(
        facts, "resolve_before_acceptance", date(2024, 3, 6), pre_acceptance_method="withdrawn"
    )
    assert (facts.outcome, facts.closed_date, facts.pre_acceptance_method) == (
        Outcome.PRE_ACCEPTANCE_RESOLVED,
        date(2024, 3, 6),
        PreAcceptanceMethod.WITHDRAWN,
    )
    assert rules.status(facts) == Status.CLOSED and rules.running(facts) == []
    assert facts.review_result == ReviewResult.PENDING and rules.check(facts) == []
    assert rules.timeline(facts)[-1] == (date(2024, 3, 6), "受理前化解（撤回申请）")
    assert Outcome.PRE_ACCEPTANCE_RESOLVED not in rules.MERITS_OUTCOMES  # not 审结


def test_resolved_before_acceptance_is_refused_once_accepted_in_law_or_in_fact():
    facts = case()
    with pytest.raises(StepRefused, match="视为受理"):
        rules.apply_step(
            facts, "resolve_before_acceptance", date(2024, 3, 12), pre_acceptance_method="other"
        )
    with pytest.raises(StepRefused, match="尚未受理"):
        rules.apply_step(
            accepted(),
            "resolve_before_acceptance",
            date(2024, 3, 12),
            pre_acceptance_method="other",
        )


def test_resolved_while_a_correction_is_awaited():
    facts = case()
    rules.apply_step(facts, "notify_correction", date(2024, 3, 5))
    rules.apply_step(
        facts, "correction_delivered", date(2024, 3, 6), delivery_method="post", recipient="张某"
    )
    # The review waits for the correction (第三十一条第三款): weeks later is still before it.
    rules.apply_step(
        facts,
        "resolve_before_acceptance",
        date(2024, 3, 15),
        pre_acceptance_method="self_corrected",
    )
    assert rules.status(facts) == Status.CLOSED and rules.check(facts) == []


@pytest.mark.parametrize(
    "facts, header, refused",
    [
        # an imported row: accepted cases are not resolved "before acceptance"
        (
            {"review_result": ReviewResult.ACCEPTED, "accepted_date": date(2024, 3, 6)},
            "办结方式",
            "尚未受理",
        ),
        ({"pre_acceptance_method": ""}, "受理前化解方式", "须填写"),
        ({"closed_date": date(2024, 3, 20)}, "办结日期", "视为受理"),
    ],
)
def test_an_imported_pre_acceptance_row_is_checked_as_the_step(facts, header, refused):
    row = {
        "outcome": Outcome.PRE_ACCEPTANCE_RESOLVED,
        "closed_date": date(2024, 3, 8),
        "pre_acceptance_method": PreAcceptanceMethod.MEDIATED,
        **facts,
    }
    problems = rules.check(case(**row))
    assert (header, True) in {(p.header, refused in p.message) for p in problems}


def test_a_method_only_with_that_outcome():
    facts = accepted(
        closed_date=date(2024, 4, 1), outcome=Outcome.UPHELD, pre_acceptance_method="other"
    )
    (problem,) = rules.check(facts)
    assert problem.header == "受理前化解方式"


# --- records of the old scheme ------------------------------------------------------------


def test_a_legacy_outcome_is_stated_precisely_and_nothing_else():
    facts = accepted(closed_date=date(2024, 4, 1), outcome=Outcome.REVOKED)
    assert "resolve_outcome" not in [s.key for s in rules.allowed_steps(facts)]
    facts.outcome_unresolved = True
    assert [s.key for s in rules.allowed_steps(facts)] == ["resolve_outcome", "sued"]
    with pytest.raises(StepRefused, match="撤销、撤销并责令重新作出"):
        rules.apply_step(facts, "resolve_outcome", date(2024, 5, 1), outcome=Outcome.VARIED)
    rules.apply_step(facts, "resolve_outcome", date(2024, 5, 1), outcome=Outcome.REVOKED_REDO)
    assert (facts.outcome, facts.outcome_unresolved, facts.closed_date) == (
        Outcome.REVOKED_REDO,
        False,
        date(2024, 4, 1),
    )


def test_derive_keeps_the_flag_only_on_a_legacy_value():
    facts = accepted(
        closed_date=date(2024, 4, 1), outcome=Outcome.PARTLY_REVOKED, outcome_unresolved=True
    )
    rules.derive(facts)
    assert facts.outcome_unresolved
    facts.outcome = Outcome.PARTLY_REVOKED_REDO  # e.g. a re-imported row stating it
    rules.derive(facts)
    assert not facts.outcome_unresolved


# --- 被申请人类型 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit_kind, entered, kind",
    [
        (UnitKind.ENFORCEMENT_DEPARTMENT, "", RespondentKind.COUNTY_DEPARTMENT),
        (UnitKind.ENFORCEMENT_DEPARTMENT, RespondentKind.OTHER, RespondentKind.COUNTY_DEPARTMENT),
        (UnitKind.TOWNSHIP_GOVERNMENT, "", RespondentKind.TOWNSHIP),
        (UnitKind.COUNTY, RespondentKind.COUNTY_GOVERNMENT, RespondentKind.COUNTY_GOVERNMENT),
        (None, RespondentKind.OTHER, RespondentKind.OTHER),
        (None, "", ""),
    ],
)
def test_the_respondents_kind_follows_its_unit(unit_kind, entered, kind):
    assert rules.respondent_kind(unit_kind, entered) == kind


# --- through the pages, the import and the audit log ----------------------------------------


@pytest.fixture
def officer(tree, make_user):
    return make_user("fuyi", tree["county"], Role.RECONSIDERATION, full_name="向红梅")


@pytest.fixture
def department(tree):
    return core_actions.save_unit(
        None,
        code="433126-E01",
        name="古丈县公安局",
        kind=UnitKind.ENFORCEMENT_DEPARTMENT,
        parent=tree["county"],
    )


def register(officer, unit, number="古政复〔2024〕9号", **facts):
    return actions.register_case(
        officer,
        unit=unit,
        number=number,
        applicant="张某",
        respondent="古丈县公安局",
        received_date=date(2024, 3, 4),
        **facts,
    )


def test_the_form_takes_the_respondents_unit_and_its_kind_follows(
    client, tree, officer, department
):
    client.force_login(officer)
    response = client.post(
        "/reconsideration/new/",
        {
            "unit": tree["county"].pk,
            "number": "古政复〔2024〕7号",
            "applicant": "李某",
            "applicant_kind": "natural_person",
            "respondent": "古丈县公安局",
            "respondent_unit_code": "433126-E01",
            "respondent_kind": "other",
            "act_type": "penalty",
            "admin_field": "public_security",
            "received_date": "2024-02-05",
        },
    )
    assert response.status_code == 302
    case = ReconsiderationCase.objects.get(number="古政复〔2024〕7号")
    assert (case.respondent_unit, case.respondent_kind) == (
        department,
        RespondentKind.COUNTY_DEPARTMENT,
    )
    page = client.get(f"/reconsideration/{case.pk}/").content.decode()
    assert "本系统单位：古丈县公安局" in page and "县政府部门" in page and "公安" in page


def test_an_unknown_or_foreign_respondent_code_is_refused_in_chinese(
    client, tree, officer, department
):
    client.force_login(officer)
    data = {
        "unit": tree["county"].pk,
        "number": "古政复〔2024〕8号",
        "applicant": "李某",
        "respondent": "某局",
        "received_date": "2024-02-05",
    }
    page = client.post("/reconsideration/new/", {**data, "respondent_unit_code": "X99"})
    assert "找不到单位代码「X99」" in page.content.decode()
    page = client.post("/reconsideration/new/", {**data, "respondent_unit_code": "433122-S01"})
    assert "不在本案所属单位「古丈县司法局」的辖区内" in page.content.decode()
    assert not ReconsiderationCase.objects.filter(number="古政复〔2024〕8号").exists()


def test_resolving_before_acceptance_on_the_page_is_one_audited_step(client, tree, officer):
    client.force_login(officer)
    case = register(officer, tree["county"])
    url = f"/reconsideration/{case.pk}/step/"
    step = {"step": "resolve_before_acceptance", "day": "2024-03-06"}
    client.post(url, {**step, "pre_acceptance_method": "mediated"})
    case.refresh_from_db()
    assert (case.status, case.outcome, case.pre_acceptance_method, case.due_date) == (
        Status.CLOSED,
        Outcome.PRE_ACCEPTANCE_RESOLVED,
        PreAcceptanceMethod.MEDIATED,
        None,
    )
    entry = AuditEntry.objects.filter(register="reconsideration").latest("id")
    assert (entry.action, entry.note) == (AuditAction.UPDATE, "办理：受理前化解")
    page = client.get(f"/reconsideration/{case.pk}/").content.decode()
    assert "受理前化解" in page and "化解方式：调解" in page


def test_a_flagged_record_is_listed_and_an_officer_states_its_outcome(client, tree, officer):
    client.force_login(officer)
    flagged = register(officer, tree["county"], "古政复〔2023〕1号")
    actions.record_step(officer, flagged, "accept", date(2024, 3, 6))
    actions.record_step(officer, flagged, "close", date(2024, 4, 1), outcome=Outcome.REVOKED)
    # the state the migration leaves an old 撤销 in
    ReconsiderationCase.objects.filter(pk=flagged.pk).update(outcome_unresolved=True)
    plain = register(officer, tree["county"], "古政复〔2023〕2号")
    listed = client.get("/reconsideration/?unresolved=on").content.decode()
    assert "古政复〔2023〕1号" in listed and "古政复〔2023〕2号" not in listed
    assert "古政复〔2023〕2号" in client.get("/reconsideration/").content.decode()
    page = client.get(f"/reconsideration/{flagged.pk}/").content.decode()
    assert "办结方式待明确" in page and "撤销、撤销并责令重新作出" in page
    step = {"step": "resolve_outcome", "day": "2024-05-01", "outcome": "revoked_redo"}
    client.post(f"/reconsideration/{flagged.pk}/step/", step)
    flagged.refresh_from_db()
    assert (flagged.outcome, flagged.outcome_unresolved) == (Outcome.REVOKED_REDO, False)
    entry = AuditEntry.objects.filter(register="reconsideration").latest("id")
    assert entry.note == "办理：明确办结方式" and entry.object_id == str(flagged.pk)
    assert "古政复〔2023〕1号" not in client.get("/reconsideration/?unresolved=on").content.decode()
    assert plain.outcome_unresolved is False


def test_an_imported_row_with_a_respondent_code(tree, department, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    from fazhi.imports.tests.files import import_workbook, write_xlsx
    from fazhi.reconsideration.columns import REGISTER

    good = {
        **REGISTER.sample,
        "案件编号": "古政复〔2024〕21号",
        "被申请人单位代码": "433126-E01",
        "被申请人类型": "其他",
    }
    bad = {**REGISTER.sample, "案件编号": "古政复〔2024〕22号", "被申请人单位代码": "NOPE"}
    path = tmp_path / "错.xlsx"
    write_xlsx(path, [good, bad], REGISTER.headers)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("import_register", REGISTER.name, str(path), stderr=errors)
    assert "被申请人单位代码" in errors.getvalue()
    assert "找不到单位代码「NOPE」" in errors.getvalue()
    assert not ReconsiderationCase.objects.exists()  # all or nothing
    assert "新增 1 条" in import_workbook(tmp_path / "对.xlsx", REGISTER, [good])
    case = ReconsiderationCase.objects.get(number="古政复〔2024〕21号")
    assert (case.respondent_unit, case.respondent_kind) == (
        department,
        RespondentKind.COUNTY_DEPARTMENT,
    )


# --- the migration -----------------------------------------------------------------------

BEFORE = [("reconsideration", "0005_outcomes_and_parties")]
AFTER = [("reconsideration", "0006_flag_unresolved_outcomes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_flags(transactional_db, settings):
    settings.FAZHI_AUDIT_TAIL_FILE = ""
    old_apps = migrate(BEFORE)
    yield old_apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_keeps_every_value_and_flags_those_it_cannot_split(before_the_flags, tree):
    Case = before_the_flags.get_model("reconsideration", "ReconsiderationCase")
    stored = {
        "revoked": date(2024, 4, 1),
        "partly_revoked": date(2024, 4, 1),
        "other_terminated": date(2024, 4, 1),
        "withdrawn": date(2024, 4, 1),
        "settled": date(2024, 4, 1),
        "upheld": date(2024, 4, 1),
    }
    for n, (outcome, closed) in enumerate(stored.items()):
        Case.objects.create(
            unit_id=tree["county"].pk,
            number=f"旧{n}",
            applicant="张某",
            respondent="某局",
            received_date=date(2024, 3, 4),
            review_result="accepted",
            accepted_date=date(2024, 3, 6),
            outcome=outcome,
            closed_date=closed,
        )
    migrate(AFTER)
    found = dict(ReconsiderationCase.objects.values_list("outcome", "outcome_unresolved"))
    assert found == {
        "revoked": True,
        "partly_revoked": True,
        "other_terminated": True,
        "withdrawn": False,  # 撤回终止 is 第四十一条第一项 as it was
        "settled": False,
        "upheld": False,
    }
    migrate(BEFORE)
    assert not ReconsiderationCase.objects.filter(outcome_unresolved=True).exists()
    assert ReconsiderationCase.objects.count() == len(stored)
