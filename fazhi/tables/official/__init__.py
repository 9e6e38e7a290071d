"""The official tables fazhi fills, in the order the list shows them. Adding one is adding its
declaration here (fazhi/tables/layout.py says how); docs/domain/statistics-tables.md gives each
one's source and the definition of each cell."""

from .corrections import CORRECTIONS
from .legal_aid import LEGAL_AID
from .mediation import MEDIATION
from .reconsideration import (
    LITIGATION_QUARTER,
    LITIGATION_YEAR,
    RECONSIDERATION_QUARTER,
    RECONSIDERATION_YEAR,
)

TABLES = {
    table.key: table
    for table in (
        RECONSIDERATION_YEAR,
        RECONSIDERATION_QUARTER,
        LITIGATION_YEAR,
        LITIGATION_QUARTER,
        MEDIATION,
        LEGAL_AID,
        CORRECTIONS,
    )
}
