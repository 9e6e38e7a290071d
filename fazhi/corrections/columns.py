"""The two registers' Excel columns (the domain file's order) and their declarations.

Beyond the domain file, the subject's template has 居住地址 (kept encrypted) and the dates of
losing and regaining contact, which 脱管 in a period is computed from.
"""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.encrypted import id_number_search
from fazhi.core.registers import Register

from . import links, rules
from .models import CorrectionsActivity, CorrectionsSubject

SUBJECT_COLUMNS = bind(
    CorrectionsSubject,
    [
        Column("矫正编号", "number", required=True),
        Column("姓名", "name", required=True),
        Column("身份证号", "id_number", required=True),
        Column("居住地址", "address"),
        Column("性别", "gender"),
        Column("矫正类别", "category", required=True),
        Column("罪名", "offence"),
        Column("判决生效日期", "judgment_effective_date", required=True, past_only=True),
        Column("报到日期", "reported_date", past_only=True),
        Column("矫正起始日期", "start_date", required=True),
        Column("矫正终止日期", "end_date", required=True),
        Column("管理等级", "level"),
        Column("执行地司法所", "office_code", required=True, help="司法所的单位代码"),
        Column("状态", "status", required=True),
        Column("解除日期", "ended_date", past_only=True),
        Column("是否重新犯罪", "reoffended"),
        Column("失去联系日期", "lost_contact_date", past_only=True),
        Column("恢复联系日期", "contact_restored_date", past_only=True),
        UNIT_COLUMN,
    ],
)

ACTIVITY_COLUMNS = bind(
    CorrectionsActivity,
    [
        Column("活动编号", "number", required=True),
        Column("活动日期", "held_date", required=True, past_only=True),
        Column("活动类别", "category", required=True),
        Column("活动主题", "theme", required=True),
        Column("参加人次", "person_times", required=True),
        UNIT_COLUMN,
    ],
)


def subject_computed(record, today=None) -> dict[str, str]:
    return rules.computed(record, today or timezone.localdate())


SUBJECT_REGISTER = Register(
    name="corrections_subject",
    model=CorrectionsSubject,
    label="社区矫正对象",
    columns=SUBJECT_COLUMNS,
    # Every column, and the 执行地司法所 and 承办人 the form picks from lists.
    editable=(*(c.field for c in SUBJECT_COLUMNS), "office", "officer"),
    check=rules.check,
    computed=subject_computed,
    derive=rules.derive,
    resolve=links.resolve_subjects,
    links_from=("office_code", "office", "id_number", "status", "unit"),
    sensitive={"name": "name", "id_number": "id_number", "address": "address", "offence": "text"},
    ended_field="ended_date",  # 解除（终止）日期
    retention_years=10,  # the bureau's choice (core/retention.py), FAZHI_RETENTION_YEARS
    sample={
        "矫正编号": "古矫2024001",
        "姓名": "张某某",
        "身份证号": "11010519491231002X",
        "居住地址": "古丈县古阳镇某某村3组",
        "性别": "男",
        "矫正类别": "缓刑",
        "罪名": "危险驾驶罪",
        "判决生效日期": "2024-03-01",
        "报到日期": "2024-03-06",
        "矫正起始日期": "2024-03-01",
        "矫正终止日期": "2025-02-28",
        "管理等级": "普管",
        "执行地司法所": "433126-S01",
        "状态": "在矫",
        "解除日期": "",
        "是否重新犯罪": "否",
        "失去联系日期": "",
        "恢复联系日期": "",
        UNIT_CODE_HEADER: "433126-S01",
    },
    date_field="start_date",
    search_fields=("number", "name"),
    search_hook=id_number_search,
    search_hook_label="身份证号",
    filters=("status", "category"),
)

ACTIVITY_REGISTER = Register(
    name="corrections_activity",
    model=CorrectionsActivity,
    label="教育帮扶活动",
    columns=ACTIVITY_COLUMNS,
    sample={
        "活动编号": "古矫教2024001",
        "活动日期": "2024-04-15",
        "活动类别": "集中学习课堂",
        "活动主题": "宪法学习",
        "参加人次": "25",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="held_date",
    search_fields=("number", "theme"),
    filters=("category",),
)
