"""社区矫正工作统计（月报）: reconstructed (docs/domain/statistics-tables.md).

The ministry's monthly corrections report (全国社区矫正信息管理系统) is not published. Its known
items — 在册 by 矫正类别, 接收, 解除 and 终止 (收监执行、死亡; 撤销缓刑、假释: 社区矫正法 第四十五、
四十六条), 脱管, 漏管, 重新犯罪, 教育帮扶 — are laid out so that the period's stock balances
against its flows: 期末在册 = 期初在册 + 新入矫 − 解除矫正 − 终止矫正.
"""

from ..layout import CUMULATIVE, CURRENT, MONTH, Column, Row, Table, row_sum

C = "corrections."
CATEGORIES = ("管制", "缓刑", "假释", "暂予监外执行")
TERMINATIONS = ("撤销缓刑", "撤销假释", "收监执行", "死亡")
ACTIVITIES = (
    "主题教育", "团体心理辅导", "集中学习课堂", "公益活动", "个别教育", "职业技能培训", "其他",
)  # fmt: skip
ACTIVITY_KEYS = tuple(f"{C}activities.{label}" for label in ACTIVITIES)

ROWS = (
    Row("1", "期初在册社区矫正对象", C + "registered_at_start", measure="人"),
    Row("2", "新入矫", C + "admitted", measure="人"),
    Row("3", "解除矫正", C + "released", measure="人"),
    Row("4", "终止矫正", C + "terminated", measure="人"),
    *(
        Row(str(5 + n), ("其中：" if n == 0 else "") + label, f"{C}terminated.{label}", level=1,
            measure="人")
        for n, label in enumerate(TERMINATIONS)
    ),
    Row("9", "期末在册社区矫正对象", C + "registered", measure="人"),
    *(
        Row(str(10 + n), ("其中：" if n == 0 else "") + label, f"{C}by_category.{label}",
            level=1, measure="人")
        for n, label in enumerate(CATEGORIES)
    ),
    Row("14", "脱管", C + "absconded", measure="人"),
    Row("15", "漏管", C + "unreported", measure="人"),
    Row("16", "重新犯罪", C + "reoffended", measure="人"),
    Row("17", "教育帮扶活动", ACTIVITY_KEYS, measure="次"),
    *(
        Row(str(18 + n), ("其中：" if n == 0 else "") + label, key, level=1, measure="次")
        for n, (label, key) in enumerate(zip(ACTIVITIES, ACTIVITY_KEYS, strict=True))
    ),
    Row("25", "受教育矫正对象", C + "education_person_times", measure="人次"),
)  # fmt: skip

CORRECTIONS = Table(
    key="corrections",
    title="社区矫正工作统计表",
    source="司法部社区矫正工作统计月报（全国社区矫正信息管理系统）",
    published=False,
    layout_note=(
        "司法部社区矫正统计月报的表样未公开。本表依公开报道中的统计口径（在册及矫正类别、接收、"
        "解除、终止、脱管、漏管、重新犯罪、教育帮扶）重建，行次与表式为本系统所定。"
    ),
    kind=MONTH,
    columns=(Column("1", "本月", CURRENT), Column("2", "本年累计", CUMULATIVE)),
    rows=ROWS,
    checks=(
        row_sum(
            "9",
            ("1", "2"),
            minus=("3", "4"),
            after_period_end=True,
            hint="常见原因：矫正期满或终止后尚未登记解除（终止）日期，或解除日期登记有误。",
        ),
        row_sum("4", ("5", "6", "7", "8")),
        row_sum("9", ("10", "11", "12", "13")),
        row_sum("17", tuple(str(18 + n) for n in range(len(ACTIVITIES)))),
    ),
    notes=(
        "在册人数按日期计算：期初为统计期间开始前一日、期末为统计期间最后一日处于矫正期内的"
        "社区矫正对象；“本年累计”栏的期初为上年末。",
        "期末在册应等于期初在册加新入矫减解除矫正和终止矫正，统计期间结束后才作此项平衡检查。",
        "脱管为统计期间内任何时候失去联系的人数，漏管为报到期限在统计期间内届满而未按期报到的人数。",
    ),
)
