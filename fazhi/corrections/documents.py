"""The case documents of a 社区矫正对象 (issue 20; docs/domain/case-documents.md "## 社区矫正").

Sources, checked against shared/reference/laws/社区矫正法(2019-12-28).md:
- 入矫宣告书: 社区矫正法第二十二条 (the 机构 宣告 the crime, the term and the rules to obey),
  with what the subject is told from 第二十三条 (rules), 第二十五条 (矫正小组), 第二十八条第一款
  (consequences) and 第三十四条 (rights).
- 社区矫正责任书: 第二十五条 (the 机构 sets up a 矫正小组 that carries out the 矫正方案; a woman
  in it for a woman). That a 责任书 is signed with the group is a 实施办法 rule not yet read.
- 训诫决定书 / 警告决定书: 第二十八条第一款. Their grounds (实施办法, as a 温州 司法局 page
  repeats them: https://sifa.wenzhou.gov.cn/art/2022/3/9/art_1229621532_58926970.html) are
  "经司法所调查核实，由执行地县级社区矫正机构决定"; the article numbers of the 2020 实施办法
  were not reached, so the officer writes them in.
- 解除矫正宣告书: the three announcements by 矫正类别 of the 2012 实施办法第三十条
  (https://gudianfeng.com/new/zs6730549.html), which follow 刑法; the 2020 article is unread.
- 解除社区矫正证明书: 第四十四条 (the 机构 gives it to the subject when the term ends), a 存根
  kept on file and the 正本 given to him.

The app records no 奖惩, no 矫正小组, no court, judgment number or sentence: the documents
print what the record holds (the subject's identity, 罪名, 矫正类别, the term and its end) and
leave the rest for the officer, marked in （）. The 文种代字 (矫训字, 矫警字, 矫解字) are this
project's convention: the 2012 national formats leave the number as “（ ）字 号” for each organ.
"""

from django.core.exceptions import ValidationError

from fazhi.core.case_documents import CaseDocument, CaseFile, right, to
from fazhi.core.idnumber import birth_date_from_id_number
from fazhi.core.models import Unit, UnitKind

from .models import CorrectionsCategory, CorrectionsStatus

# A unit of the county bureau is its 社区矫正机构 when its name says so and it is an organ in
# its own name (a 管理局 or 局 set up under 社区矫正法第九条), not a 股 or 科 of the bureau.
AGENCY_MARK = "社区矫正"
AGENCY_ENDING = "局"

NAME, GENDER, BIRTH, ID_NUMBER, ADDRESS = "姓名", "性别", "出生日期", "身份证号", "居住地址"
CATEGORY, DECISION, OFFENCE, EFFECTIVE = "矫正类别", "矫正决定", "罪名", "判决生效日期"
START, END, ENDED, OFFICE = "矫正起始日期", "矫正终止日期", "解除日期", "执行地司法所"
ANNOUNCEMENT = "解矫宣告事项"
NAMES = (
    NAME, GENDER, BIRTH, ID_NUMBER, ADDRESS, CATEGORY, DECISION, OFFENCE, EFFECTIVE,
    START, END, ENDED, OFFICE,
)  # fmt: skip

# How each category came under corrections, in the words of 社区矫正法第十七条第一款
# (“判处管制、宣告缓刑、裁定假释、决定或者批准暂予监外执行”).
DECISIONS = {
    CorrectionsCategory.CONTROL: "判处管制",
    CorrectionsCategory.PROBATION: "宣告缓刑",
    CorrectionsCategory.PAROLE: "裁定假释",
    CorrectionsCategory.TEMPORARY_RELEASE: "决定（批准）暂予监外执行",
}
# What the 解矫宣告 announces, by category (2012 实施办法第三十条, following 刑法).
ANNOUNCEMENTS = {
    CorrectionsCategory.CONTROL: "执行期满，解除管制",
    CorrectionsCategory.PROBATION: "缓刑考验期满，原判刑罚不再执行",
    CorrectionsCategory.PAROLE: "考验期满，原判刑罚执行完毕",
}


def corrections_agency(record) -> Unit:
    """The county's 社区矫正机构 the documents are issued in the name of (社区矫正法第九条: the
    司法所 acts only on its entrustment): the bureau's own 社区矫正管理局 where the unit tree has
    one, else the bureau, the 县级司法行政部门 that then does the work itself."""
    bureau = record.unit.bureau() or record.unit
    sections = Unit.objects.filter(
        parent=bureau, kind=UnitKind.SECTION, name__contains=AGENCY_MARK
    ).order_by("path")
    agency = next((u for u in sections if u.name.endswith(AGENCY_ENDING)), None)
    return agency or bureau


def _birth_date(record):
    try:
        return birth_date_from_id_number(record.id_number or "")
    except ValidationError:
        return None  # an old record's number the check now refuses: the officer writes it


def subject_values(record) -> dict:
    """Everything the record holds about the subject and his term, by placeholder name."""
    category = record.category
    return {
        NAME: record.name,
        GENDER: record.get_gender_display() if record.gender else "",
        BIRTH: _birth_date(record),
        ID_NUMBER: record.id_number,
        ADDRESS: record.address,
        CATEGORY: record.get_category_display(),
        DECISION: DECISIONS.get(category, ""),
        OFFENCE: record.offence,
        EFFECTIVE: record.judgment_effective_date,
        START: record.start_date,
        END: record.end_date,
        ENDED: record.ended_date,
        OFFICE: record.office.name if record.office_id else "",
    }


def is_supervised(record) -> bool:
    return record.status == CorrectionsStatus.SUPERVISED


def is_open(record) -> bool:
    """Under corrections now: a 训诫 or 警告 is for a subject still in his term, who may be out of
    contact (脱离监管 is itself a ground)."""
    return record.status in (CorrectionsStatus.SUPERVISED, CorrectionsStatus.LOST_CONTACT)


def is_released(record) -> bool:
    """解除矫正 at the end of the term. Not for 暂予监外执行: at the end of the sentence the
    prison or jail releases him (2012 实施办法第三十条 ◐), and the 解矫宣告 has no words for it."""
    return (
        record.status == CorrectionsStatus.RELEASED
        and record.ended_date is not None
        and record.category in ANNOUNCEMENTS
    )


# --- the paragraphs the documents share ------------------------------------------------------

PERSON = (
    "社区矫正对象{{ 姓名 }}{% if 性别 %}，{{ 性别 }}{% endif %}"
    "{% if 出生日期 %}，{{ 出生日期 }}出生{% endif %}，公民身份号码{{ 身份证号 }}"
    "{% if 居住地址 %}，居住地{{ 居住地址 }}{% endif %}。"
)
CONVICTION = (
    "{{ 姓名 }}因犯{% if 罪名 %}{{ 罪名 }}{% else %}（罪名）{% endif %}，"
    "经（此处写明社区矫正决定机关及判决书、裁定书或者决定书的文号）{{ 矫正决定 }}，"
    "于{{ 判决生效日期 }}发生法律效力，依法实行社区矫正，矫正类别为{{ 矫正类别 }}，"
    "社区矫正期限自{{ 矫正起始日期 }}起至{{ 矫正终止日期 }}止，执行地为{{ 执行地司法所 }}。"
)
# 社区矫正法第三十四条第二款, as the article says it.
RIGHTS = (
    "{{ 姓名 }}认为其合法权益受到侵害的，有权向人民检察院或者有关机关申诉、控告和检举"
    "（《中华人民共和国社区矫正法》第三十四条第二款）。"
)
SUBJECT_SIGNS = right("社区矫正对象（签名）：　　　　　　　　年　　月　　日")


def _penalty(kind: str) -> tuple:
    """The body of a 训诫 or 警告决定书 (社区矫正法第二十八条第一款): who, what he did (the
    officer writes it, with the evidence and the 实施办法's ground), the decision, his rights."""
    return (
        PERSON,
        CONVICTION,
        "经司法所调查核实，{{ 姓名 }}在社区矫正期间有下列违反监督管理规定的行为："
        "（此处写明违反监督管理规定或者人民法院禁止令的时间、地点、事实和证据。）",
        "依照《中华人民共和国社区矫正法》第二十八条第一款"
        "（及此处写明《中华人民共和国社区矫正法实施办法》的条款项）的规定，"
        f"决定给予社区矫正对象{{{{ 姓名 }}}}{kind}。",
        RIGHTS,
    )


ADMISSION = CaseDocument(
    key="admission",
    title="入矫宣告书",
    basis="社区矫正法第二十二条",
    when=is_supervised,
    body=(
        to("社区矫正对象{{ 姓名 }}："),
        PERSON,
        CONVICTION,
        "依照《中华人民共和国社区矫正法》第二十二条的规定，现向你宣告如下：",
        "一、你的犯罪事实：（此处写明判决书、裁定书认定的犯罪事实。）",
        "二、社区矫正期限：自{{ 矫正起始日期 }}起至{{ 矫正终止日期 }}止。",
        # 第二十三条, as the article says it.
        "三、社区矫正期间，你应当遵守法律、行政法规，履行判决、裁定、暂予监外执行决定等法律文书"
        "确定的义务，遵守国务院司法行政部门关于报告、会客、外出、迁居、保外就医等监督管理规定，"
        "服从社区矫正机构的管理（《中华人民共和国社区矫正法》第二十三条）。"
        "（人民法院宣告禁止令的，此处写明禁止令的内容和期限。）",
        # 第二十八条第一款, its last sentence.
        "四、违反法律法规或者监督管理规定的，社区矫正机构将视情节依法给予训诫、警告、"
        "提请公安机关予以治安管理处罚，或者依法提请撤销缓刑、撤销假释、对暂予监外执行的收监执行"
        "（《中华人民共和国社区矫正法》第二十八条第一款）。",
        "五、社区矫正期间，你的合法权益受法律保护；认为合法权益受到侵害的，有权向人民检察院或者"
        "有关机关申诉、控告和检举（《中华人民共和国社区矫正法》第三十四条）。",
        "六、你的矫正小组由（此处写明矫正小组成员的姓名、单位和职责）组成，负责落实你的矫正方案"
        "（《中华人民共和国社区矫正法》第二十五条）。",
        "宣告地点：（此处写明）　　宣告人：（此处写明）",
        "以上内容已向我宣告，我已知悉。",
        SUBJECT_SIGNS,
    ),
)

RESPONSIBILITY = CaseDocument(
    key="responsibility",
    title="社区矫正责任书",
    basis="社区矫正法第二十五条",
    when=is_supervised,
    body=(
        "为落实社区矫正对象{{ 姓名 }}的矫正方案，依照《中华人民共和国社区矫正法》第二十五条的"
        "规定，{{ 发文机关 }}为其确定矫正小组，矫正小组负责落实相应的矫正方案。"
        # 第二十五条第二款, as the article says it, for a woman only.
        "{% if 性别 == '女' %}社区矫正对象为女性的，矫正小组中应有女性成员"
        "（《中华人民共和国社区矫正法》第二十五条第二款）。{% endif %}",
        "矫正小组成员的责任：（此处写明矫正方案的要点和各成员的责任、义务。）",
    ),
    table=(
        ("社区矫正对象", "{{ 姓名 }}"),
        ("性别", "{{ 性别 }}"),
        ("公民身份号码", "{{ 身份证号 }}"),
        ("居住地", "{{ 居住地址 }}"),
        ("矫正类别", "{{ 矫正类别 }}"),
        ("社区矫正期限", "{{ 矫正起始日期 }}至{{ 矫正终止日期 }}"),
        ("执行地", "{{ 执行地司法所 }}"),
        ("矫正小组成员（姓名、单位、职务）", ""),
        ("矫正小组成员签名", ""),
    ),
)

ADMONITION = CaseDocument(
    key="admonition",
    title="训诫决定书",
    word="矫训字",
    basis="社区矫正法第二十八条第一款、社区矫正法实施办法",
    when=is_open,
    recipient=NAME,
    body=_penalty("训诫"),
)

WARNING = CaseDocument(
    key="warning",
    title="警告决定书",
    word="矫警字",
    basis="社区矫正法第二十八条第一款、社区矫正法实施办法",
    when=is_open,
    recipient=NAME,
    body=_penalty("警告"),
)

RELEASE_ANNOUNCEMENT = CaseDocument(
    key="release_announcement",
    title="解除矫正宣告书",
    basis="社区矫正法实施办法（解矫宣告）、社区矫正法第四十四条",
    when=is_released,
    body=(
        PERSON,
        CONVICTION,
        "（此处宣读对社区矫正对象的鉴定意见。）",
        "现宣告：{{ 姓名 }}社区矫正期限届满，依法解除社区矫正；{{ 解矫宣告事项 }}。",
        "以上内容已向我宣告，我已知悉。",
        SUBJECT_SIGNS,
    ),
    values=lambda record: {ANNOUNCEMENT: ANNOUNCEMENTS.get(record.category, "")},
    names=(ANNOUNCEMENT,),
)

CERTIFICATE = CaseDocument(
    key="certificate",
    title="解除社区矫正证明书",
    word="矫解字",
    basis="社区矫正法第四十四条",
    when=is_released,
    recipient=NAME,
    body=(
        PERSON,
        CONVICTION,
        "该社区矫正对象矫正期满，依照《中华人民共和国社区矫正法》第四十四条的规定，"
        "于{{ 解除日期 }}解除社区矫正。",
        "特此证明。",
    ),
    # The 存根 stays in the file: who received the 正本 signs it (2012-era formats ◐).
    stub=(
        ("社区矫正对象", "{{ 姓名 }}"),
        ("性别", "{{ 性别 }}"),
        ("公民身份号码", "{{ 身份证号 }}"),
        ("居住地", "{{ 居住地址 }}"),
        ("罪名", "{{ 罪名 }}"),
        ("矫正类别", "{{ 矫正类别 }}"),
        ("社区矫正期限", "{{ 矫正起始日期 }}至{{ 矫正终止日期 }}"),
        ("解除日期", "{{ 解除日期 }}"),
        ("执行地", "{{ 执行地司法所 }}"),
        ("发证日期", "{{ 成文日期 }}"),
        ("承办人", "{{ 承办人 }}"),
        ("领取人签名及联系电话", ""),
    ),
)

CASE_FILE = CaseFile(
    register="corrections_subject",
    documents=(ADMISSION, RESPONSIBILITY, ADMONITION, WARNING, RELEASE_ANNOUNCEMENT, CERTIFICATE),
    values=subject_values,
    names=NAMES,
    organ=lambda record: corrections_agency(record).name,
)
