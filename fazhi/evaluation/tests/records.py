"""Records of the registers 评议考核 scores from, entered through their own actions."""

import datetime

from fazhi.enforcement import actions as enforcement
from fazhi.litigation import actions as litigation


def review(unit, code, n, *, day, score, problems="", deadline=None, rectified=None):
    record = enforcement.register_case(
        None,
        unit=unit,
        number=f"评-{n}",
        batch=f"{day.year}年县级评查",
        reviewed_unit_code=code,
        file_name=f"案卷{n}",
        review_date=day,
        score=score,
        problems=problems,
        rectification_deadline=deadline,
    )
    if rectified:
        enforcement.record_rectification(None, record, rectified)
    return record


def suit(unit, n, defendant, *, concluded, judgment):
    return litigation.register_case(
        None,
        unit=unit,
        number=f"（{concluded.year}）湘3101行初{n}号",
        plaintiff="张某",
        defendant=defendant,
        notice_received_date=concluded - datetime.timedelta(days=60),
        concluded_date=concluded,
        judgment=judgment,
    )
