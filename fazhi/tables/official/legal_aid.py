"""法律援助工作统计（季报）: reconstructed (docs/domain/statistics-tables.md).

SF/T 0024—2017《全国法律援助管理信息系统技术规范》 §5.8 (司法部法律援助报表建设要求) requires the
system to produce the ministry's legal-aid report but does not print it; the ministry's figures
as published (办理法律援助案件 by 刑事、民事、行政, 法律咨询人次, 受援人, 值班律师法律帮助) and
fazhi's own categories give the items.
"""

from ..layout import CUMULATIVE, CURRENT, QUARTER, Column, Row, Table, row_at_most, row_sum

A = "legal_aid."
CATEGORIES = ("刑事", "民事", "行政", "劳动仲裁", "其他非诉讼")
ROUTES = (("申请", "依申请"), ("通知辩护", "通知辩护"), ("通知代理", "通知代理"))

ROWS = (
    Row("1", "受理法律援助案件", A + "accepted", measure="件"),
    *(
        Row(str(2 + n), ("其中：" if n == 0 else "") + f"{label}案件", f"{A}by_category.{label}",
            level=1, measure="件")
        for n, label in enumerate(CATEGORIES)
    ),
    *(
        Row(str(7 + n), label, f"{A}by_route.{key}", level=1, measure="件")
        for n, (key, label) in enumerate(ROUTES)
    ),
    Row("10", "农民工法律援助案件", A + "migrant_workers", level=1, measure="件"),
    Row("11", "法律援助案件结案", A + "closed", measure="件"),
    Row("12", "挽回经济损失", A + "recovered", measure="元"),
    Row("13", "法律咨询", "consultation.person_times", measure="人次"),
    Row("14", "值班律师提供法律帮助", None, measure="件"),
    Row("15", "受援人数", None, measure="人"),
)  # fmt: skip

LEGAL_AID = Table(
    key="legal-aid",
    title="法律援助工作统计表",
    source="司法行政行业标准《全国法律援助管理信息系统技术规范》第5.8条（司法部法律援助报表建设要求）",
    standard="SF/T 0024—2017",
    published=False,
    layout_note=(
        "该标准只要求系统生成司法部法律援助报表，未刊载表样。本表依司法部公布的法律援助统计口径"
        "（办理法律援助案件及其刑事、民事、行政分类，法律咨询人次，受援人，值班律师法律帮助）"
        "和本系统登记的案件类别、援助途径重建，行次与表式为本系统所定。"
    ),
    kind=QUARTER,
    columns=(Column("1", "本季", CURRENT), Column("2", "本年累计", CUMULATIVE)),
    rows=ROWS,
    checks=(
        row_sum("1", ("2", "3", "4", "5", "6")),
        row_sum("1", ("7", "8", "9")),
        row_at_most("10", "1"),
    ),
    notes=(
        "受理法律援助案件：决定日期在统计期间内、决定给予援助的申请，加上指派日期在统计期间内的"
        "通知辩护、通知代理案件（法律援助法第三十五、三十六条）。",
        "结案和挽回经济损失按结案日期计入统计期间；法律咨询为咨询人次之和。",
        "第14、15行本系统不登记相应事实（值班律师法律帮助、受援人人数；本系统每件案件登记一名"
        "受援人），以“—”表示，报送时请据实填写。",
    ),
)
