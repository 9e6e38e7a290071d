"""How a report prints numbers the Chinese way — the template filters, as pure functions.

{{ v("law_report.reporters")|approx }}                 72 → 70余 (70 → 70)
{{ v("consultation.person_times")|approx(2) }}         653 → 650余
{{ v("legal_aid.recovered")|wan|approx }}              1060000 → 100余 (万元)
{{ v("litigation.loss_rate")|pct }}  / |pct(1)         12/54 → 22% / 22.2%
{{ 3|cn }} {{ 1|h1 }} {{ 2|h2 }}                        三  一、  （二）
{{ day|cn_date }}                                       2025年2月20日
"""

import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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


def pct(value, precision: int = 0) -> str:
    """A rate (0.2222) as a percentage rounded half up: 22% or, with precision 1, 22.2%."""
    precision = _bounded(precision, 0, MAX_PRECISION, "小数位数")
    quantum = Decimal(1).scaleb(-precision)
    return f"{(_decimal(value) * 100).quantize(quantum, rounding=ROUND_HALF_UP)}%"


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
