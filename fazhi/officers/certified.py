"""Which 执法证 are valid on a date: what another register may ask of the roster (涉企行政检查's
two certified officers, 行政处罚法 第四十二条), and the only module of this app another may import.

    holders = valid_cards(["43012345", "43012346"], inspection_date)
    len(holders)  # how many of the numbers are cards valid that day

One query for any number of numbers (two when `settings` is not given: the register settings
are read once). The state on the date is computed from each card's own history (rules.valid_on),
so an inspection of last year is judged by the cards as they were then.
"""

import datetime
from dataclasses import dataclass

from fazhi.core.models import RegisterSetting

from . import rules
from .models import Certificate

card_numbers = rules.card_numbers
normalise_card_number = rules.normalise_card_number


@dataclass(frozen=True)
class CardHolder:
    """A card valid on the day asked, and who held it. `unit_id` is the department the card
    was issued for (it serves that department until 注销, even after a move). `in_post` is the
    holder's 在岗 on the roster now (its history is not kept): a card not yet 注销 may be held
    by someone who has left his post, whom a register counting officers at work leaves out."""

    number: str
    officer_id: int
    name: str
    unit_id: int
    in_post: bool


def current_settings() -> dict:
    """The rules' settings as the administrator has set them now (one query); pass them to
    valid_cards when asking for many dates."""
    return rules.settings_from(RegisterSetting.objects.current())


def valid_cards(numbers, day: datetime.date, settings: dict | None = None) -> dict[str, CardHolder]:
    """For each of `numbers` (执法证号 as written: normalised here) whose card is valid on
    `day`: issued on or before it, 有效期至 on or after it, not 暂扣 that day, not 注销 or 吊销
    on or before it, and — only where the setting `missed_review_invalidates` is on — its 年审
    not overdue that day. Keyed by the normalised number; a number not valid is absent."""
    wanted = list(dict.fromkeys(n for n in map(rules.normalise_card_number, numbers) if n))
    if not wanted:
        return {}
    settings = current_settings() if settings is None else settings
    cards = (
        Certificate.objects.filter(number__in=wanted, issued_date__lte=day, valid_until__gte=day)
        .select_related("officer")
        .only(
            "number",
            "unit_id",
            "issued_date",
            "valid_until",
            "state",
            "suspensions",
            "ended_date",
            "passed_reviews",
            "officer__id",
            "officer__name",
            "officer__in_post",
        )
    )
    return {
        card.number: CardHolder(
            card.number, card.officer_id, card.officer.name, card.unit_id, card.officer.in_post
        )
        for card in cards
        if rules.valid_on(card, day, settings)
    }
