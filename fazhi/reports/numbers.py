"""How a report prints numbers the Chinese way — the template filters, as pure functions.

{{ v("law_report.reporters")|approx }}                 72 → 70余 (70 → 70)
{{ v("consultation.person_times")|approx(2) }}         653 → 650余
{{ v("legal_aid.recovered")|wan|approx }}              1060000 → 100余 (万元)
{{ v("litigation.loss_rate")|pct }}  / |pct(1)         12/54 → 22.22% / 22.2% (as the unit's
                                                       rounding setting says; see below)
{{ v("reconsideration.received")|yoy }}                较上年增加3件 / 减少3件 / 与上年持平
{{ v("reconsideration.sued_after_rate")|yoy }}         较上年上升2.51个百分点 / 下降… / 持平
{{ 3|cn }} {{ 1|h1 }} {{ 2|h2 }}                        三  一、  （二）
{{ day|cn_date }}                                       2025年2月20日

A percentage follows the rounding of its register's rates (indicators/rounding.py: half up or
truncated, to so many decimals), handed in by the caller; a precision the template writes
(`pct(1)`) takes the place of the setting's decimals, never of its mode. A value that comes
from no register (a number typed in the template) is rounded as `pct` always did: half up, to
a whole percent (LEGACY).
"""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from fazhi.indicators.rounding import HALF_UP, Rounding

DIGITS = "零一二三四五六七八九"
MORE = "余"


NO_VALUE = "—"  # a rate whose denominator is 0 has no value; the sentence prints a dash


# A template chooses these in its text; bounded so that no template can ask for a number with
# a billion digits (an uploaded template is untrusted, see fazhi.core.documents).
MAX_DIGITS = 10
MAX_PRECISION = 6


def _bounded(n, low: int, high: int, what: str) -> int:
    if type(n) is not int or not low <= n <= high:
        raise ValueError(f"{what}应在{low}到{high}之间，实际为 {n}。")
    return n


# The largest figure a report prints (a sum of 元 over a province) has some 12 digits. A value
# of 1e1000000 is a million digits: int() of it took 100 s of CPU. Every filter takes its
# number through _decimal, which refuses anything not finite or beyond 10^30 before any
# int(), quantize or string of digits is built.
MAX_EXPONENT = 30
TOO_BIG = "数值「{text}」不是有限的数，或超过了报告能打印的范围。"


def _decimal(value) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"「{str(value)[:20]}」不是数字。") from None
    if not number.is_finite() or (number and number.adjusted() > MAX_EXPONENT):
        raise ValueError(TOO_BIG.format(text=str(value)[:20]))
    return number


def _valued(format_):
    """A filter that prints NO_VALUE for a missing value instead of failing the report."""

    def formatted(value, *args):
        return NO_VALUE if value is None or value == NO_VALUE else format_(value, *args)

    formatted.__name__ = format_.__name__
    formatted.__doc__ = format_.__doc__
    return formatted


def approx(value, digits: int = 1) -> str:
    """约数: floored to its leading `digits` significant digits, with 余 when something was
    cut off. A value smaller than 10 is printed as it is."""
    digits = _bounded(digits, 1, MAX_DIGITS, "约数的有效位数")
    number = _decimal(value)
    whole = int(number.to_integral_value(rounding=ROUND_DOWN))
    if whole < 10:
        return _plain(number)
    step = 10 ** max(len(str(whole)) - digits, 0)
    floored = whole // step * step
    return f"{floored}{MORE}" if number != floored else str(floored)


def wan(value) -> Decimal:
    """元 → 万元, for a sentence that prints "…万元"."""
    return _decimal(value) / 10000


# How `pct` rounded before rounding was a setting, and still does for a value of no register;
# a report frozen then kept no setting, and renders with this one (content.content_for).
LEGACY = Rounding(HALF_UP, 0)


def pct(value, precision: int | None = None, rounding: Rounding | None = None) -> str:
    """A rate (0.2222) as a percentage: as `rounding` says (mode and decimals), the decimals
    replaced by `precision` when the template gives one; LEGACY without a rounding."""
    rounding = rounding or LEGACY
    if precision is not None:
        precision = _bounded(precision, 0, MAX_PRECISION, "小数位数")
    return f"{rounding.percent(_decimal(value), precision)}%"


def number(value, precision: int = 0) -> str:
    """A count or an amount as it is, rounded to `precision` decimals (元 without 分)."""
    precision = _bounded(precision, 0, MAX_PRECISION, "小数位数")
    quantum = Decimal(1).scaleb(-precision)
    return str(_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def cn(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading and list numbers, up to 99)."""
    n = int(_decimal(n))
    if not 0 < n < 100:
        raise ValueError(f"序号应在1到99之间，实际为 {n}。")
    tens, ones = divmod(n, 10)
    text = (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (DIGITS[ones] if ones else "")


def h1(n: int) -> str:
    return f"{cn(n)}、"


def h2(n: int) -> str:
    return f"（{cn(n)}）"


def cn_date(day: datetime.date) -> str:
    """2025年2月20日: Arabic numerals, the year in full, no zero padding (GB/T 9704-2012
    7.3.5.4 成文日期中的数字)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


NO_COMPARISON = "上年无可比数据"
SAME = "与上年持平"


def change(now, before, unit: str = "", *, rate: bool = False, rounding=None, precision=None):
    """较上年…: the change from `before` (the same figure of the year before) to `now`. A count
    or an amount: 较上年增加3件 / 较上年减少3件 / 与上年持平, in its unit. A rate: the change of
    the two percentages as printed (`rounding`, `precision` as for pct), so that the sentence
    agrees with the figures beside it: 较上年上升2.51个百分点 / 下降… / 与上年持平. Without a
    value for either year (a rate whose denominator was 0): 上年无可比数据."""
    if now is None or before is None or NO_VALUE in (now, before):
        return NO_COMPARISON
    if rate:
        rounding = rounding or LEGACY
        if precision is not None:
            precision = _bounded(precision, 0, MAX_PRECISION, "小数位数")
        difference = rounding.percent(_decimal(now), precision) - rounding.percent(
            _decimal(before), precision
        )
        shown, unit, up, down = str(abs(difference)), "个百分点", "上升", "下降"
    else:
        difference = _decimal(now) - _decimal(before)
        shown, up, down = _plain(abs(difference)), "增加", "减少"
    if not difference:
        return SAME
    return f"较上年{up if difference > 0 else down}{shown}{unit}"


OTHER = "其他"


def breakdown_items(parts, whole=None) -> tuple[list, object]:
    """What a sentence lists of a breakdown: `parts` are (ident, name, value) in declared
    order, `whole` the figure they are parts of (None if there is none). Returns (listed,
    other): the idents of the parts with a value, largest first (equal ones in declared
    order), and the amount to print last as 其他 — the part named 其他, if there is one, and
    whatever the whole has beyond all its parts (records of no part). Listed and 其他 sum to
    the whole. ValueError (Chinese) when the parts add up to more than the whole: they
    overlap, and a sentence listing them would add up to more than its total."""
    values = [(ident, name, _decimal(value)) for ident, name, value in parts if value is not None]
    listed = [(ident, value) for ident, name, value in values if value and name != OTHER]
    listed.sort(key=lambda item: -item[1])  # stable: equal values keep the declared order
    other = sum((value for _, name, value in values if name == OTHER), Decimal(0))
    if whole is not None:
        total = sum((value for _, _, value in values), Decimal(0))
        beyond = _decimal(whole) - total
        if beyond < 0:
            raise ValueError(
                f"各分项之和（{_plain(total)}）大于总数（{_plain(_decimal(whole))}），"
                "分项之间有重叠，不能按“其中”逐项列出。"
            )
        other += beyond
    return [ident for ident, _ in listed], other


approx, wan, pct, number = (_valued(f) for f in (approx, wan, pct, number))

FILTERS = {
    "approx": approx,
    "wan": wan,
    "pct": pct,
    "number": number,
    "cn": cn,
    "h1": h1,
    "h2": h2,
    "cn_date": cn_date,
}
