"""人民调解's case documents (issue 20): the forms of 司法部《关于印发人民调解文书格式和统计报表的
通知》(2010年12月) that a 人民调解委员会 keeps in a case's file (人民调解法 第二十七条 “将调解
登记、调解工作记录、调解协议书等材料立卷归档”), declared once for core/case_documents.py.

Every document is the committee's: it is made by the 人民调解委员会 that mediated and carries its
seal (第二十九条第二款 “加盖人民调解委员会印章”), so the organ printed is the record's committee,
never the county bureau. None is delivered with a 回证 (the parties sign in person); the one
period of the register, the 30 days to ask a court for 司法确认 (第三十三条), runs from the
agreement taking effect and is printed on the 协议书 as the rules compute it.

The record holds no party's name or address (only 当事人数), so every line about a party is left
for the mediator to write in Word or by hand, as the format's blank lines are. The format's
fields are from the 2010 format as a county's 调解卷宗 reproduces it
(https://bdocx.com/doc/4951888.html) and a county's notes on filling it in
(http://www.yunnanlong.com/c/051HTA942023_3.html); the sentences that state the law follow
人民调解法 (shared/reference/laws/人民调解法(2010-08-28).md) article by article.
"""

from decimal import Decimal

from fazhi.core.case_documents import CaseDocument, CaseFile, cn_date, heading, right, row
from fazhi.core.models import IssuedDocument, UnitKind
from fazhi.core.workdays import is_provisional

from . import actions, rules
from .models import AgreementForm, Result, Source

REGISTER = "mediation"
# The 协议书's 文种代字: with the default pattern it reads 调字〔2026〕1号, the format's
# “（年份）人调字第×号” in today's GB/T 9704 way of writing a number.
AGREEMENT_WORD = "调字"
AGREEMENT = "agreement"
BLANK_DATE = "　　年　　月　　日"
SIGN = "（签名、盖章或者按指印）"

# --- when the record's facts call for a document ------------------------------------------


def _applied(case) -> bool:
    """第十七条: a party may apply, or the committee may mediate of its own motion; a case the
    committee took up itself (主动调解) has no application."""
    return case.source != Source.ACTIVE


def _succeeded(case) -> bool:
    return case.status == Result.SUCCEEDED


def _written(case) -> bool:
    """第二十八条: a 协议书 is made where the parties reached a written agreement."""
    return _succeeded(case) and case.agreement_form == AgreementForm.WRITTEN


def _oral(case) -> bool:
    """第二十八条: the parties may agree orally, the mediator recording what they agreed."""
    return _succeeded(case) and case.agreement_form == AgreementForm.ORAL


def _closed(case) -> bool:
    """The file is bound (立卷) once the mediation has ended, in success or not."""
    return case.status != Result.ONGOING


# --- the values ----------------------------------------------------------------------------


def committee_name(case) -> str:
    """The 人民调解委员会 that mediated: the record's committee (调解组织), else its unit, which
    for a case a committee enters itself is the committee."""
    return (case.committee or case.unit).name


NAMES = (
    "受理日期",
    "纠纷类型",
    "案件来源",
    "当事人数",
    "涉及金额",
    "调解员",
    "调解结果",
    "协议形式",
    "结案日期",
)


def case_values(case) -> dict:
    return {
        "受理日期": case.received_date,
        "纠纷类型": case.get_dispute_type_display(),
        "案件来源": case.get_source_display() if case.source else "",
        "当事人数": f"{case.parties}人" if case.parties else "",
        "涉及金额": f"{Decimal(case.amount):.2f}元" if case.amount is not None else "",
        "调解员": case.mediator,
        "调解结果": case.get_status_display(),
        "协议形式": case.get_agreement_form_display() if case.agreement_form else "",
        "结案日期": case.closed_date,
    }


def confirmation_last_day(case) -> str:
    """The last day of the parties' 30 days to apply jointly for 司法确认 (第三十三条), as the
    rules compute it from the day the agreement took effect; 暂定 while that year's holidays
    are not entered, "" when the calendar cannot give it."""
    found = rules.confirmation_deadline(case)
    if found is None or found.date is None:
        return ""
    return cn_date(found.date) + ("（暂定）" if is_provisional(found.date) else "")


def agreement_values(case) -> dict:
    return {"司法确认申请期限": confirmation_last_day(case)}


def session_result(case) -> str:
    """The result as the 调解记录 states it. A failed mediation ends with the 第二十六条 notice:
    “调解不成的，应当终止调解，并…告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利”."""
    if case.status == Result.FAILED:
        return (
            "调解不成，已终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。"
        )
    if case.status == Result.SUCCEEDED:
        form = case.get_agreement_form_display() if case.agreement_form else "调解协议"
        return f"调解成功，当事人达成{form}。"
    return ""


def record_values(case) -> dict:
    return {"调解结果记载": session_result(case)}


def agreement_number(case) -> str:
    """The 回访记录's 调解协议编号 is “同《协议书》的编号” (yunnanlong.com, above): the number of
    the case's latest 协议书 not cancelled, "" when none was issued here (an oral agreement)."""
    issued = (
        IssuedDocument.objects.filter(
            register=REGISTER,
            record_id=case.pk,
            kind=f"{REGISTER}.{AGREEMENT}",
            cancelled_at__isnull=True,
        )
        .order_by("-issued_on", "-id")
        .first()
    )
    return issued.number if issued else ""


def visit_values(case) -> dict:
    return {"调解协议编号": agreement_number(case)}


# --- the documents -------------------------------------------------------------------------


def _person(role: str) -> tuple:
    """A party's lines as the format's 申请书 asks them; the record holds none of them."""
    return (
        row(f"{role}姓名", ""),
        row("性别、民族、年龄", ""),
        row("职业或职务", ""),
        row("联系方式", ""),
        row("单位或住址", ""),
    )


APPLICATION = CaseDocument(
    key="application",
    title="人民调解申请书",
    basis="人民调解法第十七条",
    when=_applied,
    signed=False,  # the applicant's own: he signs it, the committee does not
    table=(
        *_person("申请人"),
        *_person("被申请人"),
        row("纠纷简要情况", ""),
        row("申请事项", "1．　　　　2．　　　　3．"),
        row(
            "申请人声明",
            "{{ 发文机关 }}已将申请人民调解的有关规定告知本人，本人自愿申请{{ 发文机关 }}调解。",
        ),
        row(f"申请人{SIGN}", ""),
        row("申请日期", BLANK_DATE),
    ),
)

# 第十七条 (the parties' consent: one side's refusal forbids mediation), 第十九条 (the mediator
# named), 第二十七条 (调解登记 goes into the file).
REGISTRATION = CaseDocument(
    key="registration",
    title="人民调解受理登记表",
    basis="人民调解法第十七条、第二十七条",
    body=(
        "{{ 受理日期 }}，本委员会经当事人同意，受理　　　　与　　　　之间的{{ 纠纷类型 }}纠纷。",
    ),
    table=(
        row("调解编号", "{{ 案件编号 }}"),
        row("受理日期", "{{ 受理日期 }}"),
        row("纠纷类型", "{{ 纠纷类型 }}"),
        row("案件来源", "{{ 案件来源 }}"),
        row("当事人数", "{{ 当事人数 }}"),
        row("涉及金额", "{{ 涉及金额 }}"),
        row("人民调解员", "{{ 调解员 }}"),
        row("纠纷简要情况", ""),
        row("当事人（签名）", ""),
        row("登记人（签名）", ""),
        row("备注", ""),
    ),
)

# Told before mediation begins. Each sentence is the article it cites: 第七条 (nature), 第四条
# (free), 第三条 (principles), 第十七条 (refusal), 第二十九条第二款 and 第三十条 (when an agreement
# takes effect), 第三十一条第一款 (binding), 第三十三条第一款 (司法确认), 第二十三条 (rights),
# 第二十四条 (duties).
NOTICE = CaseDocument(
    key="notice",
    title="人民调解当事人权利义务告知书",
    basis="人民调解法第二十三条、第二十四条",
    body=(
        "根据《中华人民共和国人民调解法》，现将人民调解委员会的性质、调解的原则和调解协议的"
        "效力，以及当事人在人民调解活动中享有的权利和应当履行的义务告知如下：",
        heading("一、人民调解委员会的性质"),
        "人民调解委员会是依法设立的调解民间纠纷的群众性组织。人民调解委员会调解民间纠纷，"
        "不收取任何费用。",
        heading("二、调解的原则"),
        "（一）在当事人自愿、平等的基础上进行调解；（二）不违背法律、法规和国家政策；（三）尊重"
        "当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。"
        "当事人一方明确拒绝调解的，不得调解。",
        heading("三、调解协议的效力"),
        "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。调解协议书"
        "自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效；"
        "口头调解协议自各方当事人达成协议之日起生效。双方当事人认为有必要的，可以自调解协议"
        "生效之日起三十日内共同向人民法院申请司法确认。",
        heading("四、当事人享有的权利"),
        "（一）选择或者接受人民调解员；（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解"
        "公开进行或者不公开进行；（四）自主表达意愿、自愿达成调解协议。",
        heading("五、当事人应当履行的义务"),
        "（一）如实陈述纠纷事实；（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人"
        "行使权利。",
    ),
    table=(
        row("调解编号", "{{ 案件编号 }}"),
        row(f"当事人{SIGN}（已知悉以上内容）", ""),
        row("告知日期", BLANK_DATE),
    ),
)

# 第二十七条 “人民调解员应当记录调解情况”; 第十九条 (the mediator), 第二十条 (others invited
# with the parties' consent), 第二十六条 (a failed mediation ends with the notice of other ways).
RECORD = CaseDocument(
    key="record",
    title="人民调解记录",
    basis="人民调解法第二十七条",
    signed=False,  # signed by the mediator, the parties and the clerk in its rows
    values=record_values,
    names=("调解结果记载",),
    table=(
        row("调解编号", "{{ 案件编号 }}"),
        row("纠纷类型", "{{ 纠纷类型 }}"),
        row("调解时间", ""),
        row("调解地点", ""),
        row("人民调解员", "{{ 调解员 }}"),
        row("当事人", ""),
        row("参加调解人员", ""),
        row("调解情况", "（此处记录当事人的陈述、人民调解员的工作和当事人的意见。）"),
        row("调解结果", "{{ 调解结果记载 }}"),
        row("当事人（签名）", ""),
        row("人民调解员（签名）", ""),
        row("记录人（签名）", ""),
    ),
)

# 第二十九条第一款: what it may state, (一) to (三); 第二款: when it takes effect and its copies;
# 第三十一条第一款: binding; 第三十三条第一款: 司法确认 within 30 days of taking effect, jointly,
# the last day as rules.confirmation_deadline computes it (calendar days, a rest day moving it).
AGREEMENT_DOCUMENT = CaseDocument(
    key=AGREEMENT,
    title="人民调解协议书",
    word=AGREEMENT_WORD,
    basis="人民调解法第二十八条、第二十九条、第三十三条",
    when=_written,
    values=agreement_values,
    names=("司法确认申请期限",),
    body=(
        heading("一、当事人的基本情况"),
        "（此处写明各方当事人的姓名或者名称、性别、民族、年龄、职业或职务、联系方式、单位或住址。）",
        heading("二、纠纷的主要事实、争议事项以及各方当事人的责任"),
        "纠纷类型：{{ 纠纷类型 }}{% if 涉及金额 %}；涉及金额：{{ 涉及金额 }}{% endif %}。",
        "（此处写明纠纷的主要事实、争议事项以及各方当事人的责任。）",
        heading("三、协议的内容，履行的方式、期限"),
        "经{{ 发文机关 }}调解，各方当事人自愿达成如下协议：",
        "（此处逐项写明协议的内容，以及履行的方式、期限。）",
        "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起"
        "生效。本协议由当事人各执一份，{{ 发文机关 }}留存一份。经人民调解委员会调解达成的调解"
        "协议，具有法律约束力，当事人应当按照约定履行。",
        "双方当事人认为有必要的，可以自本协议生效之日起三十日内"
        "{% if 司法确认申请期限 %}（至{{ 司法确认申请期限 }}止）{% endif %}"
        "共同向人民法院申请司法确认。",
    ),
    table=(
        row(f"当事人{SIGN}", ""),
        row("人民调解员（签名）", "{{ 调解员 }}"),
        row("记录人（签名）", ""),
    ),
)

# 第二十八条 “当事人认为无需制作调解协议书的，可以采取口头协议方式，人民调解员应当记录协议
# 内容”; 第三十条 “口头调解协议自各方当事人达成协议之日起生效”. Its fields follow the 协议书
# (“参照协议书填写”, yunnanlong.com). No 司法确认 line: the rules give an oral agreement no window
# (法释〔2011〕5号 第三条 asks for the 调解协议; see rules.confirmation_deadline).
ORAL = CaseDocument(
    key="oral",
    title="人民调解口头协议登记表",
    basis="人民调解法第二十八条、第三十条",
    when=_oral,
    body=(
        "经{{ 发文机关 }}调解，当事人达成口头调解协议，认为无需制作调解协议书。人民调解员记录"
        "协议内容如下。口头调解协议自各方当事人达成协议之日起生效。",
    ),
    table=(
        row("调解编号", "{{ 案件编号 }}"),
        row("纠纷类型", "{{ 纠纷类型 }}"),
        row("当事人", ""),
        row("纠纷简要情况", ""),
        row("协议内容", ""),
        row("履行的方式、期限", ""),
        row("结案日期", "{{ 结案日期 }}"),
        row("人民调解员（签名）", "{{ 调解员 }}"),
        row("记录人（签名）", ""),
    ),
)

# 第三十一条第二款: the committee supervises the agreement's performance. Fields as a county's
# notes describe them (yunnanlong.com): the party visited, the agreement's number, the dispute,
# how it was performed and whether the parties are content, 回访人 and date.
VISIT = CaseDocument(
    key="visit",
    title="人民调解回访记录",
    basis="人民调解法第三十一条第二款",
    when=_succeeded,
    signed=False,  # signed by the 回访人 in its rows
    values=visit_values,
    names=("调解协议编号",),
    table=(
        row("调解编号", "{{ 案件编号 }}"),
        row("当事人", ""),
        row("调解协议编号", "{{ 调解协议编号 }}"),
        row("协议形式", "{{ 协议形式 }}"),
        row("回访事由", "{{ 纠纷类型 }}纠纷调解协议的履行"),
        row("结案日期", "{{ 结案日期 }}"),
        row(
            "回访情况",
            "（此处写明协议的履行情况、当事人对调解结果的满意程度，有无因协议履行或者协议内容"
            "向人民法院起诉，以及采取的措施。）",
        ),
        row("回访人（签名）", ""),
        row("回访日期", BLANK_DATE),
    ),
)

# 第二十七条: the file of a case. The cover's fields are the format's: 卷名, 卷号 (the case's
# 调解编号), 人民调解员, 调解日期 from–to, 立卷人, 立卷日期, 保管期限, 备注. No national rule fixes
# the 保管期限 (docs/domain/case-documents.md), so it is left to write.
COVER = CaseDocument(
    key="cover",
    title="卷宗封面",
    basis="人民调解法第二十七条",
    when=_closed,
    signed=False,
    table=(
        row("卷名", "　　　　与　　　　{{ 纠纷类型 }}纠纷"),
        row("卷号", "{{ 案件编号 }}"),
        row("当事人", ""),
        row("纠纷类型", "{{ 纠纷类型 }}"),
        row("人民调解员", "{{ 调解员 }}"),
        row("调解日期", "{{ 受理日期 }}至{{ 结案日期 }}"),
        row("调解结果", "{{ 调解结果 }}"),
        row("立卷人", ""),
        row("立卷日期", "{{ 成文日期 }}"),
        row("保管期限", ""),
        row("备注", ""),
    ),
)

# The format's 卷内目录, in its order; 必须 and 按需 are its marks of what every file holds and
# what only some do. A fixed form: the page numbers are written when the file is bound.
INDEX_ITEMS = (
    ("人民调解申请书或人民调解受理登记表", "必须"),
    ("人民调解当事人权利义务告知书", "必须"),
    ("当事人身份证明", "必须"),
    ("授权委托书", "按需"),
    ("人民调解调查记录", "按需"),
    ("人民调解证据材料", "按需"),
    ("人民调解记录", "必须"),
    ("人民调解协议书", "必须"),
    ("收条或汇款单等履行凭证", "按需"),
    ("人民调解回访记录", "按需"),
    ("司法确认有关材料", "按需"),
    ("卷宗情况说明", "按需"),
    ("封底", "必须"),
)

INDEX = CaseDocument(
    key="index",
    title="卷内目录",
    basis="人民调解法第二十七条",
    when=_closed,
    signed=False,
    body=(right("卷号：{{ 案件编号 }}"),),
    table=(
        row("序号　文书名称", "页号　　　备注"),
        *(
            row(f"{n}　{title}", f"　　　　　{need}")
            for n, (title, need) in enumerate(INDEX_ITEMS, start=1)
        ),
    ),
)

CASE_FILE = CaseFile(
    register=REGISTER,
    documents=(
        APPLICATION,
        REGISTRATION,
        NOTICE,
        RECORD,
        AGREEMENT_DOCUMENT,
        ORAL,
        VISIT,
        COVER,
        INDEX,
    ),
    values=case_values,
    names=NAMES,
    organ=committee_name,
    take_step=actions.record_step,
    # The committee numbers its own 协议书 (its seal, its 卷号), not the county bureau.
    issuer=lambda case: case.committee or case.unit,
    issuer_kinds=(UnitKind.MEDIATION_COMMITTEE,),
)
