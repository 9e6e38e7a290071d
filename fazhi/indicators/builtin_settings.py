"""Settings declared ahead of their register's indicators.

`litigation.lost_results` belongs to the litigation register; it is declared here so that its
default is fixed and administrators can review it before `fazhi/litigation/indicators.py` lands,
which should then declare it itself (same key, same values) and this module should go. Its
values are the stored values of `litigation.models.Judgment` (a test keeps them in step), so a
litigation indicator can match the field against the setting directly:
`match=(("judgment", Choose("litigation.lost_results")),)`.
"""

from .registry import Setting, register_settings

LITIGATION_RESULTS = (
    ("claims_dismissed", "驳回诉讼请求"),
    ("revoked", "撤销"),
    ("partly_revoked", "部分撤销"),
    ("confirmed_illegal", "确认违法"),
    ("confirmed_void", "确认无效"),
    ("ordered", "责令履行"),
    ("varied", "变更"),
    ("compensation", "给付或赔偿"),
    ("suit_dismissed", "裁定驳回起诉"),
    ("withdrawn", "原告撤诉"),
    ("mediated", "调解结案"),
    ("other", "其他"),
)

LOST_RESULTS = Setting(
    key="litigation.lost_results",
    label="败诉的裁判结果",
    choices=LITIGATION_RESULTS,
    default=(
        "revoked",
        "partly_revoked",
        "confirmed_illegal",
        "confirmed_void",
        "ordered",
        "varied",
        "compensation",
    ),
    help="计入“败诉”及败诉率的裁判结果。法律没有规定败诉的范围，默认采用通行做法。",
)


def register():
    register_settings(LOST_RESULTS)
