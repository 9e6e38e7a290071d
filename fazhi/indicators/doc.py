"""docs/figures.md, written from the registry: every figure's key, name, unit and definition,
and the settings that decide it, so the document cannot drift from what is computed.
`python manage.py indicators --doc > docs/figures.md` writes it; a test fails while the file
differs from what this gives."""

from collections import defaultdict

from fazhi.core.register_settings import SETTINGS
from fazhi.core.registers import REGISTERS

from .registry import INDICATORS, Choose, unit_setting_keys
from .rounding import setting_key

HEADER = """# 统计指标及其口径

本文件由 `python manage.py indicators --doc > docs/figures.md` 从指标登记表生成，请勿手工修改：
指标的定义改了，重新生成即可（`make test` 检查它与代码一致）。

- **口径**：每个指标统计哪些记录；比率写明分子和分母。
- **统计期间**：全年、上半年、下半年、季度、月份，或 1 月至 N 月累计。流量指标（收到、办结等）
  按其日期落在期间内计；存量指标（在册、超期等）按期末日（期间未结束的按今天）计。
- **由设置决定**：各地口径不同之处是“指标设置”。统计口径类设置（分母、计入范围、比率取舍）
  可以按单位设置，对本单位及下级单位生效，下级单位未设置的沿用上级；最上级单位的系统管理员
  设置默认值。每个指标记录计算时所依据的设置，报告定稿后保留。
- **比率取舍**：每个登记簿的比率按其“比率的取舍”设置显示（四舍五入或截尾，保留 0–2 位
  小数）；存储和导出的分子、分母不取舍。
- 各条线的法律依据见 docs/domain/ 与 ../shared/domain/ 中对应的页面。
"""


def _settings_of(indicator) -> list[str]:
    parts = [indicator.numerator, indicator.denominator, *(v for _, v in indicator.match)]
    keys = [part.setting for part in parts if isinstance(part, Choose)]
    if indicator.is_rate:
        keys.append(setting_key(indicator.register))
    per_unit = unit_setting_keys()
    return [
        f"{SETTINGS[k].label}{'' if k in per_unit else '（全部单位统一）'}"
        for k in dict.fromkeys(keys)
        if k in SETTINGS
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def figures_doc() -> str:
    by_register = defaultdict(list)
    for indicator in INDICATORS.values():
        by_register[indicator.register].append(indicator)
    lines = [HEADER]
    for name, indicators in by_register.items():
        lines += [f"## {REGISTERS[name].label}", ""]
        lines += ["| 指标键 | 名称 | 单位 | 口径 | 由设置决定 |", "|---|---|---|---|---|"]
        for i in indicators:
            settings = "；".join(_settings_of(i)) or "—"
            cells = (f"`{i.key}`", i.label, i.unit, i.definition, settings)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
