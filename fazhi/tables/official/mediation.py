"""人民调解工作统计（月报）: reconstructed (docs/domain/statistics-tables.md).

The ministry's table (司法部《关于印发人民调解文书格式和统计报表的通知》, 2010年12月) is not
published; its items are known from what bureaus print month by month from it (黄石市司法局,
2016年8月: 受理、调解成功、协议涉及金额, the three 来源 with their shares, the fifteen 纠纷类型
in this order, 防止民转刑 and 防止群体性上访 in 件 and 人).
"""

from ..layout import CUMULATIVE, CURRENT, MONTH, Column, Row, Table, row_sum

M = "mediation."
TYPES = (
    "婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁",
    "环境污染", "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他",
)  # fmt: skip
SOURCES = ("主动调解", "申请调解", "委托移送调解")
FIRST_TYPE = 5  # 行次 of the first 纠纷类型

ROWS = (
    Row("1", "受理纠纷", M + "received", measure="件"),
    Row("2", "其中：主动调解", M + "by_source.主动调解", level=1, measure="件"),
    Row("3", "申请调解", M + "by_source.申请调解", level=1, measure="件"),
    Row("4", "委托移送调解", M + "by_source.委托移送调解", level=1, measure="件"),
    *(
        Row(str(FIRST_TYPE + n), f"{label}纠纷", f"{M}by_type.{label}", level=1, measure="件")
        for n, label in enumerate(TYPES)
    ),
    Row("20", "调解成功", M + "succeeded", measure="件"),
    Row("21", "其中：书面协议", M + "agreements.书面协议", level=1, measure="件"),
    Row("22", "口头协议", M + "agreements.口头协议", level=1, measure="件"),
    Row("23", "调解不成", M + "failed", measure="件"),
    Row("24", "调解中", M + "ongoing", measure="件"),
    Row("25", "调解成功率", M + "success_rate", measure="%"),
    Row("26", "调解协议涉及金额", M + "agreement_amount", measure="元"),
    Row("27", "申请司法确认", M + "judicial_confirmations", measure="件"),
    Row("28", "防止民间纠纷转化为刑事案件", M + "prevented_criminal", measure="件"),
    Row("29", "防止民间纠纷转化为刑事案件涉及人数", None, measure="人"),
    Row("30", "防止群体性上访", None, measure="件"),
    Row("31", "防止群体性上访涉及人数", None, measure="人"),
    Row("32", "排查矛盾纠纷", None, measure="件"),
)
TYPE_ROWS = tuple(str(FIRST_TYPE + n) for n in range(len(TYPES)))

MEDIATION = Table(
    key="mediation",
    title="人民调解工作统计表",
    source="司法部《关于印发人民调解文书格式和统计报表的通知》（2010年12月）",
    published=False,
    layout_note=(
        "司法部统计报表的表样未公开。本表的项目及纠纷类型的顺序依各地据该报表按月公布的"
        "统计口径（受理、来源、类型、调解成功、协议涉及金额、防止民转刑、防止群体性上访）重建，"
        "行次与表式为本系统所定。"
    ),
    kind=MONTH,
    columns=(Column("1", "本月", CURRENT), Column("2", "本年累计", CUMULATIVE)),
    rows=ROWS,
    checks=(
        row_sum(
            "1",
            ("2", "3", "4"),
            hint="未填写案件来源的纠纷不计入任何来源，请补填后再报送。",
        ),
        row_sum("1", TYPE_ROWS),
        row_sum("1", ("20", "23", "24")),
        row_sum("20", ("21", "22"), hint="调解成功的纠纷须填写协议形式。"),
    ),
    notes=(
        "纠纷按受理日期计入统计期间；调解成功、调解不成、调解中是这些纠纷现在的调解结果。",
        "调解成功率为调解成功件数除以调解结案（调解成功与调解不成）件数，调解中的不计。",
        "第29、30、31、32行本系统不登记相应事实（防止民转刑涉及人数、防止群体性上访、"
        "排查纠纷），以“—”表示，报送时请据实填写。",
    ),
)
