"""The two registers' Excel columns (the domain page's fields) and their declarations.

The roster carries the officer's current 执法证 as columns, so that a department's whole roster
imports and exports as one sheet; the cards' history and exams are kept on the officer's page.
A training attendance is one row of a sign-in sheet.
"""

from django.utils import timezone

from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.encrypted import id_number_search
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import alerts, links, rules
from .models import EnforcementOfficer, TrainingAttendance

OFFICER_COLUMNS = bind(
    EnforcementOfficer,
    [
        Column("人员编号", "number", required=True),
        Column("姓名", "name", required=True),
        Column("身份证号", "id_number", required=True),
        Column("岗位", "post"),
        Column("是否在岗", "in_post", required=True),
        Column("编制类型", "staffing", required=True),
        Column("执法类别", "enforcement_category"),
        Column("执法区域", "enforcement_area"),
        Column("执法证号", "card_number", help="没有执法证的人员不填"),
        Column("发证机关", "card_issuer"),
        Column("发证日期", "card_issued_date", past_only=True),
        Column("有效期至", "card_valid_until", help="不填时按发证日期和有效年限计算"),
        Column(
            "证件状态",
            "card_state",
            help="新证为“有效”；暂扣、恢复、注销、吊销请在人员页面办理",
        ),
        UNIT_COLUMN,
    ],
)


def current_settings() -> dict:
    """The rules' settings, read once per save or import."""
    return rules.settings_from(RegisterSetting.objects.current())


def officer_computed(officer, today=None, settings=None) -> dict[str, str]:
    """证件当前状态 and 年审逾期 by the settings as configured (年审截止日期, whether 年审 is
    required). The exporter gives no settings (Register.computed takes the record alone), so
    they are read here, one query a row, until it passes them once per export."""
    today = today or timezone.localdate()
    settings = current_settings() if settings is None else settings
    return {
        "证件当前状态": rules.STATE_LABELS[rules.roster_state(officer, today)],
        "年审逾期": TRUE_LABEL
        if rules.roster_review_overdue(officer, today, settings)
        else FALSE_LABEL,
    }


OFFICER_REGISTER = Register(
    name="enforcement_officer",
    model=EnforcementOfficer,
    label="行政执法人员",
    columns=OFFICER_COLUMNS,
    check=rules.check,
    computed=officer_computed,
    derive=rules.derive,
    settings=current_settings,
    resolve=links.resolve_officers,
    # The card's number and state are checked against the cards (links.py) whenever they
    # change, and so is the person against the other rosters.
    links_from=("card_number", "card_state", "id_number", "in_post", "unit"),
    sensitive={"id_number": "id_number"},
    sample={
        "人员编号": "古市监执2024001",
        "姓名": "张某某",
        "身份证号": "11010519491231002X",
        "岗位": "执法大队队员",
        "是否在岗": TRUE_LABEL,
        "编制类型": "行政编制",
        "执法类别": "市场监管",
        "执法区域": "古丈县",
        "执法证号": "43126020240001",
        "发证机关": "湖南省人民政府",
        "发证日期": "2024-03-01",
        "有效期至": "2029-02-28",
        "证件状态": "有效",
        UNIT_CODE_HEADER: "433126-E02",
    },
    date_field="card_issued_date",
    search_fields=("number", "name", "card_number"),
    search_hook=id_number_search,
    search_hook_label="身份证号",
    filters=("staffing", "card_state"),
    alerts=alerts.officer_alerts,
)

TRAINING_COLUMNS = bind(
    TrainingAttendance,
    [
        Column("签到编号", "number", required=True),
        Column("培训编号", "session_number", required=True),
        Column("培训日期", "held_date", required=True, past_only=True),
        Column("培训主题", "topic", required=True),
        Column("学时", "hours", required=True, kind="decimal"),
        Column("主办单位", "organiser"),
        Column("培训类别", "category", required=True),
        Column("姓名", "name", required=True),
        Column("身份证号", "id_number", required=True),
        UNIT_COLUMN,
    ],
)


def training_computed(attendance, today=None) -> dict[str, str]:
    return {"未匹配": TRUE_LABEL if attendance.unmatched else FALSE_LABEL}


TRAINING_REGISTER = Register(
    name="enforcement_training",
    model=TrainingAttendance,
    label="执法人员培训",
    columns=TRAINING_COLUMNS,
    check=links.training_check,
    computed=training_computed,
    resolve=links.resolve_attendances,
    links_from=("id_number", "unit", "session_number"),
    sensitive={"id_number": "id_number"},
    sample={
        "签到编号": "古培2024001-001",
        "培训编号": "古培2024001",
        "培训日期": "2024-05-20",
        "培训主题": "行政处罚法专题培训",
        "学时": "6",
        "主办单位": "古丈县司法局",
        "培训类别": "公共法律知识",
        "姓名": "张某某",
        "身份证号": "11010519491231002X",
        UNIT_CODE_HEADER: "433126-E02",
    },
    date_field="held_date",
    search_fields=("number", "session_number", "topic", "name"),
    search_hook=id_number_search,
    search_hook_label="身份证号",
    filters=("category",),
)
