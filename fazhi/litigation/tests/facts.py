"""Suits for the litigation tests, saved through the register's one write path."""

from datetime import date

from fazhi.litigation import actions


def new_suit(actor, unit, number, received=date(2024, 3, 4), defendant="古丈县自然资源局", **facts):
    return actions.register_case(
        actor,
        unit=unit,
        number=number,
        plaintiff="王某",
        defendant=defendant,
        notice_received_date=received,
        **facts,
    )
