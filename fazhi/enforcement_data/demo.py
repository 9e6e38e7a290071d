"""Demo 执法数据年报 for `manage.py demo`: the yearly data of 古丈县's twenty 行政执法部门.

The year before last, every department filed, one of them (交通运输局) late. Last year, most
filed by the due date (a setting, 次年1月31日 by default); 卫生健康局 filed late; 统计局 and
发展和改革局 have not filed at all, which the board shows once the due date has passed. What a
department filed is dated no later than today: a demo loaded in January shows last year's
filings still coming in. 市场监督管理局's last year is filed by its own 填报员 (shijianju),
through the page's action; the rest through the importer. Re-running adds nothing: numbers
already there are skipped.

Counts are plausible for a county of 14万 people. None is 无此职权 (the department has no such
power), 0 is a power with no case that year.
"""

import datetime
from decimal import Decimal

from fazhi.core.models import Unit, User
from fazhi.imports.demo_records import import_new

from . import actions, rules
from .models import AnnualData

CLERK = "shijianju"  # 填报员 of 433126-E02 (portal's demo accounts)
CLERK_UNIT = "433126-E02"
N = None  # 无此职权

# unit: (填报人, 许可, 处罚, 强制, 检查, 征收征用, 其他, 罚没金额 in 元) of last year.
PROFILES = {
    "433126-E01": ("彭国庆", 3260, 1875, 268, 940, N, 42, "2365400.00"),  # 公安局
    "433126-E02": ("吴海波", 1452, 86, 12, 1263, N, 0, "486300.50"),  # 市场监督管理局
    "433126-E03": ("向玉兰", 214, 23, 4, 186, 6, 3, "512000.00"),  # 自然资源局
    "433126-E04": ("田光明", 128, 17, 2, 342, N, 5, "36800.00"),  # 农业农村局
    "433126-E05": ("龙建军", 96, 412, 38, 620, N, 11, "268450.00"),  # 城市管理和综合执法局
    "433126-E06": ("张秀英", 45, 14, 3, 158, N, 0, "624000.00"),  # 生态环境局古丈分局
    "433126-E07": ("石文华", 386, 263, 21, 480, N, 7, "392600.00"),  # 交通运输局
    "433126-E08": ("梁春燕", 612, 31, 0, 536, N, 2, "58200.00"),  # 卫生健康局
    "433126-E09": ("杨志刚", 158, 12, 0, 264, 2, 4, "143000.00"),  # 住房和城乡建设局
    "433126-E10": ("宋德明", 36, 19, 2, 318, N, 0, "275000.00"),  # 应急管理局
    "433126-E11": ("符小红", 88, 4, N, 142, N, 1, "12000.00"),  # 人力资源和社会保障局
    "433126-E12": ("向明辉", 64, 9, 0, 216, N, 3, "27500.00"),  # 文化旅游广电体育局
    "433126-E13": ("田新华", 172, 38, 5, 205, N, 2, "96400.00"),  # 林业局
    "433126-E14": ("彭丽娟", 54, 7, 1, 133, N, 0, "48600.00"),  # 水利局
    "433126-E15": ("张雪梅", 41, 2, N, 96, N, 6, "3000.00"),  # 教育局
    "433126-E16": ("龙海燕", N, 6, N, 128, N, 0, "86300.00"),  # 医疗保障局
    "433126-E17": ("石秋菊", N, 3, N, 24, N, N, "12000.00"),  # 统计局
    "433126-E18": ("杨春花", 36, 0, N, 58, N, 2, "0.00"),  # 民政局
    "433126-E19": ("宋红梅", 27, 5, N, 74, N, 0, "18500.00"),  # 商务局
    "433126-E20": ("符建国", 12, 0, N, 18, N, N, "0.00"),  # 发展和改革局
}
# Days after 1 January each department files last year's data (the due date is 31 January).
FILED_AFTER = {code: 4 + (n * 5) % 24 for n, code in enumerate(PROFILES)}
# Filed late: the year before last, and last year (days after 1 January, past 31 January).
LATE_BEFORE_LAST = {"433126-E07": 45}
LATE_LAST = {"433126-E08": 42}
NOT_FILED_LAST = ("433126-E17", "433126-E20")
PUBLISHED_AFTER = 4  # days after filing the data is on the website
UNPUBLISHED = ("433126-E11", "433126-E19")  # filed but not (yet) published
KINDS = [name for name, _ in rules.KINDS]


def _scaled(value, factor: Decimal):
    if value is None:
        return None
    if isinstance(value, str):
        return (Decimal(value) * factor).quantize(Decimal("0.01"))
    return int(Decimal(value) * factor)


def plan(year: int, today: datetime.date, *, last: bool) -> list[dict]:
    """The filings of `year` made by `today`: last year's as PROFILES, the year before's a
    little lower; a filing dated after today is not yet made."""
    factor = Decimal("1") if last else Decimal("0.92")
    late = LATE_LAST if last else LATE_BEFORE_LAST
    rows = []
    for n, (code, (filer, *counts, fines)) in enumerate(PROFILES.items()):
        if last and code in NOT_FILED_LAST:
            continue
        filed = datetime.date(year + 1, 1, 1) + datetime.timedelta(
            days=late.get(code, FILED_AFTER[code])
        )
        if filed > today:
            continue
        published = filed + datetime.timedelta(days=PUBLISHED_AFTER + n % 3)
        public = code not in UNPUBLISHED and published <= today
        row = {
            "unit": code,
            "number": f"{year}年度执法数据",
            "year": year,
            **{kind: _scaled(value, factor) for kind, value in zip(KINDS, counts, strict=True)},
            rules.FINES: _scaled(fines, factor),
            "filed_date": filed,
            "filer": filer,
            "published_date": published if public else None,
            "link": f"http://www.guzhang.gov.cn/zfxxgk/xzzf/{year}/{code[-3:].lower()}.html"
            if public
            else "",
        }
        rows.append(row)
    return rows


def load(today: datetime.date) -> int:
    last = today.year - 1
    added = import_new("enforcement_annual_data", plan(last - 1, today, last=False))
    rows = plan(last, today, last=True)
    clerk = User.objects.filter(username=CLERK, unit__code=CLERK_UNIT).first()
    by_clerk = [row for row in rows if clerk is not None and row["unit"] == CLERK_UNIT]
    added += import_new("enforcement_annual_data", [r for r in rows if r not in by_clerk])
    return added + sum(_file_as_clerk(clerk, row) for row in by_clerk)


def _file_as_clerk(clerk, row: dict) -> int:
    """The department's own 填报员 files its year through the page's action."""
    unit = Unit.objects.get(code=row["unit"])
    if AnnualData.objects.filter(unit=unit, number=row["number"]).exists():
        return 0
    facts = {k: v for k, v in row.items() if k != "unit"}
    # Entered by him on the day the demo's story has him file (a clerk's date is his day of
    # entry: REGISTER.protected).
    actions.file_annual_data(clerk, unit=unit, entered_on=facts["filed_date"], **facts)
    return 1
