"""The case documents of 法律援助 and 公证 (issue 20), declared once each and registered from
LegalAidConfig.ready(). What each must say, and its sources, is docs/domain/case-documents.md.

Issuing organ. 法律援助: the 法律援助机构 (法律援助法第十二条: the bureau sets it up, it decides
on applications and appoints), not the bureau; 公证: the 公证机构 (公证法第六条, an organ of its
own; 公证程序规则第四条: "以本公证机构的名义"). The record's own unit when it is one; else the one
such unit directly under the record's bureau (a case entered by the bureau or its section); else
the bureau itself, when the unit tree holds no such unit or several.

文种代字. Neither 司法部《法律援助文书格式》(2023, whose forms write a bare "编号：", ◐
http://www.law-lib.com/law/law_view.asp?id=767732&page=2) nor the 公证 rules fix one; older
legal-aid forms wrote "（ ）援申字〔 〕第 号" (◐ http://biz.doczj.com/doc/2a7155793.html). The words
below follow that shape and are this project's convention: 援补字 补充材料, 援决字 给予决定,
援不字 不予决定, 援指字 指派, 援函字 公函, 援终字 终止; 公受字 受理, 公不字 不予办理, 公终字 终止.
A bureau sets its own pattern (机关代字 in front) per kind.

Periods. 法律援助法 starts no period from the delivery of any of these documents (its 7 and 3
days run from the application, the decision or the organ's notice, rules.py), and the 公证 period
runs from acceptance (公证法第三十条): so no document here has a delivery_step; their delivery is
recorded as evidence only.
"""

from fazhi.core.case_documents import CaseDocument, CaseFile, row, to
from fazhi.core.models import BUREAUS, IssuedDocument, Unit, UnitKind
from fazhi.core.workdays import date_of

from . import actions, notarization_rules, rules
from .models import AidCategory, AidDecision, AidStatus

LAW = "《中华人民共和国法律援助法》"
NOTARY_LAW = "《中华人民共和国公证法》"


def _bureau(record) -> Unit:
    return record.unit.bureau() or record.unit


def organ_of_kind(kind: str):
    """The organ a register's documents are issued by, in its name and in its own number
    series: the record's unit if it is of `kind`, else the single unit of `kind` directly
    under its bureau, else the bureau."""

    def organ(record):
        if record.unit.kind == kind:
            return record.unit
        bureau = _bureau(record)
        units = list(Unit.objects.filter(parent=bureau, kind=kind)[:2])
        return units[0] if len(units) == 1 else bureau

    return organ


# --- 法律援助 ----------------------------------------------------------------------------

# A decision or the appointment said in one sentence, for an applied or a notified case (第三十六
# 条: a notice of the court, procuratorate or police needs no decision).
GIVEN = (
    "{% if 决定日期 %}本机构于{{ 决定日期 }}决定给予{{ 受援人 }}法律援助"
    "{% if 给予决定书文号 %}（{{ 给予决定书文号 }}）{% endif %}"
    "{% else %}本机构于{{ 申请日期 }}收到办案机关为{{ 受援人 }}指派律师的通知"
    "（{{ 援助途径 }}）{% endif %}"
)
# 法律援助法第四十九条, in its words: the objection to a refusal or a termination.
OBJECTION = (
    "{who}对本决定有异议的，可以向设立本机构的{{{{ 司法行政部门 }}}}提出。{{{{ 司法行政部门 }}}}"
    "应当自收到异议之日起五日内进行审查，作出维持本机构决定或者责令本机构改正的决定。{who}对"
    "{{{{ 司法行政部门 }}}}维持本机构决定不服的，可以依法申请行政复议或者提起行政诉讼。"
)


GRANT_KIND = "legal_aid.grant"  # case_documents.kind_key of GRANT, declared below


def _grant_number(record) -> str:
    """The 文号 of the record's 给予法律援助决定书 in force, which the appointment cites."""
    found = IssuedDocument.objects.filter(
        register="legal_aid",
        record_id=record.pk,
        kind=GRANT_KIND,
        cancelled_at__isnull=True,
    ).order_by("-issued_on", "-id")
    return found.values_list("number", flat=True).first() or ""


def aid_values(record) -> dict:
    return {
        "受援人": record.recipient,
        "受援人身份证号": record.id_number,
        "案件类别": record.get_category_display(),
        "援助途径": record.get_route_display(),
        "申请日期": record.application_date,
        "决定日期": record.decision_date,
        "指派期限": date_of(rules.appointment_deadline(record)),
        "指派日期": record.appointment_date,
        "法律援助人员": record.lawyer,
        # 第四十九条: objections go to the 司法行政部门 that set the 机构 up, the bureau.
        "司法行政部门": _bureau(record).name,
        "给予决定书文号": _grant_number(record),
    }


AID_NAMES = (
    "受援人",
    "受援人身份证号",
    "案件类别",
    "援助途径",
    "申请日期",
    "决定日期",
    "指派期限",
    "指派日期",
    "法律援助人员",
    "司法行政部门",
    "给予决定书文号",
)

# 第四十三条第二款: missing materials are told at once; not supplied, the application counts as
# withdrawn. The law sets no time to supply them, so the officer writes the date.
SUPPLEMENT = CaseDocument(
    key="supplement",
    title="补充材料通知书",
    word="援补字",
    basis="法律援助法第四十三条第二款",
    when=lambda record: rules.status(record) == AidStatus.AWAITING_DECISION,
    recipient="受援人",
    body=(
        to("{{ 受援人 }}："),
        "你于{{ 申请日期 }}向本机构提出的{{ 案件类别 }}法律援助申请，经审查，申请材料不齐全。"
        f"根据{LAW}第四十三条第二款的规定，现一次性告知你需要补充的材料或者需要作出说明的事项"
        "如下：",
        "（此处逐项写明需要补充的材料或者需要作出说明的事项。）",
        "请你于    年  月  日前补充上述材料或者作出说明。未按要求补充材料或者作出说明的，"
        "视为撤回申请。",
    ),
)

# 第四十三条第一款 (decide within 7 days; appoint within 3 days of the decision), 第四十七条 (the
# 受援人's duties), 第四十八条 (termination), 第五十五条 (his rights): each sentence follows its
# article.
GRANT = CaseDocument(
    key="grant",
    title="给予法律援助决定书",
    word="援决字",
    basis="法律援助法第四十三条第一款",
    step="decide",
    when=lambda record: record.decision == AidDecision.GRANTED,
    recipient="受援人",
    body=(
        to(
            "受援人：{{ 受援人 }}"
            "{% if 受援人身份证号 %}，公民身份号码{{ 受援人身份证号 }}{% endif %}。"
        ),
        "受援人于{{ 申请日期 }}向本机构申请{{ 案件类别 }}法律援助。经审查，受援人符合法律援助"
        f"条件。根据{LAW}第四十三条第一款的规定，本机构决定给予受援人法律援助，并将自本决定作出"
        "之日起三日内{% if 指派期限 %}（{{ 指派期限 }}前）{% endif %}指派法律援助人员为受援人"
        "提供法律援助。",
        "受援人应当向法律援助人员如实陈述与法律援助事项有关的情况，及时提供证据材料，协助、配合"
        f"办理法律援助事项（{LAW}第四十七条）。有{LAW}第四十八条规定情形之一的，本机构将作出"
        "终止法律援助的决定。",
        "受援人有权向本机构、法律援助人员了解法律援助事项办理情况；本机构、法律援助人员未依法"
        "履行职责的，受援人可以向{{ 司法行政部门 }}投诉，并可以请求本机构更换法律援助人员"
        f"（{LAW}第五十五条）。",
    ),
)

# 第四十三条第一款: a refusal is told in writing, with its reasons; 第四十九条: the objection.
REFUSAL = CaseDocument(
    key="refusal",
    title="不予法律援助决定书",
    word="援不字",
    basis="法律援助法第四十三条第一款、第四十九条",
    step="decide",
    when=lambda record: record.decision == AidDecision.REFUSED,
    recipient="受援人",
    body=(
        to("申请人：{{ 受援人 }}。"),
        "申请人于{{ 申请日期 }}向本机构申请{{ 案件类别 }}法律援助。经审查，申请人的申请不符合"
        "法律援助条件，理由如下：",
        "（此处写明不符合的条件及其事实，如申请事项不属于法律援助法第三十一条至第三十三条规定的"
        "范围，或者申请人不符合经济困难标准。）",
        f"根据{LAW}第四十三条第一款的规定，本机构决定不给予申请人法律援助。",
        OBJECTION.format(who="申请人"),
    ),
)

# 第四十三条第一款 (appoint within 3 days of the decision), 第三十六条 (of the organ's notice),
# 第四十六条 (no refusal or delay; keep the 受援人 informed), 第五十条 (report when done).
APPOINTMENT = CaseDocument(
    key="appointment",
    title="指派通知书",
    word="援指字",
    basis="法律援助法第四十三条第一款、第三十六条",
    step="appoint",
    when=lambda record: record.appointment_date is not None,
    recipient="法律援助人员",
    body=(
        to("{{ 法律援助人员 }}："),
        GIVEN + "。根据" + LAW + "{% if 决定日期 %}第四十三条第一款{% else %}第三十六条{% endif %}"
        "的规定，现指派你（单位）承办该{{ 案件类别 }}法律援助事项。",
        "请及时与受援人联系，依法提供法律援助服务。法律援助人员接受指派后，无正当理由不得拒绝、"
        "拖延或者终止提供法律援助服务，应当按照规定向受援人通报法律援助事项办理情况，不得损害"
        f"受援人合法权益（{LAW}第四十六条）。",
        "法律援助事项办理结束后，应当及时向本机构报告，提交有关法律文书的副本或者复印件、办理"
        f"情况报告等材料（{LAW}第五十条）。",
    ),
    table=(
        row("受援人", "{{ 受援人 }}"),
        row("公民身份号码", "{{ 受援人身份证号 }}"),
        row("案件类别", "{{ 案件类别 }}"),
        row("援助途径", "{{ 援助途径 }}"),
        row("指派日期", "{{ 指派日期 }}"),
    ),
)

# fazhi holds neither the case-handling organ nor its 案号: the addressee is left for the
# officer to write, and the 公函 shows 待送达 until its delivery (and the organ that signed for
# it) is recorded. 第三十六条 requires telling the notifying organ; for applied cases the 公函
# is the practice of the formats (◐ docs/domain/case-documents.md).
LETTER = CaseDocument(
    key="letter",
    title="法律援助公函",
    word="援函字",
    basis="法律援助法第三十六条、第四十三条第一款",
    step="appoint",
    when=lambda record: (
        record.appointment_date is not None and record.category != AidCategory.NON_LITIGATION
    ),
    recipient="办案机关",
    values=lambda record: {"办案机关": "（办案机关名称）"},
    names=("办案机关",),
    body=(
        to("{{ 办案机关 }}："),
        GIVEN + "，现指派{{ 法律援助人员 }}为其提供法律援助。",
        "（此处写明案由、案号及所处诉讼阶段。）",
        "特此函告。",
    ),
)

# 第四十八条 (eight grounds, the officer names the item and the facts), 第四十九条 (objection).
TERMINATION = CaseDocument(
    key="termination",
    title="终止法律援助决定书",
    word="援终字",
    basis="法律援助法第四十八条、第四十九条",
    when=lambda record: rules.is_granted(record) and record.closed_date is None,
    recipient="受援人",
    body=(
        to("受援人：{{ 受援人 }}。"),
        GIVEN + "{% if 法律援助人员 %}，指派{{ 法律援助人员 }}承办{% endif %}。",
        "经查，（此处写明属于法律援助法第四十八条第一款第几项规定的情形及其事实。）",
        f"根据{LAW}第四十八条的规定，本机构决定终止对受援人的法律援助。",
        OBJECTION.format(who="受援人"),
    ),
)

LEGAL_AID_FILE = CaseFile(
    register="legal_aid",
    documents=(SUPPLEMENT, GRANT, REFUSAL, APPOINTMENT, LETTER, TERMINATION),
    values=aid_values,
    names=AID_NAMES,
    organ=lambda case: organ_of_kind(UnitKind.LEGAL_AID_CENTER)(case).name,
    # 法律援助法第四十三条: the 法律援助机构 decides and appoints; its documents are its own.
    issuer=organ_of_kind(UnitKind.LEGAL_AID_CENTER),
    issuer_kinds=(UnitKind.LEGAL_AID_CENTER, *BUREAUS),
    take_step=actions.record_step,
)


# --- 公证 --------------------------------------------------------------------------------


def _yuan(amount) -> str:
    """An amount as the notice prints it, the same whether read back or just entered: 200.00."""
    return f"{amount:.2f}" if amount else ""


def notary_values(record) -> dict:
    return {
        "申请人": record.applicant,
        "公证事项": record.get_matter_display(),
        "受理日期": record.accepted_date,
        "出证期限": notarization_rules.issue_deadline(record).date,
        "应收公证费": _yuan(record.fee_due),
        "减免原因": record.get_waiver_reason_display() if record.waiver_reason else "",
        "减免金额": _yuan(notarization_rules.waived_amount(record)),
    }


NOTARY_NAMES = ("申请人", "公证事项", "受理日期", "出证期限", "应收公证费", "减免原因", "减免金额")


def _pending(record) -> bool:
    return record.issued_date is None


# The 2006 公证程序规则 第二十条 required a 受理通知单 with a 回执 the applicant signs; 司法部令
# 第145号 (2020) deleted that article (◐ a translation of the amending order, item 三,
# https://castglobal-china.biz/laws/8041?type=jp). The notice is kept as practice; what it says
# rests on 公证法 第二十七条第一款 (true account, sufficient proof), 第三十条 (fifteen working
# days from acceptance, the excluded time) and 第三十四条 (fee; reduced for legal-aid cases).
ACCEPTANCE = CaseDocument(
    key="acceptance",
    title="受理通知书",
    word="公受字",
    basis="公证法第二十七条、第三十条、第三十四条",
    recipient="申请人",
    body=(
        to("{{ 申请人 }}："),
        "你（单位）申请办理的{{ 公证事项 }}公证，本机构已于{{ 受理日期 }}受理。",
        "你（单位）应当如实说明申请公证的事项的有关情况，提供真实、合法、充分的证明材料；提供的"
        f"证明材料不充分的，本机构可以要求补充（{NOTARY_LAW}第二十七条第一款）。",
        "本机构经审查，认为申请提供的证明材料真实、合法、充分，申请公证的事项真实、合法的，将自"
        "受理之日起十五个工作日内{% if 出证期限 %}（{{ 出证期限 }}前）{% endif %}出具公证书；"
        "因不可抗力、补充证明材料或者需要核实有关情况的，所需时间不计算在期限内"
        f"（{NOTARY_LAW}第三十条）。",
        "{% if 应收公证费 %}本事项应收公证费{{ 应收公证费 }}元{% if 减免原因 %}，"
        "因{{ 减免原因 }}减免{{ 减免金额 }}元{% endif %}。{% endif %}",
    ),
    table=(
        row("申请人", "{{ 申请人 }}"),
        row("公证事项", "{{ 公证事项 }}"),
        row("受理日期", "{{ 受理日期 }}"),
        row("承办人", "{{ 承办人 }}"),
        row("提交的主要材料", "（由承办人填写）"),
    ),
)

# 公证法第三十一条 (nine grounds); the rule's article on the written notice, the head's approval
# and the refund "根据不予办理的原因及责任，酌情退还部分或者全部收取的公证费" (◐ wording seen at
# http://m.ccschy.com/techan/206495.html) is 第四十八条 in the 2006 text; 司法部令第145号
# renumbered the rule (it deleted 第二十条), so its 2020 number is not cited until read.
NOT_HANDLED = CaseDocument(
    key="refusal",
    title="不予办理公证通知书",
    word="公不字",
    basis="公证法第三十一条；公证程序规则（不予办理公证）",
    when=_pending,
    recipient="申请人",
    body=(
        to("{{ 申请人 }}："),
        "你（单位）申请办理的{{ 公证事项 }}公证，本机构于{{ 受理日期 }}受理。经审查，有下列情形：",
        "（此处写明属于公证法第三十一条第几项规定的情形及其事实。）",
        f"根据{NOTARY_LAW}第三十一条和《公证程序规则》的规定，本机构决定不予办理该项公证。",
        "已收取的公证费，本机构根据不予办理的原因及责任，酌情退还（此处写明退还的金额）。",
    ),
)

# The rule's grounds to end a matter (◐: not finishable within six months through the party,
# withdrawal before the certificate, the applicant's death or dissolution, obstruction, other) are
# 第五十条 of the 2006 text as remembered (docs/domain/case-documents.md); not read, and renumbered
# in 2020: the notice cites the rule without an article, and says nothing of the fee beyond what
# the officer writes.
TERMINATED = CaseDocument(
    key="termination",
    title="终止公证通知书",
    word="公终字",
    basis="公证程序规则（终止公证）",
    when=_pending,
    recipient="申请人",
    body=(
        to("{{ 申请人 }}："),
        "你（单位）申请办理的{{ 公证事项 }}公证，本机构于{{ 受理日期 }}受理。因（此处写明终止的"
        "情形及其事实。），根据《公证程序规则》的规定，本机构决定终止办理该项公证。",
        "已收取的公证费的处理：（此处写明。）",
    ),
)

NOTARIZATION_FILE = CaseFile(
    register="notarization",
    documents=(ACCEPTANCE, NOT_HANDLED, TERMINATED),
    values=notary_values,
    names=NOTARY_NAMES,
    organ=lambda case: organ_of_kind(UnitKind.NOTARY_OFFICE)(case).name,
    # 公证法第六条: the 公证机构 handles the matter; its notices are its own.
    issuer=organ_of_kind(UnitKind.NOTARY_OFFICE),
    issuer_kinds=(UnitKind.NOTARY_OFFICE, *BUREAUS),
    take_step=actions.record_notarization_step,
)
