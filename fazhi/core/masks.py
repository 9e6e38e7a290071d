"""The masks personal data shows to those who may not see it; pure functions, no database."""

from .idnumber import mask_id_number

HIDDEN = "＊＊＊"


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧阳**: the surname (two characters for a four-character name)
    tells the reader whom the row is about within the office, not who it is."""
    value = (value or "").strip()
    if not value:
        return ""
    # A one-character name has no surname to keep apart from it: all of it is hidden.
    keep = 2 if len(value) >= 4 else 1 if len(value) >= 2 else 0
    return value[:keep] + "*" * (len(value) - keep)


def mask_address(value: str) -> str:
    """The first six characters (county and township, at most) and a mask for the rest."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else "****"


def mask_text(value: str) -> str:
    """Free text about a person (罪名 …) is hidden entirely."""
    return HIDDEN if (value or "").strip() else ""


MASKS = {
    "id_number": mask_id_number,
    "name": mask_name,
    "address": mask_address,
    "text": mask_text,
}


def mask(kind: str, value) -> str:
    return MASKS[kind]("" if value is None else str(value))
