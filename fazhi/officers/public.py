"""执法人员公示 (三项制度, 事前公开): the list a department or the county publishes on the
government website — 姓名, 单位, 执法证号, 执法类别 and 执法区域 of the officers in post whose
card is 有效 today. Never the ID number: the list is written from the fields named here alone.
"""

import datetime

from django.db.models import Q

from fazhi.core.spreadsheet import Book

from .models import CardState

HEADERS = ("序号", "姓名", "单位", "执法证号", "执法类别", "执法区域", "有效期至")


def published(today: datetime.date) -> Q:
    """In post, and the current card 有效 today: issued, not expired, not 注销/吊销, and not
    within a 暂扣 (one whose period is over counts as 有效, restored or not)."""
    suspension_over = Q(card_state=CardState.SUSPENDED, card_suspended_until__lt=today)
    return (
        Q(in_post=True, card_issued_date__lte=today, card_valid_until__gte=today)
        & ~Q(card_number="")
        & (Q(card_state=CardState.VALID) | suspension_over)
    )


def workbook(officers, today: datetime.date) -> tuple[bytes, int]:
    """The list as an .xlsx, ordered by unit and name, and how many it lists."""
    rows = officers.order_by("unit__code", "name", "id").values_list(
        "name",
        "unit__name",
        "card_number",
        "enforcement_category",
        "enforcement_area",
        "card_valid_until",
    )
    with Book(title=f"执法人员公示名单（{today.isoformat()}）") as book:
        sheet = book.sheet("执法人员公示")
        sheet.add_row(HEADERS)
        count = 0
        for count, (name, unit, number, category, area, until) in enumerate(rows, start=1):
            sheet.add_row((count, name, unit, number, category, area, until.isoformat()))
        for letter, width in zip("ABCDEFG", (6, 12, 30, 20, 16, 16, 12), strict=True):
            sheet.raw.column_dimensions[letter].width = width
        return book.save(), count
