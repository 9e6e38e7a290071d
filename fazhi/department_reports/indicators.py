"""部门法治政府建设年度报告's figures and its settings.

Two flows, each one family (one GROUP BY): the reports received in the period (dated by 报送
日期; grouped by 逾期报送 and 评定等次) and the reports published in it (dated by 公开日期; by
逾期公开). A report of 2025 is received and published in 2026, so the year 2026 counts it: the
figures say what reached the bureau in the period, whatever year the reports are about.

Not here: "应报送的单位" and "未报送的单位" are counts over units (those that must report, with
or without a record), and an indicator of the registry is a count or sum over a register's
records with a drill-down to them: the registry cannot say them. The 报送情况 page shows both for
a year (status.py), and the board the units not yet sent.
"""

from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Group, Indicator, Period, breakdown, register_indicators

from . import columns, rules
from .models import DepartmentReport, Grade

NAME = columns.REGISTER.name
PREFIX = f"{NAME}."
RECEIVED_COLUMNS = ("year", "reporting_unit", "received_date", "received_due", "received_late")
PUBLISHED_COLUMNS = ("year", "reporting_unit", "published_date", "published_due", "link")

RECEIVE_DUE = Setting(
    key=rules.RECEIVE_DUE_SETTING,
    label="部门年度报告的报送期限",
    choices=tuple((value, rules.due_label(value)) for value in rules.RECEIVE_DUE_CHOICES),
    default=rules.DEFAULT_RECEIVE_DUE,
    help=(
        "各部门、各乡镇在此日期前向县委、县政府报告上一年度法治政府建设情况并抄送县委依法治县办"
        "（《法治政府建设与责任落实督察工作规定》：每年3月1日之前）；此日以后收到的记为逾期报送。"
        "“3月1日之前”按不含当日理解的，选“次年2月末”。"
        "修改后，此后登记、修改或导入的记录按新期限判断；已有记录运行“重新计算期限”后更新。"
    ),
)
PUBLISH_DUE = Setting(
    key=rules.PUBLISH_DUE_SETTING,
    label="部门年度报告的公开期限",
    choices=tuple((value, rules.due_label(value)) for value in rules.PUBLISH_DUE_CHOICES),
    default=rules.DEFAULT_PUBLISH_DUE,
    help=(
        "年度报告在此日期前通过报刊、网站等向社会公开（《法治政府建设与责任落实督察工作规定》"
        "第二十四条：每年4月1日之前）；此日以后公开的记为逾期公开。按不含当日理解的，选“次年3月31日”。"
    ),
)
KINDS = Setting(
    key=rules.KINDS_SETTING,
    label="部门年度报告的报送单位",
    choices=tuple((kind.value, str(kind.label)) for kind in rules.REPORTING_KIND_CHOICES),
    default=rules.DEFAULT_KINDS,
    help=(
        "应向县委依法治县办报送年度报告的单位类别；司法局本身的报告始终在内。报送情况页面和首页"
        "“部门法治政府建设年度报告”按此列出应报送的单位，登记时报告单位也须属于这些类别。"
    ),
)
GRADING = Setting(
    key=rules.GRADING_SETTING,
    label="部门年度报告是否评定等次",
    choices=((rules.GRADED, "评定等次"), (rules.NOT_GRADED, "不评定等次")),
    default=rules.DEFAULT_GRADING,
    help=(
        "县委依法治县办是否对各单位的年度报告评定优秀、良好、合格、不合格等次（各地做法不一，"
        "未见统一规定）。不评定的，登记时评定等次留空。"
    ),
)


def received_records(period: Period, units):
    """Reports received in the period."""
    return DepartmentReport.objects.filter(
        unit__in=units, received_date__range=(period.start, period.end)
    )


def published_records(period: Period, units):
    """Reports published in the period."""
    return DepartmentReport.objects.filter(
        unit__in=units, published_date__range=(period.start, period.end)
    )


RECEIVED = Group(
    f"{PREFIX}received",
    received_records,
    ("received_late", "grade"),
    dated_by="received_date",
)
PUBLISHED = Group(
    f"{PREFIX}published", published_records, ("published_late",), dated_by="published_date"
)

INDICATORS = (
    Indicator(
        key=f"{PREFIX}received",
        label="报送的部门法治政府建设年度报告",
        unit="份",
        definition="报送日期在统计期间内、县委依法治县办收到的各部门、各乡镇（及司法局本身）的"
        "上一年度法治政府建设情况报告，每个单位每年度一份。",
        register=NAME,
        group=RECEIVED,
        columns=RECEIVED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}received_on_time",
        label="按时报送的部门年度报告",
        unit="份",
        definition="报送日期在统计期间内、不晚于报送期限（部门年度报告的报送期限设置，默认次年"
        "3月1日）的年度报告。",
        register=NAME,
        group=RECEIVED,
        match=(("received_late", (False,)),),
        columns=RECEIVED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}received_late",
        label="逾期报送的部门年度报告",
        unit="份",
        definition="报送日期在统计期间内、晚于报送期限的年度报告。",
        register=NAME,
        group=RECEIVED,
        match=(("received_late", (True,)),),
        columns=RECEIVED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}on_time_rate",
        label="部门年度报告按时报送率",
        unit="%",
        definition="按时报送的年度报告 ÷ 报送的年度报告（报送日期在统计期间内）。",
        register=NAME,
        numerator=f"{PREFIX}received_on_time",
        denominator=f"{PREFIX}received",
        columns=RECEIVED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}published",
        label="公开的部门法治政府建设年度报告",
        unit="份",
        definition="公开日期在统计期间内、通过报刊、网站等向社会公开的年度报告。",
        register=NAME,
        group=PUBLISHED,
        columns=PUBLISHED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}published_on_time",
        label="按时公开的部门年度报告",
        unit="份",
        definition="公开日期在统计期间内、不晚于公开期限（部门年度报告的公开期限设置，默认次年"
        "4月1日）的年度报告。",
        register=NAME,
        group=PUBLISHED,
        match=(("published_late", (False,)),),
        columns=PUBLISHED_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}published_late",
        label="逾期公开的部门年度报告",
        unit="份",
        definition="公开日期在统计期间内、晚于公开期限的年度报告。",
        register=NAME,
        group=PUBLISHED,
        match=(("published_late", (True,)),),
        columns=PUBLISHED_COLUMNS,
    ),
    *breakdown(
        f"{PREFIX}grade",
        Grade.choices,
        field="grade",
        group=RECEIVED,
        label="评定为{label}的部门年度报告",
        unit="份",
        definition="报送日期在统计期间内、县委依法治县办评定为“{label}”的年度报告。",
        register=NAME,
        columns=(*RECEIVED_COLUMNS, "grade"),
    ),
    Indicator(
        key=f"{PREFIX}grade.未评定",
        label="未评定等次的部门年度报告",
        unit="份",
        definition="报送日期在统计期间内、尚未评定等次（或不评定等次）的年度报告。",
        register=NAME,
        group=RECEIVED,
        match=(("grade", ("",)),),
        columns=(*RECEIVED_COLUMNS, "grade"),
    ),
)


def register():
    """Called once from DepartmentReportsConfig.ready()."""
    declare_settings(RECEIVE_DUE, PUBLISH_DUE, KINDS, GRADING)
    register_indicators(*INDICATORS)
