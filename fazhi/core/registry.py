"""The registry of registers: each business register app adds its RegisterSpec here when it
loads, and the generic machinery (audit display, import, export, indicators) finds it by name.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class RegisterSpec:
    name: str  # the REGISTER name of the command-line contract, e.g. "reconsideration"
    model: type[models.Model]
    label: str  # what users read, e.g. "行政复议案件"


REGISTERS: dict[str, RegisterSpec] = {}


def add_register(spec: RegisterSpec) -> RegisterSpec:
    if spec.name in REGISTERS and REGISTERS[spec.name] != spec:
        raise ValueError(f"register {spec.name!r} declared twice")
    REGISTERS[spec.name] = spec
    return spec
