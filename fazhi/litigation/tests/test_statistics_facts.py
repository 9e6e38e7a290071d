"""The facts the statistics ask (issue 23) through every way in: the register form, the steps,
the Excel import, the edit page — and a 其他 kept without a 结案方式 listed, counted and resolved
through the register's audited write."""

import functools
from datetime import date

import pytest

from fazhi.core.errors import RecordInvalid
from fazhi.core.models import AuditAction, AuditEntry
from fazhi.core.roles import Role
from fazhi.core.tabular import read_table
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.litigation import actions
from fazhi.litigation.columns import REGISTER
from fazhi.litigation.models import ClosingMethod, Judgment, LitigationCase
from fazhi.litigation.tests import facts

ROLE = Role.RECONSIDERATION
L = "litigation."


# The county and a department sued together: the suits these tests register.
new_suit = functools.partial(facts.new_suit, defendant="古丈县人民政府、古丈县自然资源局")


def as_left_by_migration(case):
    """A 其他 concluded before 结案方式 was kept, as migration 0006 leaves it: no write path
    makes this state any more."""
    LitigationCase.objects.filter(pk=case.pk).update(closing_method="")
    case.refresh_from_db()
    return case


def test_the_register_form_takes_joint_defence_and_normative_review(client, tree, officer):
    client.force_login(officer)
    page = client.get("/litigation/new/").content.decode()
    assert "是否共同应诉" in page and "行政诉讼法第二十六条第二款" in page
    response = client.post(
        "/litigation/new/",
        {
            "unit": tree["county"].pk,
            "number": "（2024）湘3101行初8号",
            "plaintiff": "李某",
            "defendant": "古丈县人民政府、古丈县公安局",
            "instance": "second",
            "notice_received_date": "2024-09-20",
            "joint_defence": "on",
            "normative_review": "on",
        },
    )
    assert response.status_code == 302
    case = LitigationCase.objects.get(number="（2024）湘3101行初8号")
    assert (case.instance, case.joint_defence, case.normative_review) == ("second", True, True)
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "<dt>共同应诉</dt><dd>是</dd>" in page
    assert "<dt>附带审查规范性文件</dt><dd>是</dd>" in page


def test_the_steps_record_the_head_speaking_and_the_closing_method_of_other(client, tree, officer):
    client.force_login(officer)
    case = new_suit(officer, tree["county"], "（2024）湘3101行初3号")
    url = f"/litigation/{case.pk}/step/"
    client.post(url, {"step": "defence", "day": "2024-03-15"})
    # Spoke without appearing: refused, nothing stored.
    client.post(url, {"step": "hearing", "day": "2024-05-08", "head_spoke": "on"})
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "负责人未出庭的，不能登记负责人出声" in page
    case.refresh_from_db()
    assert not case.hearing_held
    client.post(
        url,
        {
            "step": "hearing",
            "day": "2024-05-08",
            "head_appeared": "on",
            "head_name": "李某",
            "head_title": "副局长",
            "head_spoke": "on",
        },
    )
    case.refresh_from_db()
    assert (case.head_appeared, case.head_spoke) == (True, True)
    # 其他 without a 结案方式: refused, and said why.
    client.post(url, {"step": "conclude", "day": "2024-06-20", "judgment": "other"})
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "裁判结果为“其他”的，须填写结案方式（判决、裁定、撤诉或调解）" in page
    client.post(
        url,
        {"step": "conclude", "day": "2024-06-20", "judgment": "other", "closing_method": "ruling"},
    )
    case.refresh_from_db()
    assert (case.judgment, case.closing_method) == (Judgment.OTHER, ClosingMethod.RULING)
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "开庭（副局长李某出庭应诉并出声）" in page and "审结（其他，裁定结案）" in page
    assert "<dt>结案方式</dt><dd>裁定</dd>" in page


def test_an_import_derives_the_closing_method_and_asks_it_for_other(tree, tmp_path):
    base = {
        "案号": "（2024）湘3101行初1号",
        "原告": "王某",
        "被告": "古丈县人民政府、古丈县自然资源局",
        "审级": "二审",
        "收到应诉通知日期": "2024-03-11",
        "是否开庭": "是",
        "开庭日期": "2024-05-14",
        "负责人是否出庭": "是",
        "出庭负责人": "李某",
        "出庭负责人职务": "副局长",
        "负责人是否出声": "是",
        "审结日期": "2024-06-20",
        "裁判结果": "原告撤诉",
        "是否共同应诉": "是",
        "是否附带审查规范性文件": "是",
        "所属单位代码": "433126",
    }
    others = [
        # A 结案方式 that contradicts the result gives way to it.
        base | {"案号": "（2024）湘3101行初2号", "裁判结果": "撤销", "结案方式": "调解"},
        base | {"案号": "（2024）湘3101行初3号", "裁判结果": "其他", "结案方式": "裁定"},
    ]
    path = write_xlsx(tmp_path / "应诉.xlsx", [base, *others], headers=REGISTER.headers)
    import_rows(None, REGISTER, read_table(path, path.name))
    stored = {
        c.number[-3:]: (c.closing_method, c.instance, c.joint_defence, c.normative_review,
                        c.head_spoke)
        for c in LitigationCase.objects.all()
    }  # fmt: skip
    assert stored == {
        "初1号": ("withdrawn", "second", True, True, True),
        "初2号": ("judgment", "second", True, True, True),
        "初3号": ("ruling", "second", True, True, True),
    }
    # 其他 without a 结案方式: the whole file is refused, naming the column and why.
    LitigationCase.objects.all().delete()
    missing = base | {"案号": "（2024）湘3101行初4号", "裁判结果": "其他"}
    spoke_alone = base | {"案号": "（2024）湘3101行初5号", "负责人是否出庭": "否",
                          "出庭负责人": "", "出庭负责人职务": ""}  # fmt: skip
    path = write_xlsx(tmp_path / "错.xlsx", [missing, spoke_alone], headers=REGISTER.headers)
    with pytest.raises(ImportRejected) as refused:
        import_rows(None, REGISTER, read_table(path, path.name))
    said = {(e.column, e.message) for e in refused.value.errors}
    assert ("结案方式", "裁判结果为“其他”的，须填写结案方式（判决、裁定、撤诉或调解）") in said
    assert ("负责人是否出声", "负责人未出庭的，负责人是否出声应为“否”") in said
    assert not LitigationCase.objects.exists()


def test_a_kept_other_is_listed_counted_and_resolved_by_an_audited_edit(client, tree, officer):
    case = new_suit(officer, tree["county"], "（2024）湘3101行初5号")
    actions.record_step(
        officer, case, "conclude", date(2024, 4, 2), judgment="other", closing_method="ruling"
    )
    decided = new_suit(officer, tree["county"], "（2024）湘3101行初6号")
    actions.record_step(officer, decided, "conclude", date(2024, 4, 3), judgment="withdrawn")
    new_suit(officer, tree["county"], "（2024）湘3101行初7号")  # pending
    case = as_left_by_migration(case)

    # Counted apart, so that the 结案方式 still sum to 审结.
    year = Period.year(2024)
    found = compute([f"{L}concluded", f"{L}concluded.待确定", f"{L}concluded.撤诉"], year,
                    tree["county"])  # fmt: skip
    assert [f.value for f in found.values()] == [2, 1, 1]
    drilled = records_for(f"{L}concluded.待确定", year, tree["county"])
    assert [c.number for c in drilled] == [case.number]

    # Listed by the register's filter; its page says what to do.
    client.force_login(officer)
    listed = client.get("/litigation/", {"unresolved": "on"}).context["page"]
    assert [c.number for c in listed] == [case.number]
    page = client.get(f"/litigation/{case.pk}/").content.decode()
    assert "待确定：裁判结果为“其他”，请在“修改”中选择结案方式" in page

    # Any write of it asks for the 结案方式 first.
    with pytest.raises(RecordInvalid, match="须填写结案方式"):
        actions.update_case(officer, case, plaintiff="王某某")
    # The edit page resolves it, with its audit entry.
    edit = f"/litigation/{case.pk}/edit/"
    form = client.get(edit).context["form"]
    data = {
        name: form.initial.get(name) if form.initial.get(name) is not None else ""
        for name in form.fields
    }
    data = {k: v for k, v in data.items() if v is not False}
    data["officer"] = officer.pk
    data["closing_method"] = "withdrawn"
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert (case.judgment, case.closing_method) == (Judgment.OTHER, ClosingMethod.WITHDRAWN)
    entry = AuditEntry.objects.filter(register="litigation", object_id=str(case.pk)).latest("id")
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, officer)
    assert (entry.before["closing_method"], entry.after["closing_method"]) == ("", "withdrawn")
    assert not client.get("/litigation/", {"unresolved": "on"}).context["page"]
    found = compute([f"{L}concluded.待确定", f"{L}concluded.撤诉"], year, tree["county"])
    assert [f.value for f in found.values()] == [0, 2]


def test_the_edit_page_cannot_give_a_result_another_closing_method(client, tree, officer):
    """结案方式 follows a 裁判结果 that says it: an edit choosing another leaves it as it was."""
    case = new_suit(officer, tree["county"], "（2024）湘3101行初9号")
    actions.record_step(officer, case, "conclude", date(2024, 4, 2), judgment="mediated")
    saved = actions.update_case(officer, case, closing_method="judgment")
    assert saved.closing_method == ClosingMethod.MEDIATED
