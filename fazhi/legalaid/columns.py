"""The three registers' Excel columns (the domain file's order) and their declarations."""

from django.utils import timezone

from fazhi.core.columns import UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.records import deadline_fields
from fazhi.core.registers import Register

from . import consultation_rules, notarization_rules, rules
from .models import Consultation, LegalAidCase, Notarization

LEGAL_AID_COLUMNS = bind(
    LegalAidCase,
    [
        Column("案件编号", "number", required=True),
        Column("受援人", "recipient", required=True),
        Column("受援人身份证号", "id_number"),
        Column("案件类别", "category", required=True),
        Column("援助途径", "route"),
        Column("是否农民工", "migrant_worker"),
        Column("申请日期", "application_date", required=True, past_only=True),
        Column("决定日期", "decision_date", past_only=True),
        Column("决定结果", "decision"),
        Column("指派日期", "appointment_date", past_only=True),
        Column("承办人", "lawyer"),
        Column("结案日期", "closed_date", past_only=True),
        Column("挽回经济损失（元）", "recovered"),
        UNIT_COLUMN,
    ],
)

CONSULTATION_COLUMNS = bind(
    Consultation,
    [
        Column("咨询编号", "number", required=True),
        Column("咨询日期", "consulted_date", required=True, past_only=True),
        Column("咨询方式", "mode"),
        Column("咨询人次", "person_times", required=True),
        Column("咨询事项类别", "matter"),
        Column("接待人", "receiver"),
        UNIT_COLUMN,
    ],
)

NOTARIZATION_COLUMNS = bind(
    Notarization,
    [
        Column("公证编号", "number", required=True),
        Column("申请人", "applicant", required=True),
        Column("公证事项", "matter", required=True),
        Column("是否涉外", "foreign"),
        Column("受理日期", "accepted_date", required=True, past_only=True),
        Column("出证日期", "issued_date", past_only=True),
        Column("应收费用（元）", "fee_due"),
        Column("实收费用（元）", "fee_paid"),
        Column("减免原因", "waiver_reason"),
        UNIT_COLUMN,
    ],
)


def legal_aid_computed(record, today=None) -> dict[str, str]:
    return deadline_fields(
        rules, record, (rules.DECISION, rules.APPOINTMENT), today or timezone.localdate()
    )


def notarization_computed(record, today=None) -> dict[str, str]:
    values = deadline_fields(
        notarization_rules,
        record,
        (notarization_rules.ISSUE,),
        today or timezone.localdate(),
    )
    values["减免金额（元）"] = str(notarization_rules.waived_amount(record))
    return values


LEGAL_AID_REGISTER = Register(
    name="legal_aid",
    # The recipient is a person asking for help: his name is personal data as his number is.
    sensitive={"recipient": "name", "id_number": "id_number"},
    ended_field="closed_date",  # 结案日期
    retention_years=10,  # the bureau's choice (core/retention.py), FAZHI_RETENTION_YEARS
    model=LegalAidCase,
    label="法律援助案件",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "recipient",
        "id_number",
        "category",
        "migrant_worker",
        "lawyer",
        "officer",
    ),
    columns=LEGAL_AID_COLUMNS,
    check=rules.check,
    computed=legal_aid_computed,
    derive=rules.derive,
    sample={
        "案件编号": "古援〔2024〕1号",
        "受援人": "张某某",
        "受援人身份证号": "11010519491231002X",
        "案件类别": "劳动仲裁",
        "援助途径": "申请",
        "是否农民工": "是",
        "申请日期": "2024-03-04",
        "决定日期": "2024-03-06",
        "决定结果": "给予援助",
        "指派日期": "2024-03-07",
        "承办人": "李律师",
        "结案日期": "2024-06-20",
        "挽回经济损失（元）": "36000.00",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="application_date",
    search_fields=("number", "recipient", "lawyer"),
    filters=("category",),
)

CONSULTATION_REGISTER = Register(
    name="consultation",
    model=Consultation,
    label="法律咨询",
    columns=CONSULTATION_COLUMNS,
    check=consultation_rules.check,
    sample={
        "咨询编号": "古咨〔2024〕1号",
        "咨询日期": "2024-03-04",
        "咨询方式": "来访",
        "咨询人次": "1",
        "咨询事项类别": "婚姻家庭",
        "接待人": "王某",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="consulted_date",
    search_fields=("number", "receiver"),
    filters=("mode", "matter"),
)

NOTARIZATION_REGISTER = Register(
    name="notarization",
    # The applicant is mostly a person (继承, 亲属关系 …): masked as a name until a reason.
    sensitive={"applicant": "name"},
    model=Notarization,
    label="公证",
    # What an edit of the particulars may change; the procedure's dates only its steps.
    editable=(
        "number",
        "applicant",
        "matter",
        "foreign",
        "fee_due",
        "fee_paid",
        "waiver_reason",
        "officer",
    ),
    columns=NOTARIZATION_COLUMNS,
    check=notarization_rules.check,
    computed=notarization_computed,
    derive=notarization_rules.derive,
    sample={
        "公证编号": "（2024）湘古证字第1号",
        "申请人": "向某某",
        "公证事项": "继承",
        "是否涉外": "否",
        "受理日期": "2024-03-04",
        "出证日期": "2024-03-15",
        "应收费用（元）": "400.00",
        "实收费用（元）": "0.00",
        "减免原因": "法律援助",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="accepted_date",
    search_fields=("number", "applicant"),
)
