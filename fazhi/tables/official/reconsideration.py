"""行政复议、行政应诉案件统计 (年报 and 季报): the 统计制度 of the 国务院法制办公室 (司法部 since
2018), approved by the 国家统计局, last seen in its October 2024 edition.

The 制度's own text is not reachable in full (only its cover and contents: 110ask.com). The 复议
table's columns follow the 2015 revision as a 复议 system built on it lays them out
(dragdream/cc WebContent/xzfy/jsp/caseQuery/caseStat.jsp: 行政管理类型 by rows; 上期结转,
本期新收, 受理, 被申请人, 复议机关, 申请复议事项, 已审结 with 驳回、维持、确认违法、撤销、变更、
责令履行、终止（调解（和解）、其他）、其他, 未审结, 对规范性文件附带审查, 行政赔偿, 行政复议
意见书), brought to the 2023 law (确认无效, 受理前化解, the 申请人 and 被申请人 kinds fazhi
records). The 应诉 table is reconstructed from what the 2015 revision added (川府法〔2015〕68号:
复议机关共同应诉, 规范性文件附带审查, 负责人出庭) and the facts fazhi records.

The keys below are being added to the 复议 and 应诉 registers (issue 23); until they exist these
tables are not offered (views: a table whose keys the registry lacks is listed as not ready).
Outcome values still being settled are marked "uncertain".
"""

from ..layout import (
    QUARTER,
    YEAR,
    Column,
    Heading,
    Row,
    RowsOf,
    Table,
    column_at_most,
    column_sum,
    row_sum,
)

R = "reconsideration."
L = "litigation."
APPLICANTS = ("自然人", "法人", "其他组织")
RESPONDENTS = ("乡镇人民政府", "县政府部门", "县人民政府", "其他")
# fazhi's 行政行为类别 (the 2023 law's list; the 2015 table's 10 kinds differ: see the docs).
ACT_TYPES = (
    "行政处罚", "行政强制", "行政许可", "行政确认", "行政征收征用", "行政给付", "政府信息公开",
    "投诉举报处理", "不履行法定职责", "行政协议", "其他",
)  # fmt: skip


def closed(*outcomes: str) -> tuple[str, ...]:
    """The figures of these 办结方式 (reconsideration.closed.<办结方式>, by 办结日期)."""
    return tuple(f"{R}closed.{outcome}" for outcome in outcomes)


# 已审结 by how it ended (行政复议法 第六十三至七十四条), each a column; 审结 is their sum (every
# 办结方式 but 不予受理, 逾期未补正 and 受理前化解). The register's list of 办结方式 was being
# settled when this was written (issue 23): the lines marked "uncertain" may need a key more.
CONCLUDED = (
    ("驳回", closed("claims_rejected", "application_rejected")),  # 第六十九条; 驳回申请
    ("维持", closed("upheld")),  # 第六十八条
    ("确认违法", closed("confirmed_illegal")),  # 第六十五条
    # 第六十四条; closed.revoked holds 撤销 and 部分撤销 (uncertain: they may be split). The 2015
    # table's 撤销 held all four.
    ("撤销", closed("revoked", "revoked_redo", "partly_revoked_redo")),
    ("变更", closed("varied")),  # 第六十三条
    ("责令履行", closed("ordered")),  # 第六十六条
    ("确认无效", closed("confirmed_void")),  # 第六十七条; not in the 2015 table
)
TERMINATED = (
    ("调解（和解）", closed("mediated", "settled")),  # 第七十三条, 第七十四条
    # 第四十一条's grounds (uncertain: the list); other_terminated only on records made before
    # they were told apart
    ("其他", closed(
        "withdrawn", "terminated_death", "terminated_dissolved", "terminated_detained",
        "terminated_suspension", "other_terminated",
    )),
)  # fmt: skip
# The 2015 table's last 已审结 column (其他): what is neither a decision above nor a 终止 — the
# 行政协议 decisions of 第七十一条.
OTHER_CONCLUDED = closed("agreement_liability", "agreement_compensation")


def _codes(start: int, count: int) -> list[str]:
    return [str(n) for n in range(start, start + count)]


def _columns(codes, labels) -> tuple[Column, ...]:
    return tuple(Column(code, label) for code, label in zip(codes, labels, strict=True))


APPLICANT_CODES = _codes(5, len(APPLICANTS))
RESPONDENT_CODES = _codes(8, len(RESPONDENTS))
ACT_CODES = _codes(12, len(ACT_TYPES))
CONCLUDED_CODES = _codes(24, len(CONCLUDED))
TERMINATED_CODES = _codes(31, len(TERMINATED))

COLUMNS = (
    Column("1", "上期结转"),
    Column("2", "本期新收"),
    Column("3", "受理"),
    Column("4", "受理前化解"),
    Heading("申请人", _columns(APPLICANT_CODES, APPLICANTS)),
    Heading("被申请人", _columns(RESPONDENT_CODES, RESPONDENTS)),
    Heading("申请复议事项", _columns(ACT_CODES, ACT_TYPES)),
    Heading(
        "已审结",
        (
            Column("23", "总计"),
            *_columns(CONCLUDED_CODES, [label for label, _ in CONCLUDED]),
            Heading("终止", _columns(TERMINATED_CODES, [label for label, _ in TERMINATED])),
            Column("33", "其他"),
        ),
    ),
    Column("34", "未审结"),
    Column("35", "对规范性文件附带审查"),
    Heading("行政赔偿", (Column("36", "件数"), Column("37", "赔偿数额（元）"))),
    Heading("行政复议意见书", (Column("38", "制发数"), Column("39", "落实数"))),
)

TOTAL_CELLS = {
    "1": None,
    "2": R + "received",
    "3": R + "accepted",
    "4": R + "pre_acceptance_resolved",
    **{c: f"{R}by_applicant_kind.{k}" for c, k in zip(APPLICANT_CODES, APPLICANTS, strict=True)},
    **{c: f"{R}by_respondent_kind.{k}" for c, k in zip(RESPONDENT_CODES, RESPONDENTS, strict=True)},
    **{c: f"{R}by_act_type.{k}" for c, k in zip(ACT_CODES, ACT_TYPES, strict=True)},
    "23": R + "concluded",
    **{c: keys for c, (_, keys) in zip(CONCLUDED_CODES, CONCLUDED, strict=True)},
    **{c: keys for c, (_, keys) in zip(TERMINATED_CODES, TERMINATED, strict=True)},
    "33": OTHER_CONCLUDED,
}

CHECKS = (
    column_sum("23", (*CONCLUDED_CODES, *TERMINATED_CODES, "33"), only=("0",)),
    column_sum("2", APPLICANT_CODES, only=("0",), hint="请补填申请人类型。"),
    column_sum("2", RESPONDENT_CODES, only=("0",), hint="请补填被申请人类型。"),
    column_sum("2", ACT_CODES, only=("0",), hint="请补填行政行为类别。"),
    row_sum("0", ("F*",), only=("2",), hint="请补填行政管理领域。"),
)
NOTES = (
    "本期新收按收到申请日期、受理按受理日期、已审结按审结日期计入统计期间；已审结为受理后审结的"
    "案件，不含不予受理和逾期未补正视为放弃的申请。",
    "按行政管理领域分列的各行只填本期新收栏；其他各栏本系统未按领域交叉统计，以“—”表示。",
    "已审结中的“其他”栏为行政协议案件的决定（行政复议法第七十一条）；“终止”中的“其他”为撤回"
    "申请及第四十一条所列其他情形。",
    "上期结转、未审结、对规范性文件附带审查、行政赔偿、行政复议意见书各栏本系统不登记或不统计"
    "相应事实，以“—”表示，报送时请据实填写。",
    "申请人、被申请人、申请复议事项和行政管理领域各栏之和应等于本期新收；有未填写这些项目的"
    "案件时平衡检查不通过，请在登记簿中补填后再报送。",
)
COMMON = dict(
    source="国务院法制办公室制定、国家统计局批准的《行政复议、行政应诉案件统计制度》（2024年10月版）",
    published=False,
    row_codes=False,
)


def _reconsideration(key: str, title: str, kind: str, note: str) -> Table:
    return Table(
        key=key,
        title=title,
        layout_note=note,
        kind=kind,
        columns=COLUMNS,
        rows=(
            Row("0", "合计", cells=TOTAL_CELLS),
            RowsOf(R + "by_field.", column="2", code="F", skip=("未填",)),
        ),
        checks=CHECKS,
        notes=NOTES,
        stub="行政管理领域",
        **COMMON,
    )


LAYOUT_NOTE = (
    "统计制度全文未公开。栏目依2015年修订后的行政复议案件统计表（按行政管理类型分行；上期结转、"
    "本期新收、受理、被申请人、申请复议事项、已审结及其分项、未审结、对规范性文件附带审查、行政"
    "赔偿、行政复议意见书）编排，并按2023年修订的行政复议法增列受理前化解、确认无效；申请人、"
    "被申请人和申请复议事项的分类为本系统登记的分类。"
)
RECONSIDERATION_YEAR = _reconsideration(
    "reconsideration-year", "行政复议案件统计表（年报）", YEAR, LAYOUT_NOTE
)
RECONSIDERATION_QUARTER = _reconsideration(
    "reconsideration-quarter",
    "行政复议案件统计表（季报）",
    QUARTER,
    LAYOUT_NOTE + "季报的表式未找到，本系统按年报的栏目填报本季度的数字。",
)

# --- 行政应诉 ------------------------------------------------------------------------------

INSTANCES = ("一审", "二审", "再审")
ENDINGS = ("判决", "裁定", "撤诉", "调解")
INSTANCE_CODES = _codes(2, len(INSTANCES))
ENDING_CODES = _codes(9, len(ENDINGS))

LITIGATION_COLUMNS = (
    Column("1", "本期新收"),
    Heading("审级", _columns(INSTANCE_CODES, INSTANCES)),
    Column("5", "复议后诉讼"),
    Column("6", "复议机关共同应诉"),
    Column("7", "规范性文件附带审查"),
    Heading(
        "已审结",
        (
            Column("8", "总计"),
            *_columns(ENDING_CODES, ENDINGS),
            Column("13", "败诉"),
            Column("14", "败诉率"),
        ),
    ),
    Heading(
        "行政机关负责人出庭应诉",
        (
            Column("15", "开庭审理"),
            Column("16", "负责人出庭"),
            Column("17", "出庭且出声"),
            Column("18", "出庭应诉率"),
        ),
    ),
)
LITIGATION_CELLS = {
    "1": L + "received",
    **{c: f"{L}by_instance.{k}" for c, k in zip(INSTANCE_CODES, INSTANCES, strict=True)},
    "5": L + "after_reconsideration",
    "6": L + "joint_defence",
    "7": L + "normative_review",
    "8": L + "concluded",
    **{c: f"{L}concluded.{k}" for c, k in zip(ENDING_CODES, ENDINGS, strict=True)},
    "13": L + "lost",
    "14": L + "loss_rate",
    "15": L + "heard",
    "16": L + "head_appeared",
    "17": L + "head_spoke",
    "18": L + "head_appearance_rate",
}
LITIGATION_CHECKS = (
    column_sum("1", INSTANCE_CODES, only=("0",), hint="请补填审级。"),
    column_sum("8", ENDING_CODES, only=("0",), hint="请补填结案方式。"),
    column_at_most("13", "8", only=("0",)),
    column_at_most("16", "15", only=("0",)),
    column_at_most("17", "16", only=("0",)),
)
LITIGATION_NOTE = (
    "统计制度全文未公开。本表依2015年修订所增加的统计内容（复议机关维持原行政行为后共同应诉、"
    "规范性文件附带审查、应诉机关负责人出庭情况，见川府法〔2015〕68号）和本系统登记的审级、"
    "结案方式重建，栏目与表式为本系统所定。"
)


def _litigation(key: str, title: str, kind: str, note: str) -> Table:
    return Table(
        key=key,
        title=title,
        layout_note=note,
        kind=kind,
        columns=LITIGATION_COLUMNS,
        rows=(Row("0", "合计", cells=LITIGATION_CELLS),),
        checks=LITIGATION_CHECKS,
        notes=(
            "本期新收按收到应诉通知日期、已审结按审结日期、开庭审理按开庭日期计入统计期间。",
            "败诉率为败诉件数除以审结件数；出庭应诉率为负责人出庭件数除以开庭审理件数。",
        ),
        **COMMON,
    )


LITIGATION_YEAR = _litigation(
    "litigation-year", "行政应诉案件统计表（年报）", YEAR, LITIGATION_NOTE
)
LITIGATION_QUARTER = _litigation(
    "litigation-quarter",
    "行政应诉案件统计表（季报）",
    QUARTER,
    LITIGATION_NOTE + "季报的表式未找到，本系统按年报的栏目填报本季度的数字。",
)
