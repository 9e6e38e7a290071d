"""部门法治政府建设年度报告's Excel columns (docs/domain/county-rule-of-law.md's order: the
report, its 报送 and 公开, the bureau's grade) and the register's declaration."""

from functools import partial

from django.utils import timezone

from fazhi.core import permissions
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import alerts, links, rules
from .models import DepartmentReport, ReportStatus
from .permissions import BUREAU_ONLY, BY_STEP, RULE

COLUMNS = bind(
    DepartmentReport,
    [
        Column(
            "登记编号", "number", required=True, help="依法治县办登记的编号，如“2025年度第01号”"
        ),
        Column("报告年度", "year", required=True, help="报告所写的年度，如2025"),
        # The code as written; the foreign key is resolved from it by links.
        Column(
            "报告单位",
            "reporting_unit_code",
            required=True,
            help="行政执法部门、乡镇人民政府或司法局本身的单位代码",
        ),
        # Recorded by the reporting unit: a re-imported sheet must not erase them.
        Column("报送日期", "received_date", past_only=True, keep_when_blank=True),
        Column("公开日期", "published_date", past_only=True, keep_when_blank=True),
        Column(
            "公开网址",
            "link",
            keep_when_blank=True,
            help="以 http:// 或 https:// 开头的网址；在报刊公开的可不填",
        ),
        Column("评定等次", "grade", help="不评定等次的地方留空"),
        Column("备注", "note"),
        UNIT_COLUMN,
    ],
)

# The reporting unit's 填报员 records his unit's 报送 and 公开 by their steps, nothing else.
STEP_FIELDS = tuple(field for fields in rules.STEP_FIELDS.values() for field in fields)


def settings() -> dict:
    """The due dates and whether the bureau grades, read once per save or import."""
    return RegisterSetting.objects.current()


def computed(record, today=None) -> dict[str, str]:
    today = today or timezone.localdate()

    def day(value):
        return value.isoformat() if value else ""

    return {
        "报送状态": str(ReportStatus(record.status).label),
        "报送期限": day(record.received_due),
        "逾期报送": TRUE_LABEL if record.received_late else FALSE_LABEL,
        "公开期限": day(record.published_due),
        "逾期公开": TRUE_LABEL if record.published_late else FALSE_LABEL,
        "超期": TRUE_LABEL if rules.is_overdue(record, today) else FALSE_LABEL,
    }


REGISTER = Register(
    name="department_report",
    model=DepartmentReport,
    label="部门法治政府建设年度报告",
    may_import=partial(permissions.allows, RULE),
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    settings=settings,
    resolve=links.resolve,
    links_from=("unit", "year", "reporting_unit_code"),
    # A 填报员 writes the 报送 and 公开 only by their steps (actions.record_step, which checks
    # the day and the address and passes them as its effect); an import or the API would let
    # him backdate them or rewrite what the bureau corrected. The rest is the bureau's.
    protected={
        column.field: (
            partial(permissions.allows, RULE),
            BY_STEP if column.field in STEP_FIELDS else BUREAU_ONLY,
        )
        for column in COLUMNS
    },
    sample={
        "登记编号": "2024年度第01号",
        "报告年度": "2024",
        "报告单位": "433126-E02",
        "报送日期": "2025-02-20",
        "公开日期": "2025-03-15",
        "公开网址": "https://www.guzhang.gov.cn/zwgk/fzzfjs/2025/0315.html",
        "评定等次": "良好",
        "备注": "按时报送，经县委依法治县办审核",
        UNIT_CODE_HEADER: "433126",
    },
    date_field="received_date",
    search_fields=("number", "reporting_unit__name", "note"),
    filters=("grade",),
    alerts=alerts.unsent,
)
