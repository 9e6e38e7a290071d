"""法治督察's Excel columns (docs/domain/enforcement-supervision.md's order: the inspection's
particulars, then the finding and its rectification) and the register's declaration."""

from functools import partial

from django.utils import timezone

from fazhi.core import permissions, rectification
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.registers import Register

from . import links, rules
from .models import RuleOfLawInspection
from .permissions import FINDINGS_ONLY, RECTIFY_BY_STEP, RULE

COLUMNS = bind(
    RuleOfLawInspection,
    [
        Column(
            "记录编号",
            "number",
            required=True,
            help="每个问题一条记录，如“古法督〔2025〕1号-1”；未发现问题的督察登记一条",
        ),
        Column("督察编号", "inspection_number", required=True, help="同一次督察的各条记录相同"),
        Column("督察类别", "kind", required=True),
        # The code as written; the foreign key is resolved from it by links.
        Column(
            "督察对象",
            "inspected_unit_code",
            required=True,
            help="行政执法部门或乡镇人民政府的单位代码",
        ),
        Column("督察开始日期", "start_date", required=True, past_only=True),
        Column("督察结束日期", "end_date"),
        Column("督察组", "team", required=True),
        Column("发现问题", "problems"),
        Column("整改期限", "rectification_deadline"),
        # Recorded by the inspected unit: a re-imported sheet must not erase them.
        Column("整改完成日期", "rectified_date", past_only=True, keep_when_blank=True),
        Column("整改情况", "rectification_note", keep_when_blank=True),
        UNIT_COLUMN,
    ],
)

# The inspected unit's 填报员 records the rectification (整改完成日期, 整改情况), nothing else, by
# any way of writing; the inspection and its findings are the bureau's.
RECTIFICATION_FIELDS = ("rectified_date", "rectification_note")


def computed(record, today=None) -> dict[str, str]:
    today = today or timezone.localdate()
    closed = rectification.on_time(record)
    return {
        "整改状态": rules.status(record).label,
        "整改超期": TRUE_LABEL if rules.is_overdue(record, today) else FALSE_LABEL,
        "按期整改": "" if closed is None else (TRUE_LABEL if closed else FALSE_LABEL),
    }


REGISTER = Register(
    name="rule_of_law_inspection",
    model=RuleOfLawInspection,
    label="法治督察",
    # What an edit may change; the rectification only its step (and the unit's import/API).
    editable=(
        "number",
        "inspection_number",
        "kind",
        "inspected_unit_code",
        "start_date",
        "end_date",
        "team",
        "problems",
        "rectification_deadline",
        "officer",
    ),
    may_import=partial(permissions.allows, RULE),
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    resolve=links.resolve,
    links_from=("unit", "inspection_number", *rules.PARTICULARS),
    # A 填报员 writes the rectification only by its step (整改完成, actions.record_step, which
    # checks the day and the note and passes them as its effect): an import or the API would
    # close a finding without 整改情况, or reopen or rewrite a closed one. 执法监督 corrects them.
    protected={
        column.field: (
            partial(permissions.allows, RULE),
            RECTIFY_BY_STEP if column.field in RECTIFICATION_FIELDS else FINDINGS_ONLY,
        )
        for column in COLUMNS
    },
    sample={
        "记录编号": "古法督〔2024〕1号-1",
        "督察编号": "古法督〔2024〕1号",
        "督察类别": "政治巡察+法治督察",
        "督察对象": "433126-E02",
        "督察开始日期": "2024-05-06",
        "督察结束日期": "2024-05-17",
        "督察组": "县委依法治县办第一督察组",
        "发现问题": "行政执法公示信息更新不及时",
        "整改期限": "2024-07-31",
        "整改完成日期": "2024-07-20",
        "整改情况": "已在县政府网站更新执法主体、人员和事项清单，并明确专人按月更新",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="start_date",
    search_fields=("number", "inspection_number", "team", "problems", "inspected_unit__name"),
    filters=("kind",),
)
