"""A hand-made 投诉台账 and 检查台账 imported (the roster matching, an unknown number kept and
flagged, a holder of another category refused whole), their figures equal to a hand count with
their drill-down, exported and imported back unchanged, the figures' SQL conditions equal to the
Python rules, and the running deadlines on the board."""

import datetime

import pytest

from fazhi.core import rectification
from fazhi.core.tabular import read_table
from fazhi.imports.exporter import export_records
from fazhi.imports.importer import ImportRejected, import_rows
from fazhi.imports.tests.files import write_xlsx
from fazhi.indicators.compute import compute, records_for
from fazhi.indicators.registry import Period
from fazhi.portal.board import board_for
from fazhi.profession_oversight import rules
from fazhi.profession_oversight.columns import CHECK_REGISTER, COMPLAINT_REGISTER
from fazhi.profession_oversight.models import LegalServiceCheck, LegalServiceComplaint

from .conftest import CAMPAIGN, FIRM, GRASSROOTS_OFFICE, LAWYER, NOTARY, NOTARY_OFFICE, UNKNOWN

D = datetime.date
YEAR = Period.year(2024)
pytestmark = pytest.mark.django_db


def complaint(serial, received, kind, licence, channel="来信", **cells):
    values = {
        "投诉编号": f"古司投〔{received[:4]}〕{serial}号",
        "收到日期": received,
        "投诉渠道": channel,
        "投诉人": "张某某",
        "联系方式": "13800000000",
        "被投诉对象类别": kind,
        "被投诉对象名称": "某某",
        "执业证号": licence,
        "投诉事项": "服务态度差、收费不透明",
        "所属单位代码": "433126",
    }
    values.update(cells)
    return values


def steps(accepted, investigated=None, handled=None, finding="", disposal="", replied=None,
          closed=None):  # fmt: skip
    cells = {"受理情况": "受理", "受理（不予受理）日期": accepted}
    if investigated:
        cells |= {"调查完成日期": investigated, "核查情况": "调阅卷宗、约谈当事人"}
    if handled:
        cells |= {"处理日期": handled, "核查结论": finding, "处理方式": disposal}
    if replied:
        cells |= {"答复日期": replied, "答复方式": "书面"}
    if closed:
        cells |= {"办结日期": closed}
    return cells


C = "古司投〔2024〕{}号".format
COMPLAINTS = [
    # On time, 查证属实, referred to the 律师协会.
    complaint(
        1,
        "2024-03-04",
        "律师",
        LAWYER,
        "12348热线",
        **steps(
            "2024-03-08",
            "2024-04-01",
            "2024-04-02",
            "查证属实",
            "移送行业处分",
            "2024-04-03",
            "2024-04-03",
        ),
    ),  # fmt: skip
    # Decided after its 60 days (due 07-09): closed, not on time.
    complaint(
        2,
        "2024-05-06",
        "律师事务所",
        FIRM,
        **steps(
            "2024-05-10",
            "2024-06-01",
            "2024-07-20",
            "部分属实",
            "批评教育/责令改正",
            "2024-07-22",
            "2024-07-25",
        ),
    ),  # fmt: skip
    # Not accepted.
    complaint(
        3,
        "2024-06-03",
        "公证员",
        NOTARY,
        "12348热线",
        **{
            "受理情况": "不予受理",
            "受理（不予受理）日期": "2024-06-05",
            "不予受理理由": "已进入诉讼程序",
        },
    ),  # fmt: skip
    # A worker not on the roster: kept, 未匹配; accepted and never decided (due 11-05).
    complaint(4, "2024-09-02", "基层法律服务工作者", UNKNOWN, "来访", **steps("2024-09-06")),
    # Received at the year's end, its acceptance due in January.
    complaint(5, "2024-12-26", "律师", LAWYER, "网上投诉"),
    # Accepted, its investigation suspended (中止) since 09-20: no period runs.
    complaint(
        7,
        "2024-08-01",
        "公证机构",
        NOTARY_OFFICE,
        **steps("2024-08-05"),
        中止日期="2024-09-20",
        中止事由="同一事项已进入诉讼",
    ),  # fmt: skip
    # Last year's, decided this year after its period, 移送行政处罚.
    complaint(
        6,
        "2023-11-01",
        "律师事务所",
        FIRM,
        "上级交办",
        **steps(
            "2023-11-03",
            "2023-12-01",
            "2024-01-10",
            "查证属实",
            "移送行政处罚",
            "2024-01-12",
            "2024-01-15",
        ),
    ),  # fmt: skip
]


def import_sheet(tmp_path, register, rows, actor=None, name="台账.xlsx"):
    path = write_xlsx(tmp_path / name, rows, headers=register.headers)
    return import_rows(actor, register, read_table(path, path.name), filename=path.name)


def figures(register, keys, unit, user=None, period=YEAR):
    found = compute([f"{register.name}.{k}" for k in keys], period, unit, user=user)
    return {key.split(".", 1)[1]: figure for key, figure in found.items()}


def numbers(register, key, unit, period=YEAR):
    records = records_for(f"{register.name}.{key}", period, unit, None)
    return sorted(records.values_list("number", flat=True))


def test_the_complaint_ledger_imports_matched_and_flagged(tmp_path, tree, officer, holders_roster):
    result = import_sheet(tmp_path, COMPLAINT_REGISTER, COMPLAINTS, officer)
    assert (result.created, result.updated) == (7, 0)
    stored = {r.number: r for r in LegalServiceComplaint.objects.all()}
    assert (stored[C(7)].status, stored[C(7)].due_label) == ("suspended", "")
    assert stored[C(1)].holder_name == "向明（古丈县正阳律师事务所）"
    assert (stored[C(4)].unmatched, stored[C(4)].holder_name) == (True, "")
    assert stored[C(2)].late and not stored[C(1)].late
    assert stored[C(3)].status == "not_accepted"


def test_a_row_naming_a_holder_of_another_category_is_refused_whole(
    tmp_path, tree, officer, holders_roster
):
    wrong = [*COMPLAINTS[:2], {**COMPLAINTS[2], "被投诉对象类别": "律师"}]
    with pytest.raises(ImportRejected) as rejected:
        import_sheet(tmp_path, COMPLAINT_REGISTER, wrong, officer)
    (error,) = rejected.value.errors
    assert (error.row, error.column) == (4, "执业证号")
    assert "是公证员「石兰」的，与被投诉对象类别“律师”不符" in error.message
    assert not LegalServiceComplaint.objects.exists()


def test_the_complaints_figures_equal_the_hand_count(tmp_path, tree, officer, holders_roster):
    import_sheet(tmp_path, COMPLAINT_REGISTER, COMPLAINTS, officer)
    county = tree["county"]
    keys = [
        "received",
        "by_subject_kind.律师",
        "by_subject_kind.律师事务所",
        "by_subject_kind.公证员",
        "by_subject_kind.公证机构",
        "by_subject_kind.基层法律服务工作者",
        "by_channel.12348热线",
        "accepted",
        "substantiated",
        "referred_penalty",
        "referred_discipline",
        "closed",
        "closed_on_time",
        "overdue",
    ]
    found = figures(COMPLAINT_REGISTER, keys, county, officer)
    assert {key: figure.value for key, figure in found.items()} == {
        "received": 6,  # 6 is of 2023
        "by_subject_kind.律师": 2,
        "by_subject_kind.律师事务所": 1,
        "by_subject_kind.公证员": 1,
        "by_subject_kind.公证机构": 1,
        "by_subject_kind.基层法律服务工作者": 1,
        "by_channel.12348热线": 2,
        "accepted": 4,  # 1, 2, 4, 7; 3 not accepted, 6 accepted in 2023
        "substantiated": 2,  # 1 and 6, decided in 2024
        "referred_penalty": 1,
        "referred_discipline": 1,
        "closed": 3,  # 1, 2, 6
        "closed_on_time": 1,  # 2 and 6 were decided late
        # 4, past its handling period on 12-31; 5's acceptance is due in 2025; 7's period (due
        # 10-04) stands still while suspended.
        "overdue": 1,
    }
    # The drill-down shows exactly the records counted.
    assert numbers(COMPLAINT_REGISTER, "overdue", county) == [C(4)]
    assert numbers(COMPLAINT_REGISTER, "closed_on_time", county) == [C(1)]
    assert numbers(COMPLAINT_REGISTER, "referred_penalty", county) == ["古司投〔2023〕6号"]
    # Judged on 07-15: 2 was past its handling period (due 07-09) and not yet decided.
    summer = Period(D(2024, 1, 1), D(2024, 7, 15))
    assert numbers(COMPLAINT_REGISTER, "overdue", county, summer) == [C(2)]


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 3, 11),
        D(2024, 3, 12),
        D(2024, 7, 10),
        D(2024, 9, 19),
        D(2024, 11, 6),
        D(2025, 1, 31),
    ],
)
def test_the_overdue_condition_is_the_python_rule(tmp_path, tree, holders_roster, day):
    import_sheet(tmp_path, COMPLAINT_REGISTER, COMPLAINTS)
    records = LegalServiceComplaint.objects.all()
    selected = set(records.filter(rules.overdue_condition(day)).values_list("number", flat=True))
    assert selected == {r.number for r in records if rules.overdue_on(r, day)}


def test_the_complaints_export_imports_back_unchanged(tmp_path, tree, officer, holders_roster):
    import_sheet(tmp_path, COMPLAINT_REGISTER, COMPLAINTS, officer)
    data = export_records(
        COMPLAINT_REGISTER,
        LegalServiceComplaint.objects.order_by("id"),
        "xlsx",
        actor=officer,
        reason="核对台账",
    )
    path = tmp_path / "导出.xlsx"
    path.write_bytes(data)
    exported = {r.values["投诉编号"]: r.values for r in read_table(path, path.name).rows}
    assert exported[C(4)]["未匹配"] == "是" and exported[C(1)]["未匹配"] == "否"
    assert exported[C(2)]["超期办理"] == "是"
    assert exported[C(4)]["处理期限"] == "2024-11-05"
    basis = exported[C(4)]["处理期限依据"]
    assert basis.endswith("参照司法部令第149号第二十三条，本局设置受理之日起60日")
    assert exported[C(1)]["投诉人"] == "张某某"  # the reason was stated for the export
    again = import_sheet(
        tmp_path, COMPLAINT_REGISTER, list(exported.values()), officer, name="回填.xlsx"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


# --- checks ---------------------------------------------------------------------------------


def check(number, check_number, licence, day, problems="", deadline="", done="", **cells):
    values = {
        "记录编号": f"{check_number}-{number}",
        "检查编号": check_number,
        "专项治理": CAMPAIGN,
        "被检查机构许可证号": licence,
        "检查日期": day,
        "检查人员": "龙秀英、彭某",
        "发现问题": problems,
        "整改期限": deadline,
        "整改完成日期": done,
        "整改情况": "已整改" if done else "",
        "所属单位代码": "433126",
    }
    values.update(cells)
    return values


K1, K2, K3, K4 = (f"古司查〔2024〕{n}号" for n in (1, 2, 3, 4))
CHECKS = [
    check(1, K1, FIRM, "2024-05-06", "收费公示不规范", "2024-06-30", "2024-06-20"),
    check(2, K1, FIRM, "2024-05-06", "利益冲突审查记录缺失", "2024-07-31"),  # overdue
    check(1, K2, NOTARY_OFFICE, "2024-06-03"),  # nothing found
    check(1, K3, GRASSROOTS_OFFICE, "2024-09-02", "档案管理不规范", "2024-10-31", "2024-11-15"),
    # Outside the campaign, of an org not on the roster: kept, 未匹配.
    check(1, K4, UNKNOWN, "2024-10-08", 专项治理=""),
]


def test_the_check_ledger_imports_and_its_figures_equal_the_hand_count(
    tmp_path, tree, officer, campaign
):
    result = import_sheet(tmp_path, CHECK_REGISTER, CHECKS, officer)
    assert (result.created, result.updated) == (5, 0)
    stored = {r.number: r for r in LegalServiceCheck.objects.all()}
    assert stored[f"{K1}-1"].campaign == campaign
    assert (stored[f"{K4}-1"].campaign, stored[f"{K4}-1"].unmatched) == (None, True)
    keys = ["organisations", "findings", "rectified", "rectified_on_time", "on_time_rate"]
    found = figures(CHECK_REGISTER, [*keys, "overdue"], tree["county"], officer)
    values = {key: figure.value for key, figure in found.items() if key != "on_time_rate"}
    assert values == {
        "organisations": 4,  # a licence counted once, however many findings
        "findings": 3,
        "rectified": 2,
        "rectified_on_time": 1,  # K3's came after its deadline
        "overdue": 1,
    }
    rate = found["on_time_rate"]
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert numbers(CHECK_REGISTER, "overdue", tree["county"]) == [f"{K1}-2"]


def test_a_check_naming_no_campaign_of_the_unit_is_refused(tmp_path, tree, officer, campaign):
    wrong = [*CHECKS[:1], {**CHECKS[1], "专项治理": "另一个专项"}]
    with pytest.raises(ImportRejected) as rejected:
        import_sheet(tmp_path, CHECK_REGISTER, wrong, officer)
    messages = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert "本单位没有名为「另一个专项」的专项治理" in messages[3, "专项治理"]
    assert not LegalServiceCheck.objects.exists()


def test_the_board_shows_the_running_deadlines(tmp_path, tree, officer, campaign):
    import_sheet(tmp_path, COMPLAINT_REGISTER, COMPLAINTS, officer)
    import_sheet(tmp_path, CHECK_REGISTER, CHECKS, officer, name="检查.xlsx")
    today = D(2024, 11, 6)
    board, _ = board_for(officer, today)
    sections = {s.register.name: s for s in board}
    complaints = sections["legal_service_complaint"]
    assert [(line.number, line.label, line.days_left) for line in complaints.overdue] == [
        (C(4), "处理期限", -1)
    ]
    checks = sections["legal_service_check"]
    assert [(line.number, line.days_left) for line in checks.overdue] == [(f"{K1}-2", -98)]
    # The rectification rule's SQL twin selects what the Python rule names.
    records = LegalServiceCheck.objects.all()
    selected = set(
        records.filter(rectification.overdue_condition(today)).values_list("number", flat=True)
    )
    assert selected == {r.number for r in records if rectification.overdue_on(r, today)}
