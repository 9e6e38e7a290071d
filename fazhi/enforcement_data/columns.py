"""执法数据年报's Excel columns (the domain file's order) and its declaration.

An empty count cell is 无此职权 and 0 is "had the power, no case": the file keeps the
difference both ways (an empty cell imports as empty and exports as empty)."""

from fazhi.core.access import enters_as_clerk
from fazhi.core.columns import FALSE_LABEL, TRUE_LABEL, UNIT_CODE_HEADER, UNIT_COLUMN, Column, bind
from fazhi.core.models import RegisterSetting
from fazhi.core.registers import Register

from . import alerts, filings, rules
from .models import AnnualData

COLUMNS = bind(
    AnnualData,
    [
        Column("编号", "number", required=True),
        Column("年度", "year", required=True),
        Column("行政许可", "licensing"),
        Column("行政处罚", "penalty"),
        Column("行政强制", "coercion"),
        Column("行政检查", "inspection"),
        Column("行政征收征用", "expropriation"),
        Column("其他", "other"),
        Column("罚没金额（元）", "fines"),
        Column("填报日期", "filed_date", required=True, past_only=True),
        Column("填报人", "filer", required=True),
        Column("公开日期", "published_date", past_only=True),
        Column("公开网址", "link", help="以 http:// 或 https:// 开头的网址"),
        UNIT_COLUMN,
    ],
)


# A 填报员's filing is dated the day he enters it: he cannot backdate it to escape 逾期填报.
# The bureau's 执法监督 may enter any past day, for a year's data filed with it on paper.
FILED_ON_ENTRY = (
    "填报员填报的填报日期为录入当天，不能填写或修改为其他日期；"
    "此前以纸质方式填报的，请司法局执法监督人员登记"
)


def may_date_filing(actor) -> bool:
    """Whether `actor` may set a filing's 填报日期: anyone working the register but a 填报员."""
    return not enters_as_clerk(actor, AnnualData)


def settings() -> dict:
    """The due date of a year's data (annual_data_due), read once per save or import."""
    return RegisterSetting.objects.current()


def computed(record) -> dict[str, str]:
    return {
        "应报日期": record.filing_due.isoformat() if record.filing_due else "",
        "逾期填报": TRUE_LABEL if record.late else FALSE_LABEL,
    }


REGISTER = Register(
    name="enforcement_annual_data",
    model=AnnualData,
    label="执法数据年报",
    columns=COLUMNS,
    check=rules.check,
    computed=computed,
    derive=rules.derive,
    settings=settings,
    resolve=filings.refuse_second_filing,
    links_from=("unit", "year"),
    protected={"filed_date": (may_date_filing, FILED_ON_ENTRY)},
    sample={
        "编号": "2024年度执法数据",
        "年度": "2024",
        "行政许可": "1450",
        "行政处罚": "86",
        "行政强制": "12",
        "行政检查": "1260",
        "行政征收征用": "",
        "其他": "0",
        "罚没金额（元）": "486300.50",
        "填报日期": "2025-01-20",
        "填报人": "吴海波",
        "公开日期": "2025-01-24",
        "公开网址": "https://www.guzhang.gov.cn/zwgk/xzzf/2025/0124.html",
        UNIT_CODE_HEADER: "433126-E02",
    },
    date_field="filed_date",
    search_fields=("number", "filer", "unit__name"),
    alerts=alerts.unfiled,
)
