"""行政复议's case documents (issue 20), under the 2023 行政复议法 (docs/domain/case-documents.md,
"## 行政复议"; the law's text in /work/shared/reference/laws/).

The documents are issued in the name of the 行政复议机关: at county level the county people's
government (第四条, 第二十四条), its 司法局 doing the work as the 行政复议机构 (第四条第二款,
第二十八条). fazhi keeps no unit for the government, so its name is derived from the record's
bureau in the unit tree (古丈县司法局 → 古丈县人民政府). Register settings hold a choice among
fixed values only (core/register_settings.valid_value), so a free-text name cannot be set there:
the name is derived, never configured.

What fazhi holds (parties, dates, the procedure, the periods the rules compute, the outcome) is
filled in; what only the officer knows (the act complained of, facts, reasoning, the hearing's
time and place, a third party's name) is a line or a bracketed note for him to write in Word.
"""

import copy

from fazhi.core import case_documents
from fazhi.core.case_documents import CaseDocument, CaseFile, centred, row, to
from fazhi.core.choices import ActType
from fazhi.core.workdays import date_of

from . import actions, rules
from .models import Outcome, Procedure, ReviewResult, Status, SuspensionGround

REGISTER = "reconsideration"
LAW = "《中华人民共和国行政复议法》"
BLANK = "________"
BLANK_DATE = "____年__月__日"
# The act complained of: fazhi keeps only its category, so the officer writes it.
ACT = "________（写明被申请行政复议的行政行为）"
APPLICANT, RESPONDENT, PARTIES = "申请人", "被申请人", "当事人"

# 行政复议决定书's ruling by 办结方式: the article it rests on and the ruling paragraph
# (第三十三条, 第六十三至六十九条, 第七十一条). Items the officer chooses are left as lines.
REDO = "责令被申请人自收到本决定书之日起____日内重新作出行政行为。"
RULINGS = {
    Outcome.UPHELD: ("第六十八条", "维持被申请人作出的上述行政行为。"),
    Outcome.VARIED: (
        "第六十三条第一款第____项",
        "变更被申请人作出的上述行政行为，变更为：________。",
    ),
    Outcome.REVOKED: ("第六十四条第一款第____项", "撤销被申请人作出的上述行政行为。"),
    Outcome.PARTLY_REVOKED: (
        "第六十四条第一款第____项",
        "撤销被申请人作出的上述行政行为中的________部分。",
    ),
    Outcome.REVOKED_REDO: (
        "第六十四条第一款第____项",
        f"撤销被申请人作出的上述行政行为，{REDO}",
    ),
    Outcome.PARTLY_REVOKED_REDO: (
        "第六十四条第一款第____项",
        f"撤销被申请人作出的上述行政行为中的________部分，{REDO}",
    ),
    Outcome.CONFIRMED_ILLEGAL: (
        "第六十五条第____款第____项",
        "确认被申请人作出的上述行政行为违法。",
    ),
    Outcome.CONFIRMED_VOID: ("第六十七条", "确认被申请人作出的上述行政行为无效。"),
    Outcome.ORDERED: (
        "第六十六条",
        "责令被申请人自收到本决定书之日起____日内履行________法定职责。",
    ),
    Outcome.AGREEMENT_LIABILITY: (
        "第七十一条第一款",
        "被申请人承担________（写明依法订立、继续履行、采取补救措施或者赔偿损失等）责任。",
    ),
    Outcome.AGREEMENT_COMPENSATION: (
        "第七十一条第二款",
        "被申请人依法给予申请人合理补偿：________。",
    ),
    Outcome.CLAIMS_REJECTED: ("第六十九条", "驳回申请人的行政复议请求。"),
}

# 终止行政复议决定书's ground by 办结方式 (第四十一条; 和解 also 第七十四条第二款). 其他终止, of
# records made before the grounds were told apart, leaves the ground for the officer.
TERMINATIONS = {
    Outcome.WITHDRAWN: (
        "第四十一条第一项",
        "申请人撤回行政复议申请，行政复议机构准予撤回",
    ),
    Outcome.SETTLED: (
        "第四十一条第一项、第七十四条第二款",
        "当事人达成和解，申请人撤回行政复议申请，行政复议机构准予撤回",
    ),
    Outcome.TERMINATED_DEATH: (
        "第四十一条第二项",
        "作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利",
    ),
    Outcome.TERMINATED_DISSOLVED: (
        "第四十一条第三项",
        "作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利",
    ),
    Outcome.TERMINATED_DETAINED: (
        "第四十一条第四项",
        "申请人对行政拘留或者限制人身自由的行政强制措施不服申请行政复议后，因同一违法行为涉嫌"
        "犯罪，被采取刑事强制措施",
    ),
    Outcome.TERMINATED_SUSPENSION: (
        "第四十一条第五项",
        "依照本法第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，行政复议"
        "中止的原因仍未消除",
    ),
    Outcome.OTHER_TERMINATED: ("第四十一条第____项", "出现________（写明第四十一条所列情形）"),
}

# 第三十九条第一款's items, as the law words them, by the stored 中止事由.
ITEMS = "一二三四五六七八九十"
SUSPENSION_GROUNDS = {
    SuspensionGround.DEATH: "作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议",
    SuspensionGround.INCAPACITY: (
        "作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人参加行政复议"
    ),
    SuspensionGround.MISSING: "作为申请人的公民下落不明",
    SuspensionGround.DISSOLVED: "作为申请人的法人或者其他组织终止，尚未确定权利义务承受人",
    SuspensionGround.FORCE_MAJEURE: (
        "申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议"
    ),
    SuspensionGround.MEDIATION: "依照本法规定进行调解、和解，申请人和被申请人同意中止",
    SuspensionGround.INTERPRETATION: "行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认",
    SuspensionGround.OTHER_CASE: (
        "行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结"
    ),
    SuspensionGround.REFERRAL: "有本法第五十六条或者第五十七条规定的情形",
    SuspensionGround.OTHER: "需要中止行政复议的其他情形",
}


# --- the organ ------------------------------------------------------------------------------


def organ_name(record) -> str:
    """The 行政复议机关 of the record's bureau: the people's government of its level (第四条,
    第二十四条), named after the bureau (古丈县司法局 → 古丈县人民政府, 湘西州司法局 →
    湘西州人民政府, 湖南省司法厅 → 湖南省人民政府). A bureau named otherwise keeps its own name."""
    name = (record.unit.bureau() or record.unit).name
    for suffix in ("司法局", "司法厅"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix) + "人民政府"
    return name


# --- the values every document may print ----------------------------------------------------


def _case_name(record) -> str:
    """张某不服古丈县市场监督管理局行政处罚行政复议案: how a case is named on a 送达回证."""
    act = ActType(record.act_type).label if record.act_type in ActType.values else ""
    if record.act_type in ("", ActType.OTHER):
        act = "行政行为"
    return f"{record.applicant}不服{record.respondent}{act}行政复议案"


def _deadline_day(found):
    """A period's last day, or a line for the officer where the calendar cannot count it."""
    return date_of(found) or BLANK_DATE


def case_values(record) -> dict:
    return {
        APPLICANT: record.applicant,
        RESPONDENT: record.respondent,
        PARTIES: f"{record.applicant}、{record.respondent}",
        "案件名称": _case_name(record),
        "收到申请日期": record.received_date,
        # The day accepted in law (a 视为受理 case: the review period's last day, 第三十条第三款).
        "受理日期": rules.acceptance_date(record),
        "适用程序": Procedure(record.procedure).label if record.procedure else "",
        "行政复议机构": (record.unit.bureau() or record.unit).name,
    }


CASE_NAMES = (
    APPLICANT,
    RESPONDENT,
    PARTIES,
    "案件名称",
    "收到申请日期",
    "受理日期",
    "适用程序",
    "行政复议机构",
)


# --- each document's own values -------------------------------------------------------------


def _reply_values(record) -> dict:
    """第四十八条 (普通程序, 10 days) or 第五十四条 (简易程序, 5 days): the respondent's period
    runs from its receipt of the copy, so the notice states the length, not a date."""
    ordinary = record.procedure != Procedure.SIMPLIFIED
    return {
        "答复期限": "十日" if ordinary else "五日",
        "答复依据": "第四十八条" if ordinary else "第五十四条",
    }


def _ground_values(record) -> dict:
    ground = record.suspension_ground
    if ground in SuspensionGround.values:
        item, text = f"第{ITEMS[int(ground) - 1]}项", SUSPENSION_GROUNDS[ground]
    else:
        item, text = "第____项", BLANK
    return {"中止情形项": item, "中止情形": text}


def _suspension_values(record) -> dict:
    limit = rules.suspension_limit(record)
    return {
        **_ground_values(record),
        "中止日期": record.suspended_since,
        # 第四十一条第五项: only for items (一)(二)(四); "" leaves the warning out.
        "中止满六十日": _deadline_day(limit) if limit is not None else "",
    }


def _resumption_values(record) -> dict:
    return {**_ground_values(record), "审理期限": _deadline_day(rules.decision_deadline(record))}


def _extension_values(record) -> dict:
    unextended = copy.copy(record)
    unextended.extended = False
    return {
        "原审理期限": _deadline_day(rules.decision_deadline(unextended)),
        "延长后审理期限": _deadline_day(rules.decision_deadline(record)),
    }


def _termination_values(record) -> dict:
    basis, ground = TERMINATIONS[record.outcome]
    return {
        "终止依据": basis,
        "终止情形": ground,
        "和解撤回": "是" if record.outcome == Outcome.SETTLED else "",
    }


def _decision_values(record) -> dict:
    basis, ruling = RULINGS[record.outcome]
    extended = rules.decision_deadline(record) if record.extended else None
    return {
        "决定依据": basis,
        "决定内容": ruling,
        "收到答复日期": record.reply_received_date,
        "转为普通程序日期": record.converted_date,
        "延长后审理期限": _deadline_day(extended) if extended is not None else "",
        "中止天数": str(record.suspended_days) if record.suspended_days else "",
    }


# --- when each document is called for -----------------------------------------------------


def _accepted(record) -> bool:
    return record.review_result == ReviewResult.ACCEPTED and record.accepted_date is not None


def _open_accepted(record) -> bool:
    return _accepted(record) and not rules.is_closed(record)


def _in_review(record) -> bool:
    return rules.status(record) == Status.IN_REVIEW


def _resumed(record) -> bool:
    return _in_review(record) and bool(record.suspension_ground or record.suspended_days)


def _decided(record) -> bool:
    return rules.is_closed(record) and record.outcome in RULINGS


def _terminated(record) -> bool:
    return rules.is_closed(record) and record.outcome in TERMINATIONS


def _mediated(record) -> bool:
    return rules.is_closed(record) and record.outcome == Outcome.MEDIATED


# --- the paragraphs several documents share ---------------------------------------------------

PARTY_LINES = (
    "申请人：{{ 申请人 }}。",
    "被申请人：{{ 被申请人 }}。",
    "第三人：________。（没有第三人的，删去本行。）",
)
CASE_HISTORY = (
    "申请人不服被申请人" + ACT + "，向本机关申请行政复议。本机关于{{ 收到申请日期 }}收到申请，"
    "于{{ 受理日期 }}依法受理，适用{{ 适用程序 }}审理。"
)
ACCEPTED_CASE = (
    "申请人{{ 申请人 }}不服被申请人{{ 被申请人 }}" + ACT + "申请行政复议一案，本机关已于"
    "{{ 受理日期 }}依法受理。"
)


# --- the documents ---------------------------------------------------------------------------

CORRECTION = CaseDocument(
    key="correction",
    title="补正通知书",
    word="复补字",
    basis="行政复议法第三十一条",
    when=lambda record: record.correction_notice_date is not None,
    step="notify_correction",
    recipient=APPLICANT,
    # 第三十一条第二款: the ten days run "自收到补正通知之日起".
    delivery_step="correction_delivered",
    delivered=lambda record: record.correction_delivered_date is not None,
    body=(
        to("{{ 申请人 }}："),
        "本机关于{{ 收到申请日期 }}收到你（单位）提出的行政复议申请。经审查，申请材料不齐全或者"
        "表述不清楚，无法判断该申请是否符合" + LAW + "第三十条第一款的规定。根据该法第三十一条"
        "的规定，请你（单位）对下列事项予以补正：",
        "（此处一次性写明需要补正的全部事项。）",
        "请你（单位）自收到本通知之日起十日内提交补正材料。有正当理由不能按期补正的，本机关可以"
        "延长合理的补正期限；无正当理由逾期不补正的，视为你（单位）放弃行政复议申请。",
        "补正材料请提交至{{ 行政复议机构 }}（地址：________），联系人：{{ 承办人 }}，"
        "联系电话：________。",
    ),
)

# The 2023 law requires no acceptance notice (第三十条); practice sends one. Its lines follow
# the rights the law gives the applicant: 第十七条 (agents), 第三十六条第一款 (the officer in
# charge), 第四十七条 (reading the reply), 第八十七条 (no fee).
ACCEPTANCE = CaseDocument(
    key="acceptance",
    title="受理通知书",
    word="复受字",
    basis="行政复议法第三十条、第三十六条",
    when=_accepted,
    step="accept",
    recipient=APPLICANT,
    body=(
        to("{{ 申请人 }}："),
        "你（单位）不服{{ 被申请人 }}" + ACT + "提出的行政复议申请，本机关于{{ 收到申请日期 }}"
        "收到。经审查，该申请符合" + LAW + "第三十条第一款规定的受理条件，本机关已于{{ 受理日期 }}"
        "依法受理，适用{{ 适用程序 }}审理。",
        "本案由行政复议人员{{ 承办人 }}负责办理，联系电话：________。",
        "你（单位）可以委托一至二名律师、基层法律服务工作者或者其他代理人代为参加行政复议；"
        "委托代理人的，应当向{{ 行政复议机构 }}提交授权委托书、委托人及被委托人的身份证明文件，"
        "授权委托书应当载明委托事项、权限和期限。",
        "行政复议期间，你（单位）及委托代理人可以按照规定查阅、复制被申请人提出的书面答复、"
        "作出行政行为的证据、依据和其他有关材料。",
        "本机关受理行政复议申请，不收取任何费用。",
    ),
)

REFUSAL = CaseDocument(
    key="refusal",
    title="不予受理决定书",
    word="复不受字",
    basis="行政复议法第三十条第二款、第三十四条",
    when=lambda record: record.review_result == ReviewResult.NOT_ACCEPTED,
    step="not_accept",
    recipient=APPLICANT,
    body=(
        to("{{ 申请人 }}："),
        "本机关于{{ 收到申请日期 }}收到你（单位）不服{{ 被申请人 }}" + ACT + "提出的行政复议"
        "申请。经审查，本机关认为：（此处写明不予受理的理由，并写明该申请不符合"
        + LAW
        + "第三十条第一款第____项的规定。）",
        "根据" + LAW + "第三十条第二款的规定，本机关决定不予受理。",
        "（不属于本机关管辖的，写明：本案有管辖权的行政复议机关为________。）",
        "法律、行政法规规定应当先申请行政复议，对行政复议决定不服再向人民法院提起行政诉讼的，"
        "你（单位）可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。",
    ),
)

REPLY_NOTICE = CaseDocument(
    key="reply_notice",
    title="提出答复通知书",
    word="复答字",
    basis="行政复议法第四十八条、第五十四条",
    when=lambda record: record.reply_notice_date is not None,
    step="reply_notice",
    recipient=RESPONDENT,
    # 第四十八条, 第五十四条: the reply period runs "自收到…副本…之日起".
    delivery_step="copy_delivered",
    delivered=lambda record: record.copy_delivered_date is not None,
    values=_reply_values,
    names=("答复期限", "答复依据"),
    body=(
        to("{{ 被申请人 }}："),
        "申请人{{ 申请人 }}不服你单位" + ACT + "申请行政复议一案，本机关已于{{ 受理日期 }}依法"
        "受理，适用{{ 适用程序 }}审理。现将行政复议申请书副本（行政复议申请笔录复印件）发送"
        "你单位。",
        "根据" + LAW + "{{ 答复依据 }}的规定，请你单位自收到本通知之日起{{ 答复期限 }}内，提出"
        "书面答复，并提交作出行政行为的证据、依据和其他有关材料。",
        "行政复议期间，你单位不得自行向申请人和其他有关单位或者个人收集证据；自行收集的证据不作为"
        "认定行政行为合法性、适当性的依据。",
        "你单位不按照上述规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，视为该"
        "行政行为没有证据、依据，本机关将依照该法第七十条的规定作出行政复议决定。",
        "附件：行政复议申请书副本（行政复议申请笔录复印件）",
    ),
)

# The record keeps no third party: the name is a line, and the 受送达人 the case shows until
# the delivery is recorded is the role.
THIRD_PARTY = CaseDocument(
    key="third_party",
    title="第三人参加行政复议通知书",
    word="复参字",
    basis="行政复议法第十六条",
    when=_open_accepted,
    recipient="受送达人",
    values=lambda record: {"受送达人": "第三人"},
    names=("受送达人",),
    body=(
        to("________："),
        ACCEPTED_CASE,
        "经审查，你（单位）与被申请行政复议的行政行为或者行政复议案件处理结果有利害关系。根据"
        + LAW
        + "第十六条的规定，现通知你（单位）作为第三人参加行政复议。第三人不参加行政复议，"
        "不影响行政复议案件的审理。",
        "你（单位）可以委托一至二名律师、基层法律服务工作者或者其他代理人代为参加行政复议，"
        "并应当向{{ 行政复议机构 }}提交授权委托书、委托人及被委托人的身份证明文件。行政复议期间，"
        "你（单位）可以按照规定查阅、复制被申请人提出的书面答复、作出行政行为的证据、依据和其他"
        "有关材料。",
        "联系人：{{ 承办人 }}，联系电话：________。",
    ),
)

# 第五十条 decides the hearing; 第五十一条第一款 the notice's duty: time, place and issues in
# writing "于举行听证的五日前" (working days, 第八十八条第二款).
HEARING = CaseDocument(
    key="hearing",
    title="听证通知书",
    word="复听字",
    basis="行政复议法第五十条、第五十一条",
    when=_in_review,
    recipient=PARTIES,
    body=(
        to("{{ 申请人 }}、{{ 被申请人 }}："),
        ACCEPTED_CASE + "根据" + LAW + "第五十条、第五十一条的规定，本机关决定举行听证。现将"
        "有关事项通知如下：",
        "一、听证时间：____年__月__日__时__分。",
        "二、听证地点：________。",
        "三、拟听证事项：（此处写明拟听证的事项。）",
        "四、听证主持人：________；听证员：________、________；记录员：________。",
        "申请人无正当理由拒不参加听证的，视为放弃听证权利。被申请人的负责人应当参加听证；不能"
        "参加的，应当说明理由并委托相应的工作人员参加听证。",
        "联系人：{{ 承办人 }}，联系电话：________。",
    ),
)

SUSPENSION = CaseDocument(
    key="suspension",
    title="中止审理通知书",
    word="复中字",
    basis="行政复议法第三十九条",
    when=lambda record: record.suspended_since is not None and not rules.is_closed(record),
    step="suspend",
    recipient=PARTIES,
    values=_suspension_values,
    names=("中止情形项", "中止情形", "中止日期", "中止满六十日"),
    body=(
        to("{{ 申请人 }}、{{ 被申请人 }}："),
        ACCEPTED_CASE + "审理期间，本案出现" + LAW + "第三十九条第一款{{ 中止情形项 }}规定的"
        "情形，即{{ 中止情形 }}（此处简要写明有关事实）。",
        "根据该条规定，本案自{{ 中止日期 }}起中止审理。中止的原因消除后，本机关将及时恢复审理，"
        "并书面告知你们。",
        "{% if 中止满六十日 %}依照该法第四十一条第五项的规定，中止满六十日（即"
        "{{ 中止满六十日 }}），中止的原因仍未消除的，本机关将决定终止行政复议。{% endif %}",
    ),
)

RESUMPTION = CaseDocument(
    key="resumption",
    title="恢复审理通知书",
    word="复恢字",
    basis="行政复议法第三十九条第二款、第三款",
    when=_resumed,
    step="resume",
    recipient=PARTIES,
    values=_resumption_values,
    names=("中止情形项", "中止情形", "审理期限"),
    body=(
        to("{{ 申请人 }}、{{ 被申请人 }}："),
        ACCEPTED_CASE + "本案因" + LAW + "第三十九条第一款{{ 中止情形项 }}规定的情形（"
        "{{ 中止情形 }}）中止审理。",
        "现中止的原因已经消除，根据该条第二款、第三款的规定，本机关决定恢复审理。本案审理期限"
        "至{{ 审理期限 }}届满。",
    ),
)

EXTENSION = CaseDocument(
    key="extension",
    title="延期审理通知书",
    word="复延字",
    basis="行政复议法第六十二条第一款",
    when=lambda record: record.extended and not rules.is_closed(record),
    step="extend",
    recipient=PARTIES,
    values=_extension_values,
    names=("原审理期限", "延长后审理期限"),
    body=(
        to("{{ 申请人 }}、{{ 被申请人 }}："),
        ACCEPTED_CASE + "本案审理期限原于{{ 原审理期限 }}届满。因（此处简要写明案情复杂的情况），"
        "本案不能在规定期限内作出行政复议决定。",
        "经行政复议机构负责人批准，根据" + LAW + "第六十二条第一款的规定，本案审理期限延长三十日，"
        "至{{ 延长后审理期限 }}届满。",
    ),
)

TERMINATION = CaseDocument(
    key="termination",
    title="终止行政复议决定书",
    word="复终字",
    basis="行政复议法第四十一条、第七十四条",
    when=_terminated,
    step="close",  # ticked on the 办结 form; only the one the outcome calls for is issued
    recipient=PARTIES,
    values=_termination_values,
    names=("终止依据", "终止情形", "和解撤回"),
    body=(
        *PARTY_LINES,
        CASE_HISTORY,
        "审理期间，{{ 终止情形 }}（此处简要写明有关事实及日期）。",
        "根据" + LAW + "{{ 终止依据 }}的规定，本机关决定终止行政复议。",
        "{% if 和解撤回 %}申请人不得再以同一事实和理由提出行政复议申请；但是，申请人能够证明撤回"
        "行政复议申请违背其真实意愿的除外。{% endif %}",
    ),
)

# One 决定书 for every ruling: the ruling paragraph and its article follow the 办结方式; the
# remedy is 行政诉讼法第四十五条, the effect on delivery 行政复议法第七十五条第二款.
DECISION = CaseDocument(
    key="decision",
    title="行政复议决定书",
    word="复决字",
    basis="行政复议法第六十一条、第六十三条至第七十二条、第七十五条",
    when=_decided,
    step="close",  # ticked on the 办结 form; only the one the outcome calls for is issued
    recipient=PARTIES,
    values=_decision_values,
    names=(
        "决定依据",
        "决定内容",
        "收到答复日期",
        "转为普通程序日期",
        "延长后审理期限",
        "中止天数",
    ),
    body=(
        *PARTY_LINES,
        CASE_HISTORY
        + "{% if 转为普通程序日期 %}本案于{{ 转为普通程序日期 }}由简易程序转为普通程序审理。"
        "{% endif %}{% if 收到答复日期 %}被申请人于{{ 收到答复日期 }}提出书面答复。{% endif %}"
        "{% if 延长后审理期限 %}因案情复杂，经批准，审理期限延长至{{ 延长后审理期限 }}。{% endif %}"
        "{% if 中止天数 %}审理期间，本案中止审理{{ 中止天数 }}日。{% endif %}本案现已审理终结。",
        "申请人请求：（此处写明申请人的行政复议请求。）",
        "申请人称：（此处写明申请人的主要事实和理由。）",
        "被申请人称：（此处写明被申请人的答复意见。）",
        "经审理查明：（此处写明认定的事实和证据。）",
        "本机关认为：（此处写明理由。）",
        "根据" + LAW + "{{ 决定依据 }}的规定，本机关决定：",
        "{{ 决定内容 }}",
        "（申请人一并提出行政赔偿请求的，依照该法第七十二条一并写明赔偿决定。）",
        "申请人、第三人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。",
        "本决定书一经送达，即发生法律效力。",
    ),
)

# 第七十三条: signed or sealed by every party and sealed by the organ, it takes effect; it is
# signed, not delivered for a 回证.
MEDIATION = CaseDocument(
    key="mediation",
    title="行政复议调解书",
    word="复调字",
    basis="行政复议法第五条、第七十三条",
    when=_mediated,
    step="close",  # ticked on the 办结 form; only the one the outcome calls for is issued
    body=(
        *PARTY_LINES,
        CASE_HISTORY + "审理期间，经本机关主持调解，当事人自愿达成如下协议：",
        "（此处写明协议的内容，包括履行的方式和期限。）",
        "本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力。",
        "申请人（签字或者签章）：________　　____年__月__日",
        "被申请人（签字或者签章）：________　　____年__月__日",
        "第三人（签字或者签章）：________　　____年__月__日",
    ),
)

# 第七十六条: sixty days from receipt to report the correction. No step of the register
# records its delivery yet, so the period is not watched.
OPINION = CaseDocument(
    key="opinion",
    title="行政复议意见书",
    word="复意字",
    basis="行政复议法第七十六条、第七十七条",
    when=_accepted,
    recipient=RESPONDENT,
    body=(
        to("{{ 被申请人 }}："),
        "本机关在办理申请人{{ 申请人 }}不服你单位" + ACT + "行政复议案件（{{ 案件编号 }}）过程中，"
        "发现你单位的有关行政行为存在下列违法或者不当的问题：",
        "（此处写明违法或者不当的行政行为及其问题。）",
        "根据" + LAW + "第七十六条的规定，本机关提出如下意见：",
        "（此处写明纠正的意见和建议。）",
        "请你单位自收到本意见书之日起六十日内，将纠正相关违法或者不当行政行为的情况报送本机关。",
    ),
)

# A form the recipient signs: one per document and recipient, carrying that document's number,
# not a number of its own; its rows are filled in by hand (民事诉讼法第八十七条, by way of
# 行政复议法第八十八条第一款).
DELIVERY_RECEIPT = CaseDocument(
    key="delivery_receipt",
    title="送达回证",
    basis="行政复议法第八十八条第一款、民事诉讼法第八十七条",
    signed=False,
    body=(centred("案件：{{ 案件名称 }}（{{ 案件编号 }}）"),),
    table=(
        row("送达文书名称及文号", ""),
        row("受送达人", ""),
        row("送达地点", ""),
        row("送达方式", ""),
        row("签收日期", "____年__月__日"),
        row("签收人（签名或者盖章）", ""),
        row("送达人", ""),
        row("备注", ""),
    ),
)


CASE_FILE = CaseFile(
    register=REGISTER,
    documents=(
        CORRECTION,
        ACCEPTANCE,
        REFUSAL,
        REPLY_NOTICE,
        THIRD_PARTY,
        HEARING,
        SUSPENSION,
        RESUMPTION,
        EXTENSION,
        TERMINATION,
        DECISION,
        MEDIATION,
        OPINION,
        DELIVERY_RECEIPT,
    ),
    values=case_values,
    names=CASE_NAMES,
    organ=organ_name,
    take_step=actions.record_step,
)


def declare() -> None:
    """Called once from ReconsiderationConfig.ready()."""
    case_documents.declare(CASE_FILE)
