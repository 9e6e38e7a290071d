"""法律顾问's figures: the people and units (distinct counts, one aggregate each) and the year's
work (sums of the stored counts), the reference report's “法律顾问团17人，718件次；公职律师38个
单位81人”.

A row is one adviser's year in one served unit, so a period's rows are those of its year: a
quarter or a month counts the whole year's rows of the year it lies in (the 台账 is kept by
year, not by month), and no figure here is dated by month. A person is one 姓名 and 执业证号
(an adviser serving three units is one person); two people of one name without an 执业证号
count as one.
"""

from django.db.models import Q

from fazhi.core.register_settings import Setting, declare_settings
from fazhi.indicators.registry import Indicator, Period, register_indicators, sum_of

from . import rules
from .columns import REGISTER
from .models import Category, LegalAdviser

NAME = REGISTER.name
PREFIX = f"{NAME}."
YEARLY = "按记录的年度统计（统计季度或月份时，计入其所在年度的全部记录）"
PERSON = "按姓名和执业证号计人数，同一人服务多个单位的计一人"
COLUMNS = ("year", "name", "category", "served_unit", "start_date", "end_date")
# The total only: the five counts beside it were wider than the drill-down's box at 1366 px;
# each count has its own figure, whose drill-down shows it.
WORK_COLUMNS = ("year", "name", "category", "served_unit", "matters_total")

# --- settings ---------------------------------------------------------------------------

TERM_WARNING = Setting(
    key=rules.TERM_WARNING_DAYS,
    label="法律顾问聘任期满提醒天数",
    choices=tuple((value, f"{value}日") for value in rules.WARNING_CHOICES),
    default=rules.DEFAULT_WARNING_DAYS,
    help=(
        "首页提醒聘任结束日期在今后多少日内的法律顾问和公职律师；"
        "未找到规定提醒期限的文件，默认30日。"
    ),
)

# --- the records behind the figures ---------------------------------------------------------


def year_records(period: Period, units):
    """The rows of the period's year(s)."""
    return (
        LegalAdviser.objects.filter(unit__in=units)
        .filter(year__gte=period.start.year, year__lte=period.end.year)
        .select_related("served_unit")  # the drill-down shows it by name
    )


def _of(condition: Q):
    def records(period: Period, units):
        return year_records(period, units).filter(condition)

    return records


COUNSEL = Q(category=Category.GOVERNMENT_COUNSEL)
PANEL = COUNSEL & Q(on_county_panel=True)
PUBLIC_LAWYER = Q(category=Category.PUBLIC_LAWYER)
counsel_records = _of(COUNSEL)
panel_records = _of(PANEL)
public_lawyer_records = _of(PUBLIC_LAWYER)


def people(records) -> int:
    """Distinct 姓名 + 执业证号."""
    return records.order_by().values("name", "licence_number").distinct().count()


def served_units(records) -> int:
    return records.order_by().values("served_unit").distinct().count()


INDICATORS = (
    Indicator(
        key=f"{PREFIX}counsel",
        label="法律顾问人数",
        unit="人",
        definition=f"有本年度记录、类别为政府法律顾问的人员（含县政府法律顾问团成员），{PERSON}；"
        f"{YEARLY}。",
        register=NAME,
        records=counsel_records,
        value=people,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}panel",
        label="县政府法律顾问团人数",
        unit="人",
        definition=f"有本年度记录的县政府法律顾问团成员，{PERSON}；{YEARLY}。",
        register=NAME,
        records=panel_records,
        value=people,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}counsel_units",
        label="聘请法律顾问的单位数",
        unit="个",
        definition="有本年度政府法律顾问记录的服务单位（县政府法律顾问团与司法局自身的法律顾问"
        f"同记为司法局一个单位）；{YEARLY}。",
        register=NAME,
        records=counsel_records,
        value=served_units,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}public_lawyers",
        label="公职律师人数",
        unit="人",
        definition=f"有本年度记录、类别为公职律师的人员，{PERSON}；{YEARLY}。",
        register=NAME,
        records=public_lawyer_records,
        value=people,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}public_lawyer_units",
        label="设立公职律师的单位数",
        unit="个",
        definition=f"有本年度公职律师记录的服务单位；{YEARLY}。",
        register=NAME,
        records=public_lawyer_records,
        value=served_units,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}served_units",
        label="法律顾问和公职律师服务单位数",
        unit="个",
        definition=f"有本年度政府法律顾问或公职律师记录的服务单位；{YEARLY}。",
        register=NAME,
        records=year_records,
        value=served_units,
        columns=COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}matters",
        label="法律顾问和公职律师办理事务",
        unit="件次",
        definition="本年度记录的审查合同、出具法律意见、参与诉讼和仲裁案件、列席会议和其他事务"
        f"之和（政府法律顾问和公职律师合计）；{YEARLY}。",
        register=NAME,
        records=year_records,
        value=sum_of("matters_total"),
        columns=WORK_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}panel_matters",
        label="县政府法律顾问团办理事务",
        unit="件次",
        definition="县政府法律顾问团成员本年度记录的审查合同、出具法律意见、参与诉讼和仲裁案件、"
        f"列席会议和其他事务之和；{YEARLY}。",
        register=NAME,
        records=panel_records,
        value=sum_of("matters_total"),
        columns=WORK_COLUMNS,
    ),
    Indicator(
        key=f"{PREFIX}public_lawyer_matters",
        label="公职律师办理事务",
        unit="件次",
        definition="公职律师本年度记录的审查合同、出具法律意见、参与诉讼和仲裁案件、列席会议和"
        f"其他事务之和；{YEARLY}。",
        register=NAME,
        records=public_lawyer_records,
        value=sum_of("matters_total"),
        columns=WORK_COLUMNS,
    ),
    *(
        Indicator(
            key=f"{PREFIX}{field}",
            label=f"法律顾问和公职律师{header.split('（')[0]}",
            unit=unit,
            definition=f"本年度记录的{header.split('（')[0]}{unit}数之和（政府法律顾问和公职律师"
            f"合计，未填的计0）；{YEARLY}。",
            register=NAME,
            records=year_records,
            value=sum_of(field),
            columns=("year", "name", "served_unit", field),
        )
        for field, header, unit in rules.WORK
    ),
)


def register():
    """Called once from CounselConfig.ready()."""
    declare_settings(TERM_WARNING)
    register_indicators(*INDICATORS)
