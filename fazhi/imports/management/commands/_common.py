"""What the register commands share: finding a register by name, in the user's language."""

from django.core.management.base import CommandError

from fazhi.core.registers import Register, get_register


def register_named(name: str) -> Register:
    try:
        return get_register(name)
    except KeyError as error:
        raise CommandError(error.args[0]) from error
