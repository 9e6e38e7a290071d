"""Province-size data in the import template format, deterministic by seed (issue 8, point 3).

    python bench/generate.py --seed 1 --counties 100 --years 2 --mediation-rows 10000000 \
        --out /tmp/province [--format csv|xlsx]

writes into --out:
- units.csv: province → prefectures (10 counties each) → counties → their 公证处, 法律援助中心,
  行政执法部门, 司法所 → 人民调解委员会, in the format of `manage.py load_units`;
- one file per register, <register>.csv (or .xlsx), headers exactly `Register.headers`, rows the
  importer accepts. 人民调解 is the largest (--mediation-rows in all, spread evenly over counties,
  years and committees); the others are proportionate (PER_COUNTY_YEAR below, times --scale).

Rows are written as they are made (csv module; openpyxl write_only), so 10 million rows need no
more memory than one. An .xlsx sheet holds at most 1,048,576 rows: a larger register is split
into <register>-001.xlsx, <register>-002.xlsx … of at most XLSX_ROWS data rows each.

The years are the --years complete calendar years before the current one (or from
--first-year), so every date is in the past, as the importer requires.
"""

import argparse
import csv
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

XLSX_ROWS = 1_000_000
PREFECTURE_SIZE = 10  # counties per prefecture
PROVINCE_CODE = "43"

# Records per county and year of each register other than 人民调解 (at --scale 1).
PER_COUNTY_YEAR = {
    "reconsideration": 50,
    "litigation": 20,
    "legality_review": 60,
    "normative_document": 10,
    "case_file_review": 40,
    "law_report": 10,
    "legal_aid": 200,
    "consultation": 300,
    "notarization": 150,
    "corrections_subject": 30,
    "corrections_activity": 24,
    "resettlement_subject": 30,
    "publicity_activity": 60,
    "publicity_article": 50,
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐向彭田龙石"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国红"
TOWNS = "古阳默戎断龙红石岩头高峰坪坝河蓬罗依溪山枣茄通龙鼻翁草毛坪万龙田家"


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


# --- units ----------------------------------------------------------------------------------


@dataclass
class County:
    code: str
    name: str
    notary: str
    legal_aid: str
    offices: list[str]
    committees: list[str]  # every committee of every office, in order
    office_of: dict[str, str] = field(default_factory=dict)  # committee → its office
    departments: list[str] = field(default_factory=list)


def province(counties: int, offices: int, committees: int):
    """The unit rows (code, name, kind label, parent code) and the counties."""
    rows = [(PROVINCE_CODE, "某某省司法厅", "省级司法厅", "")]
    found = []
    prefectures = (counties + PREFECTURE_SIZE - 1) // PREFECTURE_SIZE
    for p in range(1, prefectures + 1):
        pcode = f"{PROVINCE_CODE}{p:02d}"
        rows.append((pcode, f"第{p}市州司法局", "市州司法局", PROVINCE_CODE))
        for c in range(1, PREFECTURE_SIZE + 1):
            index = (p - 1) * PREFECTURE_SIZE + c
            if index > counties:
                break
            code = f"{pcode}{c:02d}"
            name = f"第{index}县"
            rows.append((code, f"{name}司法局", "县级司法局", pcode))
            county = County(code, name, f"{code}-GZ", f"{code}-FY", [], [])
            rows.append((county.notary, f"{name}公证处", "公证机构", code))
            rows.append((county.legal_aid, f"{name}法律援助中心", "法律援助机构", code))
            for d, label in enumerate(("公安局", "市场监督管理局", "自然资源局"), start=1):
                dept = f"{code}-E{d:02d}"
                rows.append((dept, f"{name}{label}", "行政执法部门", code))
                county.departments.append(dept)
            for s in range(1, offices + 1):
                office = f"{code}-S{s:02d}"
                town = TOWNS[(s * 2) % len(TOWNS)] + TOWNS[(s * 2 + 1) % len(TOWNS)]
                rows.append((office, f"{name}{town}{s}镇司法所", "司法所", code))
                county.offices.append(office)
                for m in range(1, committees + 1):
                    committee = f"{office}-{m:02d}"
                    rows.append(
                        (committee, f"{name}{s}镇第{m}村人民调解委员会", "人民调解委员会", office)
                    )
                    county.committees.append(committee)
                    county.office_of[committee] = office
            found.append(county)
    return rows, found


# --- values ---------------------------------------------------------------------------------


class Maker:
    """Random values of the kinds every register needs, from one random.Random."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year
        self.first = datetime.date(year, 1, 1).toordinal()
        self.days = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365
        self.today = datetime.date.today()

    def day(self) -> datetime.date:
        return datetime.date.fromordinal(self.first + self.rng.randrange(self.days))

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        later = day + datetime.timedelta(days=self.rng.randint(low, high))
        return min(later, self.today)

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.6 else "")


def id_number(county_code: str, serial: int) -> str:
    """A valid 18-digit 身份证号, distinct for each serial within the county: birth dates from
    1950 on, one per thousand serials, with the serial's last three digits as sequence code."""
    from fazhi.core.idnumber import id_number_check_digit

    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=(serial // 1000) % 18000)
    first17 = f"{county_code[:6]:0<6}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def labels(register, header) -> list[str]:
    column = next(c for c in register.columns if c.header == header)
    return column.labels


# --- 人民调解 -------------------------------------------------------------------------------


class Mediation:
    """Rows of 人民调解 as lists in header order (the hot loop: no dict per row)."""

    def __init__(self, register):
        self.headers = register.headers
        self.types = labels(register, "纠纷类型")
        self.sources = labels(register, "案件来源")
        self.position = {h: i for i, h in enumerate(self.headers)}

    def rows(self, rng: random.Random, county: County, year: int, count: int):
        m = Maker(rng, year)
        pos = self.position
        width = len(self.headers)
        committees = county.committees
        serial = dict.fromkeys(committees, 0)
        types, sources = self.types, self.sources
        for _ in range(count):
            committee = committees[rng.randrange(len(committees))]
            serial[committee] += 1
            row = [""] * width
            received = m.day()
            roll = rng.random()
            row[pos["调解编号"]] = f"调〔{year}〕{serial[committee]}号"
            row[pos["调解组织"]] = committee
            row[pos["受理日期"]] = received.isoformat()
            row[pos["纠纷类型"]] = types[rng.randrange(len(types))]
            row[pos["案件来源"]] = sources[rng.randrange(len(sources))]
            row[pos["当事人数"]] = str(2 + (rng.random() < 0.15))
            row[pos["涉及金额（元）"]] = str(rng.randrange(0, 200_000, 100)) if roll < 0.6 else ""
            row[pos["调解员"]] = m.name()
            difficulty = rng.random()
            row[pos["疑难程度"]] = (
                "一般" if difficulty < 0.85 else "疑难" if difficulty < 0.97 else "重大"
            )
            row[pos["是否防止民转刑"]] = "是" if rng.random() < 0.02 else "否"
            if roll < 0.88:
                row[pos["调解结果"]] = "调解成功"
                row[pos["协议形式"]] = "书面协议" if rng.random() < 0.8 else "口头协议"
                row[pos["结案日期"]] = m.after(received, 0, 45).isoformat()
                row[pos["是否申请司法确认"]] = "是" if rng.random() < 0.1 else "否"
                subsidy = rng.random()
                row[pos["以奖代补审核"]] = (
                    "审核通过" if subsidy < 0.3 else "已申报" if subsidy < 0.35 else "未申报"
                )
            elif roll < 0.95:
                row[pos["调解结果"]] = "调解不成"
                row[pos["结案日期"]] = m.after(received, 0, 45).isoformat()
                row[pos["是否申请司法确认"]] = "否"
                row[pos["以奖代补审核"]] = "未申报"
            else:
                row[pos["调解结果"]] = "调解中"
                row[pos["是否申请司法确认"]] = "否"
                row[pos["以奖代补审核"]] = "未申报"
            row[pos["所属单位代码"]] = committee
            yield row


# --- the other registers: header → text, the required columns and a few safe ones -----------


def other_row(name: str, register, m: Maker, county: County, i: int, year: int) -> dict:
    r = m.rng
    pick = lambda header: r.choice(labels(register, header))  # noqa: E731
    number = f"{year}-{i:05d}"
    if name == "reconsideration":
        return {
            "案件编号": f"复〔{year}〕{i}号",
            "申请人": m.name(),
            "被申请人": f"{county.name}人民政府",
            "行政行为类别": pick("行政行为类别"),
            "收到申请日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "litigation":
        return {
            "案号": f"（{year}）行初{county.code}{i}号",
            "原告": m.name(),
            "被告": f"{county.name}人民政府",
            "审级": "一审",
            "收到应诉通知日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "legality_review":
        return {
            "审查编号": f"审〔{year}〕{i}号",
            "送审单位": f"{county.name}人民政府办公室",
            "事项名称": f"关于第{i}项事务的文件",
            "审查类别": pick("审查类别"),
            "收文日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "normative_document":
        return {
            "文号": f"{county.name}政发〔{year}〕{i}号",
            "文件名称": f"第{i}号规范性文件",
            "制定机关": f"{county.name}人民政府",
            "公布日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "case_file_review":
        return {
            "评查编号": f"评〔{year}〕{i}号",
            "评查批次": f"{year}年度案卷评查",
            "被评查单位": r.choice(county.departments),
            "案卷名称": f"第{i}号行政处罚案卷",
            "执法类别": pick("执法类别"),
            "评查日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "law_report":
        return {
            "述法编号": f"述〔{year}〕{i}号",
            "述法人": m.name(),
            "职务": "局长",
            "单位名称": f"{county.name}第{i}局",
            "述法日期": m.day().isoformat(),
            "所属单位代码": county.code,
        }
    if name == "legal_aid":
        return {
            "案件编号": f"援〔{year}〕{i}号",
            "受援人": m.name(),
            "受援人身份证号": id_number(county.code, year * 10_000 + i),
            "案件类别": pick("案件类别"),
            "是否农民工": "是" if r.random() < 0.2 else "否",
            "申请日期": m.day().isoformat(),
            "所属单位代码": county.legal_aid,
        }
    if name == "consultation":
        return {
            "咨询编号": f"咨〔{year}〕{i}号",
            "咨询日期": m.day().isoformat(),
            "咨询方式": pick("咨询方式"),
            "咨询人次": str(r.randint(1, 3)),
            "咨询事项类别": pick("咨询事项类别"),
            "所属单位代码": r.choice([county.code, *county.offices]),
        }
    if name == "notarization":
        return {
            "公证编号": f"（{year}）公证字第{i}号",
            "申请人": m.name(),
            "公证事项": pick("公证事项"),
            "是否涉外": "是" if r.random() < 0.05 else "否",
            "受理日期": m.day().isoformat(),
            "所属单位代码": county.notary,
        }
    if name == "corrections_subject":
        judged = m.day()
        start = judged + datetime.timedelta(days=r.randint(1, 10))
        return {
            "矫正编号": f"矫〔{year}〕{i}号",
            "姓名": m.name(),
            "身份证号": id_number(county.code, 500_000 + year * 1_000 + i),
            "矫正类别": pick("矫正类别"),
            "判决生效日期": judged.isoformat(),
            "矫正起始日期": start.isoformat(),
            "矫正终止日期": (start + datetime.timedelta(days=365 * r.randint(1, 3))).isoformat(),
            "执行地司法所": r.choice(county.offices),
            "状态": "在矫",
            "所属单位代码": county.code,
        }
    if name == "corrections_activity":
        return {
            "活动编号": f"教〔{year}〕{i}号",
            "活动日期": m.day().isoformat(),
            "活动类别": pick("活动类别"),
            "活动主题": f"第{i}次教育帮扶活动",
            "参加人次": str(r.randint(5, 60)),
            "所属单位代码": county.code,
        }
    if name == "resettlement_subject":
        return {
            "帮教编号": f"帮〔{year}〕{i}号",
            "姓名": m.name(),
            "身份证号": id_number(county.code, 800_000 + year * 1_000 + i),
            "对象类型": "刑满释放",
            "释放或解矫日期": m.day().isoformat(),
            "状态": "在册",
            "所属单位代码": county.code,
        }
    if name == "publicity_activity":
        return {
            "活动编号": f"普〔{year}〕{i}号",
            "活动日期": m.day().isoformat(),
            "活动名称": f"第{i}次普法活动",
            "活动类别": pick("活动类别"),
            "主办单位": f"{county.name}司法局",
            "受众人次": str(r.randint(20, 2000)),
            "所属单位代码": r.choice([county.code, *county.offices]),
        }
    if name == "publicity_article":
        return {
            "稿件编号": f"稿〔{year}〕{i}号",
            "发布日期": m.day().isoformat(),
            "标题": f"第{i}篇普法稿件",
            "发布平台": pick("发布平台"),
            "所属单位代码": county.code,
        }
    raise KeyError(f"no generator for register {name!r} (number {number})")


# --- writing --------------------------------------------------------------------------------


class Sink:
    """A register's output file(s): csv, or xlsx split every XLSX_ROWS rows."""

    def __init__(self, out: Path, name: str, headers: list[str], fmt: str, split: bool = False):
        self.out, self.name, self.headers, self.fmt = out, name, headers, fmt
        self._split = split  # xlsx in parts: name-001.xlsx …
        self.rows = 0
        self.paths: list[Path] = []
        self._open()

    def _open(self):
        if self.fmt == "csv":
            path = self.out / f"{self.name}.csv"
            self._file = path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._file)
            self._writer.writerow(self.headers)
        else:
            from openpyxl import Workbook

            part = len(self.paths) + 1
            path = self.out / f"{self.name}.xlsx"
            if part > 1 or self._split:
                path = self.out / f"{self.name}-{part:03d}.xlsx"
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(self.name)
            self._sheet.append(self.headers)
            self._in_part = 0
        self.paths.append(path)

    def write(self, row: list[str]):
        if self.fmt == "csv":
            self._writer.writerow(row)
        else:
            if self._in_part == XLSX_ROWS:
                self._close_part()
                self._open()
            self._sheet.append(row)
            self._in_part += 1
        self.rows += 1

    def _close_part(self):
        self._book.save(self.paths[-1])

    def close(self):
        if self.fmt == "csv":
            self._file.close()
        else:
            self._close_part()


def spread(total: int, parts: int, index: int) -> int:
    """The index-th of `parts` near-equal shares of `total`."""
    return total // parts + (1 if index < total % parts else 0)


def generate(
    out: Path,
    *,
    seed: int = 1,
    counties: int = 100,
    years: int = 2,
    mediation_rows: int = 200_000,
    fmt: str = "csv",
    first_year: int | None = None,
    offices: int = 8,
    committees: int = 4,
    scale: float = 1.0,
    registers: list[str] | None = None,
    log=None,
) -> dict[str, dict]:
    """Write the province into `out`; returns {file stem: {"rows": n, "paths": [...]}}."""
    from fazhi.core.registers import REGISTERS

    out.mkdir(parents=True, exist_ok=True)
    first_year = first_year or datetime.date.today().year - years
    year_list = list(range(first_year, first_year + years))
    unit_rows, county_list = province(counties, offices, committees)
    with (out / "units.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["单位代码", "单位名称", "单位类别", "上级单位代码"])
        writer.writerows(unit_rows)
    written = {"units": {"rows": len(unit_rows), "paths": [out / "units.csv"]}}
    names = registers or ["mediation", *PER_COUNTY_YEAR]
    for name in names:
        started = time.perf_counter()
        register = REGISTERS[name]
        # Each register from its own stream, so that one register's size never changes
        # another's rows.
        rng = random.Random(f"{seed}:{name}")
        split = fmt == "xlsx" and name == "mediation" and mediation_rows > XLSX_ROWS
        sink = Sink(out, name, register.headers, fmt, split)
        if name == "mediation":
            maker = Mediation(register)
            cells = len(county_list) * len(year_list)
            for ci, county in enumerate(county_list):
                for yi, year in enumerate(year_list):
                    count = spread(mediation_rows, cells, ci * len(year_list) + yi)
                    for row in maker.rows(rng, county, year, count):
                        sink.write(row)
        else:
            headers = register.headers
            per = max(1, round(PER_COUNTY_YEAR[name] * scale))
            for county in county_list:
                for year in year_list:
                    m = Maker(rng, year)
                    for i in range(1, per + 1):
                        values = other_row(name, register, m, county, i, year)
                        sink.write([values.get(h, "") for h in headers])
        sink.close()
        written[name] = {"rows": sink.rows, "paths": sink.paths}
        if log:
            took = time.perf_counter() - started
            log(f"{name}: {sink.rows} rows in {took:.1f} s → {', '.join(map(str, sink.paths))}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--first-year", type=int, default=None)
    parser.add_argument("--mediation-rows", type=int, default=200_000)
    parser.add_argument("--offices", type=int, default=8, help="司法所 per county")
    parser.add_argument("--committees", type=int, default=4, help="调委会 per 司法所")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the other registers")
    parser.add_argument("--register", action="append", help="only these registers")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args(argv)
    setup_django()
    generate(
        args.out,
        seed=args.seed,
        counties=args.counties,
        years=args.years,
        mediation_rows=args.mediation_rows,
        fmt=args.format,
        first_year=args.first_year,
        offices=args.offices,
        committees=args.committees,
        scale=args.scale,
        registers=args.register,
        log=lambda line: print(line, file=sys.stderr),
    )


if __name__ == "__main__":
    main()
