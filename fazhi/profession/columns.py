"""The three registers' Excel columns (docs/domain/legal-services.md) and their declarations.

执业状态 is no column to import: it changes only by a dated, reasoned step (停止执业, 恢复执业,
注销, 吊销) on the record's page. The export shows it, with its date and reason, as computed
columns.
"""

from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.encrypted import id_number_search
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import alerts, links, rules
from .models import LegalPractitioner, LegalServiceOrg, PractitionerAssessment

ORG = "legal_service_org"
PRACTITIONER = "legal_practitioner"
ASSESSMENT = "practitioner_assessment"


def current_settings() -> dict:
    """The rules' settings (the 年度考核 deadlines), read once per save or import."""
    return rules.settings_from(RegisterSetting.objects.current())


def _status_computed(record) -> dict[str, str]:
    return {
        "执业状态": record.get_status_display(),
        "状态日期": record.status_date.isoformat() if record.status_date else "",
        "状态事由": record.status_reason,
    }


ORG_COLUMNS = bind(
    LegalServiceOrg,
    [
        Column("执业许可证号", "number", required=True),
        Column("机构名称", "name", required=True),
        Column("机构类别", "kind", required=True),
        Column("组织形式", "firm_form"),
        Column("负责人", "head"),
        Column("设立日期", "licensed_date", required=True, past_only=True),
        Column("住所", "address"),
        UNIT_COLUMN,
    ],
)

ORG_REGISTER = Register(
    name=ORG,
    model=LegalServiceOrg,
    label="法律服务机构",
    columns=ORG_COLUMNS,
    check=rules.check_org,
    computed=_status_computed,
    derive=rules.derive_org,
    resolve=links.resolve_orgs,
    links_from=("number", "unit"),
    sample={
        "执业许可证号": "31430000689512345X",
        "机构名称": "湖南某某律师事务所",
        "机构类别": "律师事务所",
        "组织形式": "普通合伙",
        "负责人": "向某某",
        "设立日期": "2016-04-12",
        "住所": "古丈县古阳镇红星路8号",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="licensed_date",
    search_fields=("number", "name", "head"),
    filters=("kind", "status"),
    alerts=alerts.org_alerts,
)

PRACTITIONER_COLUMNS = bind(
    LegalPractitioner,
    [
        Column("执业证号", "number", required=True),
        Column("姓名", "name", required=True),
        Column("身份证号", "id_number"),
        Column("性别", "gender"),
        Column("人员类别", "kind", required=True),
        Column("律师类别", "lawyer_kind"),
        Column("执业机构", "org_number", help="填执业机构的执业许可证号；公职律师、公司律师可不填"),
        Column("首次执业日期", "first_practice_date", past_only=True),
        Column("发证日期", "licensed_date", required=True, past_only=True),
        UNIT_COLUMN,
    ],
)


def practitioner_computed(record) -> dict[str, str]:
    return {
        "执业机构名称": record.org.name if record.org_id else "",
        **_status_computed(record),
    }


PRACTITIONER_REGISTER = Register(
    name=PRACTITIONER,
    model=LegalPractitioner,
    label="法律服务人员",
    columns=PRACTITIONER_COLUMNS,
    check=rules.check_practitioner,
    computed=practitioner_computed,
    derive=rules.derive_practitioner,
    resolve=links.resolve_practitioners,
    links_from=("number", "unit", "org_number", "kind", "lawyer_kind", "id_number"),
    sensitive={"id_number": "id_number"},
    sample={
        "执业证号": "14331201810123456",
        "姓名": "彭某某",
        "身份证号": "11010519491231002X",
        "性别": "女",
        "人员类别": "律师",
        "律师类别": "公职",
        "执业机构": "",
        "首次执业日期": "2018-06-01",
        "发证日期": "2018-06-01",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="licensed_date",
    search_fields=("number", "name", "org_number", "org__name"),
    search_hook=id_number_search,
    search_hook_label="身份证号",
    filters=("kind", "lawyer_kind", "status"),
    alerts=alerts.practitioner_alerts,
)

ASSESSMENT_COLUMNS = bind(
    PractitionerAssessment,
    [
        Column("考核编号", "number", required=True),
        Column("考核年度", "year", required=True),
        Column("考核对象类别", "subject_kind"),
        Column("执业证号或许可证号", "subject_number", required=True),
        Column("名称", "subject_name", required=True),
        Column("考核结果", "result", required=True),
        Column("考核日期", "assessed_date", required=True, past_only=True),
        Column("考核机关", "assessor", required=True),
        Column("备注", "note"),
        UNIT_COLUMN,
    ],
)


def assessment_computed(record) -> dict[str, str]:
    return {"未匹配": TRUE_LABEL if record.unmatched else FALSE_LABEL}


ASSESSMENT_REGISTER = Register(
    name=ASSESSMENT,
    model=PractitionerAssessment,
    label="年度考核",
    columns=ASSESSMENT_COLUMNS,
    check=rules.check_assessment,
    computed=assessment_computed,
    derive=rules.derive_assessment,
    resolve=links.resolve_assessments,
    links_from=("subject_number", "subject_kind", "unit", "year"),
    sample={
        "考核编号": "古律考2023-001",
        "考核年度": "2023",
        "考核对象类别": "人员",
        "执业证号或许可证号": "14331201810123456",
        "名称": "彭某某",
        "考核结果": "称职",
        "考核日期": "2024-04-20",
        "考核机关": "湘西州律师协会",
        "备注": "",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="assessed_date",
    search_fields=("number", "subject_number", "subject_name", "assessor"),
    filters=("subject_kind", "result"),
)
