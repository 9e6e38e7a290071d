"""How a rate is printed: rounded half up or truncated, to 0, 1 or 2 decimals of its percentage.

Bureaus differ: one prints 19.21% as 19.2% by truncation, another 92.71% with two decimals
rounded half up. The choice is a register setting per figure family — every rate of one
register (its `<register>.rounding` setting) — so each unit's figures page, workbook, API and
report print a rate as that unit prints it. Pure: the settings are handed in.

The stored figure keeps its exact value (numerator ÷ denominator); only what people read is
rounded.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from fazhi.core.register_settings import Setting

HALF_UP, TRUNCATE = "half_up", "truncate"
MODES = {HALF_UP: "四舍五入", TRUNCATE: "截尾（舍去多余位数）"}
PLACES = (2, 1, 0)
DEFAULT = f"{HALF_UP}_2"  # what the figures page printed before the setting existed
CHOICES = tuple(
    (f"{mode}_{places}", f"{label}，保留{places}位小数" if places else f"{label}，取整数")
    for mode, label in MODES.items()
    for places in PLACES
)


@dataclass(frozen=True)
class Rounding:
    mode: str = HALF_UP
    places: int = 2

    @classmethod
    def parse(cls, value: str) -> "Rounding":
        """A setting's stored value (`half_up_2`); anything else is the default."""
        mode, _, places = (value or "").rpartition("_")
        if mode not in MODES or not places.isdigit() or int(places) not in PLACES:
            return cls.parse(DEFAULT)
        return cls(mode, int(places))

    def percent(self, rate, places: int | None = None) -> Decimal:
        """A rate (0.19216) as the percentage printed (19.2), to `places` decimals if given
        (a report template may ask for its own), else the setting's."""
        places = self.places if places is None else places
        exponent = Decimal(1).scaleb(-places)
        rounding = ROUND_DOWN if self.mode == TRUNCATE else ROUND_HALF_UP
        return (Decimal(str(rate)) * 100).quantize(exponent, rounding=rounding)

    def text(self, rate, places: int | None = None) -> str:
        """`19.2%`; "—" for a rate without a value (its denominator was 0)."""
        if rate is None or rate == "":
            return "—"
        return f"{self.percent(rate, places)}%"

    @property
    def label(self) -> str:
        return dict(CHOICES)[f"{self.mode}_{self.places}"]


SUFFIX = ".rounding"


def setting_key(register: str) -> str:
    return f"{register}{SUFFIX}"


def rounding_setting(register: str, register_label: str) -> Setting:
    return Setting(
        key=setting_key(register),
        label=f"{register_label}比率的取舍",
        choices=CHOICES,
        default=DEFAULT,
        help="百分比按四舍五入或截尾、保留几位小数显示；报告模板未另行指定时亦按此显示。",
    )


def rounding_of(register: str, settings) -> Rounding:
    """The rounding in force for `register`'s rates, from a settings mapping (current())."""
    try:
        value = settings[setting_key(register)]
    except KeyError:
        value = DEFAULT
    return Rounding.parse(value)
