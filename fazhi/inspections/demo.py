"""Demo records for `manage.py demo`: the departments' 涉企检查计划 and the inspections they
carried out last year and this year, written through the importer as a department's file
would be, so that every rule shows on the board and in the figures:

- last year every department filed its plan, one of them late (after 31 March); this year two
  departments have filed none (缺报计划 on the board once the due date has passed);
- about a hundred inspections, by officers on the roster whose cards were valid that day
  (officers' demo runs first: INSTALLED_APPS lists officers before inspections);
- among them one inspection by only one certified officer and one enterprise whose credit code
  fails its check (both kept and flagged by the import), unplanned ones and ones without an
  approval date, and one enterprise inspected three times by one department this year: over
  the cap of 2 the demo sets, when no administrator has set one.

Re-running adds nothing."""

import datetime

from django.apps import apps

from fazhi.core.models import RegisterSetting, Unit
from fazhi.core.uscc import uscc_check_character
from fazhi.imports.demo_records import import_new, spread
from fazhi.indicators.actions import change_setting
from fazhi.officers import certified

from . import rules

D = datetime.date
COUNTY = "433126"
DEPARTMENTS = [f"{COUNTY}-E{n:02d}" for n in range(1, 21)]
# No plan this year: the board's 缺报计划.
NO_PLAN_THIS_YEAR = {f"{COUNTY}-E19", f"{COUNTY}-E20"}
LATE_LAST_YEAR = f"{COUNTY}-E05"  # filed on 15 April
DEMO_CAP = "2"

# Each department's 检查事项 (事项名称, 依据): the first is what most of its inspections are.
MATTERS = {
    "E01": [
        ("消防安全监督检查", "《消防法》第五十三条"),
        ("治安保卫重点单位检查", "《企业事业单位内部治安保卫条例》"),
    ],
    "E02": [
        ("食品生产经营监督检查", "《食品安全法》第一百一十条"),
        ("特种设备安全监督检查", "《特种设备安全法》第五十七条"),
        ("产品质量监督抽查", "《产品质量法》第十五条"),
    ],
    "E03": [
        ("矿产资源开发利用监督检查", "《矿产资源法》"),
        ("土地利用监督检查", "《土地管理法》第六十七条"),
    ],
    "E04": [
        ("农药经营监督检查", "《农药管理条例》"),
        ("种子生产经营监督检查", "《种子法》"),
    ],
    "E05": [
        ("户外广告设施监督检查", "《城市市容和环境卫生管理条例》"),
        ("建筑垃圾处置监督检查", "《城市建筑垃圾管理规定》"),
    ],
    "E06": [
        ("排污单位监督检查", "《环境保护法》第二十四条"),
        ("危险废物经营监督检查", "《固体废物污染环境防治法》"),
    ],
    "E07": [
        ("道路运输企业监督检查", "《道路运输条例》"),
        ("公路施工安全监督检查", "《公路安全保护条例》"),
    ],
    "E08": [
        ("公共场所卫生监督检查", "《公共场所卫生管理条例》"),
        ("职业卫生监督检查", "《职业病防治法》第六十二条"),
    ],
    "E09": [
        ("建筑施工安全监督检查", "《建设工程安全生产管理条例》第四十三条"),
        ("燃气经营监督检查", "《城镇燃气管理条例》"),
    ],
    "E10": [
        ("安全生产监督检查", "《安全生产法》第六十五条"),
        ("危险化学品经营监督检查", "《危险化学品安全管理条例》"),
    ],
    "E11": [("劳动保障监察", "《劳动保障监察条例》第十一条")],
    "E12": [
        ("旅游经营监督检查", "《旅游法》第八十五条"),
        ("娱乐场所监督检查", "《娱乐场所管理条例》"),
    ],
    "E13": [("木材经营加工监督检查", "《森林法》"), ("林草种苗监督检查", "《种子法》")],
    "E14": [
        ("河道采砂监督检查", "《河道管理条例》"),
        ("取水许可监督检查", "《取水许可和水资源费征收管理条例》"),
    ],
    "E15": [("校外培训机构监督检查", "《民办教育促进法》")],
    "E16": [("定点医药机构监督检查", "《医疗保障基金使用监督管理条例》")],
    "E17": [("统计执法检查", "《统计法》第三十三条")],
    "E18": [("养老机构监督检查", "《养老机构管理办法》")],
    "E19": [("单用途商业预付卡监督检查", "《单用途商业预付卡管理办法（试行）》")],
    "E20": [("招标投标活动监督检查", "《招标投标法》第七条")],
}
# Each department's short name in its documents' numbers (古市监检〔2025〕3号).
ABBREVIATIONS = {
    "E01": "公", "E02": "市监", "E03": "自然资源", "E04": "农", "E05": "城管", "E06": "环",
    "E07": "交", "E08": "卫", "E09": "住建", "E10": "应急", "E11": "人社", "E12": "文旅",
    "E13": "林", "E14": "水", "E15": "教", "E16": "医保", "E17": "统", "E18": "民", "E19": "商",
    "E20": "发改",
}  # fmt: skip
TRADES = ("茶业", "农业开发", "旅游", "建材", "食品", "运输", "酒店", "商贸", "医药", "林业")
TRADES += ("矿业", "餐饮", "建设", "水电", "文化")
PLACES = ("古阳", "默戎", "断龙山", "红石林", "岩头寨", "坪坝", "高峰", "栖凤湖", "罗依溪", "河蓬")
ENTERPRISES = 40
# The departments inspecting in the demo, and how many inspections each a year.
INSPECTING = {"E01": 5, "E02": 10, "E04": 4, "E05": 4, "E06": 4, "E07": 4, "E08": 5}
INSPECTING |= {"E09": 4, "E10": 6, "E12": 3}


def enterprise(n: int) -> tuple[str, str]:
    """The n-th demo enterprise: a valid credit code (GB 32100) and a name."""
    first17 = f"91433126MA4{n:06d}"
    name = f"古丈县{PLACES[n % len(PLACES)]}{TRADES[n % len(TRADES)]}有限公司"
    return first17 + uscc_check_character(first17), name


def failing_code(n: int) -> str:
    """The n-th enterprise's code with a wrong check character: a typing slip."""
    code, _ = enterprise(n)
    wrong = "0" if code[-1] != "0" else "1"
    return code[:-1] + wrong


def items_text(short: str) -> str:
    frequency = ("每年1次", "每年不超过2次", "双随机抽查")
    return "\n".join(
        f"{name}｜{basis}｜{'现场' if n % 2 == 0 else '现场、非现场'}｜{frequency[n % 3]}"
        for n, (name, basis) in enumerate(MATTERS[short])
    )


def plan_rows(year: int, today: datetime.date, names: dict[str, str]) -> list[dict]:
    rows = []
    for d, code in enumerate(DEPARTMENTS):
        if year == today.year and code in NO_PLAN_THIS_YEAR:
            continue
        short = code.rsplit("-", 1)[1]
        filed = D(year, 2 + d % 2, 5 + d)
        if year < today.year and code == LATE_LAST_YEAR:
            filed = D(year, 4, 15)
        filed = min(filed, today)
        if filed.year < year:
            continue  # the year has just begun: not filed yet
        published = filed + datetime.timedelta(days=5)
        rows.append(
            {
                "number": f"古{ABBREVIATIONS[short]}检计〔{year}〕1号",
                "unit": code,
                "year": year,
                "subjects": names[code],
                "items": items_text(short),
                "planned_count": 6 + (d * 7) % 40,
                "filed_date": filed,
                "published_date": published if published <= today else None,
            }
        )
    return rows


def _cards(code: str) -> list[str]:
    """The card numbers issued for a department. The import contract lets this register ask
    the roster only through `certified`, which answers for numbers already known; the demo
    alone reads the numbers off the roster's model, through the app registry, to know which to
    ask about."""
    certificate = apps.get_model("officers", "Certificate")
    return sorted(certificate.objects.filter(unit__code=code).values_list("number", flat=True))


def _counting(numbers, day, settings) -> list[str]:
    """The department's card numbers that count towards an inspection's two that day: valid,
    and their holders in post."""
    holders = certified.valid_cards(numbers, day, settings)
    return sorted(number for number, holder in holders.items() if holder.in_post)


def inspection_rows(year: int, today: datetime.date, names: dict[str, str], settings) -> list:
    """The year's inspections, each by two officers whose cards were valid that day (a
    department without two such cards that day inspects nothing then)."""
    last = today if year == today.year else D(year, 12, 31)
    if last < D(year, 1, 15):
        return []
    rows = []
    for d, (short, count) in enumerate(INSPECTING.items()):
        code = f"{COUNTY}-{short}"
        numbers = _cards(code)
        for i in range(count):
            day = spread(year, count, i, last=last.month, end_day=last.day)
            valid = _counting(numbers, day, settings)
            if len(valid) < 2:
                continue
            # Each department's inspections of a year go to different enterprises.
            n = (d * 11 + i * 3 + year) % ENTERPRISES
            code_of, name = enterprise(n)
            matter, _ = MATTERS[short][i % len(MATTERS[short])]
            kind = ("routine", "routine", "case", "routine", "special", "routine", "ordered")[i % 7]
            rows.append(
                {
                    "number": f"古{ABBREVIATIONS[short]}检〔{year}〕{i + 1}号",
                    "unit": code,
                    "subject": names[code],
                    "uscc": code_of,
                    "enterprise_name": name,
                    "inspection_date": day,
                    "matter": matter,
                    "kind": kind,
                    "method": ("on_site", "on_site", "off_site", "joint")[i % 4],
                    # 个案 inspections follow a complaint: outside the yearly plan.
                    "planned": kind != "case",
                    "approval_date": day - datetime.timedelta(days=3) if i % 9 != 4 else None,
                    "result": ("no_problem", "no_problem", "rectify", "case_opened")[i % 4],
                    "officer_numbers": "、".join(valid[(i % (len(valid) - 1)) :][:2]),
                }
            )
    return rows


def rule_rows(today: datetime.date, names: dict[str, str], settings) -> list[dict]:
    """This year's three inspections of one enterprise by 市场监管局 (over the cap of 2), one
    by a single certified officer, and one of an enterprise whose code fails its check."""
    code = f"{COUNTY}-E02"
    if today < D(today.year, 1, 20):
        return []  # the year has just begun
    numbers = _cards(code)
    base = {
        "unit": code,
        "subject": names[code],
        "matter": MATTERS["E02"][0][0],
        "method": "on_site",
        "planned": True,
        "result": "no_problem",
    }
    rows = []
    first = max(D(today.year, 1, 10), today - datetime.timedelta(days=120))
    days = [first + datetime.timedelta(days=k * (today - first).days // 4) for k in range(4)]
    over_code, over_name = enterprise(ENTERPRISES + 1)
    for k, day in enumerate(days[:3], start=1):
        valid = _counting(numbers, day, settings)
        if len(valid) >= 2:
            rows.append(
                base
                | {
                    "number": f"古市监检〔{today.year}〕超{k}号",
                    "uscc": over_code,
                    "enterprise_name": over_name,
                    "inspection_date": day,
                    "kind": "routine" if k < 3 else "case",
                    "planned": k < 3,
                    "approval_date": day - datetime.timedelta(days=2),
                    "officer_numbers": "、".join(valid[:2]),
                }
            )
    day = days[3]
    valid = _counting(numbers, day, settings)
    not_valid = [n for n in numbers if n not in valid] or ["43126029999999"]
    if valid:
        single_code, single_name = enterprise(ENTERPRISES + 2)
        rows.append(
            base
            | {
                "number": f"古市监检〔{today.year}〕单1号",
                "uscc": single_code,
                "enterprise_name": single_name,
                "inspection_date": day,
                "kind": "routine",
                "approval_date": day - datetime.timedelta(days=1),
                # One valid card and one that was not valid that day: kept, 持证人数不足.
                "officer_numbers": f"{valid[0]}、{not_valid[0]}",
            }
        )
    if len(valid) >= 2:
        _, slip_name = enterprise(ENTERPRISES + 3)
        rows.append(
            base
            | {
                "number": f"古市监检〔{today.year}〕码1号",
                "uscc": failing_code(ENTERPRISES + 3),
                "enterprise_name": slip_name,
                "inspection_date": day,
                "kind": "routine",
                "approval_date": day - datetime.timedelta(days=1),
                "officer_numbers": "、".join(valid[:2]),
            }
        )
    return rows


def load(today: datetime.date) -> int:
    if not RegisterSetting.objects.filter(key=rules.CAP_SETTING).exists():
        # The demo's cap (国办发〔2024〕54号 sets none): only where no administrator chose one.
        change_setting(None, rules.CAP_SETTING, DEMO_CAP)
    names = dict(Unit.objects.filter(code__in=DEPARTMENTS).values_list("code", "name"))
    if len(names) < len(DEPARTMENTS):
        return 0  # the demo county's departments are not loaded
    settings = certified.current_settings()
    added = 0
    for year in (today.year - 1, today.year):
        added += import_new("inspection_plan", plan_rows(year, today, names))
        added += import_new("enterprise_inspection", inspection_rows(year, today, names, settings))
    added += import_new("enterprise_inspection", rule_rows(today, names, settings))
    return added
